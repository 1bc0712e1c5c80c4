import { createHash } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import type { LoginResponse } from '@ahp/contracts';
import { ADMIN, GOOD_PASSWORD, TestApp, invitationToken, type Reply } from '../support/test-app';

const BAD_CREDENTIALS = {
  statusCode: 401,
  error: 'Unauthorized',
  message: 'The e-mail address or password is not right.',
  code: 'invalid_credentials',
};

interface Challenge {
  mfaRequired: true;
  mfaToken: string;
  expiresIn: number;
}

interface Enrolment {
  secret: string;
  otpauthUri: string;
  qrCode: string;
}

/** The code an authenticator app would show now (or `steps` periods of 30 s later). */
function totp(secret: string, steps = 0): string {
  return new TOTP({
    secret: Secret.fromBase32(secret),
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
  }).generate({ timestamp: Date.now() + steps * 30_000 });
}

function sessionCookie(reply: Reply): string {
  const value = reply.cookies.find((cookie) => cookie.name === 'ahp_session')?.value;
  if (!value) throw new Error('no session cookie');
  return `ahp_session=${value}`;
}

/** Audit records are written beside the answer, not before it: wait a moment for them. */
async function auditRows(
  t: TestApp,
  action: string,
  where: { actorId?: string; entityId?: string } = {},
): Promise<{ actor_id: string | null; after: Record<string, unknown>; reason: string | null }[]> {
  const deadline = Date.now() + 3000;
  for (;;) {
    const rows = await t.db.query(
      `SELECT actor_id, after, reason FROM audit_event
        WHERE action = $1 AND ($2::uuid IS NULL OR actor_id = $2) AND ($3::uuid IS NULL OR entity_id = $3)
        ORDER BY id`,
      [action, where.actorId ?? null, where.entityId ?? null],
    );
    if (rows.length || Date.now() > deadline) return rows;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('per-account lockout', () => {
  const THRESHOLD = 4;
  let t: TestApp;
  let adminToken: string;
  let universityId: string;
  let address = 0;

  /** Each attempt from a different address, under a per-address limit of 3 a minute. */
  const login = (email: string, password: string) =>
    t.app
      .inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email, password },
        remoteAddress: `10.0.${Math.floor(++address / 250)}.${address % 250}`,
      })
      .then((response) => ({ status: response.statusCode, body: response.json() }));

  beforeAll(async () => {
    t = await TestApp.start({
      AUTH_LOCKOUT_THRESHOLD: String(THRESHOLD),
      AUTH_RATE_LIMIT_PER_MINUTE: '3',
    });
    adminToken = (
      await t.app
        .inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: ADMIN,
          remoteAddress: '10.9.9.9',
        })
        .then((r) => r.json<LoginResponse>())
    ).accessToken;
    universityId = (await t.createOrganisation(adminToken, 'university', 'Lockout University')).id;
  });
  afterAll(() => t.close());

  async function newPerson(): Promise<{ id: string; email: string }> {
    const email = `locked.${Math.random().toString(36).slice(2, 8)}@test.example`;
    const reply = await t.post<{ id: string }>('/api/users', {
      token: adminToken,
      body: {
        email,
        name: 'Lockable Person',
        role: 'coordinator',
        organisationId: universityId,
        password: GOOD_PASSWORD,
      },
    });
    expect(reply.status).toBe(201);
    return { id: reply.body.id, email };
  }

  it('locks an account after AUTH_LOCKOUT_THRESHOLD failures from any addresses, answering even the right password exactly like a wrong one', async () => {
    const person = await newPerson();
    for (let i = 0; i < THRESHOLD; i++) {
      const reply = await login(person.email, `wrong password ${i}`);
      expect(reply).toEqual({ status: 401, body: BAD_CREDENTIALS });
    }
    const right = await login(person.email, GOOD_PASSWORD);
    expect(right).toEqual({ status: 401, body: BAD_CREDENTIALS });

    const [locked] = await auditRows(t, 'auth.locked_out', { entityId: person.id });
    expect(locked.after).toEqual({ lockedUntil: expect.any(String), lockouts: 1 });
    const lockedUntil = new Date(locked.after['lockedUntil'] as string).getTime();
    expect(lockedUntil - Date.now()).toBeGreaterThan(30_000);
    expect(lockedUntil - Date.now()).toBeLessThanOrEqual(60_000);
    const refused = await auditRows(t, 'auth.sign_in_failed', { entityId: person.id });
    expect(refused.map((row) => row.reason)).toEqual([
      ...Array(THRESHOLD).fill('wrong_password'),
      'locked',
    ]);
  });

  it('treats an unknown address the same way, so a lockout says nothing about who has an account', async () => {
    for (let i = 0; i <= THRESHOLD; i++) {
      expect(await login('nobody.here@test.example', `guess ${i}`)).toEqual({
        status: 401,
        body: BAD_CREDENTIALS,
      });
    }
    const subject = createHash('sha256').update('account:nobody.here@test.example').digest();
    const [row] = await t.db.query(
      `SELECT locked_until > now() AS locked FROM auth_failure WHERE subject = $1`,
      [subject],
    );
    expect(row.locked).toBe(true);
  });

  it('unlocks when the period is over, and a lockout after that lasts longer (1, then 5 minutes)', async () => {
    const person = await newPerson();
    for (let i = 0; i < THRESHOLD; i++) await login(person.email, `wrong ${i}`);
    expect((await login(person.email, GOOD_PASSWORD)).status).toBe(401);

    await t.db.query(
      `UPDATE auth_failure SET locked_until = now() - interval '1 second' WHERE locked_until > now()`,
    );
    for (let i = 0; i < THRESHOLD; i++) await login(person.email, `wrong again ${i}`);
    const lockouts = await auditRows(t, 'auth.locked_out', { entityId: person.id });
    expect(lockouts.map((row) => row.after['lockouts'])).toEqual([1, 2]);
    const second = new Date(lockouts[1].after['lockedUntil'] as string).getTime() - Date.now();
    expect(second).toBeGreaterThan(4 * 60_000);
    expect(second).toBeLessThanOrEqual(5 * 60_000);

    await t.db.query(
      `UPDATE auth_failure SET locked_until = now() - interval '1 second' WHERE locked_until > now()`,
    );
    expect((await login(person.email, GOOD_PASSWORD)).status).toBe(200);
  });

  it('starts counting again after a successful sign-in', async () => {
    const person = await newPerson();
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < THRESHOLD - 1; i++) await login(person.email, `wrong ${round}.${i}`);
      expect((await login(person.email, GOOD_PASSWORD)).status).toBe(200);
    }
    expect(await auditRows(t, 'auth.locked_out', { entityId: person.id })).toEqual([]);
  });

  it('limits attempts per invitation, whatever the address, and lets it be used once the lock has passed', async () => {
    const invited = await t.post('/api/users', {
      token: adminToken,
      body: {
        email: 'invited.lockout@test.example',
        name: 'Invited Person',
        role: 'coordinator',
        organisationId: universityId,
      },
    });
    expect(invited.status).toBe(201);
    const token = invitationToken(await t.waitForMail('invited.lockout@test.example'));
    const accept = (password: string) =>
      t.app
        .inject({
          method: 'POST',
          url: '/api/auth/accept-invitation',
          payload: { token, password },
          remoteAddress: `10.1.0.${++address % 250}`,
        })
        .then((response) => ({ status: response.statusCode, body: response.json() }));

    for (let i = 0; i < THRESHOLD; i++) {
      expect((await accept('password')).status).toBe(400);
    }
    const blocked = await accept(GOOD_PASSWORD);
    expect(blocked.status).toBe(429);
    expect(blocked.body).toEqual(expect.objectContaining({ code: 'rate_limited' }));

    await t.db.query(
      `UPDATE auth_failure SET locked_until = now() - interval '1 second' WHERE locked_until > now()`,
    );
    expect((await accept(GOOD_PASSWORD)).status).toBe(200);
  });
});

