import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  EDUCATOR_DOMAINS_MAX,
  EDUCATOR_DOMAIN_NAME_PATTERN,
  FEEDBACK_EDIT_DAYS,
  FEEDBACK_MIN_RESPONSES,
  FEEDBACK_THEME_CODES,
  PRACTICE_HOURS_REQUIRED,
  SCORE_MAX,
  SCORE_MIN,
  type AssessmentOutcome,
  type EducatorFeedback,
  type EducatorFeedbackInput,
  type FeedbackAverages,
  type FeedbackSummary,
  type MatchFeedback,
  type Page,
  type PracticeHours,
  type Profession,
  type QualityReport,
  type QualityRow,
  type StudentFeedback,
  type StudentFeedbackInput,
} from '@ahp/contracts';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { DomainException } from '../common/errors/domain.exception';
import { decodeCursor, pageSize, toPage } from '../common/pagination/page';
import { AppConfig } from '../config/app-config';
import { Db } from '../database/db';
import { preparedRowsOn } from '../database/prepared';
import { queryRows } from '../database/query';
import { visibleTo } from '../applications/views';
import { suppressedCells } from './suppression';

/** The match feedback hangs off, with what deciding who may give it needs. */
interface MatchRow {
  id: string;
  status: string;
  student_id: string;
  placement_id: string;
  provider_id: string;
  university_id: string;
}

interface StudentFeedbackRow {
  id: string;
  match_id: string;
  placement_id: string;
  student_id: string;
  placement_title: string;
  provider_name: string;
  student_name: string;
  induction: number;
  supervision: number;
  facilities: number;
  learning_opportunities: number;
  teamwork: number;
  overall: number;
  would_recommend: boolean;
  comment: string | null;
  created_at: Date;
  updated_at: Date;
}

interface EducatorFeedbackRow {
  id: string;
  match_id: string;
  placement_id: string;
  student_id: string;
  author_id: string | null;
  provider_id: string;
  placement_title: string;
  provider_name: string;
  student_name: string;
  educator_name: string | null;
  domains: Record<string, number>;
  outcome: AssessmentOutcome;
  comment: string | null;
  practice_hours: string | null;
  created_at: Date;
  updated_at: Date;
}

/** Aggregate figures of a set of student feedback rows. */
interface AggregateRow {
  key: string;
  responses: number;
  induction: number | null;
  supervision: number | null;
  facilities: number | null;
  learning_opportunities: number | null;
  teamwork: number | null;
  overall: number | null;
  recommend_rate: number | null;
}

const STUDENT_FEEDBACK_FROM = `placement_feedback f
  JOIN placement p ON p.id = f.placement_id
  JOIN organisation po ON po.id = f.provider_id
  JOIN app_user u ON u.id = f.student_id`;
const STUDENT_FEEDBACK_COLUMNS = `f.*, p.title AS placement_title, po.name AS provider_name, u.name AS student_name`;

const EDUCATOR_FEEDBACK_FROM = `educator_feedback f
  JOIN placement p ON p.id = f.placement_id
  JOIN organisation po ON po.id = f.provider_id
  JOIN app_user u ON u.id = f.student_id
  LEFT JOIN app_user a ON a.id = f.author_id`;
const EDUCATOR_FEEDBACK_COLUMNS = `f.*, p.title AS placement_title, po.name AS provider_name, u.name AS student_name, a.name AS educator_name`;

/** The aggregate columns over `f` (placement_feedback), averages to 2 places. */
const AGGREGATE_COLUMNS = `count(*)::int AS responses,
  round(avg(f.induction), 2)::float8 AS induction,
  round(avg(f.supervision), 2)::float8 AS supervision,
  round(avg(f.facilities), 2)::float8 AS facilities,
  round(avg(f.learning_opportunities), 2)::float8 AS learning_opportunities,
  round(avg(f.teamwork), 2)::float8 AS teamwork,
  round(avg(f.overall), 2)::float8 AS overall,
  round(avg(f.would_recommend::int), 3)::float8 AS recommend_rate`;

const MATCH_STATUSES_WITH_FEEDBACK = ['approved', 'completed'];

/** A placement's overall rating as shown on its card. */
export interface PlacementRating {
  overall: number;
  responses: number;
}

/** How long one process reuses a provider's placement ratings (see `FeedbackService.ratings`). */
export const RATINGS_TTL_MS = 60_000;
/** The most providers whose ratings one process keeps. */
const RATINGS_CACHE_PROVIDERS = 20_000;

