import { TestApp } from '../support/test-app';

describe('organisations', () => {
  let t: TestApp;
  let admin: string;
  let coordinator: { token: string };
  let student: { token: string };

  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.adminToken();
    const uni = await t.createOrganisation(admin, 'university', 'Org Test University', 'midlands');
    coordinator = await t.createUser(admin, 'coordinator', uni.id);
    student = await t.createUser(admin, 'student', uni.id);
  });
  afterAll(() => t.close());

  it('lets an admin add one, answering 201 with the contract fields and a geocoded, normalised postcode', async () => {
    const reply = await t.post<Record<string, unknown>>('/api/organisations', {
      token: admin,
      body: {
        name: 'Harbour House Secure Care',
        type: 'provider',
        region: 'south_east',
        postcode: 'bn2 3ew',
      },
    });
    expect(reply.status).toBe(201);
    expect(reply.body).toEqual(
      expect.objectContaining({
        id: expect.any(String),
        name: 'Harbour House Secure Care',
        type: 'provider',
        region: 'south_east',
        postcode: 'BN2 3EW',
      }),
    );
    const [row] = await t.db.query(`SELECT latitude, longitude FROM organisation WHERE id = $1`, [
      reply.body.id,
    ]);
    expect(row.latitude).toBeCloseTo(50.83, 1);
    const audit = await t.db.query(`SELECT action FROM audit_event WHERE entity_id = $1`, [
      reply.body.id,
    ]);
    expect(audit).toEqual([{ action: 'organisation.created' }]);
  });

  it('refuses a second organisation with the same name in another case with 409', async () => {
    const reply = await t.post('/api/organisations', {
      token: admin,
      body: { name: 'HARBOUR HOUSE SECURE CARE', type: 'provider', region: 'london' },
    });
    expect(reply.status).toBe(409);
    expect(reply.body).toEqual(expect.objectContaining({ code: 'organisation_name_taken' }));
  });

  it('is for admins only', async () => {
    const body = { name: 'Not Allowed', type: 'provider', region: 'london' };
    expect((await t.post('/api/organisations', { token: coordinator.token, body })).status).toBe(
      403,
    );
    expect((await t.post('/api/organisations', { token: student.token, body })).status).toBe(403);
    expect((await t.post('/api/organisations', { body })).status).toBe(401);
  });

  it.each([
    [{ name: 'X', type: 'charity', region: 'london' }, 'type'],
    [{ name: 'X', type: 'provider', region: 'wales' }, 'region'],
    [{ name: '', type: 'provider', region: 'london' }, 'name'],
    [{ name: 'x'.repeat(201), type: 'provider', region: 'london' }, 'name'],
    [{ name: 'X', type: 'provider', region: 'london', postcode: 'BT1 1AA' }, 'postcode'],
    [{ name: 'X', type: 'provider', region: 'london', postcode: 12345 }, 'postcode'],
    [
      { name: 'X', type: 'provider', region: 'london', id: '00000000-0000-4000-8000-000000000000' },
      'id',
    ],
  ])('rejects %p with 400 naming %s', async (body, field) => {
    const reply = await t.post<{ details?: { field: string }[] }>('/api/organisations', {
      token: admin,
      body,
    });
    expect(reply.status).toBe(400);
    expect(reply.body.details?.map((d) => d.field)).toContain(field);
  });

  it('lists organisations by name for anyone signed in, filtered by type and region, a page at a time', async () => {
    for (const [name, region] of [
      ['Alpha Trust', 'london'],
      ['Beta Trust', 'london'],
      ['Gamma Trust', 'north_west'],
    ]) {
      await t.createOrganisation(admin, 'provider', name, region);
    }
    const page1 = await t.get<{ items: { name: string }[]; nextCursor: string }>(
      '/api/organisations',
      {
        token: student.token,
        query: { type: 'provider', limit: '2' },
      },
    );
    expect(page1.status).toBe(200);
    expect(page1.body.items.map((o) => o.name)).toEqual(['Alpha Trust', 'Beta Trust']);
    const page2 = await t.get<{ items: { name: string }[]; nextCursor: string | null }>(
      '/api/organisations',
      {
        token: student.token,
        query: { type: 'provider', limit: '2', cursor: page1.body.nextCursor },
      },
    );
    expect(page2.body.items.map((o) => o.name)).toEqual([
      'Gamma Trust',
      'Harbour House Secure Care',
    ]);
    expect(page2.body.nextCursor).toBeNull();

    const london = await t.get<{ items: { name: string }[] }>('/api/organisations', {
      token: coordinator.token,
      query: { region: 'london', type: 'provider' },
    });
    expect(london.body.items.map((o) => o.name)).toEqual(['Alpha Trust', 'Beta Trust']);
    const search = await t.get<{ items: { name: string }[] }>('/api/organisations', {
      token: coordinator.token,
      query: { q: 'amm' },
    });
    expect(search.body.items.map((o) => o.name)).toEqual(['Gamma Trust']);
    const wildcard = await t.get<{ items: unknown[] }>('/api/organisations', {
      token: coordinator.token,
      query: { q: '%' },
    });
    expect(wildcard.body.items).toEqual([]);
  });

  it('shows one organisation by id, 404 for an unknown id and 400 for a malformed one', async () => {
    const list = await t.get<{ items: { id: string }[] }>('/api/organisations', { token: admin });
    expect(
      (await t.get(`/api/organisations/${list.body.items[0].id}`, { token: student.token })).status,
    ).toBe(200);
    expect(
      (await t.get('/api/organisations/00000000-0000-4000-8000-000000000000', { token: admin }))
        .status,
    ).toBe(404);
    expect((await t.get('/api/organisations/nope', { token: admin })).status).toBe(400);
  });
});