describe('two-step verification', () => {
  let t: TestApp;
  let adminToken: string;
  let providerOrgId: string;

  beforeAll(async () => {
    t = await TestApp.start({ AUTH_LOCKOUT_THRESHOLD: '5' });
    adminToken = await t.adminToken();
    providerOrgId = (await t.createOrganisation(adminToken, 'provider', 'Two Step Trust')).id;
  });
  afterAll(() => t.close());

  /** A provider with two-step verification set up: their secret and recovery codes. */
  async function enrolled(): Promise<{
    id: string;
    email: string;
    token: string;
    secret: string;
    recoveryCodes: string[];
  }> {
    const person = await t.createUser(adminToken, 'provider', providerOrgId);
    const enrolment = await t.post<Enrolment>('/api/me/mfa/enrol', { token: person.token });
    expect(enrolment.status).toBe(200);
    const confirmed = await t.post<{ recoveryCodes: string[] }>('/api/me/mfa/confirm', {
      token: person.token,
      body: { code: totp(enrolment.body.secret) },
    });
    expect(confirmed.status).toBe(200);
    return {
      ...person,
      secret: enrolment.body.secret,
      recoveryCodes: confirmed.body.recoveryCodes,
    };
  }

  async function challenge(email: string): Promise<string> {
    const reply = await t.post<Challenge>('/api/auth/login', {
      body: { email, password: GOOD_PASSWORD },
    });
    expect(reply.status).toBe(200);
    return reply.body.mfaToken;
  }

  /** Forgets which time step was used last, so a test can use the current code once more. */
  const forgetUsedCodes = (userId: string) =>
    t.db.query(`UPDATE user_mfa SET last_used_step = NULL WHERE user_id = $1`, [userId]);

  it('enrols: a secret, an otpauth URI and a QR code, kept encrypted and never shown again', async () => {
    const person = await t.createUser(adminToken, 'provider', providerOrgId);
    const before = await t.get('/api/me/mfa', { token: person.token });
    expect(before.body).toEqual({
      enabled: false,
      required: false,
      enrolmentRequired: false,
      recoveryCodesLeft: null,
    });

    const enrolment = await t.post<Enrolment>('/api/me/mfa/enrol', { token: person.token });
    expect(enrolment.status).toBe(200);
    expect(enrolment.headers['cache-control']).toBe('no-store');
    expect(enrolment.body.secret).toMatch(/^[A-Z2-7]{32}$/);
    const uri = new URL(enrolment.body.otpauthUri);
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(decodeURIComponent(uri.pathname)).toBe(`/AHP Placements:${person.email}`);
    expect(Object.fromEntries(uri.searchParams)).toEqual({
      issuer: 'AHP Placements',
      secret: enrolment.body.secret,
      algorithm: 'SHA1',
      digits: '6',
      period: '30',
    });
    expect(enrolment.body.qrCode).toMatch(/^data:image\/png;base64,[A-Za-z0-9+/]+=*$/);
    const png = Buffer.from(enrolment.body.qrCode.split(',')[1], 'base64');
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');

    const [row] = await t.db.query(`SELECT secret_ciphertext FROM user_mfa WHERE user_id = $1`, [
      person.id,
    ]);
    const stored: Buffer = row.secret_ciphertext;
    expect(stored.toString('latin1')).not.toContain(enrolment.body.secret);
    expect(stored.includes(Buffer.from(enrolment.body.secret, 'utf8'))).toBe(false);
    const status = await t.get('/api/me/mfa', { token: person.token });
    expect(JSON.stringify(status.body)).not.toContain(enrolment.body.secret);

    // Until confirmed, sign-in is unchanged.
    const login = await t.post<LoginResponse>('/api/auth/login', {
      body: { email: person.email, password: GOOD_PASSWORD },
    });
    expect(login.body.accessToken).toEqual(expect.any(String));

    const wrong = await t.post('/api/me/mfa/confirm', {
      token: person.token,
      body: { code: totp(enrolment.body.secret) === '000000' ? '111111' : '000000' },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body).toEqual(
      expect.objectContaining({ details: [expect.objectContaining({ field: 'code' })] }),
    );

    const confirmed = await t.post<{ recoveryCodes: string[] }>('/api/me/mfa/confirm', {
      token: person.token,
      body: { code: totp(enrolment.body.secret) },
    });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.recoveryCodes).toHaveLength(10);
    for (const code of confirmed.body.recoveryCodes)
      expect(code).toMatch(/^([0-9a-z]{6}-){3}[0-9a-z]{6}$/);
    expect(new Set(confirmed.body.recoveryCodes).size).toBe(10);
    const hashes = await t.db.query(`SELECT code_hash FROM mfa_recovery_code WHERE user_id = $1`, [
      person.id,
    ]);
    expect(hashes).toHaveLength(10);
    for (const { code_hash } of hashes)
      expect((code_hash as Buffer).toString('latin1')).not.toMatch(/[0-9a-z]{6}/);

    expect((await t.get('/api/me/mfa', { token: person.token })).body).toEqual({
      enabled: true,
      required: false,
      enrolmentRequired: false,
      recoveryCodesLeft: 10,
    });
    expect(await auditRows(t, 'auth.mfa_enrolled', { actorId: person.id })).toHaveLength(1);
    const again = await t.post('/api/me/mfa/enrol', { token: person.token });
    expect(again.status).toBe(409);
  });

  it('signs in in two steps: the password gives only a short-lived challenge, the code the session', async () => {
    const person = await enrolled();
    const first = await t.post<Challenge>('/api/auth/login', {
      body: { email: person.email, password: GOOD_PASSWORD },
    });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ mfaRequired: true, mfaToken: expect.any(String), expiresIn: 300 });
    expect(first.cookies).toEqual([]);
    // The challenge is not an access token.
    expect((await t.get('/api/me', { token: first.body.mfaToken })).status).toBe(401);

    const code = totp(person.secret, 1);
    const second = await t.post<LoginResponse>('/api/auth/login/mfa', {
      body: { mfaToken: first.body.mfaToken, code },
    });
    expect(second.status).toBe(200);
    expect(second.body).toEqual({
      accessToken: expect.any(String),
      expiresIn: 900,
      user: expect.objectContaining({ email: person.email }),
    });
    expect(second.cookies.find((c) => c.name === 'ahp_session')).toEqual(
      expect.objectContaining({
        httpOnly: true,
        secure: true,
        sameSite: 'Strict',
        path: '/api/auth',
      }),
    );
    expect((await t.get('/api/me', { token: second.body.accessToken })).status).toBe(200);
    expect(await auditRows(t, 'auth.mfa_used', { actorId: person.id })).toHaveLength(1);

    // The same code cannot be used twice, nor an earlier one after it.
    for (const replay of [code, totp(person.secret)]) {
      const again = await t.post('/api/auth/login/mfa', {
        body: { mfaToken: await challenge(person.email), code: replay },
      });
      expect(again.status).toBe(401);
      expect(again.body).toEqual(expect.objectContaining({ code: 'invalid_credentials' }));
    }
    expect(await auditRows(t, 'auth.mfa_failed', { entityId: person.id })).toHaveLength(2);
  });

  it('refuses a tampered, foreign or missing challenge with 401', async () => {
    const person = await enrolled();
    const real = await challenge(person.email);
    const [head, , signature] = real.split('.');
    const forgedBody = Buffer.from(JSON.stringify({ sub: person.id, ver: 0, typ: 'mfa' })).toString(
      'base64url',
    );
    const login = await t.post<LoginResponse>('/api/auth/login', {
      body: { email: ADMIN.email, password: ADMIN.password },
    });
    for (const mfaToken of [`${head}.${forgedBody}.${signature}`, login.body.accessToken, 'x']) {
      const reply = await t.post('/api/auth/login/mfa', {
        body: { mfaToken, code: totp(person.secret) },
      });
      expect(reply.status).toBe(401);
    }
  });

  it('accepts each recovery code once, in place of a code from the app', async () => {
    const person = await enrolled();
    const [first, second] = person.recoveryCodes;
    const used = await t.post<LoginResponse>('/api/auth/login/mfa', {
      body: { mfaToken: await challenge(person.email), code: first.toUpperCase() },
    });
    expect(used.status).toBe(200);
    expect(await auditRows(t, 'auth.recovery_code_used', { actorId: person.id })).toHaveLength(1);

    const reused = await t.post('/api/auth/login/mfa', {
      body: { mfaToken: await challenge(person.email), code: first },
    });
    expect(reused.status).toBe(401);
    const spaced = await t.post('/api/auth/login/mfa', {
      body: { mfaToken: await challenge(person.email), code: second.replace(/-/g, ' ') },
    });
    expect(spaced.status).toBe(200);
    expect(
      (await t.get<{ recoveryCodesLeft: number }>('/api/me/mfa', { token: person.token })).body
        .recoveryCodesLeft,
    ).toBe(8);
  });

  it('counts wrong codes towards the lockout, after which even the right code is refused', async () => {
    const person = await enrolled();
    await forgetUsedCodes(person.id);
    const right = totp(person.secret);
    const wrong = right === '123456' ? '654321' : '123456';
    const pending = await challenge(person.email);
    for (let i = 0; i < 5; i++) {
      const reply = await t.post('/api/auth/login/mfa', {
        body: { mfaToken: await challenge(person.email), code: wrong },
      });
      expect(reply.status).toBe(401);
    }
    const locked = await t.post('/api/auth/login/mfa', {
      body: { mfaToken: pending, code: right },
    });
    expect(locked.status).toBe(401);
    // The password step is locked too, with the usual answer.
    const password = await t.post('/api/auth/login', {
      body: { email: person.email, password: GOOD_PASSWORD },
    });
    expect(password.body).toEqual(BAD_CREDENTIALS);
    expect(await auditRows(t, 'auth.locked_out', { entityId: person.id })).toHaveLength(1);
  });

  it('replaces the recovery codes given a code from the app; the old ones stop working', async () => {
    const person = await enrolled();
    await forgetUsedCodes(person.id);
    const refused = await t.post('/api/me/mfa/recovery-codes', {
      token: person.token,
      body: { code: '12345' },
    });
    expect(refused.status).toBe(400);
    const renewed = await t.post<{ recoveryCodes: string[] }>('/api/me/mfa/recovery-codes', {
      token: person.token,
      body: { code: totp(person.secret) },
    });
    expect(renewed.status).toBe(200);
    expect(renewed.body.recoveryCodes).toHaveLength(10);
    const old = await t.post('/api/auth/login/mfa', {
      body: { mfaToken: await challenge(person.email), code: person.recoveryCodes[5] },
    });
    expect(old.status).toBe(401);
    const fresh = await t.post('/api/auth/login/mfa', {
      body: { mfaToken: await challenge(person.email), code: renewed.body.recoveryCodes[0] },
    });
    expect(fresh.status).toBe(200);
  });

  it('turns off with the password and a code, after which the password alone signs in', async () => {
    const person = await enrolled();
    await forgetUsedCodes(person.id);
    const wrongPassword = await t.call('DELETE', '/api/me/mfa', {
      token: person.token,
      body: { password: 'not my password at all', code: totp(person.secret) },
    });
    expect(wrongPassword.status).toBe(400);
    const wrongCode = await t.call('DELETE', '/api/me/mfa', {
      token: person.token,
      body: { password: GOOD_PASSWORD, code: '000000' },
    });
    expect(wrongCode.status).toBe(400);
    const off = await t.call('DELETE', '/api/me/mfa', {
      token: person.token,
      body: { password: GOOD_PASSWORD, code: person.recoveryCodes[0] },
    });
    expect(off.status).toBe(204);
    expect(await auditRows(t, 'auth.mfa_disabled', { actorId: person.id })).toHaveLength(1);
    const login = await t.post<LoginResponse>('/api/auth/login', {
      body: { email: person.email, password: GOOD_PASSWORD },
    });
    expect(login.body.accessToken).toEqual(expect.any(String));
    const [{ count }] = await t.db.query(
      `SELECT count(*)::int AS count FROM mfa_recovery_code WHERE user_id = $1`,
      [person.id],
    );
    expect(count).toBe(0);
  });

  it('lets an admin reset it for someone who lost their app and codes: sessions end, the person is told', async () => {
    const person = await enrolled();
    const reset = (id: string, token: string, body: unknown = { reason: 'Lost phone and codes' }) =>
      t.post(`/api/users/${id}/mfa/reset`, { token, body });
    // Only admins, never their own, and always with a reason.
    const colleague = await t.createUser(adminToken, 'provider', providerOrgId);
    expect((await reset(person.id, colleague.token)).status).toBe(403);
    expect((await reset(person.id, adminToken, {})).status).toBe(400);
    const admin = await t.get<{ id: string }>('/api/me', { token: adminToken });
    expect((await reset(admin.body.id, adminToken)).status).toBe(403);
    expect((await reset('00000000-0000-4000-8000-000000000000', adminToken)).status).toBe(404);

    const done = await reset(person.id, adminToken, {
      reason: 'Lost phone and recovery codes; identity checked by video call',
    });
    expect(done.status).toBe(204);
    // Every session and access token of theirs ends at once.
    expect((await t.get('/api/me', { token: person.token })).status).toBe(401);
    // The password alone signs in now; the reason is audited; they are told.
    const login = await t.post<LoginResponse>('/api/auth/login', {
      body: { email: person.email, password: GOOD_PASSWORD },
    });
    expect(login.body.accessToken).toEqual(expect.any(String));
    const [event] = await auditRows(t, 'auth.mfa_reset', { entityId: person.id });
    expect(event.actor_id).toBe(admin.body.id);
    expect(event.reason).toBe('Lost phone and recovery codes; identity checked by video call');
    expect(event.after).toEqual({ mfa: null, sessionsEnded: 1 });
    const told = await t.get<{ items: { kind: string; title: string }[] }>('/api/notifications', {
      token: login.body.accessToken,
    });
    expect(told.body.items.map((n) => n.kind)).toContain('mfa_reset');
    // Nothing left to reset.
    expect((await reset(person.id, adminToken)).status).toBe(409);
  });
});

