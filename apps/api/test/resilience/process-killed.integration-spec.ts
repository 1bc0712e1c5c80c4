import { Client } from 'pg';
import { apply, createWorld, type Person, type World } from '../matching/support';
import { buildApi } from '../support/api-process';
import { TestApp } from '../support/test-app';
import {
  checkInvariants,
  effectsByKey,
  persist,
  startApi,
  tally,
  waitForBlocked,
  withClient,
  type ApiServer,
  type Operation,
} from './support/harness';

/**
 * Part 4 of issue 7, fault injection: two API processes share one database and one of them is
 * killed (SIGKILL: no shutdown of any kind) while it holds requests inside their transactions;
 * the clients retry on the survivor with the same Idempotency-Keys.
 */
describe('an API process killed under load', () => {
  let t: TestApp;
  let w: World;
  let a: ApiServer;
  let b: ApiServer;
  const KEY = `kill-${Date.now().toString(36)}-`;

  beforeAll(async () => {
    buildApi();
    t = await TestApp.start();
    w = await createWorld(t);
    // Ten connections each, whatever the machine's default, so that the burst below can hold
    // twelve transactions open across the two.
    const pool10 = { DB_POOL_SIZE: '10' };
    [a, b] = await Promise.all([startApi(t.databaseUrl, pool10), startApi(t.databaseUrl, pool10)]);
  }, 300_000);
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await t?.close();
  });

  it('loses no request and applies none twice when one of two processes is killed mid-transaction', async () => {
    // Four placements of two seats on the same dates; 32 students apply to two each, so every
    // seat is raced for and a student can hold only one of them.
    const placements: string[] = [];
    for (let i = 0; i < 4; i++)
      placements.push((await w.placement({ capacity: 2, applicationDeadline: null })).id);
    const students: Person[] = [];
    for (let i = 0; i < 32; i++) students.push(await w.student(`Kill Student ${i + 1}`));
    const applications: string[] = [];
    for (const [i, student] of students.entries()) {
      applications.push((await apply(t, student, placements[i % 4])).id);
      applications.push((await apply(t, student, placements[(i + 1) % 4])).id);
    }

    const ops: Operation[] = [];
    const record = (op: Operation) => ops.push(op);
    let seq = 0;
    const deadline = Date.now() + 90_000;
    const processes = [a, b];
    /** The i-th request goes to A or B in turn; retries go to whichever is still alive. */
    const send = (i: number, name: string, path: string, token: string, body?: unknown) =>
      persist(
        (attempt) => (attempt === 0 ? processes[i % 2].url : b.url),
        { name, method: 'POST', path, options: { token, body, key: `${KEY}${++seq}` } },
        deadline,
        record,
      );
    const pool = async <T>(
      items: T[],
      width: number,
      work: (item: T, i: number) => Promise<unknown>,
    ) => {
      let next = 0;
      await Promise.all(
        Array.from({ length: width }, async () => {
          while (next < items.length) {
            const i = next++;
            await work(items[i], i);
          }
        }),
      );
    };

    // Free-running: 48 of the 64 applications are offered, spread over both processes.
    const early = applications.slice(0, 48);
    const late = applications.slice(48);
    const offered: string[] = [];
    await pool(early, 8, async (id, i) => {
      const op = await send(i, 'offer', `/api/applications/${id}/offer`, w.provider.token);
      if (op.final?.status === 201) offered.push(String(op.final.body?.id));
    });
    expect(offered.length).toBe(48);

    // Then every proposal is approved and the last 16 applications offered, all at once. A lock on
    // the notification table (the last thing an approval or an offer writes) holds each of them
    // inside its transaction, seats taken, until process A has been killed.
    const blocker = new Client({ connectionString: t.databaseUrl });
    await blocker.connect();
    let killedAt = 0;
    let inFlightAtKill = 0;
    let blockedAtKill = 0;
    try {
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE notification IN EXCLUSIVE MODE');
      const work = [
        ...offered.map((id) => ({ kind: 'approve', id })),
        ...late.map((id) => ({ kind: 'offer', id })),
      ];
      const burst = pool(work, work.length, (item, i) =>
        item.kind === 'approve'
          ? send(i, 'approve', `/api/matches/${item.id}/approve`, w.coordinator.token)
          : send(i, 'offer', `/api/applications/${item.id}/offer`, w.provider.token),
      );
      // Each process holds as many transactions open as its pool has connections (10).
      blockedAtKill = (await waitForBlocked(blocker, '%', 12)).length;
      await new Promise((done) => setTimeout(done, 500));
      inFlightAtKill = ops.filter((op) => !op.final).length;
      a.child.kill('SIGKILL');
      const exit = await a.exited;
      killedAt = exit.at;
      expect(exit.signal).toBe('SIGKILL');
      await blocker.query('COMMIT');
      await burst;
    } finally {
      await blocker.end();
    }

    const burstOps = ops.slice(48);
    const cutShort = burstOps.filter((op) => op.attempts[0]?.status === 0);
    const attempts = ops.flatMap((op) => op.attempts);
    const approvals = burstOps.filter((op) => op.name === 'approve');
    const figures = {
      operations: ops.length,
      burst: burstOps.length,
      blockedSessionsAtKill: blockedAtKill,
      waitingAtKill: inFlightAtKill,
      cutShortByKill: cutShort.length,
      retriedOnSurvivor: burstOps.filter((op) => op.attempts.length > 1).length,
      attemptStatuses: tally(attempts.map((x) => x.status)),
      approvals: tally(approvals.map((op) => op.final?.status ?? 0)),
      lateOffers: tally(
        burstOps.filter((op) => op.name === 'offer').map((op) => op.final?.status ?? 0),
      ),
      burstMs:
        Math.max(...burstOps.map((op) => (op.final?.at ?? 0) + (op.final?.ms ?? 0))) - killedAt,
    };
    console.log(`process killed: ${JSON.stringify(figures)}`);

    // Every request A had taken was cut short (it never answered) and then answered by B.
    const sentToA = burstOps.filter((op) => op.attempts[0]?.base === a.url);
    expect(cutShort.length).toBeGreaterThan(0);
    expect(sentToA.filter((op) => op.attempts[0]?.status !== 0)).toEqual([]);
    expect(cutShort.filter((op) => op.attempts.length < 2)).toEqual([]);
    // No 500s anywhere: only answers, connection failures from the killed process, or a 503 to retry.
    expect(attempts.filter((x) => ![0, 200, 201, 409, 503].includes(x.status))).toEqual([]);
    expect(ops.filter((op) => ![200, 201, 409].includes(op.final?.status ?? 0))).toEqual([]);
    // Eight seats, far more candidates for each: exactly eight approvals succeeded.
    expect(figures.approvals).toEqual({ 200: 8, 409: 40 });

    const report = await checkInvariants(t.databaseUrl, KEY);
    expect(report.seatErrors).toEqual([]);
    expect(report.overlaps).toEqual([]);
    expect(report.repeatedEffects).toEqual([]);
    expect(report.approved).toBe(8);
    const effects = await effectsByKey(t.databaseUrl, KEY);
    const applied = (op: Operation) => effects.get(String(op.options.key));
    expect(
      ops.filter((op) => (op.final?.status ?? 0) < 300 && !applied(op)).map((op) => op.name),
    ).toEqual([]);
    expect(
      ops.filter((op) => (op.final?.status ?? 0) >= 300 && applied(op)).map((op) => op.name),
    ).toEqual([]);
    // One match per offered application, one approval record per approved match.
    const doubled = await withClient(t.databaseUrl, async (client) => {
      const matches = await client.query(
        `SELECT application_id FROM placement_match WHERE application_id = ANY($1::uuid[])
          GROUP BY application_id HAVING count(*) > 1`,
        [applications],
      );
      const approvedTwice = await client.query(
        `SELECT entity_id FROM audit_event WHERE action = 'match.approved' AND entity_id = ANY($1::uuid[])
          GROUP BY entity_id HAVING count(*) > 1`,
        [offered],
      );
      return [...matches.rows, ...approvedTwice.rows];
    });
    expect(doubled).toEqual([]);
    // The survivor is healthy and kept serving throughout.
    expect((await fetch(`${b.url}/api/health`)).status).toBe(200);
  }, 200_000);
});