/**
 * Feedback from both sides of a placement, and what it adds up to.
 *
 * Who sees what (checked here, for every object): a student gives and sees their own feedback
 * and the educator's on them; their coordinator sees both in full; a provider gives educator
 * feedback on students placed with it and sees students' feedback only aggregated, and only where
 * at least three responses stand behind a figure (see `suppressedCells` for how subtracting one
 * figure from another is prevented); admins see everything.
 */
@Injectable()
export class FeedbackService {
  /** Each provider's visible ratings by placement, and until when they may be reused. */
  private readonly providerRatings = new Map<
    string,
    { ratings: Map<string, PlacementRating>; expires: number }
  >();

  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {}

  // ---- the student's feedback on the placement -------------------------------------------------

  async giveStudentFeedback(
    actor: Actor,
    matchId: string,
    input: StudentFeedbackInput,
  ): Promise<StudentFeedback> {
    const providerId = await this.db.transaction(async (em) => {
      const match = await this.findMatch(em, actor, matchId);
      if (actor.role !== 'student' || match.student_id !== actor.id)
        throw DomainException.forbidden(
          'Only the student on this placement can give feedback on it.',
        );
      assertFeedbackOpen(match);
      const [created] = await queryRows<{ id: string }>(
        em,
        `INSERT INTO placement_feedback (match_id, student_id, placement_id, provider_id, university_id,
           induction, supervision, facilities, learning_opportunities, teamwork, overall, would_recommend, comment)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
         ON CONFLICT (match_id) DO NOTHING RETURNING id`,
        [
          match.id,
          match.student_id,
          match.placement_id,
          match.provider_id,
          match.university_id,
          ...FEEDBACK_THEME_CODES.map((theme) => input.scores[theme]),
          input.overall,
          input.wouldRecommend,
          blankToNull(input.comment),
        ],
      );
      if (!created)
        throw DomainException.conflict(
          'conflict',
          `You have already given feedback on this placement. You can change it for ${FEEDBACK_EDIT_DAYS} days after giving it.`,
        );
      await this.audit.record(em, actor, {
        action: 'feedback.given',
        entityType: 'placement_feedback',
        entityId: created.id,
        organisationId: match.university_id,
        after: { matchId: match.id, scores: input.scores, overall: input.overall },
      });
      return match.provider_id;
    });
    this.forgetRatings(providerId);
    return this.studentFeedbackOf(actor, matchId);
  }

  async changeStudentFeedback(
    actor: Actor,
    matchId: string,
    input: StudentFeedbackInput,
  ): Promise<StudentFeedback> {
    const providerId = await this.db.transaction(async (em) => {
      const match = await this.findMatch(em, actor, matchId);
      if (actor.role !== 'student' || match.student_id !== actor.id)
        throw DomainException.forbidden('Only the student who gave this feedback can change it.');
      const [row] = await queryRows<StudentFeedbackRow>(
        em,
        `SELECT * FROM placement_feedback WHERE match_id = $1 FOR UPDATE`,
        [match.id],
      );
      if (!row) throw DomainException.notFound('Feedback');
      assertEditable(row.created_at);
      await em.query(
        `UPDATE placement_feedback SET induction = $2, supervision = $3, facilities = $4,
           learning_opportunities = $5, teamwork = $6, overall = $7, would_recommend = $8, comment = $9,
           updated_at = now()
         WHERE id = $1`,
        [
          row.id,
          ...FEEDBACK_THEME_CODES.map((theme) => input.scores[theme]),
          input.overall,
          input.wouldRecommend,
          blankToNull(input.comment),
        ],
      );
      await this.audit.record(em, actor, {
        action: 'feedback.changed',
        entityType: 'placement_feedback',
        entityId: row.id,
        organisationId: match.university_id,
        before: { scores: scoresOf(row), overall: row.overall },
        after: { scores: input.scores, overall: input.overall },
      });
      return match.provider_id;
    });
    this.forgetRatings(providerId);
    return this.studentFeedbackOf(actor, matchId);
  }

  // ---- the educator's feedback on the student --------------------------------------------------

