import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { EntityManager } from 'typeorm';
import {
  UNMATCHED_REASONS,
  type AllocationPolicy,
  type AllocationRoundStatus,
  type AllocationUnmatchedReason,
  type MatchStatus,
  type Page,
  type PolicyComparison,
  type PolicyOutcome,
  type Profession,
} from '@ahp/contracts';
import {
  allocate,
  findBlockingPairs,
  type AllocationInput,
  type AllocationResult,
} from '@ahp/matching';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { DomainException } from '../common/errors/domain.exception';
import { decodeCursor, pageSize, toPage } from '../common/pagination/page';
import { Db } from '../database/db';
import { alongside, queryRows } from '../database/query';
import { JobsService } from '../jobs/jobs.service';
import { MatchesService } from '../matches/matches.service';
import { MetricsService } from '../metrics/metrics.service';
import { fingerprint, loadInputs, type RoundScope } from './allocation-inputs';
import type {
  AllocationRoundDto,
  AllocationRoundListQueryDto,
  AllocationRoundProgressDto,
  AllocationRoundSummaryDto,
  CreateAllocationRoundDto,
  MyAllocationResultDto,
  RoundApprovalResultDto,
} from './dto/allocation.dto';

interface RoundRow {
  id: string;
  name: string;
  organisation_id: string | null;
  university_ids: string[] | null;
  start_from: string;
  start_to: string;
  professions: Profession[];
  seed: string | null;
  policy: AllocationPolicy;
  status: AllocationRoundStatus;
  phase: string | null;
  run_count: number;
  inputs_fingerprint: string | null;
  students: number | null;
  placements: number | null;
  matched: number | null;
  unmatched: { studentId: string; reason: AllocationUnmatchedReason }[];
  rank_counts: number[];
  duration_ms: number | null;
  error: string | null;
  created_by: string | null;
  created_at: Date;
  ran_at: Date | null;
}

interface RunJob {
  roundId: string;
  policy: AllocationPolicy;
  actor: Actor;
}

/** One allocation at a time across every API process: rounds share providers' seats. */
const ALLOCATION_LOCK = 'allocation-rounds';
/** How long POST …/run waits for its round before answering 202 with the round still running. */
const RUN_WAIT_MS = 120_000;

/**
 * Allocation rounds: a coordinator (their university's students) or an admin (several
 * universities) matches students to placements starting in a window with the matching engine,
 * in a background job. Loading, running and saving the proposals happen in one transaction that
 * holds a lock shared by all rounds, so two rounds over the same placements never both count the
 * same free seat; approving a proposal goes through the same capacity-safe path as any other.
 */
@Injectable()
export class AllocationService implements OnApplicationBootstrap {
  private readonly logger = new Logger(AllocationService.name);
  /** Emits a round's id when this process has finished running it (see run). */
  private readonly finished = new EventEmitter().setMaxListeners(0);

  constructor(
    private readonly db: Db,
    private readonly jobs: JobsService,
    private readonly audit: AuditService,
    private readonly matches: MatchesService,
    private readonly metrics: MetricsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.jobs.work<RunJob>('allocation', (job) => this.execute(job), {
      batchSize: 1,
      concurrency: 1,
    });
  }

  // ---- creating and reading --------------------------------------------------------------------

