import type {
  EducatorFeedback,
  FeedbackSummary,
  MatchFeedback,
  Page,
  Placement,
  PracticeHours,
  QualityReport,
  StudentFeedback,
} from '@ahp/contracts';
import { FeedbackRequestsService } from '../../src/feedback/feedback-requests.service';
import {
  createWorld,
  notificationsOf,
  proposedMatch,
  type Person,
  type World,
} from '../matching/support';
import { TestApp } from '../support/test-app';

const feedbackBody = (overall = 4, extra: object = {}) => ({
  scores: {
    induction: overall,
    supervision: overall,
    facilities: overall,
    learningOpportunities: overall,
    teamwork: overall,
  },
  overall,
  wouldRecommend: overall >= 3,
  comment: `Scored ${overall} overall`,
  ...extra,
});

const educatorBody = (extra: object = {}) => ({
  domains: {
    professionalValues: 4,
    communication: 5,
    assessment: 3,
    intervention: 4,
    evaluation: 4,
    leadershipAndLearning: 3,
  },
  outcome: 'pass',
  comment: 'Safe, reflective practice.',
  practiceHours: 262.5,
  ...extra,
});

describe('feedback: giving it, who sees it, suppression and quality', () => {
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    t = await TestApp.start();
    w = await createWorld(t);
  });
  afterAll(() => t.close());

  /** A student with an approved match on the placement. */
  async function placed(placementId: string, name = 'Placed Student', university?: string) {
    const student = await w.student(name, {}, university);
    const match = await proposedMatch(t, w, student, placementId);
    const coordinator = university === w.southbank ? w.otherCoordinator : w.coordinator;
    const approved = await t.post(`/api/matches/${match.id}/approve`, { token: coordinator.token });
    if (approved.status !== 200) throw new Error(`Could not approve: ${approved.text}`);
    return { student, matchId: match.id };
  }

  const give = (person: Person, matchId: string, body: object = feedbackBody()) =>
    t.post<StudentFeedback>(`/api/matches/${matchId}/feedback`, { token: person.token, body });

  const summary = (token: string, placementId: string) =>
    t.get<FeedbackSummary>(`/api/placements/${placementId}/feedback-summary`, { token });

  it('takes a student’s feedback once per approved match, and lets them change it for 7 days', async () => {
    const placement = await w.placement({ capacity: 3 });
    const { student, matchId } = await placed(placement.id);
    const reply = await give(student, matchId, feedbackBody(5));
    expect(reply.status).toBe(201);
    expect(reply.body).toEqual(
      expect.objectContaining({
        matchId,
        placementId: placement.id,
        studentId: student.id,
        scores: feedbackBody(5).scores,
        overall: 5,
        wouldRecommend: true,
        comment: 'Scored 5 overall',
        editableUntil: expect.any(String),
      }),
    );
    const twice = await give(student, matchId);
    expect(twice.status).toBe(409);

    const changed = await t.patch<StudentFeedback>(`/api/matches/${matchId}/feedback`, {
      token: student.token,
      body: feedbackBody(3),
    });
    expect(changed.status).toBe(200);
    expect(changed.body.overall).toBe(3);

    // A week and a day later, it is fixed.
    await t.db.query(
      `UPDATE placement_feedback SET created_at = now() - interval '8 days' WHERE match_id = $1`,
      [matchId],
    );
    const late = await t.patch(`/api/matches/${matchId}/feedback`, {
      token: student.token,
      body: feedbackBody(1),
    });
    expect(late.status).toBe(409);
    const mine = await t.get<MatchFeedback>(`/api/matches/${matchId}/feedback`, {
      token: student.token,
    });
    expect(mine.body.student?.overall).toBe(3);
    expect(mine.body.student?.editableUntil).toBeNull();
    expect(mine.body.canGiveStudentFeedback).toBe(false);

    const audit = await t.db.query(
      `SELECT action FROM audit_event WHERE entity_type = 'placement_feedback' ORDER BY id`,
    );
    expect(audit.map((row: { action: string }) => row.action)).toEqual([
      'feedback.given',
      'feedback.changed',
    ]);
  });

  it('refuses feedback on a match that is not approved, by anyone but its student, and bad scores', async () => {
    const placement = await w.placement({ capacity: 3 });
    const student = await w.student('Proposed Student');
    const proposed = await proposedMatch(t, w, student, placement.id);
    expect((await give(student, proposed.id)).status).toBe(409);

    const { student: placedStudent, matchId } = await placed(placement.id, 'Rightful Student');
    const stranger = await w.student('Stranger');
    expect((await give(stranger, matchId)).status).toBe(404);
    const asProvider = await t.post(`/api/matches/${matchId}/feedback`, {
      token: w.provider.token,
      body: feedbackBody(),
    });
    expect(asProvider.status).toBe(403);
    const asCoordinator = await t.post(`/api/matches/${matchId}/feedback`, {
      token: w.coordinator.token,
      body: feedbackBody(),
    });
    expect(asCoordinator.status).toBe(403);

    const outOfRange = await give(placedStudent, matchId, {
      ...feedbackBody(),
      scores: { ...feedbackBody().scores, induction: 6, teamwork: 0 },
      overall: 2.5,
    });
    expect(outOfRange.status).toBe(400);
    const fields = (outOfRange.body as unknown as { details: { field: string }[] }).details.map(
      (d) => d.field,
    );
    expect(fields).toEqual(
      expect.arrayContaining(['scores.induction', 'scores.teamwork', 'overall']),
    );
    const unknownTheme = await give(placedStudent, matchId, {
      ...feedbackBody(),
      scores: { ...feedbackBody().scores, parking: 1 },
    });
    expect(unknownTheme.status).toBe(400);
    const missing = await give(placedStudent, matchId, {
      scores: feedbackBody().scores,
      overall: 4,
    });
    expect(missing.status).toBe(400);
    // None of that left anything behind: the real feedback still goes in.
    expect((await give(placedStudent, matchId)).status).toBe(201);

    // Cancelled placements take no feedback.
    const { student: cancelledStudent, matchId: cancelled } = await placed(
      placement.id,
      'Cancelled',
    );
    await t.post(`/api/matches/${cancelled}/cancel`, {
      token: w.coordinator.token,
      body: { reason: 'Illness' },
    });
    expect((await give(cancelledStudent, cancelled)).status).toBe(409);
  });

  it('takes the educator’s feedback from the placement’s provider only, and counts its hours', async () => {
    const placement = await w.placement();
    const { student, matchId } = await placed(placement.id, 'Assessed Student');
    const url = `/api/matches/${matchId}/educator-feedback`;
    expect((await t.post(url, { token: w.otherProvider.token, body: educatorBody() })).status).toBe(
      404,
    );
    expect((await t.post(url, { token: w.coordinator.token, body: educatorBody() })).status).toBe(
      403,
    );
    expect((await t.post(url, { token: student.token, body: educatorBody() })).status).toBe(403);
    const badScore = await t.post<{ details: { field: string }[] }>(url, {
      token: w.provider.token,
      body: educatorBody({ domains: { communication: 6 } }),
    });
    expect(badScore.status).toBe(400);
    expect(badScore.body.details[0].field).toBe('domains.communication');
    expect(
      (await t.post(url, { token: w.provider.token, body: educatorBody({ practiceHours: 10.1 }) }))
        .status,
    ).toBe(400);
    expect(
      (await t.post(url, { token: w.provider.token, body: educatorBody({ outcome: 'merit' }) }))
        .status,
    ).toBe(400);
    expect(
      (await t.post(url, { token: w.provider.token, body: educatorBody({ domains: {} }) })).status,
    ).toBe(400);

    const given = await t.post<EducatorFeedback>(url, {
      token: w.provider.token,
      body: educatorBody(),
    });
    expect(given.status).toBe(201);
    expect(given.body).toEqual(
      expect.objectContaining({
        outcome: 'pass',
        practiceHours: 262.5,
        educatorName: 'Jo Placements',
        studentId: student.id,
      }),
    );
    expect((await t.post(url, { token: w.provider.token, body: educatorBody() })).status).toBe(409);

    // Hours: the coordinator records 300 from before; the placement adds 262.5; OT needs 1,000.
    const details = await t.patch(`/api/users/${student.id}/allocation-details`, {
      token: w.coordinator.token,
      body: { priorPracticeHours: 300 },
    });
    expect(details.status).toBe(200);
    const hours = await t.get<PracticeHours>('/api/me/practice-hours', { token: student.token });
    expect(hours.body).toEqual(
      expect.objectContaining({
        profession: 'occupational_therapy',
        required: 1000,
        prior: 300,
        fromPlacements: 262.5,
        total: 562.5,
      }),
    );
    expect(hours.body.placements).toEqual([
      expect.objectContaining({ matchId, hours: 262.5, outcome: 'pass' }),
    ]);
    const coordinatorView = await t.get<PracticeHours>(`/api/users/${student.id}/practice-hours`, {
      token: w.coordinator.token,
    });
    expect(coordinatorView.body.total).toBe(562.5);
    expect(
      (await t.get(`/api/users/${student.id}/practice-hours`, { token: w.otherCoordinator.token }))
        .status,
    ).toBe(404);

    // The student sees what the educator wrote; a cancelled placement's hours would not count.
    const seen = await t.get<MatchFeedback>(`/api/matches/${matchId}/feedback`, {
      token: student.token,
    });
    expect(seen.body.educator?.comment).toBe('Safe, reflective practice.');
    expect(seen.body.educator?.editableUntil).toBeNull();
    const providerSees = await t.get<MatchFeedback>(`/api/matches/${matchId}/feedback`, {
      token: w.provider.token,
    });
    expect(providerSees.body.canGiveEducatorFeedback).toBe(true);
    expect(providerSees.body.educator?.editableUntil).toEqual(expect.any(String));
  });

  it('shows students’ feedback in full to the student and their coordinator, never to a provider', async () => {
    const placement = await w.placement({ capacity: 3 });
    const { student, matchId } = await placed(placement.id, 'Northdale Student');
    const { student: southStudent, matchId: southMatch } = await placed(
      placement.id,
      'Southbank Student',
      w.southbank,
    );
    await give(student, matchId, feedbackBody(4));
    await give(southStudent, southMatch, feedbackBody(2));

    const coordinator = await t.get<Page<StudentFeedback>>('/api/feedback', {
      token: w.coordinator.token,
      query: { placementId: placement.id },
    });
    expect(coordinator.body.items.map((f) => f.studentName)).toEqual(['Northdale Student']);
    const other = await t.get<Page<StudentFeedback>>('/api/feedback', {
      token: w.otherCoordinator.token,
      query: { placementId: placement.id },
    });
    expect(other.body.items.map((f) => f.studentName)).toEqual(['Southbank Student']);
    const own = await t.get<Page<StudentFeedback>>('/api/feedback', { token: student.token });
    expect(own.body.items.map((f) => f.matchId)).toEqual([matchId]);
    const admin = await t.get<Page<StudentFeedback>>('/api/feedback', {
      token: w.admin,
      query: { placementId: placement.id },
    });
    expect(admin.body.items).toHaveLength(2);
    expect((await t.get('/api/feedback', { token: w.provider.token })).status).toBe(403);

    const providerView = await t.get<MatchFeedback>(`/api/matches/${matchId}/feedback`, {
      token: w.provider.token,
    });
    expect(providerView.status).toBe(200);
    expect(providerView.body.student).toBeNull();
    expect(
      (await t.get(`/api/matches/${matchId}/feedback`, { token: w.otherCoordinator.token })).status,
    ).toBe(404);
    const coordinatorView = await t.get<MatchFeedback>(`/api/matches/${matchId}/feedback`, {
      token: w.coordinator.token,
    });
    expect(coordinatorView.body.student?.comment).toBe('Scored 4 overall');
  });

  it('shows a provider aggregates only from three responses, and never lets one be subtracted out', async () => {
    const provider = await t.createOrganisation(w.admin, 'provider', 'Harbour Care', 'south_west');
    const lead = await t.createUser(w.admin, 'provider', provider.id, { name: 'Harbour Lead' });
    const create = async (capacity: number) => {
      const reply = await t.post<{ id: string }>('/api/placements', {
        token: lead.token,
        body: {
          title: 'Community learning disability team',
          professions: ['occupational_therapy'],
          setting: 'learning_disability',
          model: 'peer',
          postcode: 'LS7 3JX',
          startDate: '2027-02-01',
          endDate: '2027-03-26',
          capacity,
          minYearOfStudy: 1,
        },
      });
      await t.post(`/api/placements/${reply.body.id}/publish`, { token: lead.token });
      return reply.body.id;
    };
    const big = await create(5);
    const small = await create(3);
    const respond = async (placementId: string, overall: number, name: string) => {
      const student = await w.student(name);
      const application = await t.post<{ id: string }>('/api/applications', {
        token: student.token,
        body: { placementId },
      });
      const match = await t.post<{ id: string }>(`/api/applications/${application.body.id}/offer`, {
        token: lead.token,
      });
      await t.post(`/api/matches/${match.body.id}/approve`, { token: w.coordinator.token });
      const reply = await give(student, match.body.id, feedbackBody(overall));
      expect(reply.status).toBe(201);
    };

    await respond(big, 2, 'First Responder');
    await respond(big, 2, 'Second Responder');
    const two = await summary(lead.token, big);
    expect(two.body).toEqual({
      responses: 2,
      suppressed: true,
      averages: null,
      recommendRate: null,
    });
    const adminTwo = await summary(w.admin, big);
    expect(adminTwo.body.suppressed).toBe(false);
    expect(adminTwo.body.averages?.overall).toBe(2);

    await respond(big, 5, 'Third Responder');
    const three = await summary(lead.token, big);
    expect(three.body).toEqual(
      expect.objectContaining({
        responses: 3,
        suppressed: false,
        averages: expect.objectContaining({ overall: 3, induction: 3 }),
        recommendRate: 0.333,
        flagged: true,
      }),
    );
    expect(three.body.comments).toHaveLength(3);
    expect(JSON.stringify(three.body)).not.toMatch(/Responder/);
    // Students see the figures, not the comments.
    const student = await w.student('Curious Student');
    const studentView = await summary(student.token, big);
    expect(studentView.body.averages?.overall).toBe(3);
    expect(studentView.body.comments).toBeUndefined();

    // One response on the small placement: hidden, and so is the big one, because the provider's
    // total (4) less the big placement's (3) would give the small one's single answer away.
    await respond(small, 1, 'Lonely Responder');
    expect((await summary(lead.token, small)).body.suppressed).toBe(true);
    expect((await summary(lead.token, big)).body.suppressed).toBe(true);
    const total = await t.get<FeedbackSummary>(
      `/api/organisations/${provider.id}/feedback-summary`,
      {
        token: lead.token,
      },
    );
    expect(total.body).toEqual(
      expect.objectContaining({ responses: 4, suppressed: false, recommendRate: 0.25 }),
    );
    expect(total.body.averages?.overall).toBe(2.5);
    // Placement cards: no rating where hidden.
    const card = await t.get<Placement>(`/api/placements/${big}`, { token: student.token });
    expect(card.body.rating).toBeNull();

    // Quality: the provider is flagged to coordinators (low average and recommend rate), its
    // placements stay hidden; admins see everything.
    const quality = await t.get<QualityReport>('/api/feedback/quality', {
      token: w.coordinator.token,
    });
    const harbour = quality.body.items.find((row) => row.id === provider.id);
    expect(harbour).toEqual(
      expect.objectContaining({ kind: 'provider', flagged: true, suppressed: false }),
    );
    expect(harbour?.flags).toHaveLength(2);
    expect(quality.body.items.find((row) => row.id === big)?.suppressed).toBe(true);
    const adminQuality = await t.get<QualityReport>('/api/feedback/quality', { token: w.admin });
    expect(adminQuality.body.items.find((row) => row.id === big)?.averages?.overall).toBe(3);
    // A provider sees only its own rows.
    const own = await t.get<QualityReport>('/api/feedback/quality', { token: lead.token });
    expect(
      own.body.items.every((row) => row.id === provider.id || [big, small].includes(row.id)),
    ).toBe(true);
    expect((await t.get('/api/feedback/quality', { token: student.token })).status).toBe(403);

    // Two more on the small placement and everything can be shown; the card gains its rating.
    await respond(small, 4, 'Fifth Responder');
    await respond(big, 4, 'Sixth Responder');
    // Small has 2 and big 4: hiding small alone leaves 2 to subtract, so big stays hidden too.
    expect((await summary(lead.token, big)).body.suppressed).toBe(true);
    await respond(small, 4, 'Seventh Responder');
    expect((await summary(lead.token, big)).body.suppressed).toBe(false);
    const rated = await t.get<Placement>(`/api/placements/${big}`, { token: student.token });
    expect(rated.body.rating).toEqual({ overall: 3.25, responses: 4 });
  });

  it('asks for feedback when a placement ends, reminds once a week later, and never twice', async () => {
    const placement = await w.placement({
      capacity: 2,
      startDate: '2027-06-01',
      endDate: '2027-06-30',
    });
    const { student, matchId } = await placed(placement.id, 'Finished Student');
    const requests = t.app.get(FeedbackRequestsService);
    expect(await requests.run('2027-06-30')).toEqual({ requested: 0, reminded: 0 });
    expect(await requests.run('2027-07-01')).toEqual({ requested: 1, reminded: 0 });
    expect(await requests.run('2027-07-02')).toEqual({ requested: 0, reminded: 0 });
    const told = await notificationsOf(t, student);
    expect(told.items[0]).toEqual(
      expect.objectContaining({
        kind: 'feedback.requested',
        link: `/my-placements/${matchId}/feedback`,
      }),
    );
    const providerTold = await notificationsOf(t, w.provider);
    expect(providerTold.items[0]).toEqual(
      expect.objectContaining({ kind: 'educator_feedback.requested' }),
    );
    expect(await t.waitForMail(student.email, 60_000, 'How was your placement?')).toContain(
      `/my-placements/${matchId}/feedback`,
    );

    await t.db.query(
      `UPDATE placement_match SET feedback_requested_at = now() - interval '8 days' WHERE id = $1`,
      [matchId],
    );
    expect((await requests.run('2027-07-08')).reminded).toBe(1);
    expect((await requests.run('2027-07-09')).reminded).toBe(0);
    expect((await notificationsOf(t, student)).items[0].kind).toBe('feedback.reminder');

    // Someone who has answered is not reminded.
    const { student: prompt, matchId: promptMatch } = await placed(placement.id, 'Prompt Student');
    await requests.run('2027-07-01');
    await give(prompt, promptMatch);
    await t.db.query(
      `UPDATE placement_match SET feedback_requested_at = now() - interval '8 days' WHERE id = $1`,
      [promptMatch],
    );
    expect((await requests.run('2027-07-08')).reminded).toBe(0);
  }, 90_000);
});
