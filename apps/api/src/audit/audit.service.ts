import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { AuditEvent, Page, Role } from '@ahp/contracts';
import type { Actor } from '../auth/actor';
import { decodeCursor, pageSize, toPage } from '../common/pagination/page';
import { Db } from '../database/db';
import { inChunks, queryRows } from '../database/query';
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
interface AuditRow {
  id: string;
  occurred_at: Date;
  actor_id: string | null;
  actor_role: Role | null;
  actor_name: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  reason: string | null;
}

@Injectable()
export class AuditService {
  constructor(private readonly db: Db) {}

  /**
   * The log, newest first. Admins read all of it; a coordinator reads the records that concern
   * their own university (its students' applications and matches, its people, the organisation).
   */
  async list(
    actor: Actor,
    query: { entityType?: string; entityId?: string; limit?: number; cursor?: string },
  ): Promise<Page<AuditEvent>> {
    const limit = pageSize(query);
    const params: unknown[] = [];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const where: string[] = [];
    if (actor.role !== 'admin') where.push(`e.organisation_id = ${param(actor.organisationId)}`);
    if (query.entityType) where.push(`e.entity_type = ${param(query.entityType)}`);
    if (query.entityId) where.push(`e.entity_id = ${param(query.entityId)}`);
    const after = decodeCursor(query.cursor, 1);
    if (after) {
      if (typeof after[0] !== 'string' || !/^\d{1,19}$/.test(after[0])) {
        return { items: [], nextCursor: null };
      }
      where.push(`e.id < ${param(after[0])}::bigint`);
    }
    const rows = await queryRows<AuditRow>(
      this.db.manager,
      `SELECT e.id::text AS id, e.occurred_at, e.actor_id, e.actor_role, u.name AS actor_name, e.action,
              e.entity_type, e.entity_id, e.before, e.after, e.reason
         FROM audit_event e LEFT JOIN app_user u ON u.id = e.actor_id
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY e.id DESC LIMIT ${param(limit + 1)}`,
      params,
    );
    return toPage(
      rows,
      limit,
      (row) => [row.id],
      (row): AuditEvent => ({
        id: row.id,
        occurredAt: row.occurred_at.toISOString(),
        actorId: row.actor_id,
        actorRole: row.actor_role,
        actorName: row.actor_name,
        action: row.action,
        entityType: row.entity_type,
        entityId: row.entity_id,
        before: row.before,
        after: row.after,
        reason: row.reason,
      }),
    );
  }

  record(em: EntityManager, actor: Actor | null, record: AuditRecord): Promise<void> {
    return this.recordMany(em, actor, [record]);
  }

  /** Multi-row INSERTs for many records (an import of thousands of rows is a few round trips). */
  async recordMany(em: EntityManager, actor: Actor | null, records: AuditRecord[]): Promise<void> {
    await inChunks(records, (slice) =>
      em.insert(
        AuditEventEntity,
        slice.map(
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
      ),
    );
  }
}