  async giveEducatorFeedback(
    actor: Actor,
    matchId: string,
    input: EducatorFeedbackInput,
  ): Promise<EducatorFeedback> {
    const domains = checkedDomains(input.domains);
    const hours = checkedHours(input.practiceHours);
    await this.db.transaction(async (em) => {
      const match = await this.findMatch(em, actor, matchId);
      this.assertEducator(actor, match);
      assertFeedbackOpen(match);
      const [created] = await queryRows<{ id: string }>(
        em,
        `INSERT INTO educator_feedback (match_id, author_id, student_id, placement_id, provider_id, university_id,
           domains, outcome, comment, practice_hours)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         ON CONFLICT (match_id) DO NOTHING RETURNING id`,
        [
          match.id,
          actor.id,
          match.student_id,
          match.placement_id,
          match.provider_id,
          match.university_id,
          JSON.stringify(domains),
          input.outcome,
          blankToNull(input.comment),
          hours,
        ],
      );
      if (!created)
        throw DomainException.conflict(
          'conflict',
          'Educator feedback has already been recorded for this placement; change it instead.',
        );
      await this.audit.record(em, actor, {
        action: 'educator_feedback.given',
        entityType: 'educator_feedback',
        entityId: created.id,
        organisationId: match.provider_id,
        after: { matchId: match.id, domains, outcome: input.outcome, practiceHours: hours },
      });
    });
    return this.educatorFeedbackOf(actor, matchId);
  }

  async changeEducatorFeedback(
    actor: Actor,
    matchId: string,
    input: EducatorFeedbackInput,
  ): Promise<EducatorFeedback> {
    const domains = checkedDomains(input.domains);
    const hours = checkedHours(input.practiceHours);
    await this.db.transaction(async (em) => {
      const match = await this.findMatch(em, actor, matchId);
      this.assertEducator(actor, match);
      const [row] = await queryRows<EducatorFeedbackRow>(
        em,
        `SELECT * FROM educator_feedback WHERE match_id = $1 FOR UPDATE`,
        [match.id],
      );
      if (!row) throw DomainException.notFound('Educator feedback');
      assertEditable(row.created_at);
      await em.query(
        `UPDATE educator_feedback SET domains = $2, outcome = $3, comment = $4, practice_hours = $5,
           updated_at = now() WHERE id = $1`,
        [row.id, JSON.stringify(domains), input.outcome, blankToNull(input.comment), hours],
      );
      await this.audit.record(em, actor, {
        action: 'educator_feedback.changed',
        entityType: 'educator_feedback',
        entityId: row.id,
        organisationId: match.provider_id,
        before: {
          domains: row.domains,
          outcome: row.outcome,
          practiceHours: numberOrNull(row.practice_hours),
        },
        after: { domains, outcome: input.outcome, practiceHours: hours },
      });
    });
    return this.educatorFeedbackOf(actor, matchId);
  }

  // ---- reading ---------------------------------------------------------------------------------

  /** Both sides' feedback on one match, as far as the caller may see it. */
  async forMatch(actor: Actor, matchId: string): Promise<MatchFeedback> {
    const match = await this.findMatch(this.db.manager, actor, matchId);
    const seesStudentFeedback = actor.role !== 'provider';
    const [student] = seesStudentFeedback
      ? await queryRows<StudentFeedbackRow>(
          this.db.manager,
          `SELECT ${STUDENT_FEEDBACK_COLUMNS} FROM ${STUDENT_FEEDBACK_FROM} WHERE f.match_id = $1`,
          [match.id],
        )
      : [];
    const [educator] = await queryRows<EducatorFeedbackRow>(
      this.db.manager,
      `SELECT ${EDUCATOR_FEEDBACK_COLUMNS} FROM ${EDUCATOR_FEEDBACK_FROM} WHERE f.match_id = $1`,
      [match.id],
    );
    const open = MATCH_STATUSES_WITH_FEEDBACK.includes(match.status);
    return {
      matchId: match.id,
      student: student ? this.toStudentFeedback(student, actor) : null,
      educator: educator ? this.toEducatorFeedback(educator, actor) : null,
      canGiveStudentFeedback:
        actor.role === 'student' &&
        actor.id === match.student_id &&
        (student ? isEditable(student.created_at) : open),
      canGiveEducatorFeedback:
        actor.role === 'provider' &&
        actor.organisationId === match.provider_id &&
        (educator ? isEditable(educator.created_at) : open),
    };
  }

  /** Students' feedback in full: a student's own, a coordinator's students', or everyone's for an admin. */
  async listStudentFeedback(
    actor: Actor,
    query: { placementId?: string; studentId?: string; limit?: number; cursor?: string },
  ): Promise<Page<StudentFeedback>> {
    if (actor.role === 'provider')
      throw DomainException.forbidden(
        "Providers see students' feedback in aggregate: see the placement's feedback summary.",
      );
    const { where, param, params } = conditions();
    if (actor.role === 'student') where.push(`f.student_id = ${param(actor.id)}`);
    if (actor.role === 'coordinator')
      where.push(`f.university_id = ${param(actor.organisationId)}`);
    if (query.placementId) where.push(`f.placement_id = ${param(query.placementId)}`);
    if (query.studentId) where.push(`f.student_id = ${param(query.studentId)}`);
    return this.newestFirst<StudentFeedbackRow, StudentFeedback>(
      `${STUDENT_FEEDBACK_COLUMNS} FROM ${STUDENT_FEEDBACK_FROM}`,
      { where, param, params },
      query,
      (row) => this.toStudentFeedback(row, actor),
    );
  }

