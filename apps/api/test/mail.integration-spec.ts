import { createWorld, notificationsOf, proposedMatch } from './matching/support';
import { TestApp } from './support/test-app';

describe('e-mail delivery', () => {
  describe('when the mail server is down', () => {
    let t: TestApp;
    beforeAll(async () => {
      // Port 9 (discard) on loopback: nothing listens, so every send fails at once.
      t = await TestApp.start({ SMTP_URL: 'smtp://127.0.0.1:9' });
    });
    afterAll(() => t.close());

    it('still creates the person, and keeps the e-mail queued for a retry', async () => {
      const admin = await t.adminToken();
      const org = await t.createOrganisation(admin, 'university', 'Mailless University');
      const reply = await t.post<{ id: string }>('/api/users', {
        token: admin,
        body: {
          email: 'waiting@test.example',
          name: 'Waiting',
          role: 'coordinator',
          organisationId: org.id,
        },
      });
      expect(reply.status).toBe(201);

      const deadline = Date.now() + 15_000;
      let job: { state: string; error: string | null } | undefined;
      while (Date.now() < deadline) {
        [job] = await t.db.query(
          `SELECT state, output->>'message' AS error FROM pgboss.job WHERE name = 'email' ORDER BY created_on DESC LIMIT 1`,
        );
        if (job?.state === 'retry') break;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(job).toEqual({
        state: 'retry',
        error: expect.stringMatching(/ECONNREFUSED|connect/i),
      });
      expect(t.mailFiles()).toEqual([]);
    });

    it('never holds up a decision: the approval lands and its e-mails wait for a retry', async () => {
      const world = await createWorld(t);
      const student = await world.student('Mailless Student');
      const placement = await world.placement();
      const match = await proposedMatch(t, world, student, placement.id);
      const approved = await t.post<{ status: string }>(`/api/matches/${match.id}/approve`, {
        token: world.coordinator.token,
      });
      expect(approved.status).toBe(200);
      expect(approved.body.status).toBe('approved');
      // The in-app notification is there at once; the e-mail is queued and retried.
      expect((await notificationsOf(t, student)).items[0].title).toMatch(/^Placement approved/);
      const [queued] = await t.db.query(
        `SELECT count(*)::int AS n FROM pgboss.job j
           JOIN notification n ON n.id::text = j.data->>'ref'
          WHERE j.name = 'email' AND n.user_id = $1 AND n.title LIKE 'Placement approved%'
            AND j.state IN ('created', 'retry', 'active')`,
        [student.id],
      );
      expect(queued.n).toBeGreaterThan(0);
      expect(t.mailFiles()).toEqual([]);
    });
  });

  describe('with a backlog', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await TestApp.start();
    });
    afterAll(() => t.close());

    it('sends a whole imported cohort’s invitations in batches, not one per polling interval', async () => {
      const admin = await t.adminToken();
      const org = await t.createOrganisation(admin, 'university', 'Cohort University');
      const rows = Array.from(
        { length: 60 },
        (_, i) => `cohort${i}@test.example,Cohort ${i},dietetics,1,,`,
      );
      const reply = await t.post<{ created: number }>('/api/users/import', {
        token: admin,
        query: { organisationId: org.id },
        headers: { 'content-type': 'text/csv' },
        body: ['email,name,profession,yearOfStudy,homePostcode,maxTravelKm', ...rows].join('\n'),
      });
      expect(reply.body.created).toBe(60);
      // One job per polling interval (0.5 s here) would need 30 s; batches need a few.
      const deadline = Date.now() + 20_000;
      while (t.mailFiles().length < 60 && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 200));
      expect(t.mailFiles()).toHaveLength(60);
    });
  });
});
