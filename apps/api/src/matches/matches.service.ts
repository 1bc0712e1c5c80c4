import { Injectable } from '@nestjs/common';
import { createEvent } from 'ics';
import { QueryFailedError, type EntityManager } from 'typeorm';
import type { BulkResult, Match, MatchSource, MatchStatus, Page } from '@ahp/contracts';
import { AuditService, type AuditRecord } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { DomainException } from '../common/errors/domain.exception';
import { toErrorBody } from '../common/errors/error-body';
import { decodeCursor, pageSize, toPage } from '../common/pagination/page';
import { Db } from '../database/db';
import { preparedRowsOn } from '../database/prepared';
import { queryRows } from '../database/query';
import {
  NotificationsService,
  type NotificationMessage,
} from '../notifications/notifications.service';
import type { MatchListQueryDto } from '../applications/dto/application.dto';
import { VIEW_COLUMNS, VIEW_JOINS, toMatch, visibleTo, type MatchRow } from '../applications/views';

// Columns named rather than m.*: these reads are prepared statements, which a column added by a
// later migration would otherwise break in processes that were running before it.
const MATCH_COLUMNS = `m.id, m.student_id, m.placement_id, m.application_id, m.university_id,
  m.provider_id, m.source, m.status, m.start_date, m.end_date, m.reason, m.decided_at,
  m.created_at, m.updated_at, m.round_id, a.share_adjustments, ${VIEW_COLUMNS},
  CASE WHEN sp.home_latitude IS NULL THEN NULL
       ELSE distance_km(sp.home_latitude, sp.home_longitude, p.latitude, p.longitude) END AS distance_km`;
/** The match's own columns, named (not m.*) so that prepared statements survive a new column. */
const MATCH_OWN_COLUMNS = `id, student_id, placement_id, application_id, university_id, provider_id,
  source, status, start_date, end_date, reason, decided_at, created_at, updated_at, round_id`;
const MATCH_JOINS = `LEFT JOIN application a ON a.id = m.application_id ${VIEW_JOINS('m')}`;
const MATCH_FROM = `placement_match m ${MATCH_JOINS}`;

/** Exclusion constraint placement_match_no_overlap: two approved placements with overlapping dates. */
const PG_EXCLUSION_VIOLATION = '23P01';

type Decision = 'approve' | 'reject' | 'cancel' | 'complete';

/** The match lifecycle: proposed → approved | rejected; approved → completed | cancelled. Each step once. */
const RULES: Record<Decision, { from: MatchStatus; to: MatchStatus; verb: string }> = {
  approve: { from: 'proposed', to: 'approved', verb: 'approved' },
  reject: { from: 'proposed', to: 'rejected', verb: 'rejected' },
  cancel: { from: 'approved', to: 'cancelled', verb: 'cancelled' },
  complete: { from: 'approved', to: 'completed', verb: 'completed' },
};

/**
 * Matches: a student paired with a placement, proposed by an offer or an allocation round and
 * approved by the student's coordinator. The invariants (never more approved than seats; never
 * two approved placements with overlapping dates for one student) are held by the database: a
 * guarded update of the placement's approved count with a check constraint behind it, and an
 * exclusion constraint on the student's approved date ranges.
 */