  /** Educators' feedback: about a student (to them and their coordinator), by a provider (its own), all (admins). */
  async listEducatorFeedback(
    actor: Actor,
    query: { studentId?: string; limit?: number; cursor?: string },
  ): Promise<Page<EducatorFeedback>> {
    const { where, param, params } = conditions();
    if (actor.role === 'student') where.push(`f.student_id = ${param(actor.id)}`);
    if (actor.role === 'coordinator')
      where.push(`f.university_id = ${param(actor.organisationId)}`);
    if (actor.role === 'provider') where.push(`f.provider_id = ${param(actor.organisationId)}`);
    if (query.studentId) where.push(`f.student_id = ${param(query.studentId)}`);
    return this.newestFirst<EducatorFeedbackRow, EducatorFeedback>(
      `${EDUCATOR_FEEDBACK_COLUMNS} FROM ${EDUCATOR_FEEDBACK_FROM}`,
      { where, param, params },
      query,
      (row) => this.toEducatorFeedback(row, actor),
    );
  }

  /** A page of feedback rows, newest first, continuing from the cursor (keyset, never OFFSET). */
  private async newestFirst<R extends { id: string; created_at: Date }, T>(
    selectFrom: string,
    { where, param, params }: ReturnType<typeof conditions>,
    query: { limit?: number; cursor?: string },
    map: (row: R) => T,
  ): Promise<Page<T>> {
    const limit = pageSize(query);
    const after = decodeCursor(query.cursor, 2);
    if (after)
      where.push(
        `(f.created_at, f.id) < (${param(after[0])}::timestamptz, ${param(after[1])}::uuid)`,
      );
    const rows = await queryRows<R>(
      this.db.manager,
      `SELECT ${selectFrom} WHERE ${where.join(' AND ')}
        ORDER BY f.created_at DESC, f.id DESC LIMIT ${param(limit + 1)}`,
      params,
    );
    return toPage(rows, limit, (row) => [row.created_at.toISOString(), row.id], map);
  }

  // ---- aggregates ------------------------------------------------------------------------------

  /** `GET /api/placements/:id/feedback-summary`: anyone who can see the placement. */
  async placementSummary(actor: Actor, placementId: string): Promise<FeedbackSummary> {
    const [placement] = await queryRows<{ id: string; provider_id: string; status: string }>(
      this.db.manager,
      `SELECT id, provider_id, status FROM placement WHERE id = $1`,
      [placementId],
    );
    const visible =
      placement &&
      (['published', 'closed'].includes(placement.status) ||
        actor.role === 'admin' ||
        (actor.role === 'provider' && actor.organisationId === placement.provider_id));
    if (!visible) throw DomainException.notFound('Placement');
    const cells = await this.placementAggregates(placement.provider_id);
    const hidden = actor.role === 'admin' ? new Set<string>() : suppressedCells(cells);
    const cell = cells.find((c) => c.key === placementId) ?? emptyAggregate(placementId);
    const summary = this.toSummary(cell, hidden.has(placementId) || cell.responses === 0);
    if (!summary.suppressed && this.isStaffFor(actor, placement.provider_id))
      summary.comments = await this.comments('f.placement_id = $1', [placementId]);
    return summary;
  }

  /** `GET /api/organisations/:id/feedback-summary`: a provider's placements taken together. */
  async providerSummary(actor: Actor, providerId: string): Promise<FeedbackSummary> {
    const [provider] = await queryRows<{ id: string }>(
      this.db.manager,
      `SELECT id FROM organisation WHERE id = $1 AND type = 'provider'`,
      [providerId],
    );
    if (!provider) throw DomainException.notFound('Provider');
    if (actor.role === 'student') throw DomainException.forbidden();
    const [cell] = await queryRows<AggregateRow>(
      this.db.manager,
      `SELECT 'provider' AS key, ${AGGREGATE_COLUMNS} FROM placement_feedback f WHERE f.provider_id = $1`,
      [providerId],
    );
    const suppressed =
      cell.responses === 0 || (actor.role !== 'admin' && cell.responses < FEEDBACK_MIN_RESPONSES);
    const summary = this.toSummary(cell, suppressed);
    if (!summary.suppressed && this.isStaffFor(actor, providerId))
      summary.comments = await this.comments('f.provider_id = $1', [providerId]);
    return summary;
  }

