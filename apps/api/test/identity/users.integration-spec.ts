import type { LoginResponse, Role } from '@ahp/contracts';
import { GOOD_PASSWORD, TestApp, invitationToken } from '../support/test-app';

const studentProfile = { profession: 'occupational_therapy', yearOfStudy: 2 };

describe('people and who may create whom', () => {
  let t: TestApp;
  let admin: string;
  let uniA: string;
  let uniB: string;
  let providerA: string;
  let providerB: string;
  let coordinatorA: { id: string; token: string };
  let providerLeadA: { id: string; token: string };
  let studentA: { id: string; token: string };

  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.adminToken();
    uniA = (
      await t.createOrganisation(admin, 'university', 'University A', 'north_west', 'M13 9PL')
    ).id;
    uniB = (await t.createOrganisation(admin, 'university', 'University B', 'london')).id;
    providerA = (await t.createOrganisation(admin, 'provider', 'Provider A Trust', 'north_west'))
      .id;
    providerB = (await t.createOrganisation(admin, 'provider', 'Provider B Trust', 'london')).id;
    coordinatorA = await t.createUser(admin, 'coordinator', uniA);
    providerLeadA = await t.createUser(admin, 'provider', providerA);
    studentA = await t.createUser(admin, 'student', uniA);
  });
  afterAll(() => t.close());

  const userCount = async () =>
    Number((await t.db.query(`SELECT count(*) FROM app_user`))[0].count);

  describe('POST /api/users', () => {
    it('lets an admin create each role, answering 201 with the contract fields', async () => {
      const cases: { role: Role; organisationId?: string; extra?: object }[] = [
        {
          role: 'student',
          organisationId: uniA,
          extra: {
            studentProfile: { ...studentProfile, homePostcode: 'M14 5AB', maxTravelKm: 30 },
          },
        },
        { role: 'coordinator', organisationId: uniB },
        { role: 'provider', organisationId: providerB },
        { role: 'admin' },
      ];
      for (const c of cases) {
        const email = `made.${c.role}@test.example`;
        const reply = await t.post<Record<string, unknown>>('/api/users', {
          token: admin,
          body: {
            email,
            name: `Made ${c.role}`,
            role: c.role,
            organisationId: c.organisationId,
            ...c.extra,
          },
        });
        expect(reply.status).toBe(201);
        expect(reply.body).toEqual(
          expect.objectContaining({
            id: expect.any(String),
            email,
            name: `Made ${c.role}`,
            role: c.role,
            organisationId: c.organisationId ?? null,
            status: 'invited',
          }),
        );
        expect(reply.body).not.toHaveProperty('passwordHash');
      }
      const [profile] = await t.db.query(
        `SELECT p.* FROM student_profile p JOIN app_user u ON u.id = p.user_id WHERE u.email = 'made.student@test.example'`,
      );
      expect(profile).toEqual(
        expect.objectContaining({
          profession: 'occupational_therapy',
          year_of_study: 2,
          home_postcode: 'M14 5AB',
          max_travel_km: 30,
        }),
      );
    });

    it('lets a coordinator add a student to their own university, defaulting the organisation', async () => {
      const reply = await t.post<{ organisationId: string; role: string }>('/api/users', {
        token: coordinatorA.token,
        body: {
          email: 'own.student@test.example',
          name: 'Own Student',
          role: 'student',
          studentProfile,
        },
      });
      expect(reply.status).toBe(201);
      expect(reply.body.organisationId).toBe(uniA);
    });

    it('lets a provider add a colleague to their own organisation', async () => {
      const reply = await t.post('/api/users', {
        token: providerLeadA.token,
        body: {
          email: 'colleague@test.example',
          name: 'A Colleague',
          role: 'provider',
          organisationId: providerA,
        },
      });
      expect(reply.status).toBe(201);
    });

    it.each([
      [
        'a coordinator adding a student to another university',
        () => coordinatorA.token,
        { role: 'student', organisationId: () => uniB, studentProfile },
      ],
      [
        'a coordinator adding a coordinator',
        () => coordinatorA.token,
        { role: 'coordinator', organisationId: () => uniA },
      ],
      ['a coordinator adding an admin', () => coordinatorA.token, { role: 'admin' }],
      [
        'a provider adding a student',
        () => providerLeadA.token,
        { role: 'student', organisationId: () => uniA, studentProfile },
      ],
      [
        'a provider adding someone to another provider',
        () => providerLeadA.token,
        { role: 'provider', organisationId: () => providerB },
      ],
      [
        'a student adding anyone',
        () => studentA.token,
        { role: 'student', organisationId: () => uniA, studentProfile },
      ],
    ])('refuses %s with 403 and creates nobody', async (_, token, body) => {
      const before = await userCount();
      const { organisationId, ...rest } = body as { organisationId?: () => string };
      const reply = await t.post('/api/users', {
        token: token(),
        body: {
          email: `refused.${Math.random().toString(36).slice(2)}@test.example`,
          name: 'Refused',
          ...rest,
          ...(organisationId ? { organisationId: organisationId() } : {}),
        },
      });
      expect(reply.status).toBe(403);
      expect(reply.body).toEqual(expect.objectContaining({ statusCode: 403, error: 'Forbidden' }));
      expect(await userCount()).toBe(before);
    });

    it('refuses a duplicate e-mail address, whatever its case, with 409', async () => {
      const first = await t.post('/api/users', {
        token: admin,
        body: {
          email: 'dup@test.example',
          name: 'First',
          role: 'coordinator',
          organisationId: uniA,
        },
      });
      expect(first.status).toBe(201);
      const second = await t.post('/api/users', {
        token: admin,
        body: {
          email: 'DUP@Test.Example',
          name: 'Second',
          role: 'coordinator',
          organisationId: uniA,
        },
      });
      expect(second.status).toBe(409);
      expect(second.body).toEqual(expect.objectContaining({ code: 'email_taken' }));
    });

    it('keeps one account per address when two requests race', async () => {
      const body = {
        email: 'race@test.example',
        name: 'Racer',
        role: 'coordinator',
        organisationId: uniA,
      };
      const replies = await Promise.all(
        [1, 2, 3, 4].map(() => t.post('/api/users', { token: admin, body })),
      );
      expect(replies.map((r) => r.status).sort()).toEqual([201, 409, 409, 409]);
      const [{ count }] = await t.db.query(
        `SELECT count(*)::int AS count FROM app_user WHERE email = 'race@test.example'`,
      );
      expect(count).toBe(1);
    });

    it.each([
      [
        'a student without a profile',
        { role: 'student', organisationId: 'uniA' },
        'studentProfile',
      ],
      [
        'a profile for a coordinator',
        { role: 'coordinator', organisationId: 'uniA', studentProfile },
        'studentProfile',
      ],
      [
        'a student at a provider',
        { role: 'student', organisationId: 'providerA', studentProfile },
        'organisationId',
      ],
      [
        'a provider at a university',
        { role: 'provider', organisationId: 'uniA' },
        'organisationId',
      ],
      [
        'an admin with an organisation',
        { role: 'admin', organisationId: 'uniA' },
        'organisationId',
      ],
      ['a coordinator without an organisation', { role: 'coordinator' }, 'organisationId'],
      [
        'an organisation that does not exist',
        { role: 'coordinator', organisationId: '00000000-0000-4000-8000-000000000000' },
        'organisationId',
      ],
      [
        'an unknown profession',
        {
          role: 'student',
          organisationId: 'uniA',
          studentProfile: { profession: 'nursing', yearOfStudy: 1 },
        },
        'studentProfile.profession',
      ],
      [
        'year of study 5',
        {
          role: 'student',
          organisationId: 'uniA',
          studentProfile: { profession: 'dietetics', yearOfStudy: 5 },
        },
        'studentProfile.yearOfStudy',
      ],
      [
        'year of study as text',
        {
          role: 'student',
          organisationId: 'uniA',
          studentProfile: { profession: 'dietetics', yearOfStudy: '2' },
        },
        'studentProfile.yearOfStudy',
      ],
      [
        'a malformed postcode',
        {
          role: 'student',
          organisationId: 'uniA',
          studentProfile: { ...studentProfile, homePostcode: 'not a postcode' },
        },
        'studentProfile.homePostcode',
      ],
      [
        'an unknown postcode district',
        {
          role: 'student',
          organisationId: 'uniA',
          studentProfile: { ...studentProfile, homePostcode: 'ZZ9 9ZZ' },
        },
        'studentProfile.homePostcode',
      ],
      [
        'a travel limit of 0',
        {
          role: 'student',
          organisationId: 'uniA',
          studentProfile: { ...studentProfile, maxTravelKm: 0 },
        },
        'studentProfile.maxTravelKm',
      ],
      ['an unknown role', { role: 'superuser', organisationId: 'uniA' }, 'role'],
      ['a non-UUID organisation', { role: 'coordinator', organisationId: '42' }, 'organisationId'],
      [
        'an unknown field',
        { role: 'coordinator', organisationId: 'uniA', status: 'active' },
        'status',
      ],
      [
        'an unknown nested field',
        {
          role: 'student',
          organisationId: 'uniA',
          studentProfile: { ...studentProfile, hours: 1000 },
        },
        'studentProfile.hours',
      ],
      [
        'a short password',
        { role: 'coordinator', organisationId: 'uniA', password: 'short' },
        'password',
      ],
      [
        'a common password',
        { role: 'coordinator', organisationId: 'uniA', password: 'password1234' },
        'password',
      ],
      [
        'a password made of the name',
        {
          role: 'coordinator',
          organisationId: 'uniA',
          name: 'Bartholomew Featherstone',
          password: 'BartholomewFeatherstone',
        },
        'password',
      ],
    ])('rejects %s with 400 naming the field, and writes nothing', async (_, body, field) => {
      const ids: Record<string, string> = { uniA, providerA };
      const resolved = { name: 'Somebody', ...body } as Record<string, unknown>;
      if (typeof resolved.organisationId === 'string' && ids[resolved.organisationId])
        resolved.organisationId = ids[resolved.organisationId];
      const before = await userCount();
      const reply = await t.post<{ details?: { field: string }[] }>('/api/users', {
        token: admin,
        body: { email: `bad.${Math.random().toString(36).slice(2)}@test.example`, ...resolved },
      });
      expect(reply.status).toBe(400);
      expect(reply.body).toEqual(
        expect.objectContaining({
          statusCode: 400,
          error: 'Bad Request',
          message: expect.any(String),
        }),
      );
      expect(reply.body.details?.map((d) => d.field)).toContain(field);
      expect(await userCount()).toBe(before);
    });

    it.each([
      ['an e-mail that is not one', { email: 'nope' }, 'email'],
      ['an over-long name', { name: 'x'.repeat(201) }, 'name'],
      ['a blank name', { name: '   ' }, 'name'],
      ['a name that is a number', { name: 7 }, 'name'],
      ['an over-long e-mail', { email: `${'x'.repeat(250)}@test.example` }, 'email'],
    ])('rejects %s with 400', async (_, override, field) => {
      const reply = await t.post<{ details?: { field: string }[] }>('/api/users', {
        token: admin,
        body: {
          email: 'fine@test.example',
          name: 'Fine',
          role: 'coordinator',
          organisationId: uniA,
          ...override,
        },
      });
      expect(reply.status).toBe(400);
      expect(reply.body.details?.map((d) => d.field)).toContain(field);
    });
  });

  describe('invitations', () => {
    it('e-mails a single-use link that lets the person choose a password and sign in', async () => {
      const email = 'invitee@test.example';
      const created = await t.post<{ id: string; status: string }>('/api/users', {
        token: coordinatorA.token,
        body: { email, name: 'Ivy Invitee', role: 'student', studentProfile },
      });
      expect(created.body.status).toBe('invited');

      const mail = await t.waitForMail(email);
      expect(mail).toContain('Subject: Set up your AHP Placements account');
      expect(mail).toContain('University A');
      const token = invitationToken(mail);

      // Only a hash of the token is stored, and the queued job does not carry it.
      const stored = await t.db.query(`SELECT encode(token_hash, 'hex') AS hash FROM invitation`);
      expect(JSON.stringify(stored)).not.toContain(token);
      const jobs = await t.db.query(
        `SELECT data::text AS data FROM pgboss.job WHERE name = 'email'`,
      );
      expect(JSON.stringify(jobs)).not.toContain(token);

      const details = await t.get<{ email: string; name: string; organisationName: string }>(
        `/api/auth/invitations/${token}`,
      );
      expect(details.status).toBe(200);
      expect(details.body).toEqual(
        expect.objectContaining({ email, name: 'Ivy Invitee', organisationName: 'University A' }),
      );

      const weak = await t.post('/api/auth/accept-invitation', {
        body: { token, password: 'qwerty123456' },
      });
      expect(weak.status).toBe(400);
      expect(weak.body).toEqual(expect.objectContaining({ code: 'weak_password' }));

      const accepted = await t.post<LoginResponse>('/api/auth/accept-invitation', {
        body: { token, password: GOOD_PASSWORD },
      });
      expect(accepted.status).toBe(200);
      expect(accepted.body.user).toEqual(expect.objectContaining({ email, status: 'active' }));
      expect(accepted.cookies.map((c) => c.name)).toContain('ahp_session');

      expect(
        (await t.post('/api/auth/accept-invitation', { body: { token, password: GOOD_PASSWORD } }))
          .status,
      ).toBe(404);
      expect((await t.get(`/api/auth/invitations/${token}`)).status).toBe(404);
      expect(
        (await t.post('/api/auth/login', { body: { email, password: GOOD_PASSWORD } })).status,
      ).toBe(200);
    });

    it('replaces the old link when an invitation is sent again', async () => {
      const email = 'resend@test.example';
      const created = await t.post<{ id: string }>('/api/users', {
        token: coordinatorA.token,
        body: { email, name: 'Re Send', role: 'student', studentProfile },
      });
      const first = invitationToken(await t.waitForMail(email));
      const before = t.mailFiles().length;
      expect(
        (await t.post(`/api/users/${created.body.id}/invitation`, { token: coordinatorA.token }))
          .status,
      ).toBe(204);
      const deadline = Date.now() + 10_000;
      while (t.mailFiles().length === before && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 100));
      const second = invitationToken(await t.waitForMail(email));
      expect(second).not.toBe(first);
      expect((await t.get(`/api/auth/invitations/${first}`)).status).toBe(404);
      expect((await t.get(`/api/auth/invitations/${second}`)).status).toBe(200);
      // Someone else's student cannot be re-invited by a provider.
      expect(
        (await t.post(`/api/users/${created.body.id}/invitation`, { token: providerLeadA.token }))
          .status,
      ).toBe(404);
    });

    it('refuses an expired invitation', async () => {
      const email = 'late@test.example';
      await t.post('/api/users', {
        token: coordinatorA.token,
        body: { email, name: 'Too Late', role: 'student', studentProfile },
      });
      const token = invitationToken(await t.waitForMail(email));
      await t.db.query(
        `UPDATE invitation i SET expires_at = now() - interval '1 minute' FROM app_user u WHERE u.id = i.user_id AND u.email = $1`,
        [email],
      );
      const reply = await t.post('/api/auth/accept-invitation', {
        body: { token, password: GOOD_PASSWORD },
      });
      expect(reply.status).toBe(404);
      expect(reply.body).toEqual(expect.objectContaining({ code: 'invitation_invalid' }));
    });

    it('rejects a token that is not one with 400', async () => {
      expect((await t.get('/api/auth/invitations/short')).status).toBe(400);
      expect(
        (
          await t.post('/api/auth/accept-invitation', {
            body: { token: '../../etc', password: GOOD_PASSWORD },
          })
        ).status,
      ).toBe(400);
    });
  });

  describe('who sees whom', () => {
    it('shows an admin everyone, a coordinator their university, a provider their organisation', async () => {
      const everyone = await t.get<{ items: { organisationId: string | null }[] }>('/api/users', {
        token: admin,
        query: { limit: '100' },
      });
      expect(new Set(everyone.body.items.map((u) => u.organisationId))).toEqual(
        new Set([null, uniA, uniB, providerA, providerB]),
      );

      const coordinatorView = await t.get<{ items: { organisationId: string }[] }>('/api/users', {
        token: coordinatorA.token,
        query: { limit: '100' },
      });
      expect(coordinatorView.status).toBe(200);
      expect(coordinatorView.body.items.length).toBeGreaterThan(0);
      expect(coordinatorView.body.items.every((u) => u.organisationId === uniA)).toBe(true);

      const providerView = await t.get<{ items: { organisationId: string }[] }>('/api/users', {
        token: providerLeadA.token,
      });
      expect(providerView.body.items.every((u) => u.organisationId === providerA)).toBe(true);

      expect((await t.get('/api/users', { token: studentA.token })).status).toBe(403);
    });

    it('answers 404 for a person in another organisation, as if they did not exist', async () => {
      const other = await t.createUser(admin, 'student', uniB);
      expect((await t.get(`/api/users/${other.id}`, { token: coordinatorA.token })).status).toBe(
        404,
      );
      expect((await t.get(`/api/users/${other.id}`, { token: providerLeadA.token })).status).toBe(
        404,
      );
      expect((await t.get(`/api/users/${other.id}`, { token: admin })).status).toBe(200);
      expect((await t.get(`/api/users/${studentA.id}`, { token: coordinatorA.token })).status).toBe(
        200,
      );
    });

    it('rejects an id that is not a UUID with 400', async () => {
      const reply = await t.get('/api/users/123', { token: admin });
      expect(reply.status).toBe(400);
      expect(reply.body).toEqual(
        expect.objectContaining({ details: [{ field: 'id', message: 'id must be a UUID' }] }),
      );
    });

    it('pages through people with a cursor, never repeating or skipping anyone', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const query: Record<string, string> = { limit: '3', ...(cursor ? { cursor } : {}) };
        const page = await t.get<{ items: { id: string }[]; nextCursor: string | null }>(
          '/api/users',
          { token: admin, query },
        );
        expect(page.status).toBe(200);
        expect(page.body.items.length).toBeLessThanOrEqual(3);
        seen.push(...page.body.items.map((u) => u.id));
        cursor = page.body.nextCursor;
        pages++;
      } while (cursor && pages < 100);
      const [{ count }] = await t.db.query(`SELECT count(*)::int AS count FROM app_user`);
      expect(seen.length).toBe(count);
      expect(new Set(seen).size).toBe(count);
    });

    it.each([
      [{ limit: '0' }, 'limit'],
      [{ limit: '101' }, 'limit'],
      [{ limit: 'ten' }, 'limit'],
      [{ cursor: 'not-a-cursor' }, 'cursor'],
      [{ role: 'wizard' }, 'role'],
      [{ sort: 'name' }, 'sort'],
    ])('rejects the query %p with 400', async (query, field) => {
      const reply = await t.get<{ details?: { field: string }[] }>('/api/users', {
        token: admin,
        query,
      });
      expect(reply.status).toBe(400);
      expect(reply.body.details?.map((d) => d.field)).toContain(field);
    });

    it('filters by role, status and text', async () => {
      const reply = await t.get<{ items: { role: string; status: string; name: string }[] }>(
        '/api/users',
        {
          token: admin,
          query: { role: 'student', status: 'invited', q: 'invitee' },
        },
      );
      expect(reply.status).toBe(200);
      expect(reply.body.items.every((u) => u.role === 'student' && u.status === 'invited')).toBe(
        true,
      );
    });
  });
});