@Injectable()
export class MatchesService {
  /** Matches decided together in one transaction by {@link decideMany} (tests use fewer). */
  bulkChunk = 500;

  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
  ) {}

  /**
   * Two steps, like placement search: the page's ids read off an index of the match table in
   * start-date order (by the match's own university, provider or student), then just those rows
   * joined to their placement and student. The joined visibility condition is kept as well.
   */
  async list(actor: Actor, query: MatchListQueryDto): Promise<Page<Match>> {
    const limit = pageSize(query);
    const params: unknown[] = [];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const where = ownMatches(actor, param);
    if (query.status) where.push(`m.status = ${param(query.status)}`);
    if (query.placementId) where.push(`m.placement_id = ${param(query.placementId)}`);
    if (query.studentId) where.push(`m.student_id = ${param(query.studentId)}`);
    const after = decodeCursor(query.cursor, 2);
    if (after)
      where.push(`(m.start_date, m.id) > (${param(after[0])}::date, ${param(after[1])}::uuid)`);
    // The page's matches first (off the match indexes, in start-date order), then the joins for
    // just those rows.
    const page = `SELECT ${MATCH_OWN_COLUMNS} FROM placement_match m ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY m.start_date, m.id LIMIT ${param(limit + 1)}`;
    const rows = await preparedRowsOn<MatchRow>(
      this.db.manager,
      `SELECT ${MATCH_COLUMNS} FROM (${page}) m ${MATCH_JOINS}
        WHERE ${visibleTo(actor, 'm', param)}
        ORDER BY m.start_date, m.id`,
      params,
    );
    return toPage(
      rows,
      limit,
      (row) => [row.start_date, row.id],
      (row) => toMatch(row, actor),
    );
  }

  async get(actor: Actor, id: string): Promise<Match> {
    const row = await this.find(this.db.manager, actor, id, false);
    if (!row) throw DomainException.notFound('Match');
    return toMatch(row, actor);
  }

  /** Creates a proposed match in the caller's transaction and tells the student and their coordinators. */
  async propose(
    em: EntityManager,
    actor: Actor,
    input: {
      studentId: string;
      placementId: string;
      applicationId: string | null;
      source: MatchSource;
    },
  ): Promise<string> {
    let created: { id: string; university_id: string; title: string; student_name: string };
    try {
      [created] = await queryRows(
        em,
        `INSERT INTO placement_match (student_id, placement_id, application_id, university_id, provider_id, source, start_date, end_date)
         SELECT u.id, p.id, $3, u.organisation_id, p.provider_id, $4, p.start_date, p.end_date
           FROM app_user u, placement p WHERE u.id = $1 AND p.id = $2
         RETURNING id, university_id,
           (SELECT title FROM placement WHERE id = $2) AS title,
           (SELECT name FROM app_user WHERE id = $1) AS student_name`,
        [input.studentId, input.placementId, input.applicationId, input.source],
      );
    } catch (error) {
      if (isUniqueViolation(error))
        throw DomainException.conflict(
          'conflict',
          'This student already has a match for this placement.',
        );
      throw error;
    }
    await this.audit.record(em, actor, {
      action: 'match.proposed',
      entityType: 'match',
      entityId: created.id,
      organisationId: created.university_id,
      after: {
        status: 'proposed',
        source: input.source,
        studentId: input.studentId,
        placementId: input.placementId,
      },
    });
    await this.notifications.notify(em, [input.studentId], {
      kind: 'match.proposed',
      title: `You have been offered a place: ${created.title}`,
      body: `You have been offered a place on ${created.title}. Your placement coordinator will now approve it.`,
      link: '/applications',
    });
    await this.notifications.notify(
      em,
      await this.notifications.peopleOf(em, created.university_id, 'coordinator'),
      {
        kind: 'match.proposed',
        title: 'A match is waiting for your approval',
        body: `${created.student_name} has been offered a place on ${created.title}.`,
        link: '/matches?status=proposed',
      },
    );
    return created.id;
  }

  /** When a student withdraws an application that was offered a place, its proposed match goes too. */
  async withdrawOffer(em: EntityManager, actor: Actor, applicationId: string): Promise<void> {
    const rows = await queryRows<{ id: string; status: string; university_id: string }>(
      em,
      `SELECT id, status, university_id FROM placement_match
        WHERE application_id = $1 AND status IN ('proposed', 'approved', 'completed') FOR UPDATE`,
      [applicationId],
    );
    for (const match of rows) {
      if (match.status !== 'proposed') {
        throw DomainException.conflict(
          'conflict',
          'This placement has been approved; ask your placement coordinator to cancel it.',
        );
      }
      await em.query(
        `UPDATE placement_match SET status = 'rejected', reason = $2, decided_at = now(), updated_at = now() WHERE id = $1`,
        [match.id, 'The student withdrew their application.'],
      );
      await this.audit.record(em, actor, {
        action: 'match.rejected',
        entityType: 'match',
        entityId: match.id,
        organisationId: match.university_id,
        before: { status: 'proposed' },
        after: { status: 'rejected' },
        reason: 'withdrawn by the student',
      });
    }
  }

  /**
   * One decision on one match, in its own transaction. Who may decide: approving and rejecting
   * proposals is the student's coordinator's (or an admin's) call, and the placement's provider
   * may reject its own offer; cancelling is open to the coordinator, the provider and admins;
   * completing to the provider and the coordinator.
   */
  async decide(actor: Actor, id: string, decision: Decision, reason?: string): Promise<Match> {
    // Two approvals of overlapping placements for one student at the same moment can each wait
    // for the other in the exclusion constraint, and PostgreSQL then ends one as a deadlock.
    // Taken again, it meets the other's committed approval and answers 409 like any clash.
    for (let attempt = 1; ; attempt++) {
      try {
        await this.decideOnce(actor, id, decision, reason);
        break;
      } catch (error) {
        if (attempt < DEADLOCK_ATTEMPTS && isDeadlock(error)) continue;
        throw error;
      }
    }
    return this.get(actor, id);
  }

  private async decideOnce(
    actor: Actor,
    id: string,
    decision: Decision,
    reason: string | undefined,
  ): Promise<void> {
    await this.db.transaction(async (em) => {
      const row = await this.find(em, actor, id, true);
      if (!row) throw DomainException.notFound('Match');
      this.assertMayDecide(actor, row, decision);
      const rule = RULES[decision];
      if (row.status !== rule.from) throw wrongStatus(row.status, rule);
      if (decision === 'approve') await this.takeSeat(em, row);
      if (decision === 'cancel') {
        await em.query(
          `UPDATE placement SET approved_count = approved_count - 1, updated_at = now() WHERE id = $1`,
          [row.placement_id],
        );
      }
      try {
        await em.query(
          `UPDATE placement_match SET status = $2, reason = $3, decided_at = now(), updated_at = now() WHERE id = $1`,
          [id, rule.to, reason ?? row.reason],
        );
      } catch (error) {
        if (
          error instanceof QueryFailedError &&
          (error.driverError as { code?: string }).code === PG_EXCLUSION_VIOLATION
        ) {
          throw datesClash(row);
        }
        throw error;
      }
      if (decision === 'reject' && row.application_id) {
        await em.query(
          `UPDATE application SET status = 'declined', decline_reason = $2, updated_at = now() WHERE id = $1 AND status = 'offered'`,
          [row.application_id, reason ?? NOT_APPROVED],
        );
      }
      await this.audit.record(em, actor, auditOf(row, decision, reason));
      await this.tellEveryone(em, [row], decision, reason);
    });
  }

  /**
   * Several decisions at once; each stands or falls alone, and the answer says which did which.
   * They are taken {@link bulkChunk} at a time, each slice in one transaction with set-based
   * checks and writes (approving a round's 12,000 proposals one transaction at a time took two
   * minutes). Should another request change one of a slice's students or placements between its
   * checks and its writes, the database's constraints refuse the writes and that slice is decided
   * again one match at a time, exactly as {@link decide} would.
   */
  async decideMany(
    actor: Actor,
    ids: string[],
    decision: 'approve' | 'reject',
  ): Promise<BulkResult> {
    const result: BulkResult = { succeeded: [], failed: [] };
    for (let start = 0; start < ids.length; start += this.bulkChunk) {
      const slice = ids.slice(start, start + this.bulkChunk);
      let outcome: BulkResult;
      try {
        outcome = await this.db.transaction((em) =>
          this.decideTogether(em, actor, slice, decision),
        );
      } catch (error) {
        if (!isRace(error)) throw error;
        outcome = await this.decideOneByOne(actor, slice, decision);
      }
      result.succeeded.push(...outcome.succeeded);
      result.failed.push(...outcome.failed);
    }
    return result;
  }

  private async decideOneByOne(
    actor: Actor,
    ids: string[],
    decision: 'approve' | 'reject',
  ): Promise<BulkResult> {
    const result: BulkResult = { succeeded: [], failed: [] };
    for (const id of ids) {
      try {
        await this.decide(actor, id, decision);
        result.succeeded.push(id);
      } catch (error) {
        const body = toErrorBody(error);
        if (body.statusCode >= 500) throw error;
        result.failed.push({ matchId: id, statusCode: body.statusCode, message: body.message });
      }
    }
    return result;
  }

  /**
   * {@link decide} for many matches in the caller's transaction, with the same rules, checks (in
   * the same order) and answers: the matches and their placements are locked, each match is
   * checked in the order given (seats and dates counting those approved before it), and then the
   * decided ones are written, audited and announced together.
   */
  private async decideTogether(
    em: EntityManager,
    actor: Actor,
    ids: string[],
    decision: 'approve' | 'reject',
  ): Promise<BulkResult> {
    const rule = RULES[decision];
    const { where, params } = visibleWhere(actor, 'm.id = ANY ($1::uuid[])', ids);
    const rows = await queryRows<MatchRow>(
      em,
      `SELECT ${MATCH_COLUMNS} FROM ${MATCH_FROM} WHERE ${where} ORDER BY m.id FOR UPDATE OF m`,
      params,
    );
    const byId = new Map(rows.map((row) => [row.id, row]));
    const approving = decision === 'approve';
    const seats = approving ? await this.lockSeats(em, rows) : new Map<string, Seats>();
    const clashing = approving ? await this.datesTaken(em, rows) : new Set<string>();
    const takenHere = new Map<string, MatchRow[]>();
    const decided: MatchRow[] = [];
    const decidedHere = new Set<MatchRow>();
    const failed: BulkResult['failed'] = [];
    for (const id of ids) {
      const row = byId.get(id);
      try {
        if (!row) throw DomainException.notFound('Match');
        this.assertMayDecide(actor, row, decision);
        const status = decidedHere.has(row) ? rule.to : row.status;
        if (status !== rule.from) throw wrongStatus(status, rule);
        if (approving) {
          const seat = seats.get(row.placement_id);
          if (!seat || seat.free <= 0) throw fullError(row, seat?.status);
          const mine = takenHere.get(row.student_id) ?? [];
          if (clashing.has(row.id) || mine.some((other) => overlaps(other, row))) {
            throw datesClash(row);
          }
          seat.free--;
          takenHere.set(row.student_id, [...mine, row]);
        }
        decided.push(row);
        decidedHere.add(row);
      } catch (error) {
        const body = toErrorBody(error);
        if (body.statusCode >= 500) throw error;
        failed.push({ matchId: id, statusCode: body.statusCode, message: body.message });
      }
    }
    if (decided.length === 0) return { succeeded: [], failed };
    const decidedIds = decided.map((row) => row.id);
    if (approving) {
      await em.query(
        `UPDATE placement p SET approved_count = p.approved_count + x.taken, updated_at = now()
           FROM (SELECT id, count(*)::int AS taken FROM unnest($1::uuid[]) AS id GROUP BY id) x
          WHERE p.id = x.id`,
        [decided.map((row) => row.placement_id)],
      );
    }
    await em.query(
      `UPDATE placement_match SET status = $2, decided_at = now(), updated_at = now() WHERE id = ANY ($1::uuid[])`,
      [decidedIds, rule.to],
    );
    if (decision === 'reject') {
      await em.query(
        `UPDATE application SET status = 'declined', decline_reason = $2, updated_at = now()
          WHERE id = ANY ($1::uuid[]) AND status = 'offered'`,
        [decided.flatMap((row) => (row.application_id ? [row.application_id] : [])), NOT_APPROVED],
      );
    }
    await this.audit.recordMany(
      em,
      actor,
      decided.map((row) => auditOf(row, decision, undefined)),
    );
    await this.tellEveryone(em, decided, decision, undefined);
    return { succeeded: decidedIds, failed };
  }

  /** Locks the placements of these matches (in id order) and says how many seats each has free. */
  private async lockSeats(em: EntityManager, rows: MatchRow[]): Promise<Map<string, Seats>> {
    const placements = await queryRows<{ id: string; free: number; status: string }>(
      em,
      `SELECT id, CASE WHEN status IN ('published', 'closed') THEN capacity - approved_count ELSE 0 END AS free,
              status
         FROM placement WHERE id = ANY ($1::uuid[]) ORDER BY id FOR UPDATE`,
      [[...new Set(rows.map((row) => row.placement_id))]],
    );
    return new Map(placements.map((p) => [p.id, { free: p.free, status: p.status }]));
  }

  /** The matches among these whose student already has an approved placement on overlapping dates. */
  private async datesTaken(em: EntityManager, rows: MatchRow[]): Promise<Set<string>> {
    const clashes = await queryRows<{ id: string }>(
      em,
      `SELECT c.id FROM placement_match c
        WHERE c.id = ANY ($1::uuid[]) AND EXISTS (
          SELECT 1 FROM placement_match o
           WHERE o.student_id = c.student_id AND o.status IN ('approved', 'completed')
             AND daterange(o.start_date, o.end_date, '[]') && daterange(c.start_date, c.end_date, '[]'))`,
      [rows.map((row) => row.id)],
    );
    return new Set(clashes.map((row) => row.id));
  }

  /** A placement is cancelled: its live matches and applications end, and everyone affected is told. */
  async cancelForPlacement(
    em: EntityManager,
    actor: Actor,
    placementId: string,
    title: string,
    reason: string,
  ): Promise<void> {
    const matches = await queryRows<{
      id: string;
      status: string;
      student_id: string;
      university_id: string;
    }>(
      em,
      `UPDATE placement_match m SET status = CASE m.status WHEN 'proposed' THEN 'rejected' ELSE 'cancelled' END,
              reason = $2, decided_at = now(), updated_at = now()
         FROM placement_match old
        WHERE m.id = old.id AND m.placement_id = $1 AND m.status IN ('proposed', 'approved')
        RETURNING m.id, old.status, m.student_id, m.university_id`,
      [placementId, `The placement was cancelled: ${reason}`],
    );
    await em.query(`UPDATE placement SET approved_count = 0 WHERE id = $1`, [placementId]);
    const applications = await queryRows<{ id: string; student_id: string }>(
      em,
      `UPDATE application SET status = 'declined', decline_reason = $2, updated_at = now()
        WHERE placement_id = $1 AND status IN ('submitted', 'offered') RETURNING id, student_id`,
      [placementId, `The placement was cancelled: ${reason}`],
    );
    await this.audit.recordMany(
      em,
      actor,
      matches.map((match) => ({
        action: match.status === 'proposed' ? 'match.rejected' : 'match.cancelled',
        entityType: 'match',
        entityId: match.id,
        organisationId: match.university_id,
        before: { status: match.status },
        after: { status: match.status === 'proposed' ? 'rejected' : 'cancelled' },
        reason: 'placement cancelled',
      })),
    );
    const students = new Set([
      ...matches.map((m) => m.student_id),
      ...applications.map((a) => a.student_id),
    ]);
    await this.notifications.notify(em, students, {
      kind: 'placement.cancelled',
      title: `Placement cancelled: ${title}`,
      body: `${title} has been cancelled by its provider. The reason given: ${reason}`,
      link: '/applications',
    });
    const universities = new Set(matches.map((m) => m.university_id));
    for (const university of universities) {
      await this.notifications.notify(
        em,
        await this.notifications.peopleOf(em, university, 'coordinator'),
        {
          kind: 'placement.cancelled',
          title: `Placement cancelled: ${title}`,
          body: `${title} has been cancelled, affecting your students' matches. The reason given: ${reason}`,
          link: '/matches',
        },
      );
    }
  }

  /** An .ics calendar file for an approved (or completed) placement. */
  async calendar(actor: Actor, id: string): Promise<string> {
    const match = await this.get(actor, id);
    if (match.status !== 'approved' && match.status !== 'completed') {
      throw DomainException.conflict(
        'conflict',
        'Only an approved placement can be added to a calendar.',
      );
    }
    const day = (date: string): [number, number, number] => {
      const [y, m, d] = date.split('-').map(Number);
      return [y, m, d];
    };
    const end = new Date(`${match.endDate}T00:00:00Z`);
    end.setUTCDate(end.getUTCDate() + 1); // all-day events end on the day after
    const { error, value } = createEvent({
      uid: `${match.id}@ahp-placements`,
      productId: 'ahp-placements',
      title: `Placement: ${match.placement.title}`,
      description: `${match.placement.providerName}. Approved placement for ${match.student.name}.`,
      location: match.placement.postcode,
      start: day(match.startDate),
      end: [end.getUTCFullYear(), end.getUTCMonth() + 1, end.getUTCDate()],
      status: 'CONFIRMED',
    });
    if (error || !value) throw error ?? new Error('Could not build the calendar event');
    return value;
  }

  // ---- rules -----------------------------------------------------------------------------------

  private assertMayDecide(actor: Actor, row: MatchRow, decision: Decision): void {
    const coordinator =
      actor.role === 'coordinator' && actor.organisationId === row.s_university_id;
    const provider = actor.role === 'provider' && actor.organisationId === row.p_provider_id;
    const allowed = {
      approve: coordinator || actor.role === 'admin',
      reject: coordinator || provider || actor.role === 'admin',
      cancel: coordinator || provider || actor.role === 'admin',
      complete: coordinator || provider,
    }[decision];
    if (!allowed) throw DomainException.forbidden(`You cannot ${decision} this match.`);
  }

  /** Takes a seat if one is free. The check constraint on approved_count backs this up. */
  private async takeSeat(em: EntityManager, row: MatchRow): Promise<void> {
    const full = () => fullError(row, row.p_status);
    let taken: { id: string }[];
    try {
      taken = await queryRows<{ id: string }>(
        em,
        `UPDATE placement SET approved_count = approved_count + 1, updated_at = now()
          WHERE id = $1 AND approved_count < capacity AND status IN ('published', 'closed') RETURNING id`,
        [row.placement_id],
      );
    } catch (error) {
      // The check constraint is the safety net behind the guard: if it ever fires, it is still "full".
      if (constraintOf(error) === 'placement_approved_count_check') throw full();
      throw error;
    }
    if (!taken.length) throw full();
  }

  /**
   * Tells each match's student, and its provider's people (and, on cancelling, the coordinators).
   * Students hear of each match of theirs. The organisation side hears of each match when there
   * is one; when a bulk decision decides several of one provider's matches together, its people
   * get one message naming them all, not one message (and e-mail) per student.
   */
  private async tellEveryone(
    em: EntityManager,
    rows: MatchRow[],
    decision: Decision,
    reason: string | undefined,
  ): Promise<void> {
    const because = reason ? ` The reason given: ${reason}` : '';
    const providers = await this.notifications.peopleOfEach(
      em,
      rows.map((row) => row.p_provider_id),
      'provider',
    );
    const coordinators =
      decision === 'cancel'
        ? await this.notifications.peopleOfEach(
            em,
            rows.map((row) => row.s_university_id),
            'coordinator',
          )
        : new Map<string, string[]>();
    const kind = `match.${RULES[decision].verb}`;
    const messages: { userIds: string[]; message: NotificationMessage }[] = rows.map((row) => ({
      userIds: [row.student_id],
      message: {
        kind,
        ...matchWords(row, decision, because),
        link: decision === 'reject' ? '/applications' : '/my-placements',
      },
    }));
    // The organisation side, grouped by who is told.
    const groups = new Map<string, MatchRow[]>();
    for (const row of rows) {
      const key =
        decision === 'cancel' ? `${row.p_provider_id} ${row.s_university_id}` : row.p_provider_id;
      const group = groups.get(key);
      if (group) group.push(row);
      else groups.set(key, [row]);
    }
    for (const group of groups.values()) {
      const [first] = group;
      const userIds = [
        ...(providers.get(first.p_provider_id) ?? []),
        ...(coordinators.get(first.s_university_id) ?? []),
      ];
      messages.push({
        userIds,
        message:
          group.length === 1
            ? { kind, ...matchWords(first, decision, because), link: `/matches/${first.id}` }
            : {
                kind,
                ...digestWords(group, decision, because),
                link: `/matches?status=${RULES[decision].to}`,
              },
      });
    }
    await this.notifications.notifyEach(em, messages);
  }

  private async find(
    em: EntityManager,
    actor: Actor,
    id: string,
    lock: boolean,
  ): Promise<MatchRow | undefined> {
    const { where, params } = visibleWhere(actor, 'm.id = $1', id);
    const rows = await preparedRowsOn<MatchRow>(
      em,
      `SELECT ${MATCH_COLUMNS} FROM ${MATCH_FROM} WHERE ${where} ${lock ? 'FOR UPDATE OF m' : ''}`,
      params,
    );
    return rows[0];
  }
}