  async create(actor: Actor, dto: CreateAllocationRoundDto): Promise<AllocationRoundDto> {
    if (dto.startTo < dto.startFrom) {
      throw DomainException.invalidField('startTo', 'startTo must be on or after startFrom');
    }
    let universityIds: string[] | null;
    if (actor.role === 'coordinator') {
      if (dto.universityIds) {
        throw DomainException.invalidField(
          'universityIds',
          "universityIds is for admins; a coordinator's round is for their own university",
        );
      }
      universityIds = [actor.organisationId as string];
    } else {
      universityIds = dto.universityIds?.length ? [...dto.universityIds].sort() : null;
      if (universityIds) {
        const found = await queryRows<{ id: string }>(
          this.db.manager,
          `SELECT id FROM organisation WHERE id = ANY ($1::uuid[]) AND type = 'university'`,
          [universityIds],
        );
        if (found.length !== universityIds.length) {
          throw DomainException.invalidField(
            'universityIds',
            'universityIds must list universities that exist',
          );
        }
      }
    }
    const id = await this.db.transaction(async (em) => {
      const [row] = await queryRows<{ id: string }>(
        em,
        `INSERT INTO allocation_round (name, organisation_id, university_ids, start_from, start_to, professions, seed, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
        [
          dto.name,
          actor.role === 'coordinator' ? actor.organisationId : null,
          universityIds,
          dto.startFrom,
          dto.startTo,
          [...new Set(dto.professions ?? [])].sort(),
          dto.seed ?? null,
          actor.id,
        ],
      );
      await this.audit.record(em, actor, {
        action: 'allocation_round.created',
        entityType: 'allocation_round',
        entityId: row.id,
        organisationId: actor.role === 'coordinator' ? actor.organisationId : null,
        after: {
          name: dto.name,
          startFrom: dto.startFrom,
          startTo: dto.startTo,
          professions: dto.professions ?? [],
          universityIds,
          seed: dto.seed ?? null,
        },
      });
      return row.id;
    });
    return this.get(actor, id);
  }

  async list(
    actor: Actor,
    query: AllocationRoundListQueryDto,
  ): Promise<Page<AllocationRoundSummaryDto>> {
    const limit = pageSize(query);
    const params: unknown[] = [];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const where = [this.visibleTo(actor, param)];
    const after = decodeCursor(query.cursor, 2);
    if (after) {
      where.push(
        `(r.created_at, r.id) < (${param(after[0])}::timestamptz, ${param(after[1])}::uuid)`,
      );
    }
    const rows = await queryRows<RoundRow>(
      this.db.manager,
      `SELECT r.* FROM allocation_round r WHERE ${where.join(' AND ')}
        ORDER BY r.created_at DESC, r.id DESC LIMIT ${param(limit + 1)}`,
      params,
    );
    return toPage(
      rows,
      limit,
      (row) => [row.created_at.toISOString(), row.id],
      (row) => ({
        id: row.id,
        name: row.name,
        status: row.status,
        startFrom: row.start_from,
        startTo: row.start_to,
        professions: row.professions,
        matched: row.matched,
        unmatchedCount: row.matched === null ? null : row.unmatched.length,
        createdAt: row.created_at.toISOString(),
        ranAt: row.ran_at?.toISOString() ?? null,
      }),
    );
  }

  async get(actor: Actor, id: string): Promise<AllocationRoundDto> {
    const round = await this.find(this.db.manager, actor, id, false);
    const proposals = await queryRows<{
      id: string;
      student_id: string;
      placement_id: string;
      student_rank: number;
      status: MatchStatus;
      student_name: string;
      placement_title: string;
      provider_name: string;
    }>(
      this.db.manager,
      `SELECT m.id, m.student_id, m.placement_id, m.student_rank, m.status, u.name AS student_name,
              p.title AS placement_title, o.name AS provider_name
         FROM placement_match m JOIN app_user u ON u.id = m.student_id
         JOIN placement p ON p.id = m.placement_id JOIN organisation o ON o.id = p.provider_id
        WHERE m.round_id = $1 AND m.round_run = $2
        ORDER BY u.name, m.id`,
      [round.id, round.run_count],
    );
    const names = new Map(
      (
        await queryRows<{ id: string; name: string }>(
          this.db.manager,
          `SELECT id, name FROM app_user WHERE id = ANY ($1::uuid[])`,
          [round.unmatched.map((u) => u.studentId)],
        )
      ).map((row) => [row.id, row.name]),
    );
    return {
      id: round.id,
      name: round.name,
      status: round.status,
      phase: phaseOf(round),
      startFrom: round.start_from,
      startTo: round.start_to,
      professions: round.professions,
      universityIds: round.university_ids,
      seed: round.seed,
      policy: round.policy,
      inputsFingerprint: round.inputs_fingerprint,
      students: round.students,
      placements: round.placements,
      matched: round.matched,
      unmatched: round.unmatched.map((u) => ({ ...u, studentName: names.get(u.studentId) ?? '' })),
      proposals: proposals.map((p) => ({
        matchId: p.id,
        studentId: p.student_id,
        placementId: p.placement_id,
        rank: p.student_rank,
        status: p.status,
        studentName: p.student_name,
        placementTitle: p.placement_title,
        providerName: p.provider_name,
      })),
      rankCounts: round.rank_counts,
      durationMs: round.duration_ms,
      error: round.error,
      createdAt: round.created_at.toISOString(),
      createdBy: round.created_by,
      ranAt: round.ran_at?.toISOString() ?? null,
    };
  }

  /** Where a round has got, without its outcome: for following a run (see AllocationRoundProgress). */
  async progress(actor: Actor, id: string): Promise<AllocationRoundProgressDto> {
    const round = await this.find<Pick<RoundRow, 'id' | 'status' | 'phase' | 'error'>>(
      this.db.manager,
      actor,
      id,
      false,
      'r.id, r.status, r.phase, r.error',
    );
    return { id: round.id, status: round.status, phase: phaseOf(round), error: round.error };
  }

  /** A student's results in the rounds they took part in (latest run of each), newest first. */
  async mine(actor: Actor): Promise<MyAllocationResultDto[]> {
    const rows = await queryRows<{
      id: string;
      name: string;
      ran_at: Date;
      unmatched: { studentId: string; reason: AllocationUnmatchedReason }[];
      match_id: string | null;
      placement_id: string | null;
      placement_title: string | null;
      provider_name: string | null;
      student_rank: number | null;
      match_status: MatchStatus | null;
    }>(
      this.db.manager,
      `SELECT r.id, r.name, r.ran_at, r.unmatched, m.id AS match_id, m.placement_id, p.title AS placement_title,
              o.name AS provider_name, m.student_rank, m.status AS match_status
         FROM allocation_round r
         LEFT JOIN placement_match m ON m.round_id = r.id AND m.round_run = r.run_count AND m.student_id = $1
         LEFT JOIN placement p ON p.id = m.placement_id
         LEFT JOIN organisation o ON o.id = p.provider_id
        WHERE r.ran_at IS NOT NULL AND r.status IN ('proposed', 'approved')
          AND (m.id IS NOT NULL OR r.unmatched @> jsonb_build_array(jsonb_build_object('studentId', $1::text)))
        ORDER BY r.ran_at DESC, r.id`,
      [actor.id],
    );
    return rows.map((row) => ({
      roundId: row.id,
      roundName: row.name,
      ranAt: row.ran_at.toISOString(),
      proposal: row.match_id
        ? {
            matchId: row.match_id,
            placementId: row.placement_id as string,
            placementTitle: row.placement_title as string,
            providerName: row.provider_name as string,
            rank: row.student_rank as number,
            status: row.match_status as MatchStatus,
          }
        : null,
      reason: row.match_id
        ? null
        : (row.unmatched.find((u) => u.studentId === actor.id)?.reason ?? null),
    }));
  }

  // ---- running ---------------------------------------------------------------------------------

  /**
   * Queues a run and, unless `wait` is false, waits for it (the job may run in another process).
   * Returns whether it finished in time.
   */
  async run(actor: Actor, id: string, policy: AllocationPolicy, wait: boolean): Promise<boolean> {
    // Inside an outer transaction (a request with an Idempotency-Key) the job only becomes
    // visible when the request commits, so waiting for it here could never succeed.
    const canWait = wait && !this.db.inTransaction;
    await this.db.transaction(async (em) => {
      const round = await this.find(em, actor, id, true);
      if (round.status === 'running') {
        throw DomainException.conflict('conflict', 'This round is already running.');
      }
      await em.query(
        `UPDATE allocation_round SET status = 'running', phase = 'queued', error = NULL, updated_at = now() WHERE id = $1`,
        [id],
      );
      await this.jobs.enqueue(em, 'allocation', [{ roundId: id, policy, actor } satisfies RunJob], {
        retryLimit: 2,
        retryDelay: 5,
      });
    });
    // The job was committed just now: start it without waiting for the queue's next poll.
    this.jobs.wake('allocation');
    if (!canWait) return false;
    const deadline = Date.now() + RUN_WAIT_MS;
    while (Date.now() < deadline) {
      const [row] = await queryRows<{ status: string }>(
        this.db.manager,
        `SELECT status FROM allocation_round WHERE id = $1`,
        [id],
      );
      if (row.status !== 'running') return true;
      // Usually this process runs the job: look again as soon as it ends here, else in 100 ms.
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          this.finished.off(id, done);
          resolve();
        };
        const timer = setTimeout(done, 100);
        this.finished.on(id, done);
      });
    }
    return false;
  }

  /** The background job: load, run, save, in one transaction under the allocation lock. */
  async execute(job: RunJob): Promise<void> {
    const started = Date.now();
    let timings: { loadMs: number; matchMs: number; saveMs: number } | undefined;
    try {
      await this.db.transaction(async (em) => {
        await em.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [ALLOCATION_LOCK]);
        const [round] = await queryRows<RoundRow>(
          em,
          // Not locked: progress is written to this row from outside the transaction meanwhile.
          `SELECT * FROM allocation_round WHERE id = $1`,
          [job.roundId],
        );
        if (!round || round.status !== 'running') return;
        await this.phase(job.roundId, 'loading');
        const loadStarted = Date.now();
        // The earlier proposals are replaced in this transaction while the inputs are read on
        // another connection: the inputs leave this round's own proposals out, and this
        // transaction has written nothing else they could miss (it holds the lock that keeps
        // other rounds out, which the reads do not need).
        const [replaced, { input }] = await alongside(
          this.replaceProposals(em, job.actor, round),
          () =>
            this.db.manager.connection.transaction((reader) =>
              loadInputs(reader, this.scope(round)),
            ),
        );
        const loadMs = Date.now() - loadStarted;
        const seed = round.seed ?? randomBytes(8).toString('hex');
        await this.phase(job.roundId, 'matching');
        const matchStarted = Date.now();
        const result = allocate({ ...input, seed, policy: job.policy });
        const matchMs = Date.now() - matchStarted;
        await this.phase(job.roundId, 'saving');
        const saveStarted = Date.now();
        const run = round.run_count + 1;
        // And saves them while this process sums up the run.
        const [matched, { rankCounts, inputsFingerprint }] = await alongside(
          this.saveProposals(em, job.actor, round, run, result, replaced),
          () => ({ rankCounts: countRanks(result), inputsFingerprint: fingerprint(input) }),
        );
        const saveMs = Date.now() - saveStarted;
        await em.query(
          `UPDATE allocation_round
              SET status = 'proposed', phase = NULL, seed = $2, policy = $3, run_count = $4,
                  inputs_fingerprint = $5, students = $6, placements = $7, matched = $8,
                  unmatched = $9, rank_counts = $10, duration_ms = $11, error = NULL,
                  ran_by = $12, ran_at = now(), updated_at = now()
            WHERE id = $1`,
          [
            round.id,
            seed,
            job.policy,
            run,
            inputsFingerprint,
            input.students.length,
            input.placements.length,
            matched,
            JSON.stringify(result.unmatched),
            rankCounts,
            Date.now() - started,
            job.actor.id,
          ],
        );
        timings = { loadMs, matchMs, saveMs };
        await this.audit.record(em, job.actor, {
          action: 'allocation_round.run',
          entityType: 'allocation_round',
          entityId: round.id,
          organisationId: round.organisation_id,
          before: { status: round.status, replacedProposals: replaced.count },
          after: {
            status: 'proposed',
            run,
            seed,
            policy: job.policy,
            inputsFingerprint,
            matched,
            unmatched: result.unmatched.length,
          },
        });
      });
      this.metrics.observeRound(job.policy, 'proposed', (Date.now() - started) / 1000);
      if (timings) {
        this.logger.log(
          { roundId: job.roundId, policy: job.policy, ...timings, totalMs: Date.now() - started },
          'Allocation round proposed',
        );
      }
    } catch (error) {
      this.metrics.observeRound(job.policy, 'failed', (Date.now() - started) / 1000);
      this.logger.error({ err: error, roundId: job.roundId }, 'Allocation round failed');
      const message = error instanceof Error ? error.message : String(error);
      await this.db.manager.query(
        `UPDATE allocation_round SET status = 'failed', phase = NULL, error = $2, updated_at = now()
          WHERE id = $1 AND status = 'running'`,
        [job.roundId, `The round could not be run: ${message}`.slice(0, 2000)],
      );
    } finally {
      this.finished.emit(job.roundId);
    }
  }

  /** Both policies on the round's current inputs and seed, side by side; nothing is saved. */
  async compare(actor: Actor, id: string): Promise<PolicyComparison> {
    const round = await this.find(this.db.manager, actor, id, false);
    const { input } = await this.db.transaction((em) => loadInputs(em, this.scope(round)));
    const seed = round.seed ?? 'comparison';
    const outcome = (policy: AllocationPolicy): PolicyOutcome => {
      const full: AllocationInput = { ...input, seed, policy };
      const result = allocate(full);
      const unmatched = Object.fromEntries(UNMATCHED_REASONS.map((r) => [r.code, 0])) as Record<
        AllocationUnmatchedReason,
        number
      >;
      for (const u of result.unmatched) unmatched[u.reason] += 1;
      const ranks = result.assignments.map((a) => a.rank);
      return {
        policy,
        matched: result.assignments.length,
        unmatched,
        rankCounts: countRanks(result),
        averageRank: ranks.length
          ? Math.round((ranks.reduce((a, b) => a + b, 0) / ranks.length) * 100) / 100
          : null,
        blockingPairs: findBlockingPairs(full, result).length,
      };
    };
    return {
      seed,
      students: input.students.length,
      placements: input.placements.length,
      stable: outcome('stable'),
      welfare: outcome('welfare'),
    };
  }

  // ---- approving -------------------------------------------------------------------------------

  /** Approves the round's still-proposed matches (or the ones named), each through the safe path. */
  async approve(actor: Actor, id: string, matchIds?: string[]): Promise<RoundApprovalResultDto> {
    const round = await this.find(this.db.manager, actor, id, false);
    if (round.status === 'running') {
      throw DomainException.conflict('conflict', 'Wait for the round to finish running.');
    }
    const proposed = await queryRows<{ id: string }>(
      this.db.manager,
      `SELECT id FROM placement_match WHERE round_id = $1 AND round_run = $2 AND status = 'proposed' ORDER BY id`,
      [round.id, round.run_count],
    );
    const ours = new Set(proposed.map((row) => row.id));
    if (matchIds) {
      const strangers = matchIds.filter((matchId) => !ours.has(matchId));
      if (strangers.length) {
        throw DomainException.invalidField(
          'matchIds',
          `matchIds includes ${strangers.length} ${strangers.length === 1 ? 'match that is' : 'matches that are'} not a still-proposed match of this round`,
        );
      }
    }
    const result = await this.matches.decideMany(actor, matchIds ?? [...ours], 'approve');
    await this.db.transaction(async (em) => {
      const [{ left }] = await queryRows<{ left: number }>(
        em,
        `SELECT count(*)::int AS left FROM placement_match WHERE round_id = $1 AND round_run = $2 AND status = 'proposed'`,
        [round.id, round.run_count],
      );
      if (left === 0 && round.status === 'proposed') {
        await em.query(
          `UPDATE allocation_round SET status = 'approved', updated_at = now() WHERE id = $1`,
          [round.id],
        );
      }
      await this.audit.record(em, actor, {
        action: 'allocation_round.approved',
        entityType: 'allocation_round',
        entityId: round.id,
        organisationId: round.organisation_id,
        after: { approved: result.succeeded.length, failed: result.failed.length },
      });
    });
    return { approved: result.succeeded.length, ...result };
  }

  // ---- inside ----------------------------------------------------------------------------------

  private scope(round: RoundRow): RoundScope {
    return {
      universityIds: round.university_ids,
      startFrom: round.start_from,
      startTo: round.start_to,
      professions: round.professions,
      roundId: round.id,
    };
  }

  /**
   * A new run replaces the round's own still-proposed matches: each becomes rejected, with the
   * reason and an audit record, in one statement (for a round of 12,000 proposals the audit
   * records alone took a second when built in JavaScript). Their applications stay offered for
   * now: most are proposed again by the new run, and {@link saveProposals} puts the others back
   * to submitted.
   */
  private async replaceProposals(
    em: EntityManager,
    actor: Actor,
    round: RoundRow,
  ): Promise<{ count: number; applicationIds: string[] }> {
    // One statement, run while the inputs are read on another connection (see execute).
    const [replaced] = await queryRows<{ count: number; application_ids: string[] | null }>(
      em,
      `WITH replaced AS (
         UPDATE placement_match SET status = 'rejected', reason = 'Replaced when the allocation round was run again.',
                decided_at = now(), updated_at = now()
          WHERE round_id = $1 AND status = 'proposed'
          RETURNING id, application_id, university_id
       ), audited AS (
         INSERT INTO audit_event (actor_id, actor_role, action, entity_type, entity_id, organisation_id,
                                  before, after, reason, request_id)
         SELECT $2, $3, 'match.rejected', 'match', r.id, r.university_id,
                '{"status": "proposed"}', '{"status": "rejected"}',
                'replaced by a new run of the allocation round', $4
           FROM replaced r ORDER BY r.id
       )
       SELECT count(*)::int AS count,
              array_agg(application_id) FILTER (WHERE application_id IS NOT NULL) AS application_ids
         FROM replaced`,
      [round.id, actor.id, actor.role, actor.requestId],
    );
    return { count: replaced.count, applicationIds: replaced.application_ids ?? [] };
  }

  /**
   * Every assignment becomes a proposed match (source "allocation") linked to the student's live
   * application for it, which becomes offered, each with its audit record; the applications of
   * replaced proposals that this run did not propose again go back to submitted. One statement,
   * so that the work per row stays in the database (a round proposes tens of thousands of
   * matches, more than one parameterised INSERT can carry).
   */
  private async saveProposals(
    em: EntityManager,
    actor: Actor,
    round: RoundRow,
    run: number,
    result: AllocationResult,
    replaced: { applicationIds: string[] },
  ): Promise<number> {
    const rows = result.assignments;
    const [{ proposed }] = await queryRows<{ proposed: number }>(
      em,
      `WITH proposed AS (
         INSERT INTO placement_match (student_id, placement_id, application_id, university_id, provider_id,
                                      source, start_date, end_date, round_id, round_run, student_rank)
         SELECT x.student_id, p.id, a.id, u.organisation_id, p.provider_id, 'allocation',
                p.start_date, p.end_date, $4, $5, x.rank
           FROM unnest($1::uuid[], $2::uuid[], $3::int[]) AS x(student_id, placement_id, rank)
           JOIN placement p ON p.id = x.placement_id
           JOIN app_user u ON u.id = x.student_id
           LEFT JOIN application a ON a.student_id = x.student_id AND a.placement_id = x.placement_id
                AND a.status IN ('submitted', 'offered')
         RETURNING id, student_id, placement_id, application_id, university_id, student_rank
       ), offered AS (
         UPDATE application SET status = 'offered', updated_at = now()
          WHERE id IN (SELECT application_id FROM proposed) AND status = 'submitted'
       ), resubmitted AS (
         -- Nothing else can hold these applications: a student has one live match per placement.
         UPDATE application SET status = 'submitted', updated_at = now()
          WHERE id = ANY ($9::uuid[]) AND status = 'offered'
            AND id NOT IN (SELECT application_id FROM proposed WHERE application_id IS NOT NULL)
       ), audited AS (
         INSERT INTO audit_event (actor_id, actor_role, action, entity_type, entity_id, organisation_id,
                                  after, request_id)
         SELECT $6, $7, 'match.proposed', 'match', m.id, m.university_id,
                jsonb_build_object('status', 'proposed', 'source', 'allocation', 'roundId', $4::uuid,
                                   'studentId', m.student_id, 'placementId', m.placement_id,
                                   'rank', m.student_rank),
                $8
           FROM proposed m ORDER BY m.id
       )
       SELECT count(*)::int AS proposed FROM proposed`,
      [
        rows.map((a) => a.studentId),
        rows.map((a) => a.placementId),
        rows.map((a) => a.rank),
        round.id,
        run,
        actor.id,
        actor.role,
        actor.requestId,
        replaced.applicationIds,
      ],
    );
    return proposed;
  }

  private async phase(id: string, phase: string): Promise<void> {
    // Outside the run's transaction, so that someone watching sees it move.
    await this.db.manager.connection.query(
      `UPDATE allocation_round SET phase = $2 WHERE id = $1 AND status = 'running'`,
      [id, phase],
    );
  }

  private visibleTo(actor: Actor, param: (value: unknown) => string): string {
    if (actor.role === 'admin') return 'TRUE';
    if (actor.role === 'coordinator') return `r.organisation_id = ${param(actor.organisationId)}`;
    return 'FALSE';
  }

  /** The round if the actor may see it (404 otherwise); `columns` to read only some of it. */
  private async find<Row extends Partial<RoundRow> = RoundRow>(
    em: EntityManager,
    actor: Actor,
    id: string,
    lock: boolean,
    columns = 'r.*',
  ): Promise<Row> {
    const params: unknown[] = [id];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const [row] = await queryRows<Row>(
      em,
      `SELECT ${columns} FROM allocation_round r WHERE r.id = $1 AND ${this.visibleTo(actor, param)} ${lock ? 'FOR UPDATE' : ''}`,
      params,
    );
    if (!row) throw DomainException.notFound('Allocation round');
    return row;
  }
}

/** How far a running round has got (queued until its job starts); null when it is not running. */
function phaseOf(round: Pick<RoundRow, 'status' | 'phase'>): AllocationRoundDto['phase'] {
  return round.status === 'running'
    ? ((round.phase as AllocationRoundDto['phase']) ?? 'queued')
    : null;
}

/** How many students got their 1st, 2nd, 3rd … choice (index 0 is 1st), up to the worst rank given. */
function countRanks(result: AllocationResult): number[] {
  const counts: number[] = [];
  for (const a of result.assignments) {
    while (counts.length < a.rank) counts.push(0);
    counts[a.rank - 1] += 1;
  }
  return counts;
}
