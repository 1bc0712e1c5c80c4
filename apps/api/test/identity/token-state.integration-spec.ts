import type { LoginResponse } from '@ahp/contracts';
import type { Client } from 'pg';
import { TokenStateCache } from '../../src/auth/token-state.cache';
import { TokenStateListener } from '../../src/auth/token-state.listener';
import { GOOD_PASSWORD, TestApp } from '../support/test-app';

/**
 * The access guard's check of a person and session is kept per process and ended by the
 * database's announcements (auth/token-state.cache.ts): these tests hold it to "a change ends
 * access at once" here and "within moments" when made anywhere else.
 */
describe("the access guard's kept answers", () => {
  let t: TestApp;
  let adminToken: string;
  let universityId: string;
  let cache: TokenStateCache;
  let listener: TokenStateListener;

  beforeAll(async () => {
    t = await TestApp.start();
    adminToken = await t.adminToken();
    universityId = (await t.createOrganisation(adminToken, 'university', 'Kept University')).id;
    cache = t.app.get(TokenStateCache);
    listener = t.app.get(TokenStateListener);
    await until(() => listener.listening, 'the listener to hear its first heartbeat');
  });
  afterAll(() => t.close());

  /** Waits for a condition, up to `ms`; returns how long it took. */
  async function until(check: () => boolean | Promise<boolean>, what: string, ms = 5_000) {
    const started = Date.now();
    while (!(await check())) {
      if (Date.now() - started > ms) throw new Error(`Gave up waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return Date.now() - started;
  }

  const me = (token: string) => t.get('/api/me', { token }).then((reply) => reply.status);

  async function signedIn() {
    const person = await t.createUser(adminToken, 'coordinator', universityId);
    const login = await t.login(person.email, GOOD_PASSWORD);
    return { ...person, token: login.accessToken };
  }

  it("answers a person's repeated requests without reading their state again", async () => {
    const person = await signedIn();
    expect(await me(person.token)).toBe(200);
    const hits = cache.hits;
    for (let i = 0; i < 5; i++) expect(await me(person.token)).toBe(200);
    expect(cache.hits - hits).toBe(5);
  });

  it('ends access within moments when the change is made outside this process', async () => {
    // t.db is a connection of its own, as another API process's would be.
    const revoked = await signedIn();
    expect(await me(revoked.token)).toBe(200);
    expect(await me(revoked.token)).toBe(200);
    await t.db.query(`UPDATE user_session SET revoked_at = now() WHERE user_id = $1`, [revoked.id]);
    const afterRevoke = await until(
      async () => (await me(revoked.token)) === 401,
      'a revoked session to be refused',
      2_000,
    );

    const moved = await signedIn();
    expect(await me(moved.token)).toBe(200);
    await t.db.query(`UPDATE app_user SET token_version = token_version + 1 WHERE id = $1`, [
      moved.id,
    ]);
    const afterVersion = await until(
      async () => (await me(moved.token)) === 401,
      'an old token version to be refused',
      2_000,
    );
    console.log(
      `refused ${afterRevoke} ms after a revocation, ${afterVersion} ms after a new token version`,
    );
  });

  it("ends access on the very next request when the change is this process's own", async () => {
    const person = await signedIn();
    const other = await t.login(person.email, GOOD_PASSWORD);
    for (const token of [person.token, other.accessToken]) expect(await me(token)).toBe(200);
    const changed = await t.post<LoginResponse>('/api/me/password', {
      token: person.token,
      body: { currentPassword: GOOD_PASSWORD, newPassword: 'amber-lantern-58-quietly' },
    });
    expect(changed.status).toBe(200);
    // No waiting: the old tokens are refused at once, the new one works.
    expect(await me(person.token)).toBe(401);
    expect(await me(other.accessToken)).toBe(401);
    expect(await me(changed.body.accessToken)).toBe(200);

    const signingOut = await signedIn();
    const login = await t.post<LoginResponse>('/api/auth/login', {
      body: { email: signingOut.email, password: GOOD_PASSWORD },
    });
    const session = login.cookies.find((c) => c.name === 'ahp_session')?.value;
    expect(await me(login.body.accessToken)).toBe(200);
    expect(await me(login.body.accessToken)).toBe(200);
    const out = await t.post('/api/auth/logout', {
      headers: { cookie: `ahp_session=${session}`, 'x-requested-with': 'fetch' },
    });
    expect(out.status).toBe(204);
    expect(await me(login.body.accessToken)).toBe(401);
    // Their other session is untouched.
    expect(await me(signingOut.token)).toBe(200);
  });

  it('checks every request while it cannot hear the database, and resumes once it can', async () => {
    const person = await signedIn();
    expect(await me(person.token)).toBe(200);
    await t.db.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE application_name = 'ahp-placements-token-state' AND datname = current_database()`,
    );
    await until(() => !listener.listening, 'the listener to notice it was cut off');
    expect(cache.size).toBe(0);
    const misses = cache.misses;
    const hits = cache.hits;
    // While it is deaf, a change it cannot hear about still takes effect at once.
    await t.db.query(`UPDATE user_session SET revoked_at = now() WHERE user_id = $1`, [person.id]);
    expect(await me(person.token)).toBe(401);
    expect(cache.hits).toBe(hits);
    expect(cache.misses).toBe(misses);

    await until(() => listener.listening, 'the listener to reconnect');
    const again = await signedIn();
    expect(await me(again.token)).toBe(200);
    const before = cache.hits;
    expect(await me(again.token)).toBe(200);
    expect(cache.hits).toBe(before + 1);
  });

  it('reconnects when its connection stays open but no longer hears its heartbeats', async () => {
    const listenerPid = async () => {
      const rows: { pid: number }[] = await t.db.query(
        `SELECT pid FROM pg_stat_activity
          WHERE application_name = 'ahp-placements-token-state' AND datname = current_database()`,
      );
      return rows.map((row) => row.pid);
    };
    const reconnect = async () => {
      const [pid] = await listenerPid();
      await t.db.query('SELECT pg_terminate_backend($1)', [pid]);
      await until(async () => !(await listenerPid()).includes(pid), 'the old connection to go');
      await until(() => listener.listening, 'the listener to reconnect');
    };
    // Beats every 100 ms (trusted for 300 ms), from the next connection on.
    listener.heartbeatMs = 100;
    await reconnect();
    try {
      const [before] = await listenerPid();
      // The connection stays open and answers queries, but hears no announcement any more.
      await (listener as unknown as { client: Client }).client.query('UNLISTEN *');
      await until(() => !listener.listening, 'the cache to turn off');
      await until(() => listener.listening, 'the listener to hear its heartbeats again');
      const after = await listenerPid();
      expect(after).toHaveLength(1);
      expect(after[0]).not.toBe(before);
      // And it hears announcements on the new connection.
      const person = await signedIn();
      expect(await me(person.token)).toBe(200);
      expect(await me(person.token)).toBe(200);
      await t.db.query(`UPDATE user_session SET revoked_at = now() WHERE user_id = $1`, [
        person.id,
      ]);
      await until(async () => (await me(person.token)) === 401, 'the revocation to be heard');
    } finally {
      listener.heartbeatMs = 5_000;
      await reconnect();
    }
  });

  it('reports its hits and whether it is listening in /api/metrics', async () => {
    const reply = await t.get('/api/metrics');
    expect(reply.status).toBe(200);
    expect(reply.text).toMatch(/token_state_cache_lookups_total\{result="hit"\} [1-9]/);
    expect(reply.text).toMatch(/token_state_cache_listening 1/);
  });
});
