import type { Page, Placement } from '@ahp/contracts';
import { TestApp } from '../support/test-app';

const HEADER = 'title,professions,setting,model,postcode,startDate,endDate,capacity';

describe('POST /api/placements/import', () => {
  let t: TestApp;
  let provider: { token: string };
  let student: { token: string };
  let providerId: string;

  beforeAll(async () => {
    t = await TestApp.start();
    const admin = await t.adminToken();
    providerId = (await t.createOrganisation(admin, 'provider', 'Import Trust', 'midlands')).id;
    const uni = await t.createOrganisation(admin, 'university', 'Import Uni');
    provider = await t.createUser(admin, 'provider', providerId);
    student = await t.createUser(admin, 'student', uni.id);
  });
  afterAll(() => t.close());

  const importCsv = (token: string, csv: string, query?: Record<string, string>) =>
    t.post<{ created: number; errors: { line: number; message: string }[] }>(
      '/api/placements/import',
      {
        token,
        body: csv,
        headers: { 'content-type': 'text/csv' },
        query,
      },
    );
  const count = async () => Number((await t.db.query(`SELECT count(*) FROM placement`))[0].count);

  it('imports drafts with required and optional columns, lists separated by semicolons', async () => {
    const csv = [
      `${HEADER},description,serviceType,hoursPerWeek,minYearOfStudy,requirements,applicationDeadline,region`,
      'Acute ward OT,occupational_therapy,mental_health,one_to_one,B13 8JL,2027-02-01,2027-03-26,2,"Ward work, groups and assessment",Inpatient,37.5,2,enhanced_dbs; occupational_health,2027-01-08,',
      'Community LD team,speech_language_therapy;physiotherapy,learning_disability,peer,NG7 1AB,2027-04-05,2027-05-28,3,,Community learning disability team,,,,,east_of_england',
    ].join('\n');
    const reply = await importCsv(provider.token, csv);
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ created: 2, errors: [] });
    const mine = await t.get<Page<Placement>>('/api/placements', {
      token: provider.token,
      query: { providerId },
    });
    const byTitle = Object.fromEntries(mine.body.items.map((p) => [p.title, p]));
    expect(byTitle['Acute ward OT']).toEqual(
      expect.objectContaining({
        status: 'draft',
        professions: ['occupational_therapy'],
        description: 'Ward work, groups and assessment',
        hoursPerWeek: 37.5,
        minYearOfStudy: 2,
        requirements: ['enhanced_dbs', 'occupational_health'],
        applicationDeadline: '2027-01-08',
        region: 'midlands',
        postcode: 'B13 8JL',
      }),
    );
    expect(byTitle['Community LD team']).toEqual(
      expect.objectContaining({
        professions: ['speech_language_therapy', 'physiotherapy'],
        capacity: 3,
        region: 'east_of_england',
        requirements: [],
      }),
    );
  });

  it('publishes them all at once with ?publish=true', async () => {
    const reply = await importCsv(
      provider.token,
      `${HEADER}\nPublished straight away,dietetics,autism,virtual,B15,2027-06-07,2027-07-16,1`,
      { publish: 'true' },
    );
    expect(reply.body).toEqual({ created: 1, errors: [] });
    const found = await t.get<Page<Placement>>('/api/placements', {
      token: student.token,
      query: { q: 'published straight away' },
    });
    expect(found.body.items.map((p) => p.status)).toEqual(['published']);
  });

  it('imports nothing when any line is wrong, and lists every bad line', async () => {
    const before = await count();
    const csv = [
      HEADER,
      'Fine,dietetics,autism,virtual,B15,2027-06-07,2027-07-16,1',
      'Bad profession,nursing,autism,virtual,B15,2027-06-07,2027-07-16,1',
      'Backwards,dietetics,autism,virtual,B15,2027-07-16,2027-06-07,1',
      'No seats,dietetics,autism,virtual,B15,2027-06-07,2027-07-16,0',
      'Nowhere,dietetics,autism,virtual,ZZ9 9ZZ,2027-06-07,2027-07-16,1',
      'Bad date,dietetics,autism,virtual,B15,2027-02-30,2027-07-16,1',
      ',dietetics,autism,virtual,B15,2027-06-07,2027-07-16,1',
      'Short,dietetics,autism',
      'Bad setting,dietetics,acute,virtual,B15,2027-06-07,2027-07-16,1',
    ].join('\n');
    const reply = await importCsv(provider.token, csv);
    expect(reply.status).toBe(200);
    expect(reply.body.created).toBe(0);
    expect(reply.body.errors.map((e) => e.line)).toEqual([3, 4, 5, 6, 7, 8, 9, 10]);
    const message = (line: number) => reply.body.errors.find((e) => e.line === line)?.message ?? '';
    expect(message(3)).toMatch(/professions/);
    expect(message(4)).toMatch(/endDate/);
    expect(message(5)).toMatch(/capacity/);
    expect(message(6)).toMatch(/ZZ9/);
    expect(message(7)).toMatch(/startDate/);
    expect(message(8)).toMatch(/title/);
    expect(message(9)).toMatch(/3 values/);
    expect(message(10)).toMatch(/setting/);
    expect(await count()).toBe(before);
  });

  it('will not publish placements that have already ended', async () => {
    const reply = await importCsv(
      provider.token,
      `${HEADER}\nLast year,dietetics,autism,virtual,B15,2025-06-02,2025-07-11,1`,
      { publish: 'true' },
    );
    expect(reply.body).toEqual({
      created: 0,
      errors: [{ line: 2, message: 'has already ended, so it cannot be published' }],
    });
  });

  it.each([
    ['a missing required column', 'title,professions,setting\nx,dietetics,autism'],
    [
      'an unknown column',
      `${HEADER},price\nx,dietetics,autism,virtual,B15,2027-06-07,2027-07-16,1,100`,
    ],
    ['an empty file', ''],
  ])('rejects %s with 400', async (_, csv) => {
    expect((await importCsv(provider.token, csv)).status).toBe(400);
  });

  it('rejects ?publish= other than true or false', async () => {
    expect(
      (
        await importCsv(
          provider.token,
          `${HEADER}\nx,dietetics,autism,virtual,B15,2027-06-07,2027-07-16,1`,
          { publish: 'yes' },
        )
      ).status,
    ).toBe(400);
  });

  it('is for providers only', async () => {
    expect(
      (
        await importCsv(
          student.token,
          `${HEADER}\nx,dietetics,autism,virtual,B15,2027-06-07,2027-07-16,1`,
        )
      ).status,
    ).toBe(403);
  });

  it('imports 10,000 rows in one file within seconds', async () => {
    const rows = Array.from(
      { length: 10_000 },
      (_, i) =>
        `Bulk placement ${i},occupational_therapy;physiotherapy,mental_health,peer,B${[1, 5, 11, 13, 15, 16, 17, 29, 30][i % 9]},2027-0${1 + (i % 9)}-0${1 + (i % 9)},2027-0${1 + (i % 9)}-28,${1 + (i % 4)}`,
    );
    const started = Date.now();
    const reply = await importCsv(provider.token, [HEADER, ...rows].join('\n'), {
      publish: 'true',
    });
    const seconds = (Date.now() - started) / 1000;
    expect(reply.body).toEqual({ created: 10_000, errors: [] });
    // A regression guard against per-row round trips (which take minutes), not a benchmark.
    expect(seconds).toBeLessThan(30);
    const [{ n }] = await t.db.query(
      `SELECT count(*)::int AS n FROM audit_event WHERE action = 'placement.created_published'`,
    );
    expect(n).toBeGreaterThanOrEqual(10_000);
  });
});
