import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createWorld, type Person, type World } from '../matching/support';
import { placementBody } from '../placements/support';
import { buildApi } from '../support/api-process';
import {
  ADMIN,
  call,
  checkInvariants,
  effectsByKey,
  freePort,
  isContractError,
  persist,
  randomSecret,
  remoteApp,
  sleep,
  startApi,
  startPgServer,
  tally,
  type ApiServer,
  type Operation,
  type Outcome,
  type PgServer,
  withClient,
} from './support/harness';

/**
 * Part 4 of issue 7, fault injection: the database is stopped in the middle of a stream of
 * requests and started again, under an API process that keeps running. This file uses its own
 * embedded PostgreSQL (never the shared one other test files are using at the same time).
 */
describe('the database restarted under load', () => {
  let dir: string;
  let port: number;
  let pg: PgServer;
  let api: ApiServer;
  let w: World;
  const KEY = `restart-${Date.now().toString(36)}-`;

  beforeAll(async () => {
    buildApi();
    dir = mkdtempSync(join(tmpdir(), 'ahp-restart-'));
    port = await freePort();
    pg = await startPgServer(dir, port);
    // Migrations are applied as the process starts, on the empty database.
    api = await startApi(pg.url, {
      JWT_SECRET: randomSecret(),
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      DB_POOL_SIZE: '6',
    });
    w = await createWorld(remoteApp(() => api.url));
  }, 300_000);

  afterAll(async () => {
    await api?.stop();
    await pg?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('answers 503 while it is down, recovers without a restart, and every retried write has exactly one effect', async () => {
    // Six placements of two seats: three in February–March 2027 and three in April–May, so a
    // student's applications within a group clash by date and seats run out.
    const early = { startDate: '2027-02-01', endDate: '2027-03-26', applicationDeadline: null };
    const late = { startDate: '2027-04-05', endDate: '2027-05-28', applicationDeadline: null };
    const placements: string[] = [];
    expect((await call(api.url, 'GET', '/api/health')).status).toBe(200);
    for (let i = 0; i < 6; i++)
      placements.push((await w.placement({ capacity: 2, ...(i < 3 ? early : late) })).id);
    const students: Person[] = [];
    for (let i = 0; i < 16; i++) students.push(await w.student(`Restart Student ${i + 1}`));

    const ops: Operation[] = [];
    const record = (op: Operation) => ops.push(op);
    const deadline = Date.now() + 60_000;
    const base = () => api.url;
    let writes = 0;
    let seq = 0;
    const write = async (
      name: string,
      path: string,
      token: string,
      body: unknown = undefined,
    ): Promise<Operation> => {
      const op = await persist(
        base,
        { name, method: 'POST', path, options: { token, body, key: `${KEY}${++seq}` } },
        deadline,
        record,
      );
      writes++;
      return op;
    };

    /** A student applies to three placements (two of one date group, one of the other); each is offered and approved. */
    const story = async (student: Person, i: number) => {
      const targets = [placements[i % 3], placements[(i + 1) % 3], placements[3 + (i % 3)]];
      for (const placementId of targets) {
        const applied = await write('apply', '/api/applications', student.token, { placementId });
        if (applied.final?.status !== 201) continue;
        const applicationId = String(applied.final.body?.id);
        const offered = await write(
          'offer',
          `/api/applications/${applicationId}/offer`,
          w.provider.token,
        );
        if (offered.final?.status !== 201) continue;
        await write(
          'approve',
          `/api/matches/${String(offered.final.body?.id)}/approve`,
          w.coordinator.token,
        );
      }
    };
    /** The provider posts new placements (nothing but the key stops a retry making a second one). */
    const posting = async () => {
      for (let i = 0; i < 12; i++) {
        const created = await write('create placement', '/api/placements', w.provider.token, {
          title: `${KEY}placement ${i}`,
          professions: ['occupational_therapy'],
          setting: 'mental_health',
          model: 'one_to_one',
          postcode: 'LS7 3JX',
          startDate: '2027-09-06',
          endDate: '2027-10-29',
          capacity: 1,
        });
        if (created.final?.status === 201)
          await write(
            'publish',
            `/api/placements/${String(created.final.body?.id)}/publish`,
            w.provider.token,
          );
      }
    };
    let streaming = true;
    const reads: Outcome[] = [];
    const reading = async () => {
      const paths = ['/api/placements?limit=20', '/api/matches?limit=20', '/api/applications'];
      for (let i = 0; streaming; i++) {
        const token = i % 2 ? w.coordinator.token : students[i % students.length].token;
        reads.push(await call(api.url, 'GET', paths[i % paths.length], { token }));
        await sleep(50);
      }
    };

    // Four student lanes, the provider and a reader at once.
    const queue = students.map((student, i) => () => story(student, i));
    const lane = async () => {
      for (let next = queue.shift(); next; next = queue.shift()) await next();
    };
    const readers = reading();
    const stream = Promise.all([lane(), lane(), lane(), lane(), posting()]);

    // Mid-stream, stop the database.
    while (writes < 25) await sleep(20);
    const writesBefore = writes;
    const stopStarted = Date.now();
    await pg.stop();
    const down = Date.now();
    const stopMs = down - stopStarted;

    // While it is down: health is 503 and a write is a clean 503 in the contract's shape.
    const health: Outcome[] = [];
    while (Date.now() - down < 3000) {
      health.push(await call(api.url, 'GET', '/api/health', { timeoutMs: 10_000 }));
      await sleep(100);
    }
    const whileDown = await call(api.url, 'POST', '/api/placements', {
      token: w.provider.token,
      key: `${KEY}during-outage`,
      body: placementBody({ title: `${KEY}during the outage` }),
    });

    // Start it again; the API process is left alone.
    const restartStarted = Date.now();
    pg = await startPgServer(dir, port);
    const up = Date.now();
    let healthyAfterMs = -1;
    while (Date.now() - up < 15_000) {
      const probe = await call(api.url, 'GET', '/api/health', { timeoutMs: 5000 });
      if (probe.status === 200) {
        healthyAfterMs = Date.now() - up;
        break;
      }
      await sleep(50);
    }

    await stream;
    streaming = false;
    await readers;
    const finished = Date.now();

    // ---- what the clients saw -------------------------------------------------------------
    const attempts = ops.flatMap((op) => op.attempts);
    const failedAttempts = attempts.filter((a) => a.status >= 500 || a.status <= 0);
    const outageAttempts = attempts.filter((a) => a.at >= stopStarted && a.at < up);
    const figures = {
      writesBeforeStop: writesBefore,
      stopMs,
      downMs: up - down,
      restartMs: up - restartStarted,
      healthyAfterMs,
      healthProbesWhileDown: tally(health.map((h) => h.status)),
      slowestHealthWhileDownMs: Math.max(...health.map((h) => h.ms)),
      operations: ops.length,
      attempts: attempts.length,
      retriedOperations: ops.filter((op) => op.attempts.length > 1).length,
      attemptStatuses: tally(attempts.map((a) => a.status)),
      attemptsDuringOutage: tally(outageAttempts.map((a) => a.status)),
      slowestAttemptMs: Math.max(...attempts.map((a) => a.ms)),
      finalStatuses: tally(ops.map((op) => op.final?.status ?? 0)),
      reads: tally(reads.map((r) => r.status)),
      streamMs: finished - (ops[0]?.attempts[0]?.at ?? finished),
    };
    console.log(`database restart: ${JSON.stringify(figures)}`);
    expect({ exit: api.child.exitCode ?? api.child.signalCode, output: '' }).toEqual({
      exit: null,
      output: api.child.exitCode === null && !api.child.signalCode ? '' : api.output().slice(-6000),
    });

    expect(health.length).toBeGreaterThan(5);
    expect(health.every((h) => h.status === 503)).toBe(true);
    expect(health.every((h) => h.body?.code === 'service_unavailable')).toBe(true);
    expect(figures.slowestHealthWhileDownMs).toBeLessThan(3000);
    expect(whileDown.status).toBe(503);
    expect(isContractError(whileDown)).toBe(true);
    expect(whileDown.body?.code).toBe('service_unavailable');
    expect(healthyAfterMs).toBeGreaterThanOrEqual(0);
    expect(healthyAfterMs).toBeLessThan(5000);

    // The outage reached the clients, as 503s in the contract's shape: no hangs, no 500s.
    expect(outageAttempts.some((a) => a.status === 503)).toBe(true);
    expect(failedAttempts.filter((a) => a.status !== 503)).toEqual([]);
    expect(failedAttempts.filter((a) => !isContractError(a))).toEqual([]);
    expect(reads.filter((r) => r.status !== 200 && r.status !== 503)).toEqual([]);
    // Every operation ended with a real answer once the database was back.
    const finals = ops.map((op) => `${op.name} ${op.final?.status}`);
    expect(finals.filter((f) => !/ (200|201|409)$/.test(f))).toEqual([]);
    expect(ops.filter((op) => op.name === 'create placement' && op.final?.status !== 201)).toEqual(
      [],
    );

    // ---- what the database holds ----------------------------------------------------------
    const report = await checkInvariants(pg.url, KEY);
    expect(report.seatErrors).toEqual([]);
    expect(report.overlaps).toEqual([]);
    expect(report.repeatedEffects).toEqual([]);
    // Six placements of two seats, three students per placement at least: every seat is taken.
    expect(report.approved).toBe(12);
    const effects = await effectsByKey(pg.url, KEY);
    for (const op of ops) {
      const key = String(op.options.key);
      const done = effects.get(key);
      // A write that succeeded (first time or on a retry) shows exactly once; a refused one not at all.
      if (op.final && op.final.status < 300)
        expect({ key, done: !!done }).toEqual({ key, done: true });
      else expect({ key, done }).toEqual({ key, done: undefined });
    }
    // Nothing but the key stops a repeated "create placement" from making a second one.
    const copies = await withClient(pg.url, (client) =>
      client.query<{ title: string; n: number }>(
        `SELECT title, count(*)::int AS n FROM placement WHERE title LIKE $1 GROUP BY title`,
        [`${KEY}%`],
      ),
    );
    expect(copies.rows.filter((row) => row.n !== 1)).toEqual([]);
    expect(copies.rows.length).toBe(ops.filter((op) => op.name === 'create placement').length);
    expect(effects.get(`${KEY}during-outage`)).toBeUndefined();
  }, 200_000);
});
