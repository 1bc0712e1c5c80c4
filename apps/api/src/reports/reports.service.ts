import { Injectable } from '@nestjs/common';
import { UNMATCHED_REASONS, type AllocationUnmatchedReason } from '@ahp/contracts';
import type { Actor } from '../auth/actor';
import { DomainException } from '../common/errors/domain.exception';
import { Db } from '../database/db';
import { queryRows } from '../database/query';
import type {
  CapacityGapQueryDto,
  FeedbackPeriod,
  CapacityGapReportRowDto,
  CapacityQueryDto,
  CapacityReportRowDto,
  FeedbackTrendQueryDto,
  FeedbackTrendReportRowDto,
  PlacementFiltersDto,
  TimeToApprovalQueryDto,
  TimeToApprovalReportRowDto,
  UnmatchedQueryDto,
  UnmatchedReportRowDto,
} from './dto/reports.dto';
import { hiddenPeriods, type FeedbackCell } from './feedback-suppression';
import { SqlParams, assertWindow, reportScope, type ReportScope } from './report-scope';

/** Matches holding a seat. */
const HOLDING_SEAT = `('approved', 'completed')`;
/** Placements that are (or were) really on offer: drafts were never seen, cancelled ones never ran. */
const ON_OFFER = `('published', 'closed')`;
/** Months and quarters are those of England, where the service runs. */
const LOCAL_TIME = `'Europe/London'`;

/** A coordinator's university's own rounds, and admins' rounds that took in its students. */
const roundsOfUniversity = (university: string) =>
  `(r.organisation_id = ${university}::uuid OR ${university}::uuid = ANY (r.university_ids)
    OR (r.organisation_id IS NULL AND r.university_ids IS NULL))`;
const STUDENT_OF_ENTRY = `JOIN app_user u ON u.id = (e.value->>'studentId')::uuid
  JOIN student_profile sp ON sp.user_id = u.id`;

/** PostgreSQL sends numeric as text (it may not fit a double); report figures always do. */
const num = (value: string | number | null): number | null =>
  value === null ? null : Number(value);

/**
 * The reports. Every figure is computed in SQL, and every query carries the caller's scope in
 * its WHERE clauses (see `docs/reports.md` for exactly what each counts, and for whom):
 * admins count everything; coordinators count their university's students against the whole
 * market's seats; providers count their own placements only.
 */
@Injectable()
export class ReportsService {
  constructor(private readonly db: Db) {}

  // ---- capacity ------------------------------------------------------------------------------

  async capacity(actor: Actor, query: CapacityQueryDto): Promise<CapacityReportRowDto[]> {
    const scope = reportScope(actor);
    assertWindow(query.from, query.to);
    const q = new SqlParams();
    const placements = this.placementsOnOffer(scope, query, q);
    const students = this.studentConditions(scope, query, q);
    const byProfession = query.groupBy === 'profession';
    // A placement counts once under each profession it accepts; a student under their own.
    const placementKey = byProfession ? 'accepted.code' : `p.${query.groupBy}`;
    const studentKey = byProfession ? 'sp.profession' : `p.${query.groupBy}`;
    const rows = await queryRows<{
      key: string;
      placements: number;
      seats: number;
      approved: number;
      applications: number;
      live_applications: number;
      fill_rate: string;
    }>(
      this.db.manager,
      `WITH p AS (${placements}),
       supply AS (
         SELECT ${placementKey} AS key, count(*)::int AS placements, sum(p.capacity)::int AS seats
           FROM p ${byProfession ? 'CROSS JOIN LATERAL unnest(p.professions) AS accepted(code)' : ''}
          WHERE ${byProfession && query.profession ? `accepted.code = ${q.add(query.profession)}` : 'TRUE'}
          GROUP BY 1),
       demand AS (
         SELECT ${studentKey} AS key, count(*)::int AS applications,
                count(*) FILTER (WHERE a.status IN ('submitted', 'offered'))::int AS live_applications
           FROM application a
           JOIN p ON p.id = a.placement_id
           JOIN app_user u ON u.id = a.student_id
           JOIN student_profile sp ON sp.user_id = a.student_id
          WHERE ${students('u.organisation_id')}
          GROUP BY 1),
       filled AS (
         SELECT ${studentKey} AS key, count(*)::int AS approved
           FROM placement_match m
           JOIN p ON p.id = m.placement_id
           JOIN student_profile sp ON sp.user_id = m.student_id
          WHERE m.status IN ${HOLDING_SEAT} AND ${students('m.university_id')}
          GROUP BY 1)
       SELECT key,
              coalesce(placements, 0) AS placements,
              coalesce(seats, 0) AS seats,
              coalesce(approved, 0) AS approved,
              coalesce(applications, 0) AS applications,
              coalesce(live_applications, 0) AS live_applications,
              CASE WHEN coalesce(seats, 0) = 0 THEN 0
                   ELSE round(coalesce(approved, 0)::numeric / seats, 3) END AS fill_rate
         FROM supply FULL JOIN demand USING (key) FULL JOIN filled USING (key)
        ORDER BY key`,
      q.values,
    );
    return rows.map((row) => ({
      key: row.key,
      placements: row.placements,
      seats: row.seats,
      approved: row.approved,
      applications: row.applications,
      liveApplications: row.live_applications,
      fillRate: Number(row.fill_rate),
    }));
  }