  /**
   * Placements and providers with their figures, flagged ones first. Coordinators and admins see
   * every provider; a provider sees its own.
   */
  async quality(actor: Actor): Promise<QualityReport> {
    if (actor.role === 'student') throw DomainException.forbidden();
    const own = actor.role === 'provider' ? actor.organisationId : null;
    // The condition only when there is one: statements are planned generically (see
    // data-source.ts), and a plan for "no provider, or this one" reads every provider's feedback.
    const ownOnly = own ? 'WHERE f.provider_id = $1' : '';
    const ownParams = own ? [own] : [];
    const placements = await queryRows<
      AggregateRow & { provider_id: string; name: string; provider_name: string }
    >(
      this.db.manager,
      `SELECT f.placement_id::text AS key, f.provider_id, p.title AS name, po.name AS provider_name, ${AGGREGATE_COLUMNS}
         FROM placement_feedback f JOIN placement p ON p.id = f.placement_id JOIN organisation po ON po.id = f.provider_id
        ${ownOnly}
        GROUP BY f.placement_id, f.provider_id, p.title, po.name`,
      ownParams,
    );
    const providers = await queryRows<AggregateRow & { name: string }>(
      this.db.manager,
      `SELECT f.provider_id::text AS key, po.name, ${AGGREGATE_COLUMNS}
         FROM placement_feedback f JOIN organisation po ON po.id = f.provider_id
        ${ownOnly}
        GROUP BY f.provider_id, po.name`,
      ownParams,
    );
    const hidden = new Set<string>();
    if (actor.role !== 'admin') {
      const byProvider = new Map<string, AggregateRow[]>();
      for (const row of placements)
        byProvider.set(row.provider_id, [...(byProvider.get(row.provider_id) ?? []), row]);
      for (const cells of byProvider.values())
        for (const key of suppressedCells(cells)) hidden.add(key);
    }
    const items: QualityRow[] = [
      ...providers.map((row) =>
        this.toQualityRow(
          'provider',
          row,
          row.name,
          row.name,
          row.responses < FEEDBACK_MIN_RESPONSES && actor.role !== 'admin',
        ),
      ),
      ...placements.map((row) =>
        this.toQualityRow('placement', row, row.name, row.provider_name, hidden.has(row.key)),
      ),
    ];
    items.sort(
      (a, b) =>
        Number(b.flagged) - Number(a.flagged) ||
        Number(a.suppressed) - Number(b.suppressed) ||
        (a.averages?.overall ?? 6) - (b.averages?.overall ?? 6) ||
        a.name.localeCompare(b.name),
    );
    return { thresholds: this.thresholds(), items };
  }

  /**
   * The overall rating shown on placement cards, where it may be shown: at least three responses
   * for the placement, and not hidden to protect another placement's small count.
   *
   * Runs with every search page and placement read, so each provider's visible ratings are kept
   * for {@link RATINGS_TTL_MS} and reused: a rating is a figure over many responses that changes
   * slowly, and reading it was a third of the database's time under load (docs/performance.md).
   * Feedback given or changed through this process is seen at once (its provider is forgotten);
   * feedback given through another API process appears within the minute.
   */
  async ratings(
    placements: readonly { id: string; providerId: string }[],
  ): Promise<Map<string, PlacementRating>> {
    const result = new Map<string, PlacementRating>();
    if (placements.length === 0) return result;
    const now = Date.now();
    const stale = [...new Set(placements.map((p) => p.providerId))].filter(
      (id) => !((this.providerRatings.get(id)?.expires ?? 0) > now),
    );
    if (stale.length) await this.loadRatings(stale, now + RATINGS_TTL_MS);
    for (const { id, providerId } of placements) {
      const rating = this.providerRatings.get(providerId)?.ratings.get(id);
      if (rating) result.set(id, rating);
    }
    return result;
  }

  /** Forgets a provider's ratings after its feedback changed, so this process shows the change. */
  private forgetRatings(providerId: string): void {
    this.providerRatings.delete(providerId);
  }

