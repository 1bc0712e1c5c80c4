import type { MatchFeedback, PracticeHours, QualityReport } from '@ahp/contracts';
import { createApp } from '../src/app.setup';
import { validateEnvironment } from '../src/config/environment';
import { DEMO_PASSWORD, DEMO_SIGN_INS } from '../src/demo/demo-data';
import { SetupService } from '../src/setup/setup.service';
import { TestApp } from './support/test-app';

describe('demo data', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start({ DEMO_DATA: 'true' });
  });
  afterAll(() => t.close());

  it('loads universities and providers in several regions, their staff and a few hundred students', async () => {
    const [counts] = await t.db.query(`
      SELECT (SELECT count(*) FROM organisation WHERE type = 'university')::int AS universities,
             (SELECT count(*) FROM organisation WHERE type = 'provider')::int AS providers,
             (SELECT count(DISTINCT region) FROM organisation)::int AS regions,
             (SELECT count(*) FROM app_user WHERE role = 'coordinator')::int AS coordinators,
             (SELECT count(*) FROM app_user WHERE role = 'provider')::int AS providers_staff,
             (SELECT count(*) FROM app_user WHERE role = 'student')::int AS students,
             (SELECT count(DISTINCT profession) FROM student_profile)::int AS professions,
             (SELECT count(*) FROM placement)::int AS placements,
             (SELECT count(*) FROM placement WHERE status = 'published')::int AS published,
             (SELECT count(DISTINCT setting) FROM placement)::int AS settings`);
    expect(counts.universities).toBeGreaterThanOrEqual(4);
    expect(counts.providers).toBeGreaterThanOrEqual(6);
    expect(counts.regions).toBeGreaterThanOrEqual(5);
    expect(counts.coordinators).toBeGreaterThanOrEqual(4);
    expect(counts.providers_staff).toBeGreaterThanOrEqual(6);
    expect(counts.students).toBeGreaterThanOrEqual(200);
    expect(counts.professions).toBe(14);
    expect(counts.placements).toBeGreaterThanOrEqual(250);
    expect(counts.published).toBeGreaterThan(counts.placements / 2);
    expect(counts.settings).toBe(3);
    const emails: { email: string }[] = await t.db.query(`SELECT email FROM app_user`);
    expect(emails.every(({ email }) => /\.example$/.test(email))).toBe(true);
  });

  it('has applications and matches in every state, within every rule the API enforces', async () => {
    const [counts] = await t.db.query(`
      SELECT (SELECT count(*) FROM application WHERE status = 'submitted')::int AS submitted,
             (SELECT count(*) FROM application WHERE status = 'offered')::int AS offered,
             (SELECT count(*) FROM application WHERE status = 'declined')::int AS declined,
             (SELECT count(*) FROM placement_match WHERE status = 'proposed')::int AS proposed,
             (SELECT count(*) FROM placement_match WHERE status = 'approved')::int AS approved,
             (SELECT count(*) FROM placement p WHERE approved_count <>
                (SELECT count(*) FROM placement_match m WHERE m.placement_id = p.id AND m.status IN ('approved', 'completed')))::int AS miscounted,
             (SELECT count(*) FROM application a JOIN placement p ON p.id = a.placement_id
                JOIN student_profile sp ON sp.user_id = a.student_id
               WHERE NOT sp.profession = ANY (p.professions) OR sp.year_of_study < p.min_year_of_study)::int AS ineligible,
             (SELECT count(*) FROM (SELECT student_id FROM application WHERE status IN ('submitted', 'offered')
                GROUP BY student_id HAVING min(rank) <> 1 OR max(rank) <> count(*) OR count(DISTINCT rank) <> count(*))
                gaps)::int AS rank_gaps`);
    expect(counts).toEqual(expect.objectContaining({ miscounted: 0, ineligible: 0, rank_gaps: 0 }));
    for (const key of ['submitted', 'offered', 'declined', 'proposed', 'approved'] as const) {
      expect(counts[key]).toBeGreaterThan(3);
    }
    // Every match has its history: offered by provider staff, approved by a coordinator.
    const [history] = await t.db.query(`
      SELECT count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM audit_event e WHERE e.entity_id = m.id
                 AND e.action = 'match.proposed' AND e.actor_role = 'provider' AND e.actor_id IS NOT NULL))::int AS unoffered,
             count(*) FILTER (WHERE m.status = 'approved' AND NOT EXISTS (SELECT 1 FROM audit_event e
                 JOIN app_user u ON u.id = e.actor_id AND u.organisation_id = m.university_id
                WHERE e.entity_id = m.id AND e.action = 'match.approved'))::int AS unapproved
        FROM placement_match m`);
    expect(history).toEqual({ unoffered: 0, unapproved: 0 });
    // The printed accounts each have something to act on.
    const coordinator = await t.login(DEMO_SIGN_INS.coordinator, DEMO_PASSWORD);
    const attention = await t.get<{ items: { code: string }[] }>('/api/me/attention', {
      token: coordinator.accessToken,
    });
    expect(attention.body.items.map((i) => i.code)).toContain('matches_awaiting_approval');
    const provider = await t.login(DEMO_SIGN_INS.provider, DEMO_PASSWORD);
    const providerAttention = await t.get<{ items: { code: string }[] }>('/api/me/attention', {
      token: provider.accessToken,
    });
    expect(providerAttention.body.items.map((i) => i.code)).toContain('applications_to_review');
    const student = await t.login(DEMO_SIGN_INS.student, DEMO_PASSWORD);
    const mine = await t.get<{ items: { status: string; rank: number }[] }>('/api/applications', {
      token: student.accessToken,
    });
    expect(mine.body.items.map((a) => [a.status, a.rank])).toEqual([
      ['submitted', 1],
      ['submitted', 2],
    ]);
  });

  it('has last year’s placements completed with both sides’ feedback, and the demo student’s to give', async () => {
    const [history] = await t.db.query(`
      SELECT (SELECT count(*) FROM placement_match WHERE status = 'completed')::int AS completed,
             (SELECT count(*) FROM placement_feedback)::int AS student_feedback,
             (SELECT count(*) FROM educator_feedback WHERE practice_hours > 0)::int AS educator_feedback,
             (SELECT count(*) FROM placement_feedback f JOIN placement_match m ON m.id = f.match_id
               WHERE m.status NOT IN ('approved', 'completed') OR f.student_id <> m.student_id)::int AS misplaced`);
    expect(history.completed).toBeGreaterThan(20);
    expect(history.student_feedback).toBeGreaterThan(20);
    expect(history.educator_feedback).toBeGreaterThan(20);
    expect(history.misplaced).toBe(0);

    const student = await t.login(DEMO_SIGN_INS.student, DEMO_PASSWORD);
    const hours = await t.get<PracticeHours>('/api/me/practice-hours', {
      token: student.accessToken,
    });
    expect(hours.body.required).toBe(1000);
    expect(hours.body.fromPlacements).toBeGreaterThan(100);
    expect(hours.body.total).toBeGreaterThan(hours.body.fromPlacements);
    const [match] = hours.body.placements;
    const feedback = await t.get<MatchFeedback>(`/api/matches/${match.matchId}/feedback`, {
      token: student.accessToken,
    });
    expect(feedback.body).toEqual(
      expect.objectContaining({ student: null, canGiveStudentFeedback: true }),
    );
    expect(feedback.body.educator?.outcome).toBe('pass');
    const attention = await t.get<{ items: { code: string; link: string }[] }>(
      '/api/me/attention',
      {
        token: student.accessToken,
      },
    );
    expect(attention.body.items).toContainEqual(
      expect.objectContaining({ code: 'feedback_to_give', link: '/my-placements' }),
    );

    const coordinator = await t.login(DEMO_SIGN_INS.coordinator, DEMO_PASSWORD);
    const quality = await t.get<QualityReport>('/api/feedback/quality', {
      token: coordinator.accessToken,
    });
    expect(quality.body.items.filter((row) => row.flagged).length).toBeGreaterThan(0);
    expect(
      quality.body.items.filter((row) => !row.flagged && !row.suppressed).length,
    ).toBeGreaterThan(0);
  });

  it('lets each printed demo account sign in with the demo password, as its role', async () => {
    expect(t.app.get(SetupService).demoSignIns()).toEqual(
      Object.entries(DEMO_SIGN_INS).map(([role, email]) => ({ role, email })),
    );
    for (const [role, email] of Object.entries(DEMO_SIGN_INS)) {
      const session = await t.login(email, DEMO_PASSWORD);
      expect(session.user.role).toBe(role);
    }
  });

  it('is loaded once: starting again on the same database adds nothing', async () => {
    const [before] = await t.db.query(`SELECT count(*)::int AS n FROM app_user`);
    const url = (t.db.options as { url: string }).url;
    const again = await createApp(
      validateEnvironment({
        NODE_ENV: 'test',
        DATABASE_URL: url,
        DEMO_DATA: 'true',
        LOG_LEVEL: 'silent',
        JOBS_ENABLED: 'false',
      }),
    );
    await again.init();
    await again.close();
    const [after] = await t.db.query(`SELECT count(*)::int AS n FROM app_user`);
    expect(after.n).toBe(before.n);
  });
});

describe('without demo data', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.close());

  it('starts empty but for the first admin, and prints no demo sign-ins', async () => {
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM app_user`);
    expect(n).toBe(1);
    expect(t.app.get(SetupService).demoSignIns()).toBeNull();
  });
});
