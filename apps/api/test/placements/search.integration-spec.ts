import type { Page, Placement } from '@ahp/contracts';
import { distanceKm, ukOutcodes } from '@ahp/geo';
import { TestApp } from '../support/test-app';
import { createPlacement } from './support';

/** Sites spread across England, so distances and regions differ. */
const SITES = [
  'LS7 3JX',
  'LS2 9JT',
  'BD7 1AA',
  'M13 9PL',
  'M20 2LR',
  'B15 2TT',
  'SE5 8AZ',
  'BS16 1LE',
  'YO10 5DD',
  'HG1 2AB',
  'NG7 1AB',
  'CB2 1TN',
];

describe('finding placements', () => {
  let t: TestApp;
  let admin: string;
  let providerA: { token: string };
  let providerB: { token: string };
  let student: { token: string };
  let providerAId: string;
  let draftId: string;
  let closedId: string;

  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.adminToken();
    providerAId = (
      await t.createOrganisation(admin, 'provider', 'Search Trust A', 'north_east_yorkshire')
    ).id;
    const orgB = await t.createOrganisation(admin, 'provider', 'Search Trust B', 'london');
    const uni = await t.createOrganisation(admin, 'university', 'Search University');
    providerA = await t.createUser(admin, 'provider', providerAId);
    providerB = await t.createUser(admin, 'provider', orgB.id);
    student = await t.createUser(admin, 'student', uni.id);

    const professions = [
      ['occupational_therapy'],
      ['physiotherapy', 'occupational_therapy'],
      ['speech_language_therapy'],
      ['dietetics'],
      ['art_therapy', 'music_therapy'],
    ];
    const settings = ['mental_health', 'learning_disability', 'autism'];
    for (let i = 0; i < 36; i++) {
      const month = String(1 + (i % 9)).padStart(2, '0');
      await createPlacement(
        t,
        i % 2 ? providerA.token : providerB.token,
        {
          title:
            i % 4 === 0
              ? `CAMHS community team placement ${i}`
              : `Adult inpatient recovery placement ${i}`,
          description:
            i % 5 === 0
              ? 'Sensory integration work with autistic young people and their families.'
              : 'Ward-based group work.',
          professions: professions[i % professions.length],
          setting: settings[i % settings.length],
          postcode: SITES[i % SITES.length],
          region: i % 3 === 0 ? 'london' : undefined,
          startDate: `2027-${month}-${String(1 + (i % 27)).padStart(2, '0')}`,
          endDate: `2027-${month}-28`,
          applicationDeadline: null,
        },
        true,
      );
    }
    draftId = (
      await createPlacement(t, providerA.token, {
        title: 'Unpublished draft',
        applicationDeadline: null,
      })
    ).id;
    closedId = (
      await createPlacement(
        t,
        providerB.token,
        { title: 'Closed one', applicationDeadline: null },
        true,
      )
    ).id;
    await t.post(`/api/placements/${closedId}/close`, { token: providerB.token });
  });
  afterAll(() => t.close());

  const search = (token: string, query: Record<string, string>) =>
    t.get<Page<Placement>>('/api/placements', { token, query });

  /** Every result of a search, following cursors page by page. */
  async function all(
    token: string,
    query: Record<string, string>,
    pageLimit = 7,
  ): Promise<Placement[]> {
    const items: Placement[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const reply = await search(token, {
        ...query,
        limit: String(pageLimit),
        ...(cursor ? { cursor } : {}),
      });
      expect(reply.status).toBe(200);
      expect(reply.body.items.length).toBeLessThanOrEqual(pageLimit);
      items.push(...reply.body.items);
      cursor = reply.body.nextCursor;
    } while (cursor && ++pages < 50);
    return items;
  }

  it('shows students published placements only, soonest start first', async () => {
    const items = await all(student.token, {});
    expect(items).toHaveLength(36);
    expect(items.every((p) => p.status === 'published')).toBe(true);
    const keys = items.map((p) => `${p.startDate}|${p.id}`);
    expect(keys).toEqual([...keys].sort());
    expect(new Set(items.map((p) => p.id)).size).toBe(36);
  });

  it('refuses other statuses to students with 400', async () => {
    const reply = await search(student.token, { status: 'draft' });
    expect(reply.status).toBe(400);
  });

  it('shows a provider everything published plus its own placements in any status, and nobody else’s drafts', async () => {
    const a = await all(providerA.token, {});
    expect(a.map((p) => p.id)).toContain(draftId);
    expect(a.map((p) => p.id)).not.toContain(closedId);
    const b = await all(providerB.token, {});
    expect(b.map((p) => p.id)).not.toContain(draftId);
    expect(b.map((p) => p.id)).toContain(closedId);
    const ownDrafts = await all(providerA.token, { status: 'draft' });
    expect(ownDrafts.map((p) => p.id)).toEqual([draftId]);
    const ownPublished = await all(providerA.token, {
      providerId: providerAId,
      status: 'published',
    });
    expect(ownPublished).toHaveLength(18);
    expect(
      ownPublished.every((p) => p.providerId === providerAId && p.status === 'published'),
    ).toBe(true);
    const own = await all(providerA.token, { providerId: providerAId });
    expect(own.every((p) => p.providerId === providerAId)).toBe(true);
    expect(own).toHaveLength(19);
    const everything = await all(admin, {});
    expect(everything).toHaveLength(38);
  });

  it.each([
    [
      { profession: 'occupational_therapy' },
      (p: Placement) => p.professions.includes('occupational_therapy'),
    ],
    [{ setting: 'autism' }, (p: Placement) => p.setting === 'autism'],
    [{ region: 'london' }, (p: Placement) => p.region === 'london'],
    [
      { startFrom: '2027-03-01', startTo: '2027-04-30' },
      (p: Placement) => p.startDate >= '2027-03-01' && p.startDate <= '2027-04-30',
    ],
  ])('filters by %p, missing none', async (query, matches) => {
    const everything = await all(student.token, {});
    const found = await all(student.token, query as Record<string, string>);
    expect(found.length).toBeGreaterThan(0);
    expect(found.every(matches)).toBe(true);
    expect(found.map((p) => p.id).sort()).toEqual(
      everything
        .filter(matches)
        .map((p) => p.id)
        .sort(),
    );
  });

  it('combines filters', async () => {
    const found = await all(student.token, {
      profession: 'occupational_therapy',
      setting: 'mental_health',
      startFrom: '2027-01-01',
    });
    expect(
      found.every(
        (p) => p.professions.includes('occupational_therapy') && p.setting === 'mental_health',
      ),
    ).toBe(true);
  });

  it('finds words in titles and descriptions with full-text search', async () => {
    const camhs = await all(student.token, { q: 'CAMHS' });
    expect(camhs).toHaveLength(9);
    expect(camhs.every((p) => p.title.includes('CAMHS'))).toBe(true);
    // Stemming: "autistic" in the description is found by "autism"? No: different stems. "families" is found by "family".
    const family = await all(student.token, { q: 'family' });
    expect(family.length).toBeGreaterThan(0);
    expect(family.every((p) => (p.description ?? '').includes('families'))).toBe(true);
    const both = await all(student.token, { q: 'CAMHS sensory' });
    expect(
      both.every((p) => p.title.includes('CAMHS') && (p.description ?? '').includes('Sensory')),
    ).toBe(true);
    const either = await all(student.token, { q: 'CAMHS or sensory' });
    expect(either.length).toBeGreaterThan(both.length);
  });

  it.each([
    "'); DROP TABLE placement; --",
    '&|!:*()<>',
    '"unterminated',
    'a'.repeat(200),
    '% _ \\',
    '-camhs',
  ])('treats hostile text %p as words, never an error', async (q) => {
    const reply = await search(student.token, { q });
    expect(reply.status).toBe(200);
  });

  it('orders by distance from a postcode and stays within the radius', async () => {
    const origin = ukOutcodes().locate('LS6 2AB');
    if (!origin.ok) throw new Error('test postcode not found');
    const near = await all(student.token, { near: 'LS6 2AB', radiusKm: '60' });
    expect(near.length).toBeGreaterThan(0);
    for (const placement of near) {
      expect(placement.distanceKm).toBeLessThanOrEqual(60);
      const site = ukOutcodes().locate(placement.postcode);
      if (!site.ok) throw new Error('bad site');
      expect(placement.distanceKm).toBeCloseTo(distanceKm(origin.location, site.location), 0);
    }
    const distances = near.map((p) => p.distanceKm as number);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
    // Every published placement within 60 km is there (Leeds, Bradford, York, Harrogate and Manchester sites).
    const everything = await all(student.token, { near: 'LS6 2AB' });
    expect(everything).toHaveLength(36);
    expect(near.map((p) => p.id).sort()).toEqual(
      everything
        .filter((p) => (p.distanceKm as number) <= 60)
        .map((p) => p.id)
        .sort(),
    );
    const manchesterFirst = await search(student.token, { near: 'M14 5AB', limit: '1' });
    expect(manchesterFirst.body.items[0].postcode).toMatch(/^M(13|20)/);
  });

  it('pages through distance and text results with cursors, without repeats or gaps', async () => {
    const byDistance = await all(student.token, { near: 'B15 2TT' }, 5);
    expect(new Set(byDistance.map((p) => p.id)).size).toBe(36);
    const byText = await all(student.token, { q: 'placement' }, 5);
    expect(new Set(byText.map((p) => p.id)).size).toBe(36);
    const keys = byText.map((p) => `${p.startDate}|${p.id}`);
    expect(keys).toEqual([...keys].sort());
  });

  it.each([
    [{ radiusKm: '10' }, 'radiusKm'],
    [{ near: 'not a postcode' }, 'near'],
    [{ near: 'ZZ9 9ZZ' }, 'near'],
    [{ near: 'LS6', radiusKm: '0' }, 'radiusKm'],
    [{ near: 'LS6', radiusKm: '501' }, 'radiusKm'],
    [{ profession: 'nursing' }, 'profession'],
    [{ setting: 'acute' }, 'setting'],
    [{ startFrom: '2027-13-01' }, 'startFrom'],
    [{ startFrom: '2027-05-01', startTo: '2027-04-01' }, 'startTo'],
    [{ limit: '0' }, 'limit'],
    [{ limit: '101' }, 'limit'],
    [{ cursor: 'garbage' }, 'cursor'],
    [{ q: 'x'.repeat(201) }, 'q'],
    [{ providerId: 'abc' }, 'providerId'],
    [{ sort: 'distance' }, 'sort'],
  ])('rejects %p with 400 naming %s', async (query, field) => {
    const reply = await t.get<{ details?: { field: string }[] }>('/api/placements', {
      token: student.token,
      query: query as Record<string, string>,
    });
    expect(reply.status).toBe(400);
    expect(reply.body.details?.map((d) => d.field)).toContain(field);
  });

  it('rejects a cursor from a different kind of search', async () => {
    const page = await search(student.token, { limit: '2' });
    const reply = await search(student.token, {
      near: 'LS6',
      cursor: page.body.nextCursor as string,
    });
    expect(reply.status).toBe(400);
  });
});
