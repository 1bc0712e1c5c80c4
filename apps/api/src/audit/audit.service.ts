import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { Actor } from '../auth/actor';
import { AuditEventEntity } from './audit-event.entity';

export interface AuditRecord {
  action: string;
  entityType: string;
  entityId: string | null;
  organisationId?: string | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  reason?: string | null;
}

/**
 * Writes the audit trail. Always called with the EntityManager of the transaction that makes the
 * change, so a change and its record commit or roll back together. Records hold ids and states,
 * not names or e-mail addresses, so erasing a person does not require rewriting history.
 */
@Injectable()
export class AuditService {
  record(em: EntityManager, actor: Actor | null, record: AuditRecord): Promise<void> {
    return this.recordMany(em, actor, [record]);
  }

  /** One INSERT for many records (an import of thousands of rows stays one round trip). */
  async recordMany(em: EntityManager, actor: Actor | null, records: AuditRecord[]): Promise<void> {
    if (records.length === 0) return;
    await em.insert(
      AuditEventEntity,
      records.map(
        (record): QueryDeepPartialEntity<AuditEventEntity> => ({
          actorId: actor?.id ?? null,
          actorRole: actor?.role ?? null,
          action: record.action,
          entityType: record.entityType,
          entityId: record.entityId,
          organisationId: record.organisationId ?? null,
          before: (record.before ?? null) as QueryDeepPartialEntity<AuditEventEntity>['before'],
          after: (record.after ?? null) as QueryDeepPartialEntity<AuditEventEntity>['after'],
          reason: record.reason ?? null,
          requestId: actor?.requestId ?? null,
        }),
      ),
    );
  }
}
