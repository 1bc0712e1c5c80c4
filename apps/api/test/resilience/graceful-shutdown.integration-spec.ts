import type { AllocationRound } from '@ahp/contracts';
import { Agent } from 'node:http';
import { Client } from 'pg';
import { createWorld, type World } from '../matching/support';
import { buildApi } from '../support/api-process';
import { TestApp } from '../support/test-app';
import {
  call,
  rawCall,
  sleep,
  startApi,
  waitForBlocked,
  withClient,
  type ApiServer,
} from './support/harness';

const ALLOCATION_LOCK = 'allocation-rounds';

/**
 * Part 5 of issue 7, graceful shutdown: an API process given SIGTERM while it is serving a slow
 * request (a 10,000-student CSV import) and running a background job (an allocation round) stops
 * accepting connections at once, finishes both, leaves a job it had not started queued, and exits
 * with 0; a second process started afterwards runs that job.
 */
describe('graceful shutdown', () => {
  let t: TestApp;
  let w: World;
  let first: ApiServer | undefined;
  let second: ApiServer | undefined;

  beforeAll(async () => {
    buildApi();
    // The in-process app only sets things up: it runs no jobs, so the API processes do.
    t = await TestApp.start({ JOBS_ENABLED: 'false' });
    w = await createWorld(t);
  }, 300_000);
  afterAll(async () => {
    await first?.stop();
    await second?.stop();
    await t?.close();
  });

  const roundState = (id: string) =>
    withClient(t.databaseUrl, async (client) => {
      const { rows } = await client.query(
        `SELECT r.status, r.phase, r.run_count,
                (SELECT count(*)::int FROM audit_event a WHERE a.entity_id = r.id AND a.action = 'allocation_round.run') AS runs
           FROM allocation_round r WHERE r.id = $1`,
        [id],
      );
      return rows[0];
    });

  it('finishes the request and the job in flight, keeps the queued one for the next process, and exits with 0', async () => {
    const api = await startApi(t.databaseUrl);
    first = api;
    const coordinator = { authorization: `Bearer ${w.coordinator.token}` };
    const newRound = async (name: string, year: number) => {
      const reply = await t.post<AllocationRound>('/api/allocation-rounds', {
        token: w.coordinator.token,
        body: { name, startFrom: `${year}-01-01`, startTo: `${year}-12-31` },
      });
      expect(reply.status).toBe(201);
      return reply.body.id;
    };
    const running = await newRound('Running at shutdown', 2032);
    const queued = await newRound('Queued at shutdown', 2033);
    const runAsync = (id: string) =>
      call(api.url, 'POST', `/api/allocation-rounds/${id}/run`, {
        token: w.coordinator.token,
        headers: { prefer: 'respond-async' },
        body: {},
      });

    // Another process holds the allocation lock, so the first round's job, once started,
    // waits inside the process; the second round's job queues behind it (one at a time).
    const allocation = new Client({ connectionString: t.databaseUrl });
    await allocation.connect();
    const users = new Client({ connectionString: t.databaseUrl });
    await users.connect();
    try {
      await allocation.query('SELECT pg_advisory_lock(hashtext($1))', [ALLOCATION_LOCK]);
      expect((await runAsync(running)).status).toBe(202);
      await waitForBlocked(allocation, '%pg_advisory_xact_lock%');
      expect((await runAsync(queued)).status).toBe(202);

      // A 10,000-student import over a keep-alive connection (as a proxy would hold one), held
      // at its first insert so that it is certainly in flight when the signal comes.
      await users.query('BEGIN');
      await users.query('LOCK TABLE app_user IN SHARE MODE');
      const rows = Array.from(
        { length: 10_000 },
        (_, i) =>
          `shutdown.${i}@student.test.example,Shutdown Student ${i},occupational_therapy,2,LS6 2AB,25`,
      );
      const keepAlive = new Agent({ keepAlive: true, keepAliveMsecs: 60_000 });
      // An idle keep-alive connection too, opened before the signal and never used again.
      const idle = new Agent({ keepAlive: true, keepAliveMsecs: 60_000 });
      expect((await rawCall(api.url, 'GET', '/api/health', { agent: idle })).status).toBe(200);
      const importStarted = Date.now();
      const importing = rawCall(api.url, 'POST', '/api/users/import', {
        agent: keepAlive,
        headers: { ...coordinator, 'content-type': 'text/csv' },
        body: ['email,name,profession,yearOfStudy,homePostcode,maxTravelKm', ...rows].join('\n'),
      }).then((reply) => ({ ...reply, at: Date.now() }));
      await waitForBlocked(users, '%INSERT INTO "app_user"%', 1, 30_000);

      const signalled = Date.now();
      api.child.kill('SIGTERM');
      // New connections are refused at once.
      let refusedAfterMs = -1;
      while (Date.now() - signalled < 5000) {
        const probe = await rawCall(api.url, 'GET', '/api/health', { agent: false });
        if (probe.error === 'ECONNREFUSED') {
          refusedAfterMs = Date.now() - signalled;
          break;
        }
        await sleep(20);
      }
      await sleep(Math.max(0, 1000 - (Date.now() - signalled)));
      expect(api.child.exitCode).toBeNull(); // still draining

      // Let the import go on; it finishes with its normal answer.
      await users.query('COMMIT');
      const imported = await importing;
      const importMs = imported.at - importStarted;
      await sleep(500);
      expect(api.child.exitCode).toBeNull(); // still waiting for the running job
      // Let the running job go on; the process exits once it is done.
      const released = Date.now();
      await allocation.query('SELECT pg_advisory_unlock(hashtext($1))', [ALLOCATION_LOCK]);
      let timer: NodeJS.Timeout | undefined;
      const exit = await Promise.race([
        api.exited,
        new Promise<{ code: string; signal: null; at: number }>((done) => {
          timer = setTimeout(() => done({ code: 'still running', signal: null, at: 0 }), 40_000);
        }),
      ]);
      clearTimeout(timer);
      const figures = {
        refusedAfterMs,
        importStatus: imported.status,
        importMs,
        importConnection: imported.headers.connection,
        exit: exit.code,
        signal: exit.signal,
        exitAfterSignalMs: exit.at - signalled,
        exitAfterJobReleasedMs: exit.at - released,
      };
      console.log(`graceful shutdown: ${JSON.stringify(figures)}`);
      keepAlive.destroy();
      idle.destroy();

      expect(refusedAfterMs).toBeGreaterThanOrEqual(0);
      expect(refusedAfterMs).toBeLessThan(1000);
      if (imported.status !== 200)
        console.log(
          `import answered ${imported.status} ${imported.text}\n${api
            .output()
            .split('\n')
            .filter((line) => line.includes('"level":50'))
            .join('\n')
            .slice(0, 8000)}`,
        );
      expect(imported.status).toBe(200);
      expect(JSON.parse(imported.text)).toEqual(expect.objectContaining({ created: 10_000 }));
      // The answer closed its keep-alive connection, so the server did not wait for the client.
      expect(imported.headers.connection).toBe('close');
      expect({ code: exit.code, signal: exit.signal }).toEqual({ code: 0, signal: null });
      expect(exit.at - signalled).toBeLessThan(30_000);
      expect(exit.at - released).toBeLessThan(5_000);
    } finally {
      await users.end();
      await allocation.end();
    }

    // The job that was running finished before the process exited; the queued one waited.
    expect(await roundState(running)).toEqual({
      status: 'proposed',
      phase: null,
      run_count: 1,
      runs: 1,
    });
    expect(await roundState(queued)).toEqual({
      status: 'running',
      phase: 'queued',
      run_count: 0,
      runs: 0,
    });
    const [{ students }] = await t.db.query(
      `SELECT count(*)::int AS students FROM app_user WHERE email LIKE 'shutdown.%'`,
    );
    expect(students).toBe(10_000);

    // A process started afterwards runs the queued round, once.
    const started = Date.now();
    second = await startApi(t.databaseUrl);
    let state = await roundState(queued);
    while (state.status === 'running' && Date.now() - started < 30_000) {
      await sleep(100);
      state = await roundState(queued);
    }
    console.log(
      `graceful shutdown: queued round finished ${Date.now() - started} ms after the second process was started`,
    );
    expect(state).toEqual({ status: 'proposed', phase: null, run_count: 1, runs: 1 });
    expect(await roundState(running)).toEqual(expect.objectContaining({ run_count: 1, runs: 1 }));

    // And an idle process stops at once, with 0.
    const stopping = Date.now();
    second.child.kill('SIGTERM');
    const idleExit = await second.exited;
    console.log(`graceful shutdown: an idle process exited in ${idleExit.at - stopping} ms`);
    expect({ code: idleExit.code, signal: idleExit.signal }).toEqual({ code: 0, signal: null });
    expect(idleExit.at - stopping).toBeLessThan(5_000);
  }, 180_000);
});
