import { createPlacement, placementBody } from '../placements/support';
import { TestApp, type Reply } from '../support/test-app';
import { buildAttackWorld, errorShapeProblem, type AttackWorld } from './support';

/**
 * OWASP API3 (broken object property level authorization: mass assignment). Every create and
 * update endpoint is sent fields the caller may not set: owners, organisations, roles, statuses,
 * counters, ids and timestamps. Each must be refused with a 400 naming the field (the validation
 * pipe forbids unknown fields), and the stored objects must not change. Where a field is genuine
 * for another role (an admin's `organisationId` or `universityIds`, a coordinator's compliance
 * record), the caller without the right must be refused or have it make no difference. Each case
 * ends by sending the same request without the extra field, which must succeed, so the 400s are
 * known to come from the field and not from a broken base request.
 */
describe('mass assignment: fields a caller may not set', () => {
  let t: TestApp;
  let w: AttackWorld;

  beforeAll(async () => {
    t = await TestApp.start();
    w = await buildAttackWorld(t);
  }, 120_000);
  afterAll(() => t.close());

  interface Case {
    /** Who sends it. */
    token: () => string;
    method: 'POST' | 'PATCH' | 'PUT';
    url: () => string;
    /** A body that succeeds on its own. */
    body: () => Record<string, unknown>;
    /** Fields to smuggle in, one at a time; dotted names go into nested objects. */
    fields: () => Record<string, unknown>;
    /** What must not change (read as an admin, or from the database). */
    probe: () => Promise<unknown>;
    /** Whether the control request without the field can be repeated (false: it only works once). */
    control?: boolean;
  }

  const adminGet = async (url: string) => {
    const reply = await t.get<Record<string, unknown>>(url, { token: w.admin });
    return { status: reply.status, body: reply.body };
  };
  const count = async (sql: string, params: unknown[] = []) =>
    ((await t.db.query(sql, params)) as { n: number }[])[0].n;

  function withField(body: Record<string, unknown>, name: string, value: unknown) {
    const copy = structuredClone(body);
    const parts = name.split('.');
    let target: Record<string, unknown> = copy;
    for (const part of parts.slice(0, -1)) {
      target[part] ??= {};
      target = target[part] as Record<string, unknown>;
    }
    target[parts[parts.length - 1]] = value;
    return copy;
  }

  function send(c: Case, body: unknown): Promise<Reply> {
    return t.call(c.method, c.url(), { token: c.token(), body });
  }

  async function refusesEachField(c: Case) {
    const before = await c.probe();
    const problems: string[] = [];
    for (const [name, value] of Object.entries(c.fields())) {
      const reply = await send(c, withField(c.body(), name, value));
      const details = (reply.body as { details?: { field: string }[] }).details ?? [];
      if (reply.status !== 400)
        problems.push(`${name}: answered ${reply.status} ${reply.text.slice(0, 200)}`);
      else if (!details.some((d) => d.field === name || name.startsWith(`${d.field}.`)))
        problems.push(`${name}: a 400 that does not name the field: ${reply.text.slice(0, 200)}`);
      const shape = reply.status >= 400 ? errorShapeProblem(reply) : null;
      if (shape) problems.push(`${name}: ${shape}`);
    }
    expect(problems).toEqual([]);
    expect(await c.probe()).toEqual(before);
    if (c.control !== false) {
      const control = await send(c, c.body());
      if (control.status >= 300)
        throw new Error(`The request without the field failed: ${control.status} ${control.text}`);
    }
  }

  const FORGED = {
    id: '00000000-0000-4000-8000-000000000001',
    createdAt: '2020-01-01T00:00:00.000Z',
    updatedAt: '2020-01-01T00:00:00.000Z',
  };

  it('POST /api/placements: a provider cannot set the owner, status, counters, id or dates', async () => {
    await refusesEachField({
      token: () => w.own.provider.token,
      method: 'POST',
      url: () => '/api/placements',
      body: () => placementBody({ title: 'Mass assignment placement' }),
      fields: () => ({
        ...FORGED,
        providerId: w.other.providerOrg,
        organisationId: w.other.providerOrg,
        status: 'published',
        remainingCapacity: 99,
        approvedCount: 5,
        publishedAt: '2020-01-01T00:00:00.000Z',
        cancellationReason: 'x',
        rating: { average: 5, responses: 10 },
      }),
      probe: () =>
        count(`SELECT count(*)::int AS n FROM placement WHERE title = 'Mass assignment placement'`),
    });
  });

  it('PATCH /api/placements/:id: a provider cannot move it to another owner or change its status', async () => {
    const placement = await createPlacement(t, w.own.provider.token, { title: 'Patched one' });
    await refusesEachField({
      token: () => w.own.provider.token,
      method: 'PATCH',
      url: () => `/api/placements/${placement.id}`,
      body: () => ({ title: 'Patched one, renamed' }),
      fields: () => ({
        ...FORGED,
        providerId: w.other.providerOrg,
        status: 'published',
        remainingCapacity: 99,
        approvedCount: 5,
        publishedAt: '2020-01-01T00:00:00.000Z',
      }),
      probe: () => adminGet(`/api/placements/${placement.id}`),
    });
  });

  it('POST /api/applications: a student cannot apply for someone else or choose the status', async () => {
    const placement = await createPlacement(
      t,
      w.own.provider.token,
      { title: 'Applied to', requirements: [] },
      true,
    );
    await refusesEachField({
      token: () => w.own.student.token,
      method: 'POST',
      url: () => '/api/applications',
      body: () => ({ placementId: placement.id, statement: 'Keen' }),
      fields: () => ({
        ...FORGED,
        studentId: w.own.placedStudent.id,
        status: 'offered',
        universityId: w.other.university,
        organisationId: w.other.university,
        match: { id: FORGED.id },
      }),
      probe: () =>
        count(`SELECT count(*)::int AS n FROM application WHERE placement_id = $1`, [placement.id]),
      control: true,
    });
  });

  it('POST /api/users: nobody sets an id, status or timestamps, and a profile holds only what a student states', async () => {
    const email = 'mass.assigned@test.example';
    await refusesEachField({
      token: () => w.own.coordinator.token,
      method: 'POST',
      url: () => '/api/users',
      body: () => ({
        email,
        name: 'Mass Assigned',
        role: 'student',
        studentProfile: { profession: 'occupational_therapy', yearOfStudy: 2 },
      }),
      fields: () => ({
        ...FORGED,
        status: 'active',
        passwordHash: 'x',
        mfaEnabled: false,
        'studentProfile.compliance': ['enhanced_dbs'],
        'studentProfile.allocationPriority': 10,
        'studentProfile.priorPracticeHours': 1000,
        'studentProfile.reasonableAdjustments': 'x',
        'studentProfile.userId': w.other.student.id,
      }),
      probe: () => count(`SELECT count(*)::int AS n FROM app_user WHERE email = $1`, [email]),
    });
  });

  it('PATCH /api/me: a person cannot change their role, organisation, e-mail or what their coordinator records', async () => {
    await refusesEachField({
      token: () => w.own.student.token,
      method: 'PATCH',
      url: () => '/api/me',
      body: () => ({ name: 'Still A Student' }),
      fields: () => ({
        ...FORGED,
        role: 'admin',
        organisationId: w.other.university,
        email: 'new.address@test.example',
        status: 'active',
        'studentProfile.profession': 'physiotherapy',
        'studentProfile.yearOfStudy': 4,
        'studentProfile.compliance': ['enhanced_dbs', 'occupational_health'],
        'studentProfile.allocationPriority': 10,
        'studentProfile.priorPracticeHours': 1000,
      }),
      probe: async () => {
        const me = await t.get<Record<string, unknown>>('/api/me', { token: w.own.student.token });
        const { name: _name, ...rest } = me.body;
        return rest;
      },
    });
  });

  it('PATCH /api/users/:id/allocation-details: a coordinator records compliance, not identity', async () => {
    await refusesEachField({
      token: () => w.own.coordinator.token,
      method: 'PATCH',
      url: () => `/api/users/${w.own.student.id}/allocation-details`,
      body: () => ({ allocationPriority: 1 }),
      fields: () => ({
        ...FORGED,
        role: 'coordinator',
        organisationId: w.other.university,
        email: 'moved@test.example',
        profession: 'physiotherapy',
        yearOfStudy: 4,
        status: 'active',
      }),
      probe: () => adminGet(`/api/users/${w.own.student.id}`),
    });
  });

  it('POST /api/organisations: an admin still cannot choose the id or timestamps', async () => {
    await refusesEachField({
      token: () => w.admin,
      method: 'POST',
      url: () => '/api/organisations',
      body: () => ({ name: 'Mass Assignment Trust', type: 'provider', region: 'london' }),
      fields: () => ({ ...FORGED, organisationId: FORGED.id, active: false }),
      probe: () =>
        count(`SELECT count(*)::int AS n FROM organisation WHERE name = 'Mass Assignment Trust'`),
    });
  });

  it('POST /api/allocation-rounds: a coordinator cannot set the status, results or seed history', async () => {
    await refusesEachField({
      token: () => w.own.coordinator.token,
      method: 'POST',
      url: () => '/api/allocation-rounds',
      body: () => ({ name: 'Mass round', startFrom: '2031-01-01', startTo: '2031-12-31' }),
      fields: () => ({
        ...FORGED,
        status: 'approved',
        matched: 100,
        proposals: [],
        unmatched: [],
        createdBy: w.other.coordinator.id,
      }),
      probe: () =>
        count(`SELECT count(*)::int AS n FROM allocation_round WHERE name = 'Mass round'`),
    });
  });

  it('match decisions, student and educator feedback: no status, owner or author fields', async () => {
    const o = w.own;
    const matchesBefore = () => adminGet(`/api/matches/${o.proposedMatch}`);
    for (const [url, token, body] of [
      [`/api/matches/${o.proposedMatch}/reject`, o.coordinator.token, { reason: 'No' }],
      [`/api/applications/${o.application}/decline`, o.provider.token, { reason: 'No' }],
      [`/api/placements/${o.publishedPlacement}/cancel`, o.provider.token, { reason: 'No' }],
    ] as const) {
      await refusesEachField({
        token: () => token,
        method: 'POST',
        url: () => url,
        body: () => ({ ...body }),
        fields: () => ({ ...FORGED, status: 'approved', decidedBy: o.coordinator.id }),
        probe: matchesBefore,
        control: false,
      });
    }
    const feedback = {
      scores: {
        induction: 3,
        supervision: 3,
        facilities: 3,
        learningOpportunities: 3,
        teamwork: 3,
      },
      overall: 3,
      wouldRecommend: true,
    };
    await refusesEachField({
      token: () => o.placedStudent.token,
      method: 'POST',
      url: () => `/api/matches/${o.approvedMatch}/feedback`,
      body: () => feedback,
      fields: () => ({
        ...FORGED,
        matchId: o.reviewedMatch,
        studentId: o.reviewedStudent.id,
        placementId: w.other.publishedPlacement,
        providerId: w.other.providerOrg,
        editableUntil: '2099-01-01T00:00:00.000Z',
        'scores.hidden': 5,
      }),
      probe: () => adminGet(`/api/matches/${o.approvedMatch}/feedback`),
    });
    await refusesEachField({
      token: () => o.provider.token,
      method: 'POST',
      url: () => `/api/matches/${o.approvedMatch}/educator-feedback`,
      body: () => ({ domains: { communication: 4 }, outcome: 'pass', practiceHours: 37.5 }),
      fields: () => ({
        ...FORGED,
        matchId: o.reviewedMatch,
        studentId: o.reviewedStudent.id,
        providerId: w.other.providerOrg,
        educatorId: w.other.provider.id,
      }),
      probe: () => adminGet(`/api/matches/${o.approvedMatch}/feedback`),
    });
  });

  // ---- fields that are genuine for another role ---------------------------------------------

  it('POST /api/users: a coordinator cannot create an admin, coordinator or provider, or a student elsewhere', async () => {
    const people = () => count(`SELECT count(*)::int AS n FROM app_user`);
    const before = await people();
    const base = { name: 'Would Be', studentProfile: undefined };
    const attempts: [string, Record<string, unknown>][] = [
      [w.own.coordinator.token, { ...base, email: 'a1@test.example', role: 'admin' }],
      [w.own.coordinator.token, { ...base, email: 'a2@test.example', role: 'coordinator' }],
      [
        w.own.coordinator.token,
        { ...base, email: 'a3@test.example', role: 'provider', organisationId: w.own.providerOrg },
      ],
      [
        w.own.coordinator.token,
        {
          ...base,
          email: 'a4@test.example',
          role: 'student',
          organisationId: w.other.university,
          studentProfile: { profession: 'occupational_therapy', yearOfStudy: 2 },
        },
      ],
      [w.own.provider.token, { ...base, email: 'a5@test.example', role: 'admin' }],
      [
        w.own.provider.token,
        {
          ...base,
          email: 'a6@test.example',
          role: 'student',
          studentProfile: { profession: 'occupational_therapy', yearOfStudy: 2 },
        },
      ],
      [
        w.own.provider.token,
        {
          ...base,
          email: 'a7@test.example',
          role: 'provider',
          organisationId: w.other.providerOrg,
        },
      ],
    ];
    const accepted: string[] = [];
    for (const [token, body] of attempts) {
      const reply = await t.post('/api/users', { token, body });
      if (![400, 403, 404].includes(reply.status))
        accepted.push(`${String(body.email)}: ${reply.status} ${reply.text.slice(0, 200)}`);
    }
    expect(accepted).toEqual([]);
    expect(await people()).toBe(before);
  });

  it('POST /api/allocation-rounds: universityIds is for admins; a coordinator’s round is their university’s', async () => {
    const reply = await t.post<{ universityIds: string[] }>('/api/allocation-rounds', {
      token: w.own.coordinator.token,
      body: {
        name: 'Wider round',
        startFrom: '2031-01-01',
        startTo: '2031-12-31',
        universityIds: [w.other.university],
      },
    });
    if (reply.status < 300) expect(reply.body.universityIds).toEqual([w.own.university]);
    else expect([400, 403]).toContain(reply.status);
    const rounds = (await t.db.query(
      `SELECT count(*)::int AS n FROM allocation_round WHERE $1 = ANY(university_ids)`,
      [w.other.university],
    )) as { n: number }[];
    expect(rounds[0].n).toBe(1); // only the other university's own round
  });

  it('POST /api/users/import: organisationId is for admins; a coordinator imports only into their own university', async () => {
    const csv =
      'email,name,profession,yearOfStudy,homePostcode,maxTravelKm\nimported.elsewhere@test.example,Imported,occupational_therapy,2,LS6 2AB,40\n';
    const reply = await t.post<{ created: number }>('/api/users/import', {
      token: w.own.coordinator.token,
      query: { organisationId: w.other.university },
      body: csv,
      headers: { 'content-type': 'text/csv' },
    });
    expect(reply.status).toBeLessThan(500);
    const [row] = (await t.db.query(
      `SELECT organisation_id FROM app_user WHERE email = 'imported.elsewhere@test.example'`,
    )) as { organisation_id: string }[];
    if (row) expect(row.organisation_id).toBe(w.own.university);
    else expect([400, 403, 404]).toContain(reply.status);
  });

  it('CSV imports: extra columns cannot set the owner, role or status', async () => {
    const before = await count(`SELECT count(*)::int AS n FROM placement`);
    const placements = await t.post<{ created: number }>('/api/placements/import', {
      token: w.own.provider.token,
      body:
        'title,professions,setting,model,postcode,startDate,endDate,capacity,providerId,status\n' +
        `Imported,occupational_therapy,mental_health,peer,LS7 3JX,2027-01-11,2027-03-19,2,${w.other.providerOrg},published\n`,
      headers: { 'content-type': 'text/csv' },
    });
    expect(placements.status).toBeLessThan(500);
    const imported = (await t.db.query(
      `SELECT provider_id, status FROM placement WHERE title = 'Imported'`,
    )) as { provider_id: string; status: string }[];
    for (const row of imported)
      expect(row).toEqual({ provider_id: w.own.providerOrg, status: 'draft' });
    if (!imported.length)
      expect(await count(`SELECT count(*)::int AS n FROM placement`)).toBe(before);

    const students = await t.post('/api/users/import', {
      token: w.own.coordinator.token,
      body:
        'email,name,profession,yearOfStudy,homePostcode,maxTravelKm,role,organisationId\n' +
        `csv.admin@test.example,Csv Admin,occupational_therapy,2,LS6 2AB,40,admin,${w.other.university}\n`,
      headers: { 'content-type': 'text/csv' },
    });
    expect(students.status).toBeLessThan(500);
    const [person] = (await t.db.query(
      `SELECT role, organisation_id FROM app_user WHERE email = 'csv.admin@test.example'`,
    )) as { role: string; organisation_id: string }[];
    if (person) expect(person).toEqual({ role: 'student', organisation_id: w.own.university });
  });
});