  private async loadRatings(providerIds: string[], expires: number): Promise<void> {
    // A prepared statement (planned once per connection) whose one plan reads each provider's
    // feedback from its index: the LATERAL with OFFSET 0 keeps the planner from joining every
    // feedback row instead. Only the count and the overall average: suppression needs every cell
    // of each provider, the answer only the overall figure (from
    // placement_feedback_provider_overall_idx alone).
    type Cell = { key: string; provider_id: string; responses: number; overall: number | null };
    const rows = await preparedRowsOn<Cell>(
      this.db.manager,
      `SELECT f.placement_id::text AS key, providers.id::text AS provider_id,
              count(*)::int AS responses, round(avg(f.overall), 2)::float8 AS overall
         FROM unnest($1::uuid[]) AS providers(id)
         CROSS JOIN LATERAL (
           SELECT placement_id, overall FROM placement_feedback
            WHERE provider_id = providers.id OFFSET 0
         ) f
        GROUP BY providers.id, f.placement_id`,
      [providerIds],
    );
    const cellsOf = new Map<string, Cell[]>(providerIds.map((id) => [id, []]));
    for (const row of rows) cellsOf.get(row.provider_id)?.push(row);
    // Bounded: far more providers than any region has; starting afresh costs one query each.
    if (this.providerRatings.size + providerIds.length > RATINGS_CACHE_PROVIDERS)
      this.providerRatings.clear();
    for (const [providerId, cells] of cellsOf) {
      const hidden = suppressedCells(cells);
      const ratings = new Map<string, PlacementRating>();
      for (const cell of cells) {
        if (
          !hidden.has(cell.key) &&
          cell.responses >= FEEDBACK_MIN_RESPONSES &&
          cell.overall !== null
        )
          ratings.set(cell.key, { overall: cell.overall, responses: cell.responses });
      }
      this.providerRatings.set(providerId, { ratings, expires });
    }
  }

  // ---- practice hours --------------------------------------------------------------------------

  async practiceHours(actor: Actor, studentId: string): Promise<PracticeHours> {
    const [student] = await queryRows<{
      id: string;
      organisation_id: string;
      profession: Profession;
      prior_practice_hours: string;
    }>(
      this.db.manager,
      `SELECT u.id, u.organisation_id, sp.profession, sp.prior_practice_hours
         FROM app_user u JOIN student_profile sp ON sp.user_id = u.id WHERE u.id = $1`,
      [studentId],
    );
    const visible =
      student &&
      (actor.role === 'admin' ||
        actor.id === student.id ||
        (actor.role === 'coordinator' && actor.organisationId === student.organisation_id));
    if (!visible) throw DomainException.notFound('Student');
    const placements = await queryRows<{
      match_id: string;
      placement_title: string;
      provider_name: string;
      start_date: string;
      end_date: string;
      practice_hours: string;
      outcome: AssessmentOutcome;
    }>(
      this.db.manager,
      `SELECT f.match_id, p.title AS placement_title, po.name AS provider_name, m.start_date, m.end_date,
              f.practice_hours, f.outcome
         FROM educator_feedback f
         JOIN placement_match m ON m.id = f.match_id
         JOIN placement p ON p.id = f.placement_id
         JOIN organisation po ON po.id = f.provider_id
        WHERE f.student_id = $1 AND f.practice_hours IS NOT NULL AND m.status IN ('approved', 'completed')
        ORDER BY m.start_date, f.match_id`,
      [studentId],
    );
    const fromPlacements = placements.reduce((sum, row) => sum + Number(row.practice_hours), 0);
    const prior = Number(student.prior_practice_hours);
    return {
      studentId: student.id,
      profession: student.profession,
      required: PRACTICE_HOURS_REQUIRED[student.profession] ?? null,
      prior,
      fromPlacements,
      total: prior + fromPlacements,
      placements: placements.map((row) => ({
        matchId: row.match_id,
        placementTitle: row.placement_title,
        providerName: row.provider_name,
        startDate: row.start_date,
        endDate: row.end_date,
        hours: Number(row.practice_hours),
        outcome: row.outcome,
      })),
    };
  }

  // ---- helpers ---------------------------------------------------------------------------------

  /** The match if the caller can see it (404 otherwise, so as not to reveal it), locked when writing. */
  private async findMatch(em: EntityManager, actor: Actor, id: string): Promise<MatchRow> {
    const params: unknown[] = [id];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const [row] = await queryRows<MatchRow>(
      em,
      `SELECT m.id, m.status, m.student_id, m.placement_id, m.provider_id, m.university_id
         FROM placement_match m JOIN placement p ON p.id = m.placement_id JOIN app_user u ON u.id = m.student_id
        WHERE m.id = $1 AND ${visibleTo(actor, 'm', param)}
        ${this.db.inTransaction ? 'FOR UPDATE OF m' : ''}`,
      params,
    );
    if (!row) throw DomainException.notFound('Match');
    return row;
  }

  private assertEducator(actor: Actor, match: MatchRow): void {
    if (actor.role !== 'provider' || actor.organisationId !== match.provider_id)
      throw DomainException.forbidden(
        "Only the placement's provider can record educator feedback on the student.",
      );
  }