  // ---- unmatched -----------------------------------------------------------------------------

  async unmatched(actor: Actor, query: UnmatchedQueryDto): Promise<UnmatchedReportRowDto[]> {
    const scope = reportScope(actor);
    assertWindow(query.from, query.to);
    if (scope.kind === 'provider') {
      throw DomainException.forbidden(
        'Allocation rounds are run by universities; providers do not see who was left unmatched.',
      );
    }
    const q = new SqlParams();
    const rounds: string[] = [];
    const students: string[] = [];
    if (scope.kind === 'university') {
      // Only the university's students are counted, in its rounds and in admins' alike.
      const university = q.add(scope.organisationId);
      rounds.push(roundsOfUniversity(university));
      students.push(`u.organisation_id = ${university}::uuid`);
    }
    if (query.from) rounds.push(`r.start_to >= ${q.add(query.from)}::date`);
    if (query.to) rounds.push(`r.start_from <= ${q.add(query.to)}::date`);
    if (query.profession) students.push(`sp.profession = ${q.add(query.profession)}`);
    if (query.roundId) {
      rounds.push(`r.id = ${q.add(query.roundId)}::uuid`);
      const visible = new SqlParams();
      const [round] = await queryRows<{ id: string }>(
        this.db.manager,
        `SELECT r.id FROM allocation_round r WHERE r.id = ${visible.add(query.roundId)}::uuid
            AND ${scope.kind === 'university' ? roundsOfUniversity(visible.add(scope.organisationId)) : 'TRUE'}`,
        visible.values,
      );
      if (!round) throw DomainException.notFound('Allocation round');
    }
    // `unmatched` holds the latest completed run's result (ran_at is set only when a run
    // succeeds); a student appears at most once per round.
    const counted = await queryRows<{ reason: AllocationUnmatchedReason; students: number }>(
      this.db.manager,
      `SELECT reason, count(*)::int AS students FROM (
         SELECT DISTINCT ON (r.id, e.value->>'studentId') e.value->>'reason' AS reason
           FROM allocation_round r
          CROSS JOIN LATERAL jsonb_array_elements(r.unmatched) AS e
           ${students.length ? STUDENT_OF_ENTRY : ''}
          WHERE r.ran_at IS NOT NULL AND ${[...rounds, ...students].join(' AND ') || 'TRUE'}
       ) x GROUP BY reason`,
      q.values,
    );
    const byReason = new Map(counted.map((row) => [row.reason, row.students]));
    return UNMATCHED_REASONS.map(({ code }) => ({
      reason: code,
      students: byReason.get(code) ?? 0,
    }));
  }

  // ---- time to approval ----------------------------------------------------------------------