/** `condition` on $1 (whose value is `first`) and that the actor may see the match. */
function visibleWhere(
  actor: Actor,
  condition: string,
  first: unknown,
): { where: string; params: unknown[] } {
  const params: unknown[] = [first];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const where = [condition, visibleTo(actor, 'm', param), ...ownMatches(actor, param)].join(
    ' AND ',
  );
  return { where, params };
}

/**
 * Which matches the actor may see, on the match row alone: its own copy of the student's
 * university and the placement's provider, which always equal the joined ones (a person never
 * changes organisation, nor a placement its provider). Said as well as the joined condition
 * (visibleTo) so that a list is read off the match indexes in start-date order instead of joining
 * every student of a university first (docs/performance.md).
 */
function ownMatches(actor: Actor, param: (value: unknown) => string): string[] {
  switch (actor.role) {
    case 'admin':
      return [];
    case 'student':
      return [`m.student_id = ${param(actor.id)}`];
    case 'coordinator':
      return [`m.university_id = ${param(actor.organisationId)}`];
    case 'provider':
      return [`m.provider_id = ${param(actor.organisationId)}`];
  }
}

function isUniqueViolation(error: unknown): boolean {
  return (
    error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505'
  );
}

function constraintOf(error: unknown): string | undefined {
  return error instanceof QueryFailedError
    ? (error.driverError as { constraint?: string }).constraint
    : undefined;
}

