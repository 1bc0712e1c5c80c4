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
