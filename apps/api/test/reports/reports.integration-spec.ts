import type {
  CapacityGapRow,
  CapacityRow,
  FeedbackTrendRow,
  Match,
  TimeToApprovalRow,
  UnmatchedRow,
} from '@ahp/contracts';
import { createPlacement } from '../placements/support';
import { TestApp, type Reply } from '../support/test-app';
import { apply, createWorld, offer, type Person, type World } from '../matching/support';

/**
 * The reports against the real database, on a small data set built by hand in `beforeAll` so
 * every figure below can be worked out on paper:
 *
 *   P1 trust   [OT, physio] mental_health        NEY     3 seats  2029-02-05
 *   P2 trust   [OT]         learning_disability  NEY     2 seats  2029-03-05
 *   P3 charity [OT]         autism               london  4 seats  2029-02-12
 *   P4 trust   [OT]         mental_health        NEY     5 seats  draft (never counted)
 *   P6 trust   [physio]     mental_health        NEY     1 seat   closed
 *
 *   Northdale: n1 OT → P1 (approved 4 days after applying, since completed), P2
 *              n2 OT → P1, P3 (withdrawn);  n3 physio → P1 (approved after 10 days);  n4 OT → P1
 *   Southbank: s1 OT → P1, P3 (approved after 7 days)
 *
 * Feedback rows and allocation rounds are written straight into their tables.
 */