const NOT_APPROVED = 'The proposed match was not approved.';

interface Seats {
  free: number;
  status: string;
}

/** How many times one decision is tried when PostgreSQL ends it as a deadlock. */
const DEADLOCK_ATTEMPTS = 3;

function isDeadlock(error: unknown): boolean {
  return (
    error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '40P01'
  );
}

/** Refusals that mean another request got there between a bulk decision's checks and writes. */
function isRace(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const code = (error.driverError as { code?: string }).code;
  return (
    code === PG_EXCLUSION_VIOLATION ||
    isDeadlock(error) ||
    constraintOf(error) === 'placement_approved_count_check'
  );
}

function wrongStatus(status: string, rule: (typeof RULES)[Decision]): DomainException {
  return DomainException.conflict(
    'conflict',
    `This match is ${status}; only a ${rule.from} match can be ${rule.verb}.`,
  );
}

function fullError(row: MatchRow, placementStatus: string | undefined): DomainException {
  return DomainException.conflict(
    'conflict',
    placementStatus === 'cancelled'
      ? 'This placement has been cancelled.'
      : `${row.p_title} is full: every seat has an approved student.`,
  );
}

function datesClash(row: MatchRow): DomainException {
  return DomainException.conflict(
    'conflict',
    `${row.s_name} already has an approved placement on some of these dates.`,
  );
}