  async timeToApproval(
    actor: Actor,
    query: TimeToApprovalQueryDto,
  ): Promise<TimeToApprovalReportRowDto[]> {
    const scope = reportScope(actor);
    assertWindow(query.from, query.to);
    const q = new SqlParams();
    const where = [`m.status IN ${HOLDING_SEAT}`, 'approval.at IS NOT NULL'];
    if (scope.kind === 'university') where.push(`m.university_id = ${q.add(scope.organisationId)}`);
    if (scope.kind === 'provider') where.push(`m.provider_id = ${q.add(scope.organisationId)}`);
    if (query.from) where.push(`p.start_date >= ${q.add(query.from)}::date`);
    if (query.to) where.push(`p.start_date <= ${q.add(query.to)}::date`);
    if (query.profession) where.push(`sp.profession = ${q.add(query.profession)}`);
    if (query.region) where.push(`p.region = ${q.add(query.region)}`);
    if (query.setting) where.push(`p.setting = ${q.add(query.setting)}`);
    const key =
      query.groupBy === 'month'
        ? `to_char(approval.at AT TIME ZONE ${LOCAL_TIME}, 'YYYY-MM')`
        : query.groupBy === 'profession'
          ? 'sp.profession'
          : `p.${query.groupBy}`;
    const rows = await queryRows<{
      key: string;
      approvals: number;
      median_days: string | null;
      p90_days: string | null;
      average_days: string | null;
    }>(
      this.db.manager,
      // When a match was approved: completing (or cancelling) a match overwrites decided_at, so
      // the audit log's match.approved event is the record; decided_at is only trusted while
      // the match is still approved.
      `WITH approvals AS (
         SELECT ${key} AS key,
                (extract(epoch FROM approval.at - coalesce(a.created_at, m.created_at)) / 86400)::float8 AS days
           FROM placement_match m
           JOIN placement p ON p.id = m.placement_id
           JOIN student_profile sp ON sp.user_id = m.student_id
           LEFT JOIN application a ON a.id = m.application_id
          CROSS JOIN LATERAL (
            SELECT coalesce(
              (SELECT min(e.occurred_at) FROM audit_event e
                WHERE e.entity_type = 'match' AND e.entity_id = m.id AND e.action = 'match.approved'),
              CASE WHEN m.status = 'approved' THEN m.decided_at END) AS at
          ) approval
          WHERE ${where.join(' AND ')})
       SELECT key, count(*)::int AS approvals,
              round(percentile_cont(0.5) WITHIN GROUP (ORDER BY days)::numeric, 1) AS median_days,
              round(percentile_cont(0.9) WITHIN GROUP (ORDER BY days)::numeric, 1) AS p90_days,
              round(avg(days)::numeric, 1) AS average_days
         FROM approvals GROUP BY key ORDER BY key`,
      q.values,
    );
    return rows.map((row) => ({
      key: row.key,
      approvals: row.approvals,
      medianDays: num(row.median_days),
      p90Days: num(row.p90_days),
      averageDays: num(row.average_days),
    }));
  }

  // ---- feedback trend ------------------------------------------------------------------------

