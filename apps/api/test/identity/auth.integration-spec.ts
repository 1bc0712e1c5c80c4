import type { LoginResponse } from '@ahp/contracts';
import { DatabaseThrottlerStorage } from '../../src/auth/rate-limit.storage';
import { MaintenanceService } from '../../src/maintenance/maintenance.service';
import { ADMIN, TestApp } from '../support/test-app';

describe('signing in', () => {
  let t: TestApp;
  let adminToken: string;
  let universityId: string;

  beforeAll(async () => {
    t = await TestApp.start();
    adminToken = await t.adminToken();
    universityId = (await t.createOrganisation(adminToken, 'university', 'Northdale University'))
      .id;
  });
  afterAll(() => t.close());

  it('creates the first admin from ADMIN_EMAIL and ADMIN_PASSWORD, with an argon2id hash at OWASP strength', async () => {
    const [row] = await t.db.query(
      `SELECT role, status, password_hash FROM app_user WHERE email = $1`,
      [ADMIN.email],
    );
    expect(row.role).toBe('admin');
    expect(row.status).toBe('active');
    expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });

  it('returns a bearer token and the person, and the token opens GET /api/me', async () => {
    const reply = await t.post<LoginResponse>('/api/auth/login', {
      body: { email: ADMIN.email, password: ADMIN.password },
    });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({
      accessToken: expect.any(String),
      expiresIn: 900,
      user: expect.objectContaining({ email: ADMIN.email, role: 'admin', organisationId: null }),
    });
    const me = await t.get('/api/me', { token: reply.body.accessToken });
    expect(me.status).toBe(200);
    expect(me.body).toEqual(
      expect.objectContaining({
        id: reply.body.user.id,
        email: ADMIN.email,
        name: 'Administrator',
        role: 'admin',
        organisationId: null,
      }),
    );
  });

  it('accepts the e-mail address in any case and with surrounding spaces', async () => {
    const reply = await t.post('/api/auth/login', {
      body: { email: `  ${ADMIN.email.toUpperCase()} `, password: ADMIN.password },
    });
    expect(reply.status).toBe(200);
  });

  it('gives exactly the same answer for an unknown e-mail, a wrong password and an account not yet set up', async () => {
    const invited = await t.post<{ id: string }>('/api/users', {
      token: adminToken,
      body: {
        email: 'not.yet@test.example',
        name: 'Not Yet',
        role: 'coordinator',
        organisationId: universityId,
      },
    });
    expect(invited.status).toBe(201);
    const attempts = [
      { email: 'nobody@test.example', password: ADMIN.password },
      { email: ADMIN.email, password: 'wrong password entirely' },
      { email: 'not.yet@test.example', password: 'anything at all 123' },
      { email: 'not an email', password: 'x' },
    ];
    const replies = await Promise.all(attempts.map((body) => t.post('/api/auth/login', { body })));
    for (const reply of replies) {
      expect(reply.status).toBe(401);
      expect(reply.body).toEqual({
        statusCode: 401,
        error: 'Unauthorized',
        message: 'The e-mail address or password is not right.',
        code: 'invalid_credentials',
      });
    }
  });

  it('records successful and failed sign-ins in the audit log', async () => {
    const rows: { action: string }[] = await t.db.query(
      `SELECT action FROM audit_event WHERE action LIKE 'auth.%'`,
    );
    const actions = rows.map((row) => row.action);
    expect(actions).toContain('auth.signed_in');
    expect(actions).toContain('auth.sign_in_failed');
  });

  it.each([
    ['no header', undefined],
    ['a malformed header', 'Token abc'],
    [
      'a forged token',
      'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4Iiwicm9sZSI6ImFkbWluIn0.c2lnbmF0dXJl',
    ],
    [
      'a token signed with "none"',
      'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4Iiwicm9sZSI6ImFkbWluIn0.',
    ],
  ])('refuses %s with 401', async (_, authorization) => {
    const reply = await t.get('/api/me', { headers: authorization ? { authorization } : {} });
    expect(reply.status).toBe(401);
    expect(reply.body).toEqual(expect.objectContaining({ statusCode: 401, error: 'Unauthorized' }));
  });

  it.each([
    ['malformed JSON', '{"email": "a@b.example",', { 'content-type': 'application/json' }],
    ['a missing password', { email: 'a@b.example' }, {}],
    ['a number for the e-mail', { email: 42, password: 'x' }, {}],
    ['an unknown field', { email: 'a@b.example', password: 'x', role: 'admin' }, {}],
    ['an over-long password', { email: 'a@b.example', password: 'x'.repeat(129) }, {}],
  ])('rejects %s with 400 in the error shape', async (_, body, headers) => {
    const reply = await t.post<{ statusCode: number; message: string }>('/api/auth/login', {
      body,
      headers,
    });
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual(
      expect.objectContaining({
        statusCode: 400,
        error: 'Bad Request',
        message: expect.any(String),
      }),
    );
  });

  describe('the web session cookie', () => {
    it('is httpOnly, Secure, SameSite=Strict and limited to the auth endpoints', async () => {
      const reply = await t.post('/api/auth/login', {
        body: { email: ADMIN.email, password: ADMIN.password },
      });
      const cookie = reply.cookies.find((c) => c.name === 'ahp_session');
      expect(cookie).toEqual(
        expect.objectContaining({
          httpOnly: true,
          secure: true,
          sameSite: 'Strict',
          path: '/api/auth',
        }),
      );
      expect(cookie?.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    });

    it('renews the access token, and stops working after sign-out', async () => {
      const login = await t.post('/api/auth/login', {
        body: { email: ADMIN.email, password: ADMIN.password },
      });
      const cookie = `ahp_session=${login.cookies.find((c) => c.name === 'ahp_session')?.value}`;

      const refreshed = await t.post<LoginResponse>('/api/auth/refresh', {
        headers: { cookie, 'x-requested-with': 'fetch' },
      });
      expect(refreshed.status).toBe(200);
      expect((await t.get('/api/me', { token: refreshed.body.accessToken })).status).toBe(200);

      const out = await t.post('/api/auth/logout', {
        headers: { cookie, 'x-requested-with': 'fetch' },
      });
      expect(out.status).toBe(204);
      const after = await t.post('/api/auth/refresh', {
        headers: { cookie, 'x-requested-with': 'fetch' },
      });
      expect(after.status).toBe(401);
      expect(after.body).toEqual(expect.objectContaining({ code: 'session_expired' }));
    });

    it('will not renew without the X-Requested-With header (cross-site request forgery)', async () => {
      const login = await t.post('/api/auth/login', {
        body: { email: ADMIN.email, password: ADMIN.password },
      });
      const cookie = `ahp_session=${login.cookies.find((c) => c.name === 'ahp_session')?.value}`;
      const reply = await t.post('/api/auth/refresh', { headers: { cookie } });
      expect(reply.status).toBe(403);
    });

    it('is not accepted in place of a bearer token', async () => {
      const login = await t.post('/api/auth/login', {
        body: { email: ADMIN.email, password: ADMIN.password },
      });
      const cookie = `ahp_session=${login.cookies.find((c) => c.name === 'ahp_session')?.value}`;
      expect((await t.get('/api/me', { headers: { cookie } })).status).toBe(401);
    });
  });

  it('lets a person change their name, and a student their home postcode and travel limit', async () => {
    const student = await t.createUser(adminToken, 'student', universityId);
    const reply = await t.patch<{
      name: string;
      studentProfile: { homePostcode: string; maxTravelKm: number };
    }>('/api/me', {
      token: student.token,
      body: {
        name: 'Renamed Student',
        studentProfile: { homePostcode: 'ls6 2ab', maxTravelKm: 35 },
      },
    });
    expect(reply.status).toBe(200);
    expect(reply.body.name).toBe('Renamed Student');
    expect(reply.body.studentProfile).toEqual(
      expect.objectContaining({ homePostcode: 'LS6 2AB', maxTravelKm: 35 }),
    );
    const [row] = await t.db.query(
      `SELECT home_latitude, home_longitude FROM student_profile WHERE user_id = $1`,
      [student.id],
    );
    expect(row.home_latitude).toBeCloseTo(53.82, 1);

    const unknown = await t.patch('/api/me', {
      token: student.token,
      body: { studentProfile: { homePostcode: 'ZZ99 9ZZ' } },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toEqual(expect.objectContaining({ code: 'unknown_postcode' }));
    const notStudent = await t.patch('/api/me', {
      token: adminToken,
      body: { studentProfile: { maxTravelKm: 10 } },
    });
    expect(notStudent.status).toBe(400);
  });

  it('lists what needs attention for each role', async () => {
    const coordinator = await t.createUser(adminToken, 'coordinator', universityId);
    await t.post('/api/users', {
      token: coordinator.token,
      body: {
        email: 'pending.student@test.example',
        name: 'Pending Student',
        role: 'student',
        studentProfile: { profession: 'dietetics', yearOfStudy: 1 },
      },
    });
    const reply = await t.get<{ items: { code: string; count: number }[] }>('/api/me/attention', {
      token: coordinator.token,
    });
    expect(reply.status).toBe(200);
    expect(reply.body.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ code: 'students_invited', count: 1 })]),
    );
  });
});