/** Whether two matches' placements share a day (dates inclusive, as YYYY-MM-DD strings). */
function overlaps(a: MatchRow, b: MatchRow): boolean {
  return a.start_date <= b.end_date && b.start_date <= a.end_date;
}

function auditOf(row: MatchRow, decision: Decision, reason: string | undefined): AuditRecord {
  return {
    action: `match.${RULES[decision].verb}`,
    entityType: 'match',
    entityId: row.id,
    organisationId: row.s_university_id,
    before: { status: row.status },
    after: { status: RULES[decision].to },
    reason: reason ?? null,
  };
}

/** The words of a message about one match. */
function matchWords(
  row: MatchRow,
  decision: Decision,
  because: string,
): { title: string; body: string } {
  return {
    approve: {
      title: `Placement approved: ${row.p_title}`,
      body: `${row.s_name}'s placement on ${row.p_title} (${row.start_date} to ${row.end_date}) has been approved.`,
    },
    reject: {
      title: `Placement not approved: ${row.p_title}`,
      body: `The proposed placement of ${row.s_name} on ${row.p_title} was not approved.${because}`,
    },
    cancel: {
      title: `Placement cancelled: ${row.p_title}`,
      body: `${row.s_name}'s approved placement on ${row.p_title} has been cancelled.${because}`,
    },
    complete: {
      title: `Placement completed: ${row.p_title}`,
      body: `${row.s_name}'s placement on ${row.p_title} is complete.`,
    },
  }[decision];
}

/** How many matches a digest names before "and N more". */
const DIGEST_NAMED = 20;

/** The words of one message about several matches decided together. */
export function digestWords(
  rows: MatchRow[],
  decision: Decision,
  because: string,
): { title: string; body: string } {
  const verb = {
    approve: 'approved',
    reject: 'not approved',
    cancel: 'cancelled',
    complete: 'completed',
  }[decision];
  const named = rows
    .slice(0, DIGEST_NAMED)
    .map((row) => `${row.s_name} on ${row.p_title} (${row.start_date} to ${row.end_date})`);
  const more = rows.length - named.length;
  return {
    title: `${rows.length} placements ${verb}`,
    body: `${named.join('; ')}${more > 0 ? `; and ${more} more` : ''}.${because}`,
  };
}