  async feedbackTrend(
    actor: Actor,
    query: FeedbackTrendQueryDto,
  ): Promise<FeedbackTrendReportRowDto[]> {
    const scope = reportScope(actor);
    assertWindow(query.from, query.to);
    const period = query.period ?? 'month';
    if (
      scope.kind === 'provider' &&
      query.providerId &&
      query.providerId !== scope.organisationId
    ) {
      throw DomainException.notFound('Provider');
    }
    if (query.placementId) {
      const [placement] = await queryRows<{ provider_id: string; status: string }>(
        this.db.manager,
        `SELECT provider_id, status FROM placement WHERE id = $1`,
        [query.placementId],
      );
      // The same visibility as GET /api/placements/:id: a coordinator must not learn that another
      // provider's draft (or cancelled) placement exists from a 200 where an unknown id gets 404.
      if (
        !placement ||
        (scope.kind === 'provider' && placement.provider_id !== scope.organisationId) ||
        (scope.kind === 'university' && !['published', 'closed'].includes(placement.status))
      ) {
        throw DomainException.notFound('Placement');
      }
    }

    const q = new SqlParams();
    const where: string[] = [];
    const narrowing = this.feedbackPlacements(query, q);
    if (narrowing) where.push(`f.placement_id IN (${narrowing})`);
    if (scope.kind === 'university') where.push(`f.university_id = ${q.add(scope.organisationId)}`);
    if (scope.kind === 'provider') where.push(`f.provider_id = ${q.add(scope.organisationId)}`);
    if (query.providerId) where.push(`f.provider_id = ${q.add(query.providerId)}`);
    const local = `(f.created_at AT TIME ZONE ${LOCAL_TIME})`;
    // The window picks whole periods: a part of a period could be subtracted from the whole.
    const trunc = (value: string) => `date_trunc('${period}', ${value})`;
    if (query.from)
      where.push(`${trunc(local)} >= ${trunc(`${q.add(query.from)}::date::timestamp`)}`);
    if (query.to) where.push(`${trunc(local)} <= ${trunc(`${q.add(query.to)}::date::timestamp`)}`);
    const key =
      period === 'month' ? `to_char(${local}, 'YYYY-MM')` : `to_char(${local}, 'YYYY-"Q"Q')`;
    const rows = await queryRows<{
      period: string;
      responses: number;
      induction: string;
      supervision: string;
      facilities: string;
      learning_opportunities: string;
      teamwork: string;
      overall: string;
      recommend_rate: string;
    }>(
      this.db.manager,
      `SELECT ${key} AS period, count(*)::int AS responses,
              round(avg(f.induction), 2) AS induction,
              round(avg(f.supervision), 2) AS supervision,
              round(avg(f.facilities), 2) AS facilities,
              round(avg(f.learning_opportunities), 2) AS learning_opportunities,
              round(avg(f.teamwork), 2) AS teamwork,
              round(avg(f.overall), 2) AS overall,
              round(avg(CASE WHEN f.would_recommend THEN 1 ELSE 0 END), 3) AS recommend_rate
         FROM placement_feedback f
        WHERE ${where.join(' AND ') || 'TRUE'}
        GROUP BY 1 ORDER BY 1`,
      q.values,
    );

    // Providers see aggregates only, and only where no student can be picked out; the decision
    // looks at all of the provider's feedback, whatever was filtered.
    const hidden =
      scope.kind === 'provider'
        ? await this.hiddenForProvider(scope.organisationId, query, period)
        : new Set<string>();
    return rows.map((row) => {
      const suppressed = hidden.has(row.period);
      return {
        period: row.period,
        responses: row.responses,
        suppressed,
        averages: suppressed
          ? null
          : {
              induction: Number(row.induction),
              supervision: Number(row.supervision),
              facilities: Number(row.facilities),
              learningOpportunities: Number(row.learning_opportunities),
              teamwork: Number(row.teamwork),
              overall: Number(row.overall),
            },
        recommendRate: suppressed ? null : Number(row.recommend_rate),
      };
    });
  }

  /**
   * The placements a feedback query is narrowed to (one placement, or those accepting a
   * profession, in a region or a setting), as a subquery; null when it is not narrowed.
   */
  private feedbackPlacements(query: FeedbackTrendQueryDto, q: SqlParams): string | null {
    const where: string[] = [];
    if (query.placementId) where.push(`p.id = ${q.add(query.placementId)}::uuid`);
    if (query.profession) where.push(`p.professions @> ARRAY[${q.add(query.profession)}]::text[]`);
    if (query.region) where.push(`p.region = ${q.add(query.region)}`);
    if (query.setting) where.push(`p.setting = ${q.add(query.setting)}`);
    return where.length ? `SELECT p.id FROM placement p WHERE ${where.join(' AND ')}` : null;
  }

  /** Which periods a provider may not see figures for (see `hiddenPeriods`). */
  private async hiddenForProvider(
    providerId: string,
    query: FeedbackTrendQueryDto,
    period: FeedbackPeriod,
  ): Promise<Set<string>> {
    const cells = await queryRows<FeedbackCell>(
      this.db.manager,
      `SELECT f.placement_id AS "placementId",
              to_char(f.created_at AT TIME ZONE ${LOCAL_TIME}, 'YYYY-MM') AS month,
              count(*)::int AS responses
         FROM placement_feedback f WHERE f.provider_id = $1
        GROUP BY 1, 2`,
      [providerId],
    );
    const q = new SqlParams();
    const narrowing = this.feedbackPlacements(query, q);
    if (!narrowing) return hiddenPeriods(cells, period);
    const selected = await queryRows<{ id: string }>(
      this.db.manager,
      `${narrowing} AND p.provider_id = ${q.add(providerId)}`,
      q.values,
    );
    return hiddenPeriods(cells, period, new Set(selected.map((row) => row.id)));
  }

  // ---- capacity gap --------------------------------------------------------------------------

