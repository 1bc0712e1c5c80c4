import { TestApp } from '../support/test-app';

const HEADER = 'email,name,profession,yearOfStudy,homePostcode,maxTravelKm';

describe('POST /api/users/import', () => {
  let t: TestApp;
  let admin: string;
  let uniA: string;
  let uniB: string;
  let coordinatorA: { token: string };
  let providerLead: { token: string };

  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.adminToken();
    uniA = (await t.createOrganisation(admin, 'university', 'Import University A')).id;
    uniB = (await t.createOrganisation(admin, 'university', 'Import University B')).id;
    const provider = (await t.createOrganisation(admin, 'provider', 'Import Provider')).id;
    coordinatorA = await t.createUser(admin, 'coordinator', uniA);
    providerLead = await t.createUser(admin, 'provider', provider);
    await t.createUser(admin, 'student', uniB, { email: 'already@test.example' });
  });
  afterAll(() => t.close());

  const importCsv = (token: string, csv: string, query?: Record<string, string>) =>
    t.post<{ created: number; errors: { line: number; message: string }[] }>('/api/users/import', {
      token,
      body: csv,
      headers: { 'content-type': 'text/csv' },
      query,
    });
  const students = async () =>
    Number((await t.db.query(`SELECT count(*) FROM app_user WHERE role = 'student'`))[0].count);

  it('imports every row of a good file into the coordinator’s university and invites each student', async () => {
    const csv = [
      HEADER,
      'ana.silva@test.example,Ana Silva,occupational_therapy,1,LS6 2AB,30',
      '"Kofi.Mensah@Test.Example","Mensah, Kofi",physiotherapy,2,,',
      'lee.chen@test.example,Lee Chen,dietetics,3,m13,',
    ].join('\n');
    const reply = await importCsv(coordinatorA.token, csv);
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ created: 3, errors: [] });

    const rows = await t.db.query(
      `SELECT u.email, u.name, u.status, u.organisation_id, p.profession, p.year_of_study, p.home_postcode, p.max_travel_km
         FROM app_user u JOIN student_profile p ON p.user_id = u.id
        WHERE u.email IN ('ana.silva@test.example', 'kofi.mensah@test.example', 'lee.chen@test.example') ORDER BY u.email`,
    );
    expect(rows).toEqual([
      {
        email: 'ana.silva@test.example',
        name: 'Ana Silva',
        status: 'invited',
        organisation_id: uniA,
        profession: 'occupational_therapy',
        year_of_study: 1,
        home_postcode: 'LS6 2AB',
        max_travel_km: 30,
      },
      {
        email: 'kofi.mensah@test.example',
        name: 'Mensah, Kofi',
        status: 'invited',
        organisation_id: uniA,
        profession: 'physiotherapy',
        year_of_study: 2,
        home_postcode: null,
        max_travel_km: null,
      },
      {
        email: 'lee.chen@test.example',
        name: 'Lee Chen',
        status: 'invited',
        organisation_id: uniA,
        profession: 'dietetics',
        year_of_study: 3,
        home_postcode: 'M13',
        max_travel_km: null,
      },
    ]);
    const [{ count }] = await t.db.query(`SELECT count(*)::int AS count FROM invitation`);
    expect(count).toBe(3);
    await t.waitForMail('lee.chen@test.example');
  });

  it('imports nothing when any row is wrong, and lists every bad line', async () => {
    const before = await students();
    const csv = [
      HEADER,
      'good.one@test.example,Good One,art_therapy,1,,',
      'bad.profession@test.example,Bad Profession,nursing,1,,',
      'bad.year@test.example,Bad Year,dietetics,7,,',
      'not-an-email,No Email,dietetics,1,,',
      'good.one@test.example,Repeated,dietetics,1,,',
      'already@test.example,Already Here,dietetics,1,,',
      'bad.postcode@test.example,Bad Postcode,dietetics,1,ZZ9 9ZZ,',
      'short.row@test.example,Short Row,dietetics',
      'bad.travel@test.example,Bad Travel,dietetics,1,,-5',
    ].join('\n');
    const reply = await importCsv(coordinatorA.token, csv);
    expect(reply.status).toBe(200);
    expect(reply.body.created).toBe(0);
    expect(reply.body.errors.map((e) => e.line)).toEqual([3, 4, 5, 6, 7, 8, 9, 10]);
    const message = (line: number) => reply.body.errors.find((e) => e.line === line)?.message;
    expect(message(3)).toMatch(/profession/);
    expect(message(4)).toMatch(/yearOfStudy/);
    expect(message(5)).toMatch(/email/);
    expect(message(6)).toMatch(/also on line 2/);
    expect(message(7)).toMatch(/already has an account/);
    expect(message(8)).toMatch(/ZZ9/);
    expect(message(9)).toMatch(/3 values/);
    expect(message(10)).toMatch(/maxTravelKm/);
    expect(await students()).toBe(before);
  });

  it.each([
    ['an empty file', ''],
    ['a file with a missing column', 'email,name,profession\nx@test.example,X,dietetics'],
    ['a file with an unknown column', `${HEADER},password\nx@test.example,X,dietetics,1,,,secret`],
    [
      'a file that is not CSV',
      'email,name,profession,yearOfStudy,homePostcode,maxTravelKm\n"unterminated,X,dietetics,1,,',
    ],
  ])('rejects %s with 400', async (_, csv) => {
    const reply = await importCsv(coordinatorA.token, csv);
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual(
      expect.objectContaining({ statusCode: 400, message: expect.any(String) }),
    );
  });

  it('rejects JSON with 415: the file must be sent as text/csv', async () => {
    const reply = await t.post('/api/users/import', {
      token: coordinatorA.token,
      body: { rows: [] },
    });
    expect(reply.status).toBe(415);
  });

  it('lets an admin import into a named university, and requires the name', async () => {
    const csv = `${HEADER}\nadmin.import@test.example,Admin Import,music_therapy,1,,`;
    expect((await importCsv(admin, csv)).status).toBe(400);
    const reply = await importCsv(admin, csv, { organisationId: uniB });
    expect(reply.body).toEqual({ created: 1, errors: [] });
  });

  it('refuses a coordinator importing into another university, and providers and students altogether', async () => {
    const csv = `${HEADER}\nsneaky@test.example,Sneaky,music_therapy,1,,`;
    expect((await importCsv(coordinatorA.token, csv, { organisationId: uniB })).status).toBe(403);
    expect((await importCsv(providerLead.token, csv)).status).toBe(403);
  });

  it('imports the largest file it accepts (10,000 rows) in one go', async () => {
    // Once a 500: one multi-row INSERT of 10,000 users has more parameters than PostgreSQL takes.
    const rows = Array.from(
      { length: 10_000 },
      (_, i) =>
        `bulk${i}@test.example,Bulk Student ${i},physiotherapy,${1 + (i % 3)},LS${1 + (i % 20)},${10 + (i % 50)}`,
    );
    const started = Date.now();
    const reply = await importCsv(coordinatorA.token, [HEADER, ...rows].join('\n'));
    expect(reply.body).toEqual({ created: 10_000, errors: [] });
    // Generous: this is a regression guard against per-row round trips, not a benchmark.
    expect(Date.now() - started).toBeLessThan(30_000);
  });
});
