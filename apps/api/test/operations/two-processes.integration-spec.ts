import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createWorld, type World } from '../matching/support';
import { buildApi, startApiProcess, type ApiProcess } from '../support/api-process';
import { GOOD_PASSWORD, TestApp } from '../support/test-app';

/**
 * Scaling out: two API processes on one database share the background work. Every job runs once
 * (pg-boss hands each to one worker), whichever process queued it. The seat and date invariants
 * across processes are tested in matching/concurrency.integration-spec.ts.
 */
describe('two API processes on one database', () => {
  let t: TestApp;
  let w: World;
  const processes: ApiProcess[] = [];
  const mailDirs = [0, 1].map(() => mkdtempSync(join(tmpdir(), 'ahp-mail-')));

  beforeAll(async () => {
    buildApi();
    // The test's own app only queues work; the two processes do it.
    t = await TestApp.start({ JOBS_ENABLED: 'false' });
    w = await createWorld(t);
    for (const dir of mailDirs)
      processes.push(
        await startApiProcess(t.databaseUrl, { MAIL_DIR: dir, JOB_POLL_INTERVAL_SECONDS: '0.5' }),
      );
  }, 360_000);
  afterAll(async () => {
    await Promise.all(processes.map((p) => p.stop()));
    await t?.close();
    for (const dir of mailDirs) rmSync(dir, { recursive: true, force: true });
  });

  const mails = () => mailDirs.flatMap((dir) => readdirSync(dir).map((file) => ({ dir, file })));

  it('sends each of 120 queued e-mails exactly once between them', async () => {
    const rows = Array.from(
      { length: 120 },
      (_, i) => `scale.${i}@student.test.example,Scale Student ${i},physiotherapy,2,LS6 2AB,`,
    );
    const imported = await t.post<{ created: number }>('/api/users/import', {
      token: w.coordinator.token,
      headers: { 'content-type': 'text/csv' },
      body: ['email,name,profession,yearOfStudy,homePostcode,maxTravelKm', ...rows].join('\n'),
    });
    expect(imported.body.created).toBe(120);

    const deadline = Date.now() + 60_000;
    while (mails().length < 120 && Date.now() < deadline)
      await new Promise((done) => setTimeout(done, 250));
    // A little longer, so that a second delivery of anything would have shown up.
    await new Promise((done) => setTimeout(done, 2_000));

    const sent = mails();
    const recipients = sent.map(
      ({ file }) => /-(scale\.\d+@student\.test\.example)\.eml$/.exec(file)?.[1],
    );
    expect(recipients.filter(Boolean)).toHaveLength(120);
    expect(new Set(recipients).size).toBe(120);
    const [{ completed, other }] = await t.db.query(
      `SELECT count(*) FILTER (WHERE state = 'completed')::int AS completed,
              count(*) FILTER (WHERE state <> 'completed')::int AS other
         FROM pgboss.job WHERE name = 'email'`,
    );
    expect(completed).toBe(120);
    expect(other).toBe(0);
    console.log(
      `two processes: ${sent.filter((m) => m.dir === mailDirs[0]).length} and ${
        sent.filter((m) => m.dir === mailDirs[1]).length
      } e-mails sent`,
    );
  }, 90_000);

  it('runs a queued allocation round once, on whichever process takes it', async () => {
    const student = await w.student('Round Student');
    const placement = await w.placement({ capacity: 1, requirements: [] });
    await t.post('/api/applications', {
      token: student.token,
      body: { placementId: placement.id },
    });
    const round = await t.post<{ id: string }>('/api/allocation-rounds', {
      token: w.coordinator.token,
      body: { name: 'Scale-out round', startFrom: '2027-01-01', startTo: '2027-12-31' },
    });
    const started = await t.post(`/api/allocation-rounds/${round.body.id}/run`, {
      token: w.coordinator.token,
      headers: { prefer: 'respond-async' },
      body: {},
    });
    expect(started.status).toBe(202);
    let status = 'running';
    const deadline = Date.now() + 30_000;
    while (status === 'running' && Date.now() < deadline) {
      await new Promise((done) => setTimeout(done, 250));
      status = (
        await t.get<{ status: string }>(`/api/allocation-rounds/${round.body.id}`, {
          token: w.coordinator.token,
        })
      ).body.status;
    }
    expect(status).toBe('proposed');
    const [row] = await t.db.query(
      `SELECT run_count, (SELECT count(*)::int FROM placement_match WHERE round_id = $1) AS proposals
         FROM allocation_round WHERE id = $1`,
      [round.body.id],
    );
    expect(row).toEqual({ run_count: 1, proposals: 1 });
  }, 60_000);

  it('counts sign-in attempts from one address once across both processes', async () => {
    // Both processes run with the default limit, 20 a minute per address; the test's own app
    // signed people in just now from the same address, so the count starts from nothing.
    await t.db.query(`DELETE FROM rate_limit`);
    const attempt = async (i: number) =>
      fetch(`${processes[i % 2].url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: `nobody.${i}@test.example`, password: 'not-the-password' }),
      });
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) statuses.push((await attempt(i)).status);
    // Ten on each process: each alone would still allow ten more.
    expect(statuses).toEqual(Array(20).fill(401));
    const blocked = [await attempt(20), await attempt(21)];
    expect(blocked.map((r) => r.status)).toEqual([429, 429]);
    expect(Number(blocked[0].headers.get('retry-after-sign-in'))).toBeGreaterThan(0);
    const [row] = await t.db.query(`SELECT sum(hits)::int AS hits FROM rate_limit`);
    expect(row.hits).toBe(22);
  }, 30_000);

  it("ends a signed-out session's access on the other process within moments", async () => {
    await t.db.query(`DELETE FROM rate_limit`); // the test above used up this address's sign-ins
    const person = await t.createUser(await t.adminToken(), 'coordinator', w.northdale);
    const login = await fetch(`${processes[0].url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: person.email, password: GOOD_PASSWORD }),
    });
    expect(login.status).toBe(200);
    const { accessToken } = (await login.json()) as { accessToken: string };
    const cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const me = (i: number) =>
      fetch(`${processes[i].url}/api/me`, {
        headers: { authorization: `Bearer ${accessToken}` },
      }).then((reply) => reply.status);
    // Both processes have checked the token, so both may answer from what they kept.
    for (const i of [0, 1, 0, 1]) expect(await me(i)).toBe(200);
    const metrics = await (await fetch(`${processes[1].url}/api/metrics`)).text();
    expect(metrics).toMatch(/token_state_cache_listening 1/);
    expect(metrics).toMatch(/token_state_cache_lookups_total\{result="hit"\} [1-9]/);

    const out = await fetch(`${processes[0].url}/api/auth/logout`, {
      method: 'POST',
      headers: { cookie, 'x-requested-with': 'fetch' },
    });
    expect(out.status).toBe(204);
    expect(await me(0)).toBe(401);
    const started = Date.now();
    while ((await me(1)) !== 401) {
      expect(Date.now() - started).toBeLessThan(2_000);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    console.log(`the other process refused the token ${Date.now() - started} ms after sign-out`);
  }, 30_000);
});