describe('sign-in rate limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start({ AUTH_RATE_LIMIT_PER_MINUTE: '3' });
  });
  afterAll(() => t.close());

  it('answers 429 once an address has tried too often, even with the right password', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      statuses.push(
        (await t.post('/api/auth/login', { body: { email: ADMIN.email, password: `wrong-${i}` } }))
          .status,
      );
    }
    const blocked = await t.post('/api/auth/login', {
      body: { email: ADMIN.email, password: ADMIN.password },
    });
    expect(statuses).toEqual([401, 401, 401]);
    expect(blocked.status).toBe(429);
    expect(blocked.body).toEqual(
      expect.objectContaining({
        statusCode: 429,
        error: 'Too Many Requests',
        code: 'rate_limited',
      }),
    );
  });

  it('keeps counts in the database: a window, then a block that outlasts it, then a fresh start', async () => {
    const storage = new DatabaseThrottlerStorage(t.db);
    const hit = () => storage.increment('test-key', 300, 2, 900, 'test');
    const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
    const first = [await hit(), await hit()];
    expect(first.map((r) => [r.totalHits, r.isBlocked])).toEqual([
      [1, false],
      [2, false],
    ]);
    const over = await hit();
    expect(over).toEqual(
      expect.objectContaining({ totalHits: 3, isBlocked: true, timeToBlockExpire: 1 }),
    );
    await sleep(400); // the window is over, the block is not
    expect(await hit()).toEqual(expect.objectContaining({ totalHits: 4, isBlocked: true }));
    await sleep(600); // both over
    expect(await hit()).toEqual(
      expect.objectContaining({ totalHits: 1, isBlocked: false, timeToBlockExpire: 0 }),
    );
    // Another throttler's count for the same key is its own.
    expect((await storage.increment('test-key', 300, 2, 900, 'other')).totalHits).toBe(1);

    // Housekeeping forgets counts whose window and block are both over.
    await sleep(400);
    const report = await t.app.get(MaintenanceService).run();
    expect(report.rateLimitsForgotten).toBeGreaterThanOrEqual(2);
    const left = await t.db.query(
      `SELECT count(*)::int AS n FROM rate_limit WHERE key = 'test-key'`,
    );
    expect(left).toEqual([{ n: 0 }]);
  });
});