describe('two-step verification required for some roles (MFA_REQUIRED_ROLES)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start({ MFA_REQUIRED_ROLES: 'admin,coordinator' });
  });
  afterAll(() => t.close());

  it('lets an admin who has not set it up sign in, but only to set it up, then never turn it off', async () => {
    const login = await t.post<LoginResponse & { mfaEnrolmentRequired?: boolean }>(
      '/api/auth/login',
      { body: ADMIN },
    );
    expect(login.status).toBe(200);
    expect(login.body.mfaEnrolmentRequired).toBe(true);
    const token = login.body.accessToken;

    const blocked = await t.get('/api/organisations', { token });
    expect(blocked.status).toBe(403);
    expect(blocked.body).toEqual(
      expect.objectContaining({ message: expect.stringContaining('two-step verification') }),
    );
    expect((await t.get('/api/me', { token })).status).toBe(200);
    expect((await t.get('/api/me/mfa', { token })).body).toEqual(
      expect.objectContaining({ required: true, enrolmentRequired: true }),
    );

    const enrolment = await t.post<Enrolment>('/api/me/mfa/enrol', { token });
    const confirmed = await t.post('/api/me/mfa/confirm', {
      token,
      body: { code: totp(enrolment.body.secret) },
    });
    expect(confirmed.status).toBe(200);
    expect((await t.get('/api/organisations', { token })).status).toBe(200);

    const off = await t.call('DELETE', '/api/me/mfa', {
      token,
      body: { password: ADMIN.password, code: totp(enrolment.body.secret, 1) },
    });
    expect(off.status).toBe(403);

    const next = await t.post<Challenge>('/api/auth/login', { body: ADMIN });
    expect(next.body.mfaRequired).toBe(true);
  });
});