  private async studentFeedbackOf(actor: Actor, matchId: string): Promise<StudentFeedback> {
    const [row] = await queryRows<StudentFeedbackRow>(
      this.db.manager,
      `SELECT ${STUDENT_FEEDBACK_COLUMNS} FROM ${STUDENT_FEEDBACK_FROM} WHERE f.match_id = $1`,
      [matchId],
    );
    return this.toStudentFeedback(row, actor);
  }

  private async educatorFeedbackOf(actor: Actor, matchId: string): Promise<EducatorFeedback> {
    const [row] = await queryRows<EducatorFeedbackRow>(
      this.db.manager,
      `SELECT ${EDUCATOR_FEEDBACK_COLUMNS} FROM ${EDUCATOR_FEEDBACK_FROM} WHERE f.match_id = $1`,
      [matchId],
    );
    return this.toEducatorFeedback(row, actor);
  }

  private toStudentFeedback(row: StudentFeedbackRow, actor: Actor): StudentFeedback {
    return {
      id: row.id,
      matchId: row.match_id,
      placementId: row.placement_id,
      placementTitle: row.placement_title,
      providerName: row.provider_name,
      studentId: row.student_id,
      studentName: row.student_name,
      scores: scoresOf(row),
      overall: row.overall,
      wouldRecommend: row.would_recommend,
      comment: row.comment,
      createdAt: row.created_at.toISOString(),
      updatedAt: row.updated_at.toISOString(),
      editableUntil:
        actor.id === row.student_id && isEditable(row.created_at)
          ? editDeadline(row.created_at).toISOString()
          : null,
    };
  }

  private toEducatorFeedback(row: EducatorFeedbackRow, actor: Actor): EducatorFeedback {
    return {
      id: row.id,
      matchId: row.match_id,
      placementId: row.placement_id,
      placementTitle: row.placement_title,
      providerName: row.provider_name,
      studentId: row.student_id,
      studentName: row.student_name,
      domains: row.domains,
      outcome: row.outcome,
      comment: row.comment,
      practiceHours: numberOrNull(row.practice_hours),
      educatorName: row.educator_name,
      createdAt: row.created_at.toISOString(),
      updatedAt: row.updated_at.toISOString(),
      editableUntil:
        actor.role === 'provider' &&
        actor.organisationId === row.provider_id &&
        isEditable(row.created_at)
          ? editDeadline(row.created_at).toISOString()
          : null,
    };
  }

  /** Per-placement aggregates of one provider's placements (the cells suppression looks at). */
  private placementAggregates(providerId: string): Promise<AggregateRow[]> {
    return queryRows<AggregateRow>(
      this.db.manager,
      `SELECT f.placement_id::text AS key, ${AGGREGATE_COLUMNS}
         FROM placement_feedback f WHERE f.provider_id = $1 GROUP BY f.placement_id`,
      [providerId],
    );
  }

  private toSummary(cell: AggregateRow, suppressed: boolean): FeedbackSummary {
    if (suppressed)
      return { responses: cell.responses, suppressed: true, averages: null, recommendRate: null };
    const averages = averagesOf(cell);
    return {
      responses: cell.responses,
      suppressed: false,
      averages,
      recommendRate: cell.recommend_rate,
      flagged: this.flagsOf(averages, cell.recommend_rate).length > 0,
    };
  }

  private toQualityRow(
    kind: QualityRow['kind'],
    cell: AggregateRow,
    name: string,
    providerName: string,
    suppressed: boolean,
  ): QualityRow {
    const averages = suppressed ? null : averagesOf(cell);
    const recommendRate = suppressed ? null : cell.recommend_rate;
    const flags = averages ? this.flagsOf(averages, recommendRate) : [];
    return {
      kind,
      id: cell.key,
      name,
      providerName,
      responses: cell.responses,
      suppressed,
      averages,
      recommendRate,
      flagged: flags.length > 0,
      flags,
    };
  }

  private thresholds(): QualityReport['thresholds'] {
    return {
      minAverage: this.config.get('QUALITY_MIN_AVERAGE'),
      minRecommendRate: this.config.get('QUALITY_MIN_RECOMMEND_RATE'),
      minResponses: FEEDBACK_MIN_RESPONSES,
    };
  }

  /** Why figures are flagged, in words; none when they are fine. */
  private flagsOf(averages: FeedbackAverages, recommendRate: number | null): string[] {
    const { minAverage, minRecommendRate } = this.thresholds();
    const flags: string[] = [];
    if (averages.overall < minAverage)
      flags.push(
        `Overall average ${averages.overall.toFixed(1)} is below ${minAverage.toFixed(1)}`,
      );
    if (recommendRate !== null && recommendRate < minRecommendRate)
      flags.push(
        `Only ${Math.round(recommendRate * 100)}% would recommend it (below ${Math.round(minRecommendRate * 100)}%)`,
      );
    return flags;
  }

