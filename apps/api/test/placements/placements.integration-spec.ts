import type { Placement } from '@ahp/contracts';
import { TestApp } from '../support/test-app';
import { createPlacement, placementBody } from './support';

describe('placements: posting and the lifecycle', () => {
  let t: TestApp;
  let admin: string;
  let providerA: { id: string; token: string };
  let providerB: { id: string; token: string };
  let coordinator: { token: string };
  let student: { token: string };
  let providerAId: string;

  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.adminToken();
    providerAId = (
      await t.createOrganisation(
        admin,
        'provider',
        'Northdale Mental Health Trust',
        'north_east_yorkshire',
      )
    ).id;
    const orgB = await t.createOrganisation(admin, 'provider', 'Thames Gateway Trust', 'london');
    const uni = await t.createOrganisation(
      admin,
      'university',
      'Northdale University',
      'north_east_yorkshire',
    );
    providerA = await t.createUser(admin, 'provider', providerAId);
    providerB = await t.createUser(admin, 'provider', orgB.id);
    coordinator = await t.createUser(admin, 'coordinator', uni.id);
    student = await t.createUser(admin, 'student', uni.id);
  });
  afterAll(() => t.close());

  const placementCount = async () =>
    Number((await t.db.query(`SELECT count(*) FROM placement`))[0].count);

  it('creates a draft with every field, the provider, the remaining capacity and a normalised postcode', async () => {
    const reply = await t.post<Placement>('/api/placements', {
      token: providerA.token,
      body: placementBody({ postcode: 'ls73jx' }),
    });
    expect(reply.status).toBe(201);
    expect(reply.body).toEqual({
      id: expect.any(String),
      providerId: providerAId,
      providerName: 'Northdale Mental Health Trust',
      title: 'Occupational therapy on an acute adult mental health ward',
      description:
        'Working with the ward team on recovery-focused groups and one-to-one assessment.',
      professions: ['occupational_therapy'],
      setting: 'mental_health',
      serviceType: 'Inpatient',
      model: 'one_to_one',
      region: 'north_east_yorkshire',
      postcode: 'LS7 3JX',
      startDate: '2027-02-01',
      endDate: '2027-03-26',
      hoursPerWeek: 37.5,
      capacity: 2,
      remainingCapacity: 2,
      minYearOfStudy: 2,
      requirements: ['enhanced_dbs'],
      applicationDeadline: '2027-01-08',
      status: 'draft',
      cancellationReason: null,
      publishedAt: null,
      rating: null,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const minimal = await t.post<Placement>('/api/placements', {
      token: providerA.token,
      body: {
        title: 'Minimal',
        professions: ['dietetics'],
        setting: 'autism',
        model: 'virtual',
        postcode: 'M13',
        startDate: '2027-05-03',
        endDate: '2027-05-28',
        capacity: 1,
      },
    });
    expect(minimal.status).toBe(201);
    expect(minimal.body).toEqual(
      expect.objectContaining({
        minYearOfStudy: 1,
        requirements: [],
        description: null,
        hoursPerWeek: null,
        applicationDeadline: null,
      }),
    );
  });

  it.each([
    ['an end before the start', { startDate: '2027-03-01', endDate: '2027-02-01' }, 'endDate'],
    ['a deadline after the start', { applicationDeadline: '2027-02-02' }, 'applicationDeadline'],
    ['capacity 0', { capacity: 0 }, 'capacity'],
    ['an absurd capacity', { capacity: 100000 }, 'capacity'],
    ['a fractional capacity', { capacity: 1.5 }, 'capacity'],
    ['capacity as text', { capacity: '2' }, 'capacity'],
    ['no professions', { professions: [] }, 'professions'],
    ['an unknown profession', { professions: ['nursing'] }, 'professions'],
    ['a repeated profession', { professions: ['dietetics', 'dietetics'] }, 'professions'],
    ['professions as text', { professions: 'dietetics' }, 'professions'],
    ['an unknown setting', { setting: 'acute' }, 'setting'],
    ['an unknown model', { model: 'solo' }, 'model'],
    ['an unknown requirement', { requirements: ['dbs'] }, 'requirements'],
    ['a malformed postcode', { postcode: 'LS7 3J' }, 'postcode'],
    ['an unknown postcode', { postcode: 'ZZ1 1ZZ' }, 'postcode'],
    ['a date that does not exist', { startDate: '2027-02-30' }, 'startDate'],
    ['a date in another format', { endDate: '26/03/2027' }, 'endDate'],
    ['zero hours a week', { hoursPerWeek: 0 }, 'hoursPerWeek'],
    ['too many hours a week', { hoursPerWeek: 61 }, 'hoursPerWeek'],
    ['hours to two decimals', { hoursPerWeek: 37.55 }, 'hoursPerWeek'],
    ['year 5 as a minimum', { minYearOfStudy: 5 }, 'minYearOfStudy'],
    ['an over-long title', { title: 'x'.repeat(201) }, 'title'],
    ['an empty title', { title: '  ' }, 'title'],
    ['an unknown region', { region: 'wales' }, 'region'],
    ['a field that may not be set', { status: 'published' }, 'status'],
    [
      'a provider of its own choosing',
      { providerId: '00000000-0000-4000-8000-000000000000' },
      'providerId',
    ],
  ])('rejects %s with 400 naming %s, writing nothing', async (_, overrides, field) => {
    const before = await placementCount();
    const reply = await t.post<{ details?: { field: string }[] }>('/api/placements', {
      token: providerA.token,
      body: placementBody(overrides),
    });
    expect(reply.status).toBe(400);
    expect(reply.body.details?.map((d) => d.field)).toContain(field);
    expect(await placementCount()).toBe(before);
  });

  it('is for providers only', async () => {
    for (const token of [student.token, coordinator.token, admin]) {
      expect((await t.post('/api/placements', { token, body: placementBody() })).status).toBe(403);
    }
  });

  it("keeps every provider out of another's placements with 404, and drafts hidden from students", async () => {
    const draft = await createPlacement(t, providerA.token);
    expect((await t.get(`/api/placements/${draft.id}`, { token: providerB.token })).status).toBe(
      404,
    );
    expect(
      (
        await t.patch(`/api/placements/${draft.id}`, {
          token: providerB.token,
          body: { title: 'Mine now' },
        })
      ).status,
    ).toBe(404);
    expect(
      (await t.post(`/api/placements/${draft.id}/publish`, { token: providerB.token })).status,
    ).toBe(404);
    expect(
      (
        await t.post(`/api/placements/${draft.id}/cancel`, {
          token: providerB.token,
          body: { reason: 'x' },
        })
      ).status,
    ).toBe(404);
    expect((await t.get(`/api/placements/${draft.id}`, { token: student.token })).status).toBe(404);
    expect((await t.get(`/api/placements/${draft.id}`, { token: coordinator.token })).status).toBe(
      404,
    );
    expect((await t.get(`/api/placements/${draft.id}`, { token: admin })).status).toBe(200);
    expect((await t.get(`/api/placements/${draft.id}`, { token: providerA.token })).status).toBe(
      200,
    );
    const [{ title }] = await t.db.query(`SELECT title FROM placement WHERE id = $1`, [draft.id]);
    expect(title).toBe(placementBody().title);
  });

  it('moves draft → published → closed, or to cancelled with a reason, each step once', async () => {
    const { id } = await createPlacement(t, providerA.token);
    expect((await t.post(`/api/placements/${id}/close`, { token: providerA.token })).status).toBe(
      409,
    );

    const published = await t.post<Placement>(`/api/placements/${id}/publish`, {
      token: providerA.token,
    });
    expect(published.status).toBe(200);
    expect(published.body).toEqual(
      expect.objectContaining({ status: 'published', publishedAt: expect.any(String) }),
    );
    expect((await t.get(`/api/placements/${id}`, { token: student.token })).status).toBe(200);
    const again = await t.post(`/api/placements/${id}/publish`, { token: providerA.token });
    expect(again.status).toBe(409);
    expect(again.body).toEqual(
      expect.objectContaining({ statusCode: 409, message: expect.stringContaining('published') }),
    );

    expect(
      (await t.post<Placement>(`/api/placements/${id}/close`, { token: providerA.token })).body
        .status,
    ).toBe('closed');
    expect(
      (await t.patch(`/api/placements/${id}`, { token: providerA.token, body: { capacity: 3 } }))
        .status,
    ).toBe(409);
    expect(
      (await t.post(`/api/placements/${id}/cancel`, { token: providerA.token, body: {} })).status,
    ).toBe(400);

    const cancelled = await t.post<Placement>(`/api/placements/${id}/cancel`, {
      token: providerA.token,
      body: { reason: 'The educator has left' },
    });
    expect(cancelled.body).toEqual(
      expect.objectContaining({ status: 'cancelled', cancellationReason: 'The educator has left' }),
    );
    expect(
      (
        await t.post(`/api/placements/${id}/cancel`, {
          token: providerA.token,
          body: { reason: 'Again' },
        })
      ).status,
    ).toBe(409);

    const audit: {
      action: string;
      before: { status: string };
      after: { status: string };
      reason: string | null;
    }[] = await t.db.query(
      `SELECT action, before, after, reason FROM audit_event WHERE entity_id = $1 ORDER BY id`,
      [id],
    );
    expect(audit.map((a) => a.action)).toEqual([
      'placement.created',
      'placement.published',
      'placement.closed',
      'placement.cancelled',
    ]);
    expect(audit[3]).toEqual(
      expect.objectContaining({
        before: { status: 'closed' },
        after: { status: 'cancelled' },
        reason: 'The educator has left',
      }),
    );
  });

  it('lets an admin publish, close and cancel any placement, but not edit it', async () => {
    const { id } = await createPlacement(t, providerA.token);
    expect((await t.post(`/api/placements/${id}/publish`, { token: admin })).status).toBe(200);
    expect(
      (await t.patch(`/api/placements/${id}`, { token: admin, body: { capacity: 3 } })).status,
    ).toBe(403);
    expect(
      (
        await t.post(`/api/placements/${id}/cancel`, {
          token: admin,
          body: { reason: 'Duplicate listing' },
        })
      ).status,
    ).toBe(200);
  });

  it('will not publish a placement that has already ended', async () => {
    const { id } = await createPlacement(t, providerA.token, {
      startDate: '2025-01-06',
      endDate: '2025-02-28',
      applicationDeadline: null,
    });
    const reply = await t.post(`/api/placements/${id}/publish`, { token: providerA.token });
    expect(reply.status).toBe(409);
    expect(reply.body).toEqual(
      expect.objectContaining({ message: expect.stringContaining('already ended') }),
    );
  });

  it('edits a published placement, keeping what changed in the audit log', async () => {
    const { id } = await createPlacement(t, providerA.token, {}, true);
    const reply = await t.patch<Placement>(`/api/placements/${id}`, {
      token: providerA.token,
      body: {
        title: 'OT on the acute ward (updated)',
        capacity: 3,
        postcode: 'M13 9PL',
        description: null,
      },
    });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual(
      expect.objectContaining({
        title: 'OT on the acute ward (updated)',
        capacity: 3,
        remainingCapacity: 3,
        postcode: 'M13 9PL',
        description: null,
        status: 'published',
      }),
    );
    const [row] = await t.db.query(`SELECT latitude FROM placement WHERE id = $1`, [id]);
    expect(row.latitude).toBeCloseTo(53.46, 1);
    const [event] = await t.db.query(
      `SELECT before, after FROM audit_event WHERE entity_id = $1 AND action = 'placement.updated'`,
      [id],
    );
    expect(event.before).toEqual({
      status: 'published',
      title: 'Occupational therapy on an acute adult mental health ward',
      capacity: 2,
      postcode: 'LS7 3JX',
      description: placementBody().description,
    });
    expect(event.after).toEqual({
      title: 'OT on the acute ward (updated)',
      capacity: 3,
      postcode: 'M13 9PL',
      description: null,
    });
  });

  it.each([
    [{ title: null }, 'title'],
    [{ capacity: null }, 'capacity'],
    [{ endDate: '2027-01-01' }, 'endDate'],
    [{ professions: [] }, 'professions'],
    [{ postcode: 'ZZ9 9ZZ' }, 'postcode'],
  ])('rejects the edit %p with 400 naming %s', async (body, field) => {
    const { id } = await createPlacement(t, providerA.token);
    const reply = await t.patch<{ details?: { field: string }[] }>(`/api/placements/${id}`, {
      token: providerA.token,
      body,
    });
    expect(reply.status).toBe(400);
    expect(reply.body.details?.map((d) => d.field)).toContain(field);
  });
});