describe('changing the password', () => {
  let t: TestApp;
  let adminToken: string;
  let universityId: string;

  beforeAll(async () => {
    t = await TestApp.start();
    adminToken = await t.adminToken();
    universityId = (await t.createOrganisation(adminToken, 'university', 'Password University')).id;
  });
  afterAll(() => t.close());

  it('checks the current password and the policy for the new one', async () => {
    const person = await t.createUser(adminToken, 'coordinator', universityId);
    const wrong = await t.post('/api/me/password', {
      token: person.token,
      body: { currentPassword: 'not the password', newPassword: 'violet-harbour-93-slowly' },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body).toEqual(
      expect.objectContaining({
        code: 'invalid_credentials',
        details: [expect.objectContaining({ field: 'currentPassword' })],
      }),
    );
    for (const newPassword of ['password1234', 'short', GOOD_PASSWORD]) {
      const weak = await t.post('/api/me/password', {
        token: person.token,
        body: { currentPassword: GOOD_PASSWORD, newPassword },
      });
      expect(weak.status).toBe(400);
      expect(weak.body).toEqual(
        expect.objectContaining({ details: [expect.objectContaining({ field: 'newPassword' })] }),
      );
    }
    expect(await auditRows(t, 'auth.password_change_failed', { actorId: person.id })).toHaveLength(
      1,
    );
  });

  it('ends every other session and every access token issued before, but not this session', async () => {
    const person = await t.createUser(adminToken, 'coordinator', universityId);
    const here = await t.post<LoginResponse>('/api/auth/login', {
      body: { email: person.email, password: GOOD_PASSWORD },
    });
    const elsewhere = await t.post<LoginResponse>('/api/auth/login', {
      body: { email: person.email, password: GOOD_PASSWORD },
    });

    const newPassword = 'violet-harbour-93-slowly';
    const changed = await t.post<LoginResponse>('/api/me/password', {
      token: here.body.accessToken,
      body: { currentPassword: GOOD_PASSWORD, newPassword },
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toEqual({
      accessToken: expect.any(String),
      expiresIn: 900,
      user: expect.objectContaining({ email: person.email }),
    });

    for (const old of [here.body.accessToken, elsewhere.body.accessToken, person.token]) {
      const reply = await t.get('/api/me', { token: old });
      expect(reply.status).toBe(401);
      expect(reply.body).toEqual(expect.objectContaining({ code: 'session_expired' }));
    }
    expect((await t.get('/api/me', { token: changed.body.accessToken })).status).toBe(200);

    const csrf = { 'x-requested-with': 'test' };
    const otherRefresh = await t.post('/api/auth/refresh', {
      headers: { ...csrf, cookie: sessionCookie(elsewhere) },
    });
    expect(otherRefresh.status).toBe(401);
    const thisRefresh = await t.post<LoginResponse>('/api/auth/refresh', {
      headers: { ...csrf, cookie: sessionCookie(here) },
    });
    expect(thisRefresh.status).toBe(200);
    expect((await t.get('/api/me', { token: thisRefresh.body.accessToken })).status).toBe(200);

    expect(
      (
        await t.post('/api/auth/login', {
          body: { email: person.email, password: GOOD_PASSWORD },
        })
      ).status,
    ).toBe(401);
    expect(
      (await t.post('/api/auth/login', { body: { email: person.email, password: newPassword } }))
        .status,
    ).toBe(200);
    const [audit] = await auditRows(t, 'auth.password_changed', { actorId: person.id });
    expect(audit.after).toEqual({ otherSessionsEnded: 2 });
  });

  it('makes an access token useless once its session is signed out', async () => {
    const login = await t.post<LoginResponse>('/api/auth/login', { body: ADMIN });
    expect((await t.get('/api/me', { token: login.body.accessToken })).status).toBe(200);
    const out = await t.post('/api/auth/logout', {
      headers: { 'x-requested-with': 'test', cookie: sessionCookie(login) },
    });
    expect(out.status).toBe(204);
    expect((await t.get('/api/me', { token: login.body.accessToken })).status).toBe(401);
  });
});

describe('refusals and cross-site requests', () => {
  let t: TestApp;
  let adminToken: string;
  let universityId: string;

  beforeAll(async () => {
    t = await TestApp.start();
    adminToken = await t.adminToken();
    universityId = (await t.createOrganisation(adminToken, 'university', 'Audit University')).id;
  });
  afterAll(() => t.close());

  it('audits a 403 from the access guard with the route and the actor', async () => {
    const student = await t.createUser(adminToken, 'student', universityId);
    const reply = await t.post('/api/organisations', {
      token: student.token,
      body: { name: 'Not Allowed', type: 'provider', region: 'london' },
    });
    expect(reply.status).toBe(403);
    const [row] = await auditRows(t, 'auth.forbidden', { actorId: student.id });
    expect(row.after).toEqual(
      expect.objectContaining({
        method: 'POST',
        route: '/api/organisations',
        path: '/api/organisations',
      }),
    );
    expect(row.reason).toContain('not available to your role');
  });

  it('audits a 403 from a service, even inside a request that rolls back (Idempotency-Key)', async () => {
    const coordinator = await t.createUser(adminToken, 'coordinator', universityId);
    const reply = await t.post('/api/users', {
      token: coordinator.token,
      headers: { 'idempotency-key': 'forbidden-1' },
      body: {
        email: 'provider.person@test.example',
        name: 'Provider Person',
        role: 'provider',
        organisationId: universityId,
      },
    });
    expect(reply.status).toBe(403);
    const [row] = await auditRows(t, 'auth.forbidden', { actorId: coordinator.id });
    expect(row.after).toEqual(expect.objectContaining({ method: 'POST', route: '/api/users' }));
  });

  it('requires X-Requested-With wherever the session cookie is read, and audits the refusal', async () => {
    const login = await t.post('/api/auth/login', { body: ADMIN });
    const cookie = sessionCookie(login);
    for (const url of ['/api/auth/refresh', '/api/auth/logout']) {
      const reply = await t.post(url, { headers: { cookie } });
      expect(reply.status).toBe(403);
    }
    // The refused sign-out did not end the session.
    const refreshed = await t.post('/api/auth/refresh', {
      headers: { cookie, 'x-requested-with': 'test' },
    });
    expect(refreshed.status).toBe(200);
    const rows = await auditRows(t, 'auth.forbidden');
    expect(rows.map((row) => row.after['path'])).toEqual(
      expect.arrayContaining(['/api/auth/refresh', '/api/auth/logout']),
    );
  });

  it('never lets the cookie alone drive a bearer route', async () => {
    const login = await t.post('/api/auth/login', { body: ADMIN });
    const headers = { cookie: sessionCookie(login), 'x-requested-with': 'test' };
    expect((await t.get('/api/me', { headers })).status).toBe(401);
    expect(
      (
        await t.post('/api/me/password', {
          headers,
          body: { currentPassword: ADMIN.password, newPassword: 'violet-harbour-93-slowly' },
        })
      ).status,
    ).toBe(401);
    expect((await t.post('/api/me/mfa/enrol', { headers })).status).toBe(401);
  });

  it('refuses a sign-in posted as a form (no cross-site login) and never caches one', async () => {
    const form = await t.post('/api/auth/login', {
      body: `email=${encodeURIComponent(ADMIN.email)}&password=${encodeURIComponent(ADMIN.password)}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(form.status).toBe(415);
    const json = await t.post('/api/auth/login', { body: ADMIN });
    expect(json.headers['cache-control']).toBe('no-store');
    const cookie = json.cookies.find((c) => c.name === 'ahp_session');
    expect(cookie).toEqual(
      expect.objectContaining({
        httpOnly: true,
        secure: true,
        sameSite: 'Strict',
        path: '/api/auth',
      }),
    );
  });
});
