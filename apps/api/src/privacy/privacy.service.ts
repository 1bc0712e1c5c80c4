import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { DomainException } from '../common/errors/domain.exception';
import { TokenStateCache } from '../auth/token-state.cache';
import { Db } from '../database/db';
import { queryRows } from '../database/query';
import { NotificationsService } from '../notifications/notifications.service';

/** Version of the export's shape, so that whoever reads one knows what to expect. */
export const EXPORT_FORMAT = 'ahp-placements-export/1';

export const ERASED_NAME = 'Erased student';

export interface ErasureResult {
  userId: string;
  erasedAt: string;
  applicationsWithdrawn: number;
  matchesRejected: number;
  matchesCancelled: number;
  feedbackAnonymised: number;
}

/**
 * The data subject's rights (UK GDPR articles 15, 17 and 20): everyone can download everything
 * the platform holds about them; an admin can erase a student. See docs/privacy.md for what is
 * kept, for how long and why.
 */
@Injectable()
export class PrivacyService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
    private readonly tokenStates: TokenStateCache,
  ) {}

  /** Everything held about the caller, as one JSON document. */
  async export(actor: Actor): Promise<Record<string, unknown>> {
    const em = this.db.manager;
    const one = async (sql: string) => (await queryRows(em, sql, [actor.id]))[0] ?? null;
    const all = (sql: string) => queryRows(em, sql, [actor.id]);
    const exported = {
      format: EXPORT_FORMAT,
      exportedAt: new Date().toISOString(),
      account: await one(
        `SELECT u.id, u.email, u.name, u.role, u.status, o.name AS organisation, u.created_at,
                u.last_sign_in_at, u.password_changed_at
           FROM app_user u LEFT JOIN organisation o ON o.id = u.organisation_id WHERE u.id = $1`,
      ),
      studentProfile: await one(
        `SELECT profession, year_of_study, home_postcode, max_travel_km, reasonable_adjustments,
                compliance, allocation_priority, prior_practice_hours, created_at, updated_at
           FROM student_profile WHERE user_id = $1`,
      ),
      applications: await all(
        `SELECT a.id, p.title AS placement, o.name AS provider, a.status, a.rank, a.statement,
                a.share_adjustments, a.decline_reason, a.created_at, a.updated_at
           FROM application a JOIN placement p ON p.id = a.placement_id JOIN organisation o ON o.id = p.provider_id
          WHERE a.student_id = $1 ORDER BY a.created_at`,
      ),
      matches: await all(
        `SELECT m.id, p.title AS placement, o.name AS provider, m.status, m.source, m.start_date, m.end_date,
                m.reason, m.student_rank, m.decided_at, m.created_at
           FROM placement_match m JOIN placement p ON p.id = m.placement_id JOIN organisation o ON o.id = m.provider_id
          WHERE m.student_id = $1 ORDER BY m.start_date`,
      ),
      allocationResults: await all(
        `SELECT r.name AS round, r.ran_at, u->>'reason' AS unmatched_reason
           FROM allocation_round r, jsonb_array_elements(r.unmatched) u
          WHERE u->>'studentId' = $1::text ORDER BY r.ran_at`,
      ),
      feedbackGiven: await all(
        `SELECT f.match_id, p.title AS placement, f.induction, f.supervision, f.facilities,
                f.learning_opportunities, f.teamwork, f.overall, f.would_recommend, f.comment, f.created_at, f.updated_at
           FROM placement_feedback f JOIN placement p ON p.id = f.placement_id
          WHERE f.student_id = $1 ORDER BY f.created_at`,
      ),
      educatorFeedbackAboutYou: await all(
        `SELECT f.match_id, p.title AS placement, f.domains, f.outcome, f.comment, f.practice_hours, f.created_at
           FROM educator_feedback f JOIN placement p ON p.id = f.placement_id
          WHERE f.student_id = $1 ORDER BY f.created_at`,
      ),
      educatorFeedbackYouRecorded: await all(
        `SELECT f.match_id, p.title AS placement, f.domains, f.outcome, f.comment, f.practice_hours, f.created_at
           FROM educator_feedback f JOIN placement p ON p.id = f.placement_id
          WHERE f.author_id = $1 ORDER BY f.created_at`,
      ),
      notifications: await all(
        `SELECT kind, title, body, link, created_at, read_at FROM notification
          WHERE user_id = $1 ORDER BY created_at`,
      ),
      sessions: await all(
        `SELECT created_at, last_used_at, expires_at, revoked_at, user_agent FROM user_session
          WHERE user_id = $1 ORDER BY created_at`,
      ),
      activity: await all(
        `SELECT occurred_at, action, entity_type, entity_id, CASE WHEN actor_id = $1 THEN 'you' ELSE actor_role END AS by,
                reason
           FROM audit_event WHERE actor_id = $1 OR entity_id = $1 ORDER BY id`,
      ),
    };
    await this.audit.record(em, actor, {
      action: 'user.data_exported',
      entityType: 'user',
      entityId: actor.id,
      organisationId: actor.organisationId,
    });
    return exported;
  }

  /**
   * Erases a student: their identity and everything personal goes; what the platform needs for
   * capacity history and aggregate quality stays, no longer linked to anyone. Live applications
   * are withdrawn and live matches rejected or cancelled (freeing their seats), in one
   * transaction. The row itself stays (renamed "Erased student") so that past matches still count.
   */
  async erase(actor: Actor, userId: string): Promise<ErasureResult> {
    if (actor.role !== 'admin')
      throw DomainException.forbidden('Only an admin can erase a student.');
    return this.db.transaction(async (em) => {
      const [user] = await queryRows<{
        id: string;
        role: string;
        status: string;
        organisation_id: string;
      }>(em, `SELECT id, role, status, organisation_id FROM app_user WHERE id = $1 FOR UPDATE`, [
        userId,
      ]);
      if (!user || user.role !== 'student') throw DomainException.notFound('Student');
      if (user.status === 'erased')
        throw DomainException.conflict('conflict', 'This student has already been erased.');

      const rejected = await this.closeMatches(em, actor, userId, 'proposed', 'rejected');
      const cancelled = await this.closeMatches(em, actor, userId, 'approved', 'cancelled');
      const [{ count: applicationsWithdrawn }] = await queryRows<{ count: number }>(
        em,
        `WITH changed AS (
           UPDATE application SET status = 'withdrawn', updated_at = now()
            WHERE student_id = $1 AND status IN ('submitted', 'offered') RETURNING 1)
         SELECT count(*)::int AS count FROM changed`,
        [userId],
      );
      await em.query(`UPDATE application SET statement = NULL WHERE student_id = $1`, [userId]);
      const [{ count: feedbackAnonymised }] = await queryRows<{ count: number }>(
        em,
        `WITH changed AS (
           UPDATE placement_feedback SET student_id = NULL, comment = NULL WHERE student_id = $1 RETURNING 1)
         SELECT count(*)::int AS count FROM changed`,
        [userId],
      );
      await em.query(
        `UPDATE educator_feedback SET student_id = NULL, comment = NULL WHERE student_id = $1`,
        [userId],
      );
      await em.query(
        `UPDATE student_profile SET home_postcode = NULL, home_latitude = NULL, home_longitude = NULL,
                max_travel_km = NULL, reasonable_adjustments = NULL, compliance = '{}', allocation_priority = 0,
                prior_practice_hours = 0, updated_at = now()
          WHERE user_id = $1`,
        [userId],
      );
      this.tokenStates.changing(userId);
      for (const table of [
        'user_session',
        'invitation',
        'notification',
        'user_mfa',
        'mfa_recovery_code',
      ])
        await em.query(`DELETE FROM ${table} WHERE user_id = $1`, [userId]);
      await em.query(`DELETE FROM idempotency_key WHERE actor_id = $1`, [userId]);
      const [erased] = await queryRows<{ erased_at: Date }>(
        em,
        `UPDATE app_user SET name = $2, email = $3, password_hash = NULL, status = 'erased', erased_at = now(),
                last_sign_in_at = NULL, password_changed_at = NULL, updated_at = now()
          WHERE id = $1 RETURNING erased_at`,
        [userId, ERASED_NAME, `erased-${userId}@erased.invalid`],
      );
      const result: ErasureResult = {
        userId,
        erasedAt: erased.erased_at.toISOString(),
        applicationsWithdrawn,
        matchesRejected: rejected,
        matchesCancelled: cancelled,
        feedbackAnonymised,
      };
      const { userId: _, erasedAt: __, ...counts } = result;
      await this.audit.record(em, actor, {
        action: 'user.erased',
        entityType: 'user',
        entityId: userId,
        organisationId: user.organisation_id,
        after: counts,
      });
      return result;
    });
  }

  /**
   * Ends the erased student's live matches: proposals are rejected; approved placements that have
   * not yet ended are cancelled, freeing the seat, and the provider is told. Past ones stay.
   */
  private async closeMatches(
    em: EntityManager,
    actor: Actor,
    userId: string,
    from: 'proposed' | 'approved',
    to: 'rejected' | 'cancelled',
  ): Promise<number> {
    const closed = await queryRows<{
      id: string;
      placement_id: string;
      provider_id: string;
      university_id: string;
      title: string;
    }>(
      em,
      `UPDATE placement_match m SET status = $3, reason = 'The student''s record was erased.', decided_at = now(),
              updated_at = now()
         FROM placement p
        WHERE p.id = m.placement_id AND m.student_id = $1 AND m.status = $2
          AND ($2 = 'proposed' OR m.end_date >= current_date)
       RETURNING m.id, m.placement_id, m.provider_id, m.university_id, p.title`,
      [userId, from, to],
    );
    for (const match of closed) {
      if (to === 'cancelled') {
        await em.query(
          `UPDATE placement SET approved_count = approved_count - 1, updated_at = now() WHERE id = $1`,
          [match.placement_id],
        );
        await this.notifications.notify(
          em,
          await this.notifications.peopleOf(em, match.provider_id, 'provider'),
          {
            kind: 'match.cancelled',
            title: `Placement cancelled: ${match.title}`,
            body: `A student's place on ${match.title} has been cancelled because their record was erased. The seat is free again.`,
            link: `/manage-placements`,
          },
        );
      }
      await this.audit.record(em, actor, {
        action: `match.${to}`,
        entityType: 'match',
        entityId: match.id,
        organisationId: match.university_id,
        before: { status: from },
        after: { status: to },
        reason: 'the student was erased',
      });
    }
    return closed.length;
  }
}
