import type { FeedbackSummary, Placement, User } from '@ahp/contracts';
import { MaintenanceService } from '../../src/maintenance/maintenance.service';
import { apply, createWorld, proposedMatch, type World } from '../matching/support';
import { GOOD_PASSWORD, TestApp } from '../support/test-app';

describe('personal data: export, erasure and retention', () => {
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    t = await TestApp.start();
    w = await createWorld(t);
  });
  afterAll(() => t.close());

  const feedback = {
    scores: { induction: 4, supervision: 5, facilities: 3, learningOpportunities: 4, teamwork: 5 },
    overall: 4,
    wouldRecommend: true,
    comment: 'My educator, Jo, was brilliant.',
  };

  async function approved(studentName: string, placementOverrides: object = {}) {
    const student = await w.student(studentName, { homePostcode: 'LS6 2AB' });
    const placement = await w.placement({ capacity: 3, ...placementOverrides });
    const match = await proposedMatch(t, w, student, placement.id);
    const reply = await t.post(`/api/matches/${match.id}/approve`, { token: w.coordinator.token });
    expect(reply.status).toBe(200);
    return { student, placement, matchId: match.id };
  }

  it('gives everyone everything held about them, as a JSON download', async () => {
    const { student, matchId } = await approved('Exporting Student');
    await t.post(`/api/matches/${matchId}/feedback`, { token: student.token, body: feedback });
    await t.post(`/api/matches/${matchId}/educator-feedback`, {
      token: w.provider.token,
      body: { domains: { communication: 4 }, outcome: 'pass', practiceHours: 150 },
    });

    const reply = await t.get<Record<string, unknown[]> & { account: { email: string } }>(
      '/api/me/export',
      { token: student.token },
    );
    expect(reply.status).toBe(200);
    expect(reply.headers['content-disposition']).toMatch(/attachment/);
    expect(reply.headers['cache-control']).toBe('no-store');
    expect(reply.body).toEqual(
      expect.objectContaining({
        format: 'ahp-placements-export/1',
        account: expect.objectContaining({ email: student.email, role: 'student' }),
        studentProfile: expect.objectContaining({ home_postcode: 'LS6 2AB' }),
      }),
    );
    expect(reply.body.applications).toHaveLength(1);
    expect(reply.body.matches).toEqual([expect.objectContaining({ status: 'approved' })]);
    expect(reply.body.feedbackGiven).toEqual([
      expect.objectContaining({ comment: feedback.comment }),
    ]);
    expect(reply.body.educatorFeedbackAboutYou).toEqual([
      expect.objectContaining({ outcome: 'pass' }),
    ]);
    expect(reply.body.notifications.length).toBeGreaterThan(0);
    expect(reply.body.sessions.length).toBeGreaterThan(0);
    expect(reply.body.activity.length).toBeGreaterThan(0);
    // Nothing of anybody else's, and never a password hash.
    expect(JSON.stringify(reply.body)).not.toMatch(/argon2|password_hash/);

    const provider = await t.get<Record<string, unknown[]>>('/api/me/export', {
      token: w.provider.token,
    });
    expect(provider.body.educatorFeedbackYouRecorded).toHaveLength(1);
    expect(provider.body.feedbackGiven).toEqual([]);
    expect((await t.get('/api/me/export')).status).toBe(401);

    const [{ n }] = await t.db.query(
      `SELECT count(*)::int AS n FROM audit_event WHERE action = 'user.data_exported' AND actor_id = $1`,
      [student.id],
    );
    expect(n).toBe(1);
  });

  it('erases a student: identity gone, live places freed, history kept without the person', async () => {
    const { student, placement, matchId } = await approved('Leaving Student', {
      title: 'Place to free',
    });
    await t.post(`/api/matches/${matchId}/feedback`, { token: student.token, body: feedback });
    const other = await w.placement({ title: 'Offered elsewhere' });
    const proposed = await proposedMatch(t, w, student, other.id);
    await apply(t, student, (await w.placement({ title: 'Just applied' })).id, {
      statement: 'I grew up near here.',
    });
    const remaining = async () =>
      (await t.get<Placement>(`/api/placements/${placement.id}`, { token: w.provider.token })).body
        .remainingCapacity;
    expect(await remaining()).toBe(2);

    expect(
      (await t.post(`/api/users/${student.id}/erase`, { token: w.coordinator.token })).status,
    ).toBe(403);
    expect((await t.post(`/api/users/${w.coordinator.id}/erase`, { token: w.admin })).status).toBe(
      404,
    );

    const reply = await t.post<Record<string, unknown>>(`/api/users/${student.id}/erase`, {
      token: w.admin,
    });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual(
      expect.objectContaining({
        userId: student.id,
        applicationsWithdrawn: 3,
        matchesRejected: 1,
        matchesCancelled: 1,
        feedbackAnonymised: 1,
      }),
    );
    expect(await remaining()).toBe(3);
    const statuses = await t.db.query(
      `SELECT id, status FROM placement_match WHERE student_id = $1 ORDER BY id`,
      [student.id],
    );
    expect(statuses).toEqual(
      expect.arrayContaining([
        { id: matchId, status: 'cancelled' },
        { id: proposed.id, status: 'rejected' },
      ]),
    );

    // The person is gone from the account and profile, and cannot sign in.
    const user = await t.get<User>(`/api/users/${student.id}`, { token: w.admin });
    expect(user.body).toEqual(
      expect.objectContaining({ name: 'Erased student', status: 'erased' }),
    );
    expect(user.body.email).not.toBe(student.email);
    expect(user.body.studentProfile).toEqual(
      expect.objectContaining({ homePostcode: null, reasonableAdjustments: null }),
    );
    const [profile] = await t.db.query(
      `SELECT home_latitude, home_postcode FROM student_profile WHERE user_id = $1`,
      [student.id],
    );
    expect(profile).toEqual({ home_latitude: null, home_postcode: null });
    const signIn = await t.post('/api/auth/login', {
      body: { email: student.email, password: GOOD_PASSWORD },
    });
    expect(signIn.status).toBe(401);
    expect((await t.get('/api/me', { token: student.token })).status).toBe(401);
    const [{ statements }] = await t.db.query(
      `SELECT count(statement)::int AS statements FROM application WHERE student_id = $1`,
      [student.id],
    );
    expect(statements).toBe(0);

    // Feedback stays in aggregate only: counted, but no longer anyone's and without the comment.
    const [row] = await t.db.query(
      `SELECT student_id, comment FROM placement_feedback WHERE match_id = $1`,
      [matchId],
    );
    expect(row).toEqual({ student_id: null, comment: null });
    const summary = await t.get<FeedbackSummary>(
      `/api/placements/${placement.id}/feedback-summary`,
      { token: w.admin },
    );
    expect(summary.body.responses).toBe(1);

    // The audit trail records the erasure without repeating who it was.
    const events = await t.db.query(
      `SELECT action, after::text FROM audit_event WHERE entity_id = $1 AND action = 'user.erased'`,
      [student.id],
    );
    expect(events).toHaveLength(1);
    expect(events[0].after).not.toContain(student.email);

    expect((await t.post(`/api/users/${student.id}/erase`, { token: w.admin })).status).toBe(409);
  });

  it('forgets ended sessions, spent invitations and old notifications after their retention', async () => {
    const student = await w.student('Retained Student');
    await t.db.query(
      `INSERT INTO user_session (user_id, token_hash, expires_at, created_at)
       VALUES ($1, 'old-session', now() - interval '40 days', now() - interval '41 days'),
              ($1, 'new-session', now() + interval '1 hour', now())`,
      [student.id],
    );
    await t.db.query(
      `INSERT INTO notification (user_id, kind, title, body, created_at, read_at)
       VALUES ($1, 'test', 'Old and read', 'x', now() - interval '400 days', now() - interval '399 days'),
              ($1, 'test', 'Old and unread', 'x', now() - interval '800 days', NULL),
              ($1, 'test', 'Recent', 'x', now() - interval '10 days', now())`,
      [student.id],
    );
    const report = await t.app.get(MaintenanceService).run();
    expect(report.sessionsDeleted).toBeGreaterThanOrEqual(1);
    expect(report.notificationsDeleted).toBeGreaterThanOrEqual(2);
    const sessions = await t.db.query(
      `SELECT encode(token_hash, 'escape') AS token FROM user_session
        WHERE user_id = $1 AND token_hash IN ('old-session'::bytea, 'new-session'::bytea)`,
      [student.id],
    );
    expect(sessions).toEqual([{ token: 'new-session' }]);
    const titles = await t.db.query(
      `SELECT title FROM notification WHERE user_id = $1 AND kind = 'test'`,
      [student.id],
    );
    expect(titles).toEqual([{ title: 'Recent' }]);
  });
});