  async capacityGap(actor: Actor, query: CapacityGapQueryDto): Promise<CapacityGapReportRowDto[]> {
    const scope = reportScope(actor);
    assertWindow(query.from, query.to);
    const q = new SqlParams();
    const placements = this.placementsOnOffer(scope, query, q);
    const students = this.studentConditions(scope, query, q);
    const placed: string[] = [];
    if (query.from) placed.push(`m.start_date >= ${q.add(query.from)}::date`);
    if (query.to) placed.push(`m.start_date <= ${q.add(query.to)}::date`);
    const rows = await queryRows<CapacityGapReportRowDto>(
      this.db.manager,
      `WITH p AS (${placements}),
       supply AS (
         SELECT accepted.code AS profession, p.region, p.setting,
                sum(p.capacity)::int AS seats,
                coalesce(sum(p.capacity - p.approved_count) FILTER (WHERE p.status = 'published'), 0)::int AS remaining_seats
           FROM p CROSS JOIN LATERAL unnest(p.professions) AS accepted(code)
          WHERE ${query.profession ? `accepted.code = ${q.add(query.profession)}` : 'TRUE'}
          GROUP BY 1, 2, 3),
       applicants AS (
         SELECT DISTINCT sp.profession, p.region, p.setting, a.student_id
           FROM application a
           JOIN p ON p.id = a.placement_id
           JOIN app_user u ON u.id = a.student_id
           JOIN student_profile sp ON sp.user_id = a.student_id
          WHERE ${students('u.organisation_id')}),
       demand AS (
         SELECT profession, region, setting, count(*)::int AS demand,
                count(*) FILTER (WHERE NOT EXISTS (
                  SELECT 1 FROM placement_match m
                   WHERE m.student_id = applicants.student_id AND m.status IN ${HOLDING_SEAT}
                     AND ${placed.join(' AND ') || 'TRUE'}))::int AS unmet
           FROM applicants GROUP BY 1, 2, 3)
       SELECT profession, region, setting,
              coalesce(demand, 0) AS demand,
              coalesce(unmet, 0) AS unmet,
              coalesce(seats, 0) AS seats,
              coalesce(remaining_seats, 0) AS "remainingSeats",
              greatest(0, coalesce(unmet, 0) - coalesce(remaining_seats, 0)) AS gap
         FROM supply FULL JOIN demand USING (profession, region, setting)
        ORDER BY gap DESC, unmet DESC, profession, region, setting`,
      q.values,
    );
    return rows.map((row) => ({ ...row }));
  }

  // ---- shared --------------------------------------------------------------------------------

  /**
   * The placements a report counts: published or closed, in the window and cell asked for, and
   * for a provider only its own. Coordinators and admins see the whole market: published
   * placements are public.
   */
  private placementsOnOffer(scope: ReportScope, filters: PlacementFiltersDto, q: SqlParams) {
    const where = [`p.status IN ${ON_OFFER}`];
    if (scope.kind === 'provider') where.push(`p.provider_id = ${q.add(scope.organisationId)}`);
    if (filters.from) where.push(`p.start_date >= ${q.add(filters.from)}::date`);
    if (filters.to) where.push(`p.start_date <= ${q.add(filters.to)}::date`);
    if (filters.profession)
      where.push(`p.professions @> ARRAY[${q.add(filters.profession)}]::text[]`);
    if (filters.region) where.push(`p.region = ${q.add(filters.region)}`);
    if (filters.setting) where.push(`p.setting = ${q.add(filters.setting)}`);
    return `SELECT p.id, p.professions, p.region, p.setting, p.capacity, p.approved_count, p.status
              FROM placement p WHERE ${where.join(' AND ')}`;
  }

  /**
   * Which students' applications and matches count: a coordinator's university's only (by the
   * column naming the student's university), and of the profession asked for.
   */
  private studentConditions(scope: ReportScope, filters: PlacementFiltersDto, q: SqlParams) {
    const university = scope.kind === 'university' ? q.add(scope.organisationId) : null;
    const profession = filters.profession ? q.add(filters.profession) : null;
    return (universityColumn: string) =>
      [
        university ? `${universityColumn} = ${university}` : 'TRUE',
        profession ? `sp.profession = ${profession}` : 'TRUE',
      ].join(' AND ');
  }
}