  /** Staff of the provider itself, coordinators and admins: they see anonymous comments. */
  private isStaffFor(actor: Actor, providerId: string): boolean {
    return (
      actor.role === 'admin' ||
      actor.role === 'coordinator' ||
      (actor.role === 'provider' && actor.organisationId === providerId)
    );
  }

  /** Comments without names or dates, in an order that says nothing about when they were given. */
  private async comments(condition: string, params: unknown[]): Promise<string[]> {
    const rows = await queryRows<{ comment: string }>(
      this.db.manager,
      `SELECT f.comment FROM placement_feedback f
        WHERE ${condition} AND f.comment IS NOT NULL ORDER BY md5(f.id::text) LIMIT 50`,
      params,
    );
    return rows.map((row) => row.comment);
  }
}

function conditions() {
  const params: unknown[] = [];
  const where: string[] = ['TRUE'];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  return { where, param, params };
}

function assertFeedbackOpen(match: MatchRow): void {
  if (!MATCH_STATUSES_WITH_FEEDBACK.includes(match.status))
    throw DomainException.conflict(
      'conflict',
      `This match is ${match.status}; feedback can be given once a placement is approved.`,
    );
}

function editDeadline(createdAt: Date): Date {
  return new Date(createdAt.getTime() + FEEDBACK_EDIT_DAYS * 24 * 3600 * 1000);
}

function isEditable(createdAt: Date): boolean {
  return Date.now() < editDeadline(createdAt).getTime();
}

function assertEditable(createdAt: Date): void {
  if (!isEditable(createdAt))
    throw DomainException.conflict(
      'conflict',
      `Feedback can be changed for ${FEEDBACK_EDIT_DAYS} days after it is given; that time has passed.`,
    );
}

function scoresOf(row: StudentFeedbackRow): StudentFeedback['scores'] {
  return {
    induction: row.induction,
    supervision: row.supervision,
    facilities: row.facilities,
    learningOpportunities: row.learning_opportunities,
    teamwork: row.teamwork,
  };
}

function averagesOf(cell: AggregateRow): FeedbackAverages {
  return {
    induction: cell.induction ?? 0,
    supervision: cell.supervision ?? 0,
    facilities: cell.facilities ?? 0,
    learningOpportunities: cell.learning_opportunities ?? 0,
    teamwork: cell.teamwork ?? 0,
    overall: cell.overall ?? 0,
  };
}

function emptyAggregate(key: string): AggregateRow {
  return {
    key,
    responses: 0,
    induction: null,
    supervision: null,
    facilities: null,
    learning_opportunities: null,
    teamwork: null,
    overall: null,
    recommend_rate: null,
  };
}

/** Domain names within the contract's limits, each scored 1–5; at least one. */
function checkedDomains(domains: Record<string, unknown>): Record<string, number> {
  const entries = Object.entries(domains);
  if (entries.length === 0)
    throw DomainException.invalidField('domains', 'domains must score at least one domain');
  if (entries.length > EDUCATOR_DOMAINS_MAX)
    throw DomainException.invalidField(
      'domains',
      `domains may score at most ${EDUCATOR_DOMAINS_MAX} domains`,
    );
  for (const [name, value] of entries) {
    if (!EDUCATOR_DOMAIN_NAME_PATTERN.test(name))
      throw DomainException.invalidField(
        'domains',
        'domain names must be letters, digits or _ (starting with a letter), at most 50 characters',
      );
    if (!Number.isInteger(value) || (value as number) < SCORE_MIN || (value as number) > SCORE_MAX)
      throw DomainException.invalidField(
        `domains.${name}`,
        `domains.${name} must be a whole number from ${SCORE_MIN} to ${SCORE_MAX}`,
      );
  }
  return Object.fromEntries(entries) as Record<string, number>;
}

/** Practice hours to the quarter hour, or null when not given. */
function checkedHours(hours: number | undefined): number | null {
  if (hours === undefined || hours === null) return null;
  if (!Number.isInteger(hours * 4))
    throw DomainException.invalidField(
      'practiceHours',
      'practiceHours must be in quarters of an hour (e.g. 37.5 or 37.25)',
    );
  return hours;
}

function blankToNull(text: string | undefined): string | null {
  const trimmed = text?.trim();
  return trimmed ? trimmed : null;
}

function numberOrNull(value: string | null): number | null {
  return value === null ? null : Number(value);
}
