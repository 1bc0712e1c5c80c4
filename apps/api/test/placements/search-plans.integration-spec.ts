import type { PlacementSearchQueryDto } from '../../src/placements/dto/placement.dto';
import { PlacementsService } from '../../src/placements/placements.service';
import type { Actor } from '../../src/auth/actor';
import { TestApp } from '../support/test-app';

/**
 * Each search filter must be served by an index at realistic size. 30,000 synthetic placements
 * (three quarters published, spread over England, a year of start dates) are enough for the
 * planner to make the choices it would make in production; docs/search.md shows the same plans
 * with timings at 50,000.
 */
describe('search query plans', () => {
  let t: TestApp;
  let providerId: string;
  const student: Actor = {
    id: 'x',
    role: 'student',
    organisationId: null,
    sessionId: null,
    requestId: null,
  };

  beforeAll(async () => {
    t = await TestApp.start();
    const admin = await t.adminToken();
    providerId = (await t.createOrganisation(admin, 'provider', 'Plan Trust')).id;
    const others = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        t.createOrganisation(admin, 'provider', `Other Trust ${i}`),
      ),
    );
    const providers = [providerId, ...others.map((o) => o.id)];
    await t.db.query(
      `INSERT INTO placement (provider_id, title, description, professions, setting, model, region, postcode, latitude, longitude,
                              start_date, end_date, capacity, status, published_at)
       SELECT ($1::uuid[])[1 + (i % array_length($1::uuid[], 1))],
              (ARRAY['Acute ward', 'Community team', 'CAMHS outreach', 'Forensic unit', 'Autism assessment', 'LD day service'])[1 + i % 6] || ' placement ' || i,
              'Recovery-focused group work and one-to-one assessment with an experienced educator.',
              ARRAY[(ARRAY['occupational_therapy','physiotherapy','dietetics','speech_language_therapy','art_therapy','music_therapy','drama_therapy','paramedicine','podiatry','radiography','orthoptics','osteopathy','operating_department_practice','prosthetics_orthotics'])[1 + i % 14]],
              (ARRAY['mental_health','learning_disability','autism'])[1 + i % 3],
              'one_to_one',
              (ARRAY['north_east_yorkshire','north_west','midlands','east_of_england','london','south_east','south_west'])[1 + i % 7],
              'LS1', 50.5 + random() * 4.5, -3.5 + random() * 5.0,
              date '2027-01-04' + (i % 330), date '2027-01-04' + (i % 330) + 40, 2,
              CASE WHEN i % 4 = 0 THEN 'draft' ELSE 'published' END,
              CASE WHEN i % 4 = 0 THEN NULL ELSE now() END
         FROM generate_series(1, 30000) AS i`,
      [providers],
    );
    await t.db.query('ANALYZE placement');
  });
  afterAll(() => t.close());

  async function plan(actor: Actor, query: Partial<PlacementSearchQueryDto>): Promise<string> {
    const { sql, params } = t.app
      .get(PlacementsService)
      .buildSearch(actor, { limit: 20, ...query } as PlacementSearchQueryDto);
    const rows: { 'QUERY PLAN': string }[] = await t.db.query(`EXPLAIN ${sql}`, params);
    return rows.map((row) => row['QUERY PLAN']).join('\n');
  }

  it.each<[string, Partial<PlacementSearchQueryDto>, RegExp]>([
    ['soonest first', {}, /placement_published_start_idx/],
    [
      'profession',
      { profession: 'dietetics' },
      /placement_professions_idx|placement_published_start_idx/,
    ],
    [
      'setting',
      { setting: 'autism' },
      /placement_published_setting_idx|placement_published_start_idx/,
    ],
    [
      'region',
      { region: 'london' },
      /placement_published_region_idx|placement_published_start_idx/,
    ],
    [
      'a date window',
      { startFrom: '2027-06-01', startTo: '2027-06-07' },
      /placement_published_start_idx/,
    ],
    ['rare words', { q: 'forensic 12345' }, /placement_search_idx/],
    [
      'near a postcode within a radius',
      { near: 'LS6', radiusKm: 25 },
      /placement_published_location_idx/,
    ],
    [
      'profession near a postcode within a radius',
      { profession: 'occupational_therapy', near: 'M13', radiusKm: 30 },
      /placement_near_occupational_therapy_idx/,
    ],
  ])('serves %s from an index, never a sequential scan of placements', async (_, query, index) => {
    const text = await plan(student, query);
    expect(text).not.toMatch(/Seq Scan on placement/);
    expect(text).toMatch(index);
  });

  it('finds both common and rare words, in start-date order, across pages', async () => {
    const admin = await t.adminToken();
    const uni = await t.createOrganisation(admin, 'university', 'Plan University');
    const { token } = await t.createUser(admin, 'student', uni.id);
    type Result = {
      items: { title: string; startDate: string; id: string }[];
      nextCursor: string | null;
    };
    // Rare: one placement in 30,000, beyond the first pages of any walk through start dates.
    const rare = await t.get<Result>('/api/placements', { token, query: { q: 'forensic 29997' } });
    expect(rare.body.items.map((p) => p.title)).toEqual(['Forensic unit placement 29997']);
    expect(rare.body.nextCursor).toBeNull();
    // Common: one in six; two pages continue each other in start-date order.
    const first = await t.get<Result>('/api/placements', {
      token,
      query: { q: 'forensic', limit: '20' },
    });
    expect(first.body.items).toHaveLength(20);
    const second = await t.get<Result>('/api/placements', {
      token,
      query: { q: 'forensic', limit: '20', cursor: first.body.nextCursor as string },
    });
    const both = [...first.body.items, ...second.body.items];
    expect(both.every((p) => p.title.startsWith('Forensic'))).toBe(true);
    const keys = both.map((p) => `${p.startDate}|${p.id}`);
    expect(keys).toEqual([...keys].sort());
    expect(new Set(keys).size).toBe(40);
  });

  it("serves a provider's own list from its index", async () => {
    const provider: Actor = {
      id: 'y',
      role: 'provider',
      organisationId: providerId,
      sessionId: null,
      requestId: null,
    };
    const text = await plan(provider, { providerId });
    expect(text).not.toMatch(/Seq Scan on placement/);
    expect(text).toMatch(/placement_provider_idx/);
  });
});
