import type { AllocationRound, RoundApprovalResult } from '@ahp/contracts';
import { Client } from 'pg';
import { MatchesService } from '../../src/matches/matches.service';
import { apply, createWorld, type Person, type World } from '../matching/support';
import { TestApp } from '../support/test-app';
import { checkInvariants, waitForBlocked, withClient } from './support/harness';

/**
 * Part 4 of issue 7, fault injection: the database connection of a transaction is killed
 * (pg_terminate_backend) in the middle of bigger units of work than one approval
 * (matching/concurrency.integration-spec.ts covers that): an allocation round's save, and a bulk
 * approval with and without an Idempotency-Key. Nothing may be left half done, and the same
 * process serves the retry.
 */
describe('a connection killed mid-transaction', () => {
  let t: TestApp;
  let w: World;
  let students: Person[];

  beforeAll(async () => {
    t = await TestApp.start({ DB_POOL_SIZE: '6' });
    w = await createWorld(t);
    students = [];
    for (let i = 0; i < 12; i++) students.push(await w.student(`Cut Student ${i + 1}`));
  }, 120_000);
  afterAll(() => t?.close());

  /** Three published three-seat placements starting on `start`, applied to by all 12 students in turn-dependent order. */
  async function roundOver(year: number) {
    const start = `${year}-03-01`;
    const placements: string[] = [];
    for (let i = 0; i < 3; i++)
      placements.push(
        (
          await w.placement({
            title: `Cut ${year} placement ${i + 1}`,
            startDate: start,
            endDate: `${year}-04-26`,
            applicationDeadline: null,
            requirements: [],
            capacity: 3,
          })
        ).id,
      );
    for (const [i, student] of students.entries())
      for (let r = 0; r < 3; r++) await apply(t, student, placements[(i + r) % 3], { rank: r + 1 });
    const round = await t.post<AllocationRound>('/api/allocation-rounds', {
      token: w.coordinator.token,
      body: {
        name: `Cut ${year}`,
        startFrom: `${year}-01-01`,
        startTo: `${year}-12-31`,
        seed: `resilience-${year}`,
      },
    });
    expect(round.status).toBe(201);
    return { id: round.body.id, placements };
  }

  /** Holds `lock` in a transaction of its own, waits for the API to block behind it, kills that session. */
  async function killBlocked(lock: string, params: unknown[], statement: string) {
    const blocker = new Client({ connectionString: t.databaseUrl });
    blocker.on('error', () => undefined);
    await blocker.connect();
    await blocker.query('BEGIN');
    await blocker.query(lock, params);
    return {
      kill: async () => {
        try {
          const [pid] = await waitForBlocked(blocker, statement);
          const wrote = await blocker.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM pg_locks WHERE pid = $1 AND locktype = 'transactionid' AND granted`,
            [pid],
          );
          await blocker.query('SELECT pg_terminate_backend($1)', [pid]);
          // Whether the killed transaction had already written something of its own.
          return wrote.rows[0].n > 0;
        } finally {
          await blocker.query('ROLLBACK');
          await blocker.end();
        }
      },
    };
  }

  const roundState = (id: string) =>
    withClient(t.databaseUrl, async (client) => {
      const { rows } = await client.query(
        `SELECT r.status, r.run_count,
                (SELECT count(*)::int FROM placement_match m WHERE m.round_id = r.id) AS matches,
                (SELECT count(*)::int FROM placement_match m WHERE m.round_id = r.id AND m.status = 'approved') AS approved,
                (SELECT count(*)::int FROM audit_event a
                  WHERE a.action = 'match.proposed' AND a.after->>'roundId' = r.id::text) AS proposed_audits,
                (SELECT count(*)::int FROM audit_event a
                  WHERE a.action = 'match.approved' AND a.entity_id IN (SELECT id FROM placement_match WHERE round_id = r.id)) AS approved_audits
           FROM allocation_round r WHERE r.id = $1`,
        [id],
      );
      return rows[0];
    });
  const offeredApplications = (placements: string[]) =>
    withClient(t.databaseUrl, async (client) => {
      const { rows } = await client.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM application WHERE placement_id = ANY($1::uuid[]) AND status = 'offered'`,
        [placements],
      );
      return rows[0].n;
    });

  it('leaves an allocation round unsaved, not half saved, when its connection dies while saving; it runs again', async () => {
    const round = await roundOver(2029);
    // The save is one statement that writes the proposals, then offers their applications and
    // audits each proposal: holding the applications' rows stops it once the proposals are
    // written inside its transaction.
    const cut = await killBlocked(
      'SELECT 1 FROM application WHERE placement_id = ANY ($1::uuid[]) FOR UPDATE',
      [round.placements],
      '%match.proposed%',
    );
    const started = Date.now();
    const pending = t.post<AllocationRound>(`/api/allocation-rounds/${round.id}/run`, {
      token: w.coordinator.token,
      body: {},
    });
    expect(await cut.kill()).toBe(true);
    const reply = await pending;
    const failedAfterMs = Date.now() - started;
    expect(reply.status).toBe(200);
    expect(reply.body.status).toBe('failed');
    expect(await roundState(round.id)).toEqual({
      status: 'failed',
      run_count: 0,
      matches: 0,
      approved: 0,
      proposed_audits: 0,
      approved_audits: 0,
    });
    expect(await offeredApplications(round.placements)).toBe(0);

    // The same process runs it again, in full: nine seats for twelve students.
    const again = await t.post<AllocationRound>(`/api/allocation-rounds/${round.id}/run`, {
      token: w.coordinator.token,
      body: {},
    });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(expect.objectContaining({ status: 'proposed', matched: 9 }));
    expect(await roundState(round.id)).toEqual({
      status: 'proposed',
      run_count: 1,
      matches: 9,
      approved: 0,
      proposed_audits: 9,
      approved_audits: 0,
    });
    expect(await offeredApplications(round.placements)).toBe(9);
    console.log(`round save killed: answered 'failed' after ${failedAfterMs} ms`);
  }, 60_000);

  it('approves nothing when a bulk approval with an Idempotency-Key loses its connection; the retry approves all', async () => {
    const round = await roundOver(2030);
    const run = await t.post<AllocationRound>(`/api/allocation-rounds/${round.id}/run`, {
      token: w.coordinator.token,
      body: {},
    });
    expect(run.body.matched).toBe(9);
    const ids = run.body.proposals.map((p) => p.matchId).sort();
    // Approvals go in id order: hold the fourth match's row, so three are approved inside the
    // request's one transaction when the fourth's connection is killed.
    const cut = await killBlocked(
      'SELECT 1 FROM placement_match WHERE id = $1 FOR UPDATE',
      [ids[3]],
      '%FOR UPDATE%',
    );
    const key = `bulk-${round.id}`;
    const approve = () =>
      t.post<RoundApprovalResult & { code?: string; statusCode?: number }>(
        `/api/allocation-rounds/${round.id}/approve`,
        { token: w.coordinator.token, body: {}, headers: { 'idempotency-key': key } },
      );
    const pending = approve();
    expect(await cut.kill()).toBe(true);
    const reply = await pending;
    expect(reply.status).toBe(503);
    expect(reply.body).toEqual(
      expect.objectContaining({ statusCode: 503, code: 'service_unavailable' }),
    );
    expect(await roundState(round.id)).toEqual(
      expect.objectContaining({ status: 'proposed', approved: 0, approved_audits: 0 }),
    );
    expect((await checkInvariants(t.databaseUrl, key)).seatErrors).toEqual([]);

    const retry = await approve();
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(expect.objectContaining({ approved: 9, failed: [] }));
    const repeat = await approve();
    expect(repeat.body).toEqual(retry.body);
    expect(await roundState(round.id)).toEqual(
      expect.objectContaining({ status: 'approved', approved: 9, approved_audits: 9 }),
    );
    const report = await checkInvariants(t.databaseUrl, key);
    expect(report.seatErrors).toEqual([]);
    expect(report.overlaps).toEqual([]);
  }, 60_000);

  it('keeps the slices approved before a bulk approval without a key loses its connection, and none of the slice it was on; the retry approves the rest', async () => {
    // Slices of three (500 in production), so that the cut falls in the second slice.
    const matches = t.app.get(MatchesService);
    matches.bulkChunk = 3;
    const round = await roundOver(2031);
    const run = await t.post<AllocationRound>(`/api/allocation-rounds/${round.id}/run`, {
      token: w.coordinator.token,
      body: {},
    });
    expect(run.body.matched).toBe(9);
    const ids = run.body.proposals.map((p) => p.matchId).sort();
    const cut = await killBlocked(
      'SELECT 1 FROM placement_match WHERE id = $1 FOR UPDATE',
      [ids[3]],
      '%FOR UPDATE%',
    );
    const approve = () =>
      t.post<RoundApprovalResult>(`/api/allocation-rounds/${round.id}/approve`, {
        token: w.coordinator.token,
        body: {},
      });
    const pending = approve();
    // Each slice is a transaction of its own: the second had locked and written nothing yet.
    expect(await cut.kill()).toBe(false);
    const reply = await pending;
    expect(reply.status).toBe(503);
    // The first slice stands: its three approvals are kept, with their seats counted.
    expect(await roundState(round.id)).toEqual(
      expect.objectContaining({ status: 'proposed', approved: 3, approved_audits: 3 }),
    );
    expect((await checkInvariants(t.databaseUrl, 'none')).seatErrors).toEqual([]);

    const retry = await approve();
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(expect.objectContaining({ approved: 6, failed: [] }));
    expect(await roundState(round.id)).toEqual(
      expect.objectContaining({ status: 'approved', approved: 9, approved_audits: 9 }),
    );
    const report = await checkInvariants(t.databaseUrl, 'none');
    expect(report.seatErrors).toEqual([]);
    expect(report.overlaps).toEqual([]);
    expect((await t.get('/api/health')).status).toBe(200);
    matches.bulkChunk = 500;
  }, 60_000);
});