describe('reports', () => {
  let t: TestApp;
  let w: World;
  let student: Person;
  const id: Record<string, string> = {};

  type Rows<T> = { rows: T[] };
  const report = <T>(
    token: string,
    path: string,
    query: Record<string, string> = {},
    headers: Record<string, string> = {},
  ) => t.get<Rows<T>>(`/api/reports/${path}`, { token, query, headers });
  const IN_2029 = { from: '2029-01-01', to: '2029-12-31' };

  async function approve(coordinator: Person, match: Match, daysAfterApplying: number) {
    const approved = await t.post(`/api/matches/${match.id}/approve`, {
      token: coordinator.token,
    });
    if (approved.status !== 200) throw new Error(`Could not approve: ${approved.text}`);
    // Backdate the application so the time to approval is known exactly.
    await t.db.query(
      `UPDATE application a SET created_at = e.occurred_at - make_interval(days => $2)
         FROM audit_event e
        WHERE a.id = $3 AND e.entity_type = 'match' AND e.entity_id = $1 AND e.action = 'match.approved'`,
      [match.id, daysAfterApplying, match.applicationId],
    );
  }

  const feedbackScores = {
    induction: 4,
    supervision: 4,
    facilities: 3,
    learning_opportunities: 2,
    teamwork: 5,
  };

  /** One student's feedback, with the (rejected) match it must hang off. */
  async function feedback(
    placementId: string,
    providerId: string,
    universityId: string,
    studentId: string,
    createdAt: string,
    overall = 3,
    wouldRecommend = true,
  ) {
    const [match] = await t.db.query(
      `INSERT INTO placement_match (student_id, placement_id, university_id, provider_id, source, status, start_date, end_date)
       SELECT $1, p.id, $3, p.provider_id, 'offer', 'rejected', p.start_date, p.end_date FROM placement p WHERE p.id = $2
       RETURNING id`,
      [studentId, placementId, universityId],
    );
    await t.db.query(
      `INSERT INTO placement_feedback (match_id, student_id, placement_id, provider_id, university_id,
         induction, supervision, facilities, learning_opportunities, teamwork, overall, would_recommend, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [
        match.id,
        studentId,
        placementId,
        providerId,
        universityId,
        ...Object.values(feedbackScores),
        overall,
        wouldRecommend,
        createdAt,
      ],
    );
  }

  beforeAll(async () => {
    t = await TestApp.start();
    w = await createWorld(t);
    const placement = (provider: Person, overrides: Record<string, unknown>, publish = true) =>
      createPlacement(
        t,
        provider.token,
        { applicationDeadline: null, requirements: [], minYearOfStudy: 1, ...overrides },
        publish,
      );
    const p1 = await placement(w.provider, {
      title: 'P1',
      professions: ['occupational_therapy', 'physiotherapy'],
      capacity: 3,
      startDate: '2029-02-05',
      endDate: '2029-03-02',
    });
    const p2 = await placement(w.provider, {
      title: 'P2',
      setting: 'learning_disability',
      capacity: 2,
      startDate: '2029-03-05',
      endDate: '2029-03-30',
    });
    const p3 = await placement(w.otherProvider, {
      title: 'P3',
      setting: 'autism',
      postcode: 'SE1 7EH',
      capacity: 4,
      startDate: '2029-02-12',
      endDate: '2029-03-09',
    });
    await placement(
      w.provider,
      { title: 'P4 draft', capacity: 5, startDate: '2029-02-05', endDate: '2029-03-02' },
      false,
    );
    const p6 = await placement(w.provider, {
      title: 'P6',
      professions: ['physiotherapy'],
      capacity: 1,
      startDate: '2029-04-02',
      endDate: '2029-04-27',
    });
    Object.assign(id, { p1: p1.id, p2: p2.id, p3: p3.id, p6: p6.id });

    const n1 = await w.student('N1 Occupational');
    const n2 = await w.student('N2 Occupational');
    const n3 = await w.student('N3 Physio', { profession: 'physiotherapy' });
    const n4 = await w.student('N4 Occupational');
    const s1 = await w.student('S1 Occupational', {}, w.southbank);
    student = n4;
    Object.assign(id, { n1: n1.id, n2: n2.id, n3: n3.id, n4: n4.id, s1: s1.id });

    const n1p1 = await apply(t, n1, p1.id);
    await apply(t, n1, p2.id);
    await apply(t, n2, p1.id);
    const n2p3 = await apply(t, n2, p3.id);
    const withdrawn = await t.post(`/api/applications/${n2p3.id}/withdraw`, { token: n2.token });
    expect(withdrawn.status).toBe(200);
    const n3p1 = await apply(t, n3, p1.id);
    await apply(t, n4, p1.id);
    await apply(t, s1, p1.id);
    const s1p3 = await apply(t, s1, p3.id);

    const n1Match = await offer(t, w.provider, n1p1.id);
    await approve(w.coordinator, n1Match, 4);
    await approve(w.coordinator, await offer(t, w.provider, n3p1.id), 10);
    await approve(w.otherCoordinator, await offer(t, w.otherProvider, s1p3.id), 7);
    const completed = await t.post(`/api/matches/${n1Match.id}/complete`, {
      token: w.provider.token,
    });
    expect(completed.status).toBe(200);
    // Completing overwrote decided_at; push it well away so using it would show.
    await t.db.query(
      `UPDATE placement_match SET decided_at = decided_at + interval '30 days' WHERE id = $1`,
      [n1Match.id],
    );
    const closed = await t.post(`/api/placements/${p6.id}/close`, { token: w.provider.token });
    expect(closed.status).toBe(200);

    // Feedback (months of 2028). Trust: P1 Jan 4, Mar 5 (2 from Southbank), May 3, Jul 2;
    // P2 Jan 1, May 4. Charity: P3 Feb 2.
    const trustRows: [string, string, number][] = [
      [p1.id, '2028-01-15T12:00:00Z', 4],
      [p1.id, '2028-05-15T12:00:00Z', 3],
      [p1.id, '2028-07-15T12:00:00Z', 2],
      [p2.id, '2028-01-20T12:00:00Z', 1],
      [p2.id, '2028-05-20T12:00:00Z', 4],
    ];
    for (const [placementId, at, count] of trustRows) {
      for (let i = 0; i < count; i++) {
        await feedback(placementId, w.trust, w.northdale, n1.id, at);
      }
    }
    const march: [string, string, number, boolean][] = [
      [w.northdale, n1.id, 5, true],
      [w.northdale, n1.id, 4, true],
      [w.northdale, n1.id, 4, false],
      [w.southbank, s1.id, 3, true],
      [w.southbank, s1.id, 5, false],
    ];
    for (const [university, studentId, overall, recommend] of march) {
      await feedback(
        p1.id,
        w.trust,
        university,
        studentId,
        '2028-03-10T12:00:00Z',
        overall,
        recommend,
      );
    }
    for (let i = 0; i < 2; i++) {
      await feedback(p3.id, w.charity, w.northdale, n1.id, '2028-02-10T12:00:00Z');
    }
  });
  afterAll(() => t.close());

  // ---- capacity ------------------------------------------------------------------------------

  describe('capacity', () => {
    const row = (
      key: string,
      placements: number,
      seats: number,
      approved: number,
      applications: number,
      liveApplications: number,
      fillRate: number,
    ) => ({ key, placements, seats, approved, applications, liveApplications, fillRate });

    it('counts the whole market for an admin, a placement under each profession it takes, students by their own', async () => {
      const reply = await report<CapacityRow>(w.admin, 'capacity', {
        groupBy: 'profession',
        ...IN_2029,
      });
      expect(reply.status).toBe(200);
      // The draft P4 (5 seats) is nowhere; the closed P6 is.
      expect(reply.body.rows).toEqual([
        row('occupational_therapy', 3, 9, 2, 7, 6, 0.222),
        row('physiotherapy', 2, 4, 1, 1, 1, 0.25),
      ]);
      const byRegion = await report<CapacityRow>(w.admin, 'capacity', {
        groupBy: 'region',
        ...IN_2029,
      });
      expect(byRegion.body.rows).toEqual([
        row('london', 1, 4, 1, 2, 1, 0.25),
        row('north_east_yorkshire', 3, 6, 2, 6, 6, 0.333),
      ]);
      const bySetting = await report<CapacityRow>(w.admin, 'capacity', {
        groupBy: 'setting',
        ...IN_2029,
      });
      expect(bySetting.body.rows).toEqual([
        row('autism', 1, 4, 1, 2, 1, 0.25),
        row('learning_disability', 1, 2, 0, 1, 1, 0),
        row('mental_health', 2, 4, 2, 5, 5, 0.5),
      ]);
      const filtered = await report<CapacityRow>(w.admin, 'capacity', {
        groupBy: 'profession',
        region: 'london',
        ...IN_2029,
      });
      expect(filtered.body.rows).toEqual([row('occupational_therapy', 1, 4, 1, 2, 1, 0.25)]);
      const physio = await report<CapacityRow>(w.admin, 'capacity', {
        groupBy: 'setting',
        profession: 'physiotherapy',
        ...IN_2029,
      });
      expect(physio.body.rows).toEqual([row('mental_health', 2, 4, 1, 1, 1, 0.25)]);
      const outside = await report<CapacityRow>(w.admin, 'capacity', {
        groupBy: 'profession',
        from: '2030-01-01',
      });
      expect(outside.body.rows).toEqual([]);
    });

    it('gives a coordinator every seat but only their own students’ applications and approvals', async () => {
      const northdale = await report<CapacityRow>(w.coordinator.token, 'capacity', {
        groupBy: 'profession',
        ...IN_2029,
      });
      expect(northdale.body.rows).toEqual([
        row('occupational_therapy', 3, 9, 1, 5, 4, 0.111),
        row('physiotherapy', 2, 4, 1, 1, 1, 0.25),
      ]);
      const southbank = await report<CapacityRow>(w.otherCoordinator.token, 'capacity', {
        groupBy: 'profession',
        ...IN_2029,
      });
      expect(southbank.body.rows).toEqual([
        row('occupational_therapy', 3, 9, 1, 2, 2, 0.111),
        row('physiotherapy', 2, 4, 0, 0, 0, 0),
      ]);
    });

    it('gives a provider its own placements only', async () => {
      const trust = await report<CapacityRow>(w.provider.token, 'capacity', {
        groupBy: 'profession',
        ...IN_2029,
      });
      expect(trust.body.rows).toEqual([
        row('occupational_therapy', 2, 5, 1, 5, 5, 0.2),
        row('physiotherapy', 2, 4, 1, 1, 1, 0.25),
      ]);
      const charity = await report<CapacityRow>(w.otherProvider.token, 'capacity', {
        groupBy: 'region',
        ...IN_2029,
      });
      expect(charity.body.rows).toEqual([row('london', 1, 4, 1, 2, 1, 0.25)]);
    });

    it('answers CSV for Accept: text/csv and for ?format=csv, JSON otherwise', async () => {
      const expected = [
        'key,placements,seats,approved,applications,liveApplications,fillRate',
        'occupational_therapy,3,9,2,7,6,0.222',
        'physiotherapy,2,4,1,1,1,0.25',
      ];
      const byHeader = await report(
        w.admin,
        'capacity',
        { groupBy: 'profession', ...IN_2029 },
        { accept: 'text/csv' },
      );
      const byQuery = await report(w.admin, 'capacity', {
        groupBy: 'profession',
        format: 'csv',
        ...IN_2029,
      });
      for (const reply of [byHeader, byQuery]) {
        expect(reply.status).toBe(200);
        expect(reply.headers['content-type']).toBe('text/csv; charset=utf-8');
        expect(reply.headers['content-disposition']).toMatch(
          /^attachment; filename="capacity-by-profession-\d{4}-\d{2}-\d{2}\.csv"$/,
        );
        expect(reply.text.trim().split(/\r?\n/)).toEqual(expected);
      }
      const json = await report(
        w.admin,
        'capacity',
        { groupBy: 'profession', format: 'json', ...IN_2029 },
        { accept: 'text/csv' },
      );
      expect(json.headers['content-type']).toMatch(/^application\/json/);
      const browser = await report(
        w.admin,
        'capacity',
        { groupBy: 'profession', ...IN_2029 },
        { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' },
      );
      expect(browser.headers['content-type']).toMatch(/^application\/json/);
      // An error is JSON in the contract's shape even when CSV was asked for.
      const bad = await report(w.admin, 'capacity', { groupBy: 'nope' }, { accept: 'text/csv' });
      expect(bad.status).toBe(400);
      expect(bad.headers['content-type']).toMatch(/^application\/json/);
      expect(bad.headers['content-disposition']).toBeUndefined();
    });
  });

  // ---- unmatched -----------------------------------------------------------------------------

  describe('unmatched', () => {
    const rows = (noPreferences: number, noEligible: number, outranked: number) => [
      { reason: 'no_preferences', students: noPreferences },
      { reason: 'no_eligible_preference', students: noEligible },
      { reason: 'outranked', students: outranked },
    ];
    let northdaleRound: string;
    let adminRound: string;
    let southbankRound: string;
    let northdaleUnmatched: { studentId: string; reason: string }[];

    const insertRound = async (values: {
      organisationId: string | null;
      universityIds: string[] | null;
      ran: boolean;
      unmatched: { studentId: string; reason: string }[];
    }) => {
      const [row] = await t.db.query(
        `INSERT INTO allocation_round (name, organisation_id, university_ids, start_from, start_to, status, ran_at, matched, unmatched)
         VALUES ('Inserted', $1, $2, '2029-01-01', '2029-12-31', $3, $4, 0, $5) RETURNING id`,
        [
          values.organisationId,
          values.universityIds,
          values.ran ? 'proposed' : 'draft',
          values.ran ? new Date() : null,
          JSON.stringify(values.unmatched),
        ],
      );
      return row.id as string;
    };

    beforeAll(async () => {
      // A real run of a round over a window with no placements: every Northdale student is
      // left unmatched, for the reason the engine gives.
      const created = await t.post<{ id: string }>('/api/allocation-rounds', {
        token: w.coordinator.token,
        body: { name: 'Empty 2030', startFrom: '2030-01-01', startTo: '2030-06-30' },
      });
      northdaleRound = created.body.id;
      const ran = await t.post<{ unmatched: { studentId: string; reason: string }[] }>(
        `/api/allocation-rounds/${northdaleRound}/run`,
        { token: w.coordinator.token, body: {} },
      );
      expect(ran.status).toBe(200);
      northdaleUnmatched = ran.body.unmatched;
      expect(northdaleUnmatched.map((u) => u.studentId).sort()).toEqual(
        [id.n1, id.n2, id.n3, id.n4].sort(),
      );
      adminRound = await insertRound({
        organisationId: null,
        universityIds: null,
        ran: true,
        unmatched: [
          { studentId: id.n2, reason: 'outranked' },
          { studentId: id.s1, reason: 'no_eligible_preference' },
        ],
      });
      southbankRound = await insertRound({
        organisationId: w.southbank,
        universityIds: [w.southbank],
        ran: true,
        unmatched: [{ studentId: id.s1, reason: 'outranked' }],
      });
      // Never run: whatever it holds is not a result.
      await insertRound({
        organisationId: w.northdale,
        universityIds: [w.northdale],
        ran: false,
        unmatched: [{ studentId: id.n1, reason: 'outranked' }],
      });
    });

    const count = (reason: string) => northdaleUnmatched.filter((u) => u.reason === reason).length;

    it('counts each student once per round that has run, every reason shown', async () => {
      const admin = await report<UnmatchedRow>(w.admin, 'unmatched');
      expect(admin.status).toBe(200);
      expect(admin.body.rows).toEqual(
        rows(count('no_preferences'), count('no_eligible_preference') + 1, count('outranked') + 2),
      );
      const one = await report<UnmatchedRow>(w.admin, 'unmatched', { roundId: adminRound });
      expect(one.body.rows).toEqual(rows(0, 1, 1));
      const later = await report<UnmatchedRow>(w.admin, 'unmatched', { from: '2030-01-01' });
      expect(later.body.rows).toEqual(
        rows(count('no_preferences'), count('no_eligible_preference'), count('outranked')),
      );
      const physio = await report<UnmatchedRow>(w.admin, 'unmatched', {
        profession: 'physiotherapy',
      });
      const n3 = northdaleUnmatched.find((u) => u.studentId === id.n3)?.reason;
      expect(physio.body.rows.find((r) => r.reason === n3)?.students).toBe(1);
      expect(physio.body.rows.reduce((sum, r) => sum + r.students, 0)).toBe(1);
    });

    it('gives coordinators only their students, in their rounds and admins’ rounds', async () => {
      const northdale = await report<UnmatchedRow>(w.coordinator.token, 'unmatched');
      expect(northdale.body.rows).toEqual(
        rows(count('no_preferences'), count('no_eligible_preference'), count('outranked') + 1),
      );
      const southbank = await report<UnmatchedRow>(w.otherCoordinator.token, 'unmatched');
      expect(southbank.body.rows).toEqual(rows(0, 1, 1));
      const theirs = await report(w.coordinator.token, 'unmatched', { roundId: southbankRound });
      expect(theirs.status).toBe(404);
      const shared = await report<UnmatchedRow>(w.coordinator.token, 'unmatched', {
        roundId: adminRound,
      });
      expect(shared.body.rows).toEqual(rows(0, 0, 1));
    });

    it('is refused to providers and students; answers CSV', async () => {
      expect((await report(w.provider.token, 'unmatched')).status).toBe(403);
      const csv = await report(w.admin, 'unmatched', { roundId: adminRound, format: 'csv' });
      expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(csv.text.trim().split(/\r?\n/)).toEqual([
        'reason,students',
        'no_preferences,0',
        'no_eligible_preference,1',
        'outranked,1',
      ]);
    });
  });

  // ---- time to approval ----------------------------------------------------------------------

  describe('time to approval', () => {
    const row = (key: string, approvals: number, median: number, p90: number, mean: number) => ({
      key,
      approvals,
      medianDays: median,
      p90Days: p90,
      averageDays: mean,
    });

    it('measures application to approval, from the audit log once a match is completed', async () => {
      const admin = await report<TimeToApprovalRow>(w.admin, 'time-to-approval', {
        groupBy: 'profession',
        ...IN_2029,
      });
      expect(admin.status).toBe(200);
      expect(admin.body.rows).toEqual([
        row('occupational_therapy', 2, 5.5, 6.7, 5.5),
        row('physiotherapy', 1, 10, 10, 10),
      ]);
      const [{ month }] = await t.db.query(
        `SELECT to_char(now() AT TIME ZONE 'Europe/London', 'YYYY-MM') AS month`,
      );
      const byMonth = await report<TimeToApprovalRow>(w.admin, 'time-to-approval', {
        groupBy: 'month',
      });
      expect(byMonth.body.rows).toEqual([row(month, 3, 7, 9.4, 7)]);
    });

    it('scopes coordinators to their students and providers to their placements', async () => {
      const northdale = await report<TimeToApprovalRow>(w.coordinator.token, 'time-to-approval', {
        groupBy: 'profession',
      });
      expect(northdale.body.rows).toEqual([
        row('occupational_therapy', 1, 4, 4, 4),
        row('physiotherapy', 1, 10, 10, 10),
      ]);
      const southbank = await report<TimeToApprovalRow>(
        w.otherCoordinator.token,
        'time-to-approval',
        { groupBy: 'region' },
      );
      expect(southbank.body.rows).toEqual([row('london', 1, 7, 7, 7)]);
      const trust = await report<TimeToApprovalRow>(w.provider.token, 'time-to-approval', {
        groupBy: 'setting',
      });
      expect(trust.body.rows).toEqual([row('mental_health', 2, 7, 9.4, 7)]);
      const charity = await report<TimeToApprovalRow>(w.otherProvider.token, 'time-to-approval', {
        groupBy: 'setting',
      });
      expect(charity.body.rows).toEqual([row('autism', 1, 7, 7, 7)]);
      const csv = await report(
        w.provider.token,
        'time-to-approval',
        { groupBy: 'setting' },
        { accept: 'text/csv' },
      );
      expect(csv.text.trim().split(/\r?\n/)).toEqual([
        'key,approvals,medianDays,p90Days,averageDays',
        'mental_health,2,7,9.4,7',
      ]);
    });
  });

  // ---- feedback ------------------------------------------------------------------------------

  describe('feedback', () => {
    const averages = (overall: number) => ({
      induction: 4,
      supervision: 4,
      facilities: 3,
      learningOpportunities: 2,
      teamwork: 5,
      overall,
    });
    const shown = (period: string, responses: number, overall = 3, recommendRate = 1) => ({
      period,
      responses,
      suppressed: false,
      averages: averages(overall),
      recommendRate,
    });
    const hidden = (period: string, responses: number) => ({
      period,
      responses,
      suppressed: true,
      averages: null,
      recommendRate: null,
    });
    const trend = (token: string, query: Record<string, string> = {}) =>
      report<FeedbackTrendRow>(token, 'feedback', query);

    it('shows admins and coordinators every period in full, coordinators their students only', async () => {
      const admin = await trend(w.admin);
      expect(admin.status).toBe(200);
      expect(admin.body.rows).toEqual([
        shown('2028-01', 5),
        shown('2028-02', 2),
        shown('2028-03', 5, 4.2, 0.6),
        shown('2028-05', 7),
        shown('2028-07', 2),
      ]);
      const northdale = await trend(w.coordinator.token);
      expect(northdale.body.rows).toEqual([
        shown('2028-01', 5),
        shown('2028-02', 2),
        shown('2028-03', 3, 4.33, 0.667),
        shown('2028-05', 7),
        shown('2028-07', 2),
      ]);
      const southbank = await trend(w.otherCoordinator.token, { period: 'quarter' });
      expect(southbank.body.rows).toEqual([shown('2028-Q1', 2, 4, 0.5)]);
      const byProvider = await trend(w.admin, { providerId: w.charity });
      expect(byProvider.body.rows).toEqual([shown('2028-02', 2)]);
    });

    it('hides a provider’s periods under three responses, and the smallest one beside them', async () => {
      // Trust by month: Jan 5, Mar 5, May 7, Jul 2. July is under three; January (the first
      // of the smallest) goes too, or the all-time total less the rest would give July away.
      const trust = await trend(w.provider.token);
      expect(trust.body.rows).toEqual([
        hidden('2028-01', 5),
        shown('2028-03', 5, 4.2, 0.6),
        shown('2028-05', 7),
        hidden('2028-07', 2),
      ]);
      // By quarter: Q1 10, Q2 7, Q3 2: Q3 and the smallest other, Q2.
      const quarters = await trend(w.provider.token, { period: 'quarter' });
      expect(quarters.body.rows).toEqual([
        shown('2028-Q1', 10, 3.6, 0.8),
        hidden('2028-Q2', 7),
        hidden('2028-Q3', 2),
      ]);
      // The charity's only month has two responses.
      const charity = await trend(w.otherProvider.token);
      expect(charity.body.rows).toEqual([hidden('2028-02', 2)]);
    });

    it('keeps suppression when a provider narrows to one placement or a short window', async () => {
      // P2 alone: January 1 (hidden) and May 4 (hidden beside it).
      const p2 = await trend(w.provider.token, { placementId: id.p2 });
      expect(p2.body.rows).toEqual([hidden('2028-01', 1), hidden('2028-05', 4)]);
      // P1 alone: January 4 would be the trust's January 5 less P2's single response.
      const p1 = await trend(w.provider.token, { placementId: id.p1 });
      expect(p1.body.rows).toEqual([
        hidden('2028-01', 4),
        shown('2028-03', 5, 4.2, 0.6),
        hidden('2028-05', 3),
        hidden('2028-07', 2),
      ]);
      // A window holding only January shows it no more than the full series did.
      const january = await trend(w.provider.token, { from: '2028-01-01', to: '2028-01-31' });
      expect(january.body.rows).toEqual([hidden('2028-01', 5)]);
      // Filtering by setting is narrowing to P2 by another name.
      const setting = await trend(w.provider.token, { setting: 'learning_disability' });
      expect(setting.body.rows).toEqual([hidden('2028-01', 1), hidden('2028-05', 4)]);
      // Another provider's placement, or another provider, is not there to filter by.
      expect((await trend(w.provider.token, { placementId: id.p3 })).status).toBe(404);
      expect((await trend(w.provider.token, { providerId: w.charity })).status).toBe(404);
      // The coordinator narrowing to P2 sees it in full.
      const coordinator = await trend(w.coordinator.token, { placementId: id.p2 });
      expect(coordinator.body.rows).toEqual([shown('2028-01', 1), shown('2028-05', 4)]);
    });

    it('selects whole periods by the window', async () => {
      const window = await trend(w.admin, { from: '2028-03-31', to: '2028-05-01' });
      expect(window.body.rows.map((r) => r.period)).toEqual(['2028-03', '2028-05']);
      const quarter = await trend(w.admin, { period: 'quarter', from: '2028-03-31' });
      expect(quarter.body.rows.map((r) => [r.period, r.responses])).toEqual([
        ['2028-Q1', 12],
        ['2028-Q2', 7],
        ['2028-Q3', 2],
      ]);
    });

    it('writes CSV with the averages as their own columns and suppressed cells empty', async () => {
      const csv = await report(w.provider.token, 'feedback', { format: 'csv' });
      expect(csv.headers['content-disposition']).toMatch(/filename="feedback-by-month-/);
      expect(csv.text.trim().split(/\r?\n/)).toEqual([
        'period,responses,suppressed,induction,supervision,facilities,learningOpportunities,teamwork,overall,recommendRate',
        '2028-01,5,true,,,,,,,',
        '2028-03,5,false,4,4,3,2,5,4.2,0.6',
        '2028-05,7,false,4,4,3,2,5,3,1',
        '2028-07,2,true,,,,,,,',
      ]);
    });
  });

  // ---- capacity gap --------------------------------------------------------------------------

  describe('capacity gap', () => {
    const cell = (
      profession: string,
      region: string,
      setting: string,
      demand: number,
      unmet: number,
      seats: number,
      remainingSeats: number,
      gap: number,
    ) => ({ profession, region, setting, demand, unmet, seats, remainingSeats, gap });
    const NEY = 'north_east_yorkshire';

    it('sets unmet demand against remaining seats, largest gap first', async () => {
      const admin = await report<CapacityGapRow>(w.admin, 'capacity-gap', IN_2029);
      expect(admin.status).toBe(200);
      expect(admin.body.rows).toEqual([
        cell('occupational_therapy', NEY, 'mental_health', 4, 2, 3, 1, 1),
        cell('occupational_therapy', 'london', 'autism', 2, 1, 4, 3, 0),
        cell('occupational_therapy', NEY, 'learning_disability', 1, 0, 2, 2, 0),
        // The closed P6 adds a seat but no remaining seat.
        cell('physiotherapy', NEY, 'mental_health', 1, 0, 4, 1, 0),
      ]);
      const london = await report<CapacityGapRow>(w.admin, 'capacity-gap', {
        ...IN_2029,
        region: 'london',
      });
      expect(london.body.rows).toEqual([
        cell('occupational_therapy', 'london', 'autism', 2, 1, 4, 3, 0),
      ]);
    });

    it('counts a coordinator’s students against the whole market, a provider’s cells only', async () => {
      const northdale = await report<CapacityGapRow>(w.coordinator.token, 'capacity-gap', IN_2029);
      expect(northdale.body.rows).toEqual([
        cell('occupational_therapy', NEY, 'mental_health', 3, 2, 3, 1, 1),
        cell('occupational_therapy', 'london', 'autism', 1, 1, 4, 3, 0),
        cell('occupational_therapy', NEY, 'learning_disability', 1, 0, 2, 2, 0),
        cell('physiotherapy', NEY, 'mental_health', 1, 0, 4, 1, 0),
      ]);
      const southbank = await report<CapacityGapRow>(
        w.otherCoordinator.token,
        'capacity-gap',
        IN_2029,
      );
      expect(southbank.body.rows).toEqual([
        cell('occupational_therapy', 'london', 'autism', 1, 0, 4, 3, 0),
        cell('occupational_therapy', NEY, 'learning_disability', 0, 0, 2, 2, 0),
        cell('occupational_therapy', NEY, 'mental_health', 1, 0, 3, 1, 0),
        cell('physiotherapy', NEY, 'mental_health', 0, 0, 4, 1, 0),
      ]);
      const charity = await report<CapacityGapRow>(w.otherProvider.token, 'capacity-gap', IN_2029);
      expect(charity.body.rows).toEqual([
        cell('occupational_therapy', 'london', 'autism', 2, 1, 4, 3, 0),
      ]);
      const trust = await report<CapacityGapRow>(w.provider.token, 'capacity-gap', IN_2029);
      expect(trust.body.rows.map((r) => r.region)).not.toContain('london');
      expect(trust.body.rows[0]).toEqual(
        cell('occupational_therapy', NEY, 'mental_health', 4, 2, 3, 1, 1),
      );
    });

    it('answers CSV', async () => {
      const csv = await report(w.admin, 'capacity-gap', IN_2029, { accept: 'text/csv' });
      expect(csv.text.trim().split(/\r?\n/).slice(0, 2)).toEqual([
        'profession,region,setting,demand,unmet,seats,remainingSeats,gap',
        `occupational_therapy,${NEY},mental_health,4,2,3,1,1`,
      ]);
    });
  });

  // ---- access and bad input ------------------------------------------------------------------

  describe('access and validation', () => {
    const everyReport: [string, Record<string, string>][] = [
      ['capacity', { groupBy: 'profession' }],
      ['unmatched', {}],
      ['time-to-approval', { groupBy: 'month' }],
      ['feedback', {}],
      ['capacity-gap', {}],
    ];

    it('refuses students every report, and anyone signed out', async () => {
      for (const [path, query] of everyReport) {
        expect((await report(student.token, path, query)).status).toBe(403);
        expect((await t.get(`/api/reports/${path}`, { query })).status).toBe(401);
      }
    });

    it.each([
      ['capacity', {}, 'groupBy'],
      ['capacity', { groupBy: 'university' }, 'groupBy'],
      ['capacity', { groupBy: 'region', from: '2029-02-30' }, 'from'],
      ['capacity', { groupBy: 'region', colour: 'blue' }, 'colour'],
      ['capacity', { groupBy: 'region', from: '2029-06-01', to: '2029-01-01' }, 'to'],
      ['capacity', { groupBy: 'region', format: 'xml' }, 'format'],
      ['time-to-approval', { groupBy: 'week' }, 'groupBy'],
      ['time-to-approval', { groupBy: 'month', profession: 'surgery' }, 'profession'],
      ['unmatched', { roundId: 'round-1' }, 'roundId'],
      ['unmatched', { region: 'london' }, 'region'],
      ['feedback', { period: 'week' }, 'period'],
      ['feedback', { placementId: '42' }, 'placementId'],
      ['capacity-gap', { setting: 'prison' }, 'setting'],
    ])('answers 400 for %s with %j, naming %s', async (path, query, field) => {
      const reply: Reply<{ statusCode: number; details: { field: string }[] }> = await t.get(
        `/api/reports/${path}`,
        { token: w.admin, query: query as Record<string, string> },
      );
      expect(reply.status).toBe(400);
      expect(reply.body).toEqual(
        expect.objectContaining({
          statusCode: 400,
          error: 'Bad Request',
          details: expect.arrayContaining([expect.objectContaining({ field })]),
        }),
      );
    });

    it('describes every report, JSON and CSV, in the OpenAPI document', async () => {
      const reply = await t.get<{
        paths: Record<string, { get?: { responses: Record<string, { content?: object }> } }>;
        components: { schemas: Record<string, unknown> };
      }>('/api/openapi.json');
      for (const [path] of everyReport) {
        const content = reply.body.paths[`/api/reports/${path}`]?.get?.responses['200']?.content;
        expect(Object.keys(content ?? {})).toEqual(['application/json', 'text/csv']);
      }
      expect(Object.keys(reply.body.components.schemas)).toEqual(
        expect.arrayContaining([
          'CapacityReportDto',
          'UnmatchedReportDto',
          'TimeToApprovalReportDto',
          'FeedbackTrendReportDto',
          'CapacityGapReportDto',
        ]),
      );
    });
  });
});
