import type { Role } from './domain';

/** One entry of the append-only audit log: who did what to which record, when, from and to. */
export interface AuditEvent {
  id: string;
  occurredAt: string;
  actorId: string | null;
  actorRole: Role | null;
  /** The actor's name now (null for the system, or once the person is erased). */
  actorName: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  reason: string | null;
}
