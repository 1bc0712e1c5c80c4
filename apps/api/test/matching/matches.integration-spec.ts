import type { AuditEvent, BulkResult, Match, Page, Placement } from '@ahp/contracts';
import { TestApp } from '../support/test-app';
import { apply, createWorld, notificationsOf, offer, proposedMatch, type World } from './support';

describe('matches: approval, rejection, cancellation, completion and the audit trail', () => {
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    t = await TestApp.start();
    w = await createWorld(t);
  });
  afterAll(() => t.close());

  const remaining = async (placementId: string) =>
    (await t.get<Placement>(`/api/placements/${placementId}`, { token: w.provider.token })).body
      .remainingCapacity;
  const statusOf = async (matchId: string) =>
    (await t.get<Match>(`/api/matches/${matchId}`, { token: w.coordinator.token })).body.status;

  it('approves a proposed match: 200 approved, a seat taken, everyone told', async () => {
    const student = await w.student('Approved Student');
    const placement = await w.placement({ title: 'Eating disorders unit' });
    const match = await proposedMatch(t, w, student, placement.id);
    const reply = await t.post<Match>(`/api/matches/${match.id}/approve`, {
      token: w.coordinator.token,
    });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual(
      expect.objectContaining({ id: match.id, status: 'approved', decidedAt: expect.any(String) }),
    );
    expect(await remaining(placement.id)).toBe(1);
    const studentSees = await notificationsOf(t, student);
    expect(studentSees.items[0]).toEqual(
      expect.objectContaining({
        kind: 'match.approved',
        title: 'Placement approved: Eating disorders unit',
      }),
    );
    const providerSees = await notificationsOf(t, w.provider);
    expect(providerSees.items[0]).toEqual(
      expect.objectContaining({ kind: 'match.approved', link: `/matches/${match.id}` }),
    );

    const twice = await t.post(`/api/matches/${match.id}/approve`, { token: w.coordinator.token });
    expect(twice.status).toBe(409);
    expect(twice.body).toEqual(
      expect.objectContaining({
        message: 'This match is approved; only a proposed match can be approved.',
      }),
    );
    expect(await remaining(placement.id)).toBe(1);
  });

  it('lets only the student’s own coordinator (or an admin) approve', async () => {
    const student = await w.student();
    const match = await proposedMatch(t, w, student, (await w.placement()).id);
    expect(
      (await t.post(`/api/matches/${match.id}/approve`, { token: w.otherCoordinator.token }))
        .status,
    ).toBe(404);
    expect(
      (await t.post(`/api/matches/${match.id}/approve`, { token: w.provider.token })).status,
    ).toBe(403);
    expect(
      (await t.post(`/api/matches/${match.id}/approve`, { token: student.token })).status,
    ).toBe(403);
    expect(await statusOf(match.id)).toBe('proposed');
    expect((await t.post(`/api/matches/${match.id}/approve`, { token: w.admin })).status).toBe(200);
  });

  it('answers 409 when the placement is full', async () => {
    const placement = await w.placement({ capacity: 1 });
    const first = await proposedMatch(t, w, await w.student('First'), placement.id);
    const second = await proposedMatch(t, w, await w.student('Second'), placement.id);
    expect(
      (await t.post(`/api/matches/${first.id}/approve`, { token: w.coordinator.token })).status,
    ).toBe(200);
    const full = await t.post(`/api/matches/${second.id}/approve`, { token: w.coordinator.token });
    expect(full.status).toBe(409);
    expect(full.body).toEqual(
      expect.objectContaining({
        message: expect.stringMatching(/is full: every seat has an approved student/),
      }),
    );
    expect(await statusOf(second.id)).toBe('proposed');
  });

  it('answers 409 when the student already has an approved placement on overlapping dates', async () => {
    const student = await w.student('Double Booked');
    const february = await proposedMatch(
      t,
      w,
      student,
      (await w.placement({ startDate: '2027-02-01', endDate: '2027-03-26' })).id,
    );
    const march = await proposedMatch(
      t,
      w,
      student,
      (await w.placement({ startDate: '2027-03-26', endDate: '2027-05-07' })).id,
    );
    const summer = await proposedMatch(
      t,
      w,
      student,
      (await w.placement({ startDate: '2027-06-01', endDate: '2027-07-09' })).id,
    );
    expect(
      (await t.post(`/api/matches/${february.id}/approve`, { token: w.coordinator.token })).status,
    ).toBe(200);
    const clash = await t.post(`/api/matches/${march.id}/approve`, { token: w.coordinator.token });
    expect(clash.status).toBe(409);
    expect(clash.body).toEqual(
      expect.objectContaining({
        message: 'Double Booked already has an approved placement on some of these dates.',
      }),
    );
    expect(await statusOf(march.id)).toBe('proposed');
    expect(
      (await t.post(`/api/matches/${summer.id}/approve`, { token: w.coordinator.token })).status,
    ).toBe(200);
  });

  it('rejects with a reason: the application is declined and a rejected match cannot be approved', async () => {
    const student = await w.student();
    const application = await apply(t, student, (await w.placement()).id);
    const match = await offer(t, w.provider, application.id);
    const reply = await t.post<Match>(`/api/matches/${match.id}/reject`, {
      token: w.coordinator.token,
      body: { reason: 'The student is on a leave of absence until April.' },
    });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual(
      expect.objectContaining({
        status: 'rejected',
        reason: 'The student is on a leave of absence until April.',
      }),
    );
    const after = await t.get<{ status: string; declineReason: string }>(
      `/api/applications/${application.id}`,
      { token: student.token },
    );
    expect(after.body).toEqual(
      expect.objectContaining({
        status: 'declined',
        declineReason: 'The student is on a leave of absence until April.',
      }),
    );
    const approve = await t.post(`/api/matches/${match.id}/approve`, {
      token: w.coordinator.token,
    });
    expect(approve.status).toBe(409);
    expect(approve.body).toEqual(
      expect.objectContaining({
        message: 'This match is rejected; only a proposed match can be approved.',
      }),
    );
  });

  it('lets the provider withdraw its own offer by rejecting it, but not another provider', async () => {
    const match = await proposedMatch(t, w, await w.student(), (await w.placement()).id);
    expect(
      (await t.post(`/api/matches/${match.id}/reject`, { token: w.otherProvider.token, body: {} }))
        .status,
    ).toBe(404);
    expect(
      (await t.post(`/api/matches/${match.id}/reject`, { token: w.provider.token, body: {} }))
        .status,
    ).toBe(200);
  });

  it('cancels an approved match with a reason, freeing the seat; a cancelled match cannot be approved', async () => {
    const student = await w.student();
    const placement = await w.placement({ capacity: 1 });
    const match = await proposedMatch(t, w, student, placement.id);
    await t.post(`/api/matches/${match.id}/approve`, { token: w.coordinator.token });
    expect(await remaining(placement.id)).toBe(0);
    const noReason = await t.post<{ details: { field: string }[] }>(
      `/api/matches/${match.id}/cancel`,
      { token: w.coordinator.token, body: {} },
    );
    expect(noReason.status).toBe(400);
    expect(noReason.body.details.map((d) => d.field)).toEqual(['reason']);
    const cancel = await t.post<Match>(`/api/matches/${match.id}/cancel`, {
      token: w.provider.token,
      body: { reason: 'The supervising practice educator is on long-term leave.' },
    });
    expect(cancel.status).toBe(200);
    expect(cancel.body.status).toBe('cancelled');
    expect(await remaining(placement.id)).toBe(1);
    const coordinatorSees = await notificationsOf(t, w.coordinator);
    expect(coordinatorSees.items[0]).toEqual(
      expect.objectContaining({
        kind: 'match.cancelled',
        body: expect.stringContaining('long-term leave'),
      }),
    );
    const approve = await t.post(`/api/matches/${match.id}/approve`, {
      token: w.coordinator.token,
    });
    expect(approve.status).toBe(409);
    expect(approve.body).toEqual(
      expect.objectContaining({
        message: 'This match is cancelled; only a proposed match can be approved.',
      }),
    );
    expect(
      (
        await t.post(`/api/matches/${match.id}/cancel`, {
          token: w.coordinator.token,
          body: { reason: 'again' },
        })
      ).status,
    ).toBe(409);
    // The freed seat can be taken by someone else.
    const next = await proposedMatch(t, w, await w.student(), placement.id);
    expect(
      (await t.post(`/api/matches/${next.id}/approve`, { token: w.coordinator.token })).status,
    ).toBe(200);
  });

  it('completes an approved match (provider or coordinator), and not a proposed one', async () => {
    const match = await proposedMatch(t, w, await w.student(), (await w.placement()).id);
    expect(
      (await t.post(`/api/matches/${match.id}/complete`, { token: w.provider.token })).status,
    ).toBe(409);
    await t.post(`/api/matches/${match.id}/approve`, { token: w.coordinator.token });
    expect((await t.post(`/api/matches/${match.id}/complete`, { token: w.admin })).status).toBe(
      403,
    );
    const done = await t.post<Match>(`/api/matches/${match.id}/complete`, {
      token: w.provider.token,
    });
    expect(done.status).toBe(200);
    expect(done.body.status).toBe('completed');
    expect(
      (
        await t.post(`/api/matches/${match.id}/cancel`, {
          token: w.coordinator.token,
          body: { reason: 'late' },
        })
      ).status,
    ).toBe(409);
  });

  it('approves and rejects several at once, saying which succeeded and why the others did not', async () => {
    const placement = await w.placement({ capacity: 2 });
    const matches = [];
    for (const name of ['One', 'Two', 'Three'])
      matches.push(await proposedMatch(t, w, await w.student(name), placement.id));
    const southbankMatch = await proposedMatch(
      t,
      w,
      await w.student('Elsewhere', {}, w.southbank),
      placement.id,
    );
    const reply = await t.post<BulkResult>('/api/matches/approve', {
      token: w.coordinator.token,
      body: { matchIds: [...matches.map((m) => m.id), southbankMatch.id] },
    });
    expect(reply.status).toBe(200);
    expect(reply.body.succeeded).toEqual([matches[0].id, matches[1].id]);
    expect(reply.body.failed).toEqual([
      { matchId: matches[2].id, statusCode: 409, message: expect.stringMatching(/is full/) },
      { matchId: southbankMatch.id, statusCode: 404, message: expect.any(String) },
    ]);
    const rejected = await t.post<BulkResult>('/api/matches/reject', {
      token: w.coordinator.token,
      body: { matchIds: [matches[2].id] },
    });
    expect(rejected.body).toEqual({ succeeded: [matches[2].id], failed: [] });
    expect(
      (
        await t.post('/api/matches/approve', {
          token: w.coordinator.token,
          body: { matchIds: ['x'] },
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await t.post('/api/matches/approve', {
          token: w.provider.token,
          body: { matchIds: [matches[0].id] },
        })
      ).status,
    ).toBe(403);
  });

  it('lists matches by visibility, with status, placement and student filters, soonest first', async () => {
    const student = await w.student('Lister');
    const later = await w.placement({
      startDate: '2027-09-06',
      endDate: '2027-10-29',
      title: 'Later',
    });
    const sooner = await w.placement({
      startDate: '2027-01-11',
      endDate: '2027-01-29',
      title: 'Sooner',
    });
    await proposedMatch(t, w, student, later.id);
    await proposedMatch(t, w, student, sooner.id);
    const mine = await t.get<Page<Match>>('/api/matches', { token: student.token });
    expect(mine.body.items.map((m) => m.placement.title)).toEqual(['Sooner', 'Later']);
    const filtered = await t.get<Page<Match>>('/api/matches', {
      token: w.coordinator.token,
      query: { studentId: student.id, placementId: later.id, status: 'proposed' },
    });
    expect(filtered.body.items.map((m) => m.placement.title)).toEqual(['Later']);
    expect(
      (
        await t.get<Page<Match>>('/api/matches', {
          token: w.otherCoordinator.token,
          query: { studentId: student.id },
        })
      ).body.items,
    ).toEqual([]);
    expect(
      (
        await t.get<Page<Match>>('/api/matches', {
          token: w.otherProvider.token,
          query: { studentId: student.id },
        })
      ).body.items,
    ).toEqual([]);
    expect(
      (await t.get('/api/matches', { token: student.token, query: { status: 'pending' } })).status,
    ).toBe(400);
  });

  it('gives an approved placement as a calendar event, and refuses one not yet approved', async () => {
    const student = await w.student();
    const match = await proposedMatch(
      t,
      w,
      student,
      (await w.placement({ title: 'Calendar ward' })).id,
    );
    expect(
      (await t.get(`/api/matches/${match.id}/calendar.ics`, { token: student.token })).status,
    ).toBe(409);
    await t.post(`/api/matches/${match.id}/approve`, { token: w.coordinator.token });
    const reply = await t.get(`/api/matches/${match.id}/calendar.ics`, { token: student.token });
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toMatch(/^text\/calendar/);
    expect(reply.headers['content-disposition']).toMatch(/attachment; filename=/);
    const text = reply.text.replace(/\r\n /g, '');
    expect(text).toMatch(/BEGIN:VEVENT/);
    expect(text).toMatch(/SUMMARY:Placement: Calendar ward/);
    expect(text).toMatch(/DTSTART;VALUE=DATE:20270201/);
    expect(text).toMatch(/DTEND;VALUE=DATE:20270327/); // the day after the last day, as all-day events end
    expect(
      (await t.get(`/api/matches/${match.id}/calendar.ics`, { token: (await w.student()).token }))
        .status,
    ).toBe(404);
  });

  it('cancelling a placement ends its matches and applications and tells everyone affected', async () => {
    const placement = await w.placement({ title: 'Closing service', capacity: 3 });
    const approvedStudent = await w.student('Had A Place');
    const proposedStudent = await w.student('Had An Offer');
    const applicant = await w.student('Had Applied');
    const approved = await proposedMatch(t, w, approvedStudent, placement.id);
    await t.post(`/api/matches/${approved.id}/approve`, { token: w.coordinator.token });
    const proposed = await proposedMatch(t, w, proposedStudent, placement.id);
    const application = await apply(t, applicant, placement.id);
    const reply = await t.post(`/api/placements/${placement.id}/cancel`, {
      token: w.provider.token,
      body: { reason: 'The service is being recommissioned.' },
    });
    expect(reply.status).toBe(200);
    expect(await statusOf(approved.id)).toBe('cancelled');
    expect(await statusOf(proposed.id)).toBe('rejected');
    expect(
      (
        await t.get<{ status: string }>(`/api/applications/${application.id}`, {
          token: applicant.token,
        })
      ).body.status,
    ).toBe('declined');
    for (const person of [approvedStudent, proposedStudent, applicant]) {
      expect((await notificationsOf(t, person)).items[0]).toEqual(
        expect.objectContaining({
          kind: 'placement.cancelled',
          body: expect.stringContaining('The service is being recommissioned.'),
        }),
      );
    }
    expect((await notificationsOf(t, w.coordinator)).items[0]).toEqual(
      expect.objectContaining({
        kind: 'placement.cancelled',
        title: 'Placement cancelled: Closing service',
      }),
    );
    const [row] = await t.db.query(`SELECT approved_count FROM placement WHERE id = $1`, [
      placement.id,
    ]);
    expect(row.approved_count).toBe(0);
  });

  it('puts new applications on the provider’s home page and offers on the coordinator’s, until decided', async () => {
    const attention = async (token: string) =>
      (
        await t.get<{ items: { code: string; count: number; link: string }[] }>(
          '/api/me/attention',
          { token },
        )
      ).body.items;
    const counted = async (token: string, code: string) =>
      (await attention(token)).find((i) => i.code === code)?.count ?? 0;
    const applications = await counted(w.provider.token, 'applications_to_review');
    const proposals = await counted(w.coordinator.token, 'matches_awaiting_approval');
    const elsewhere = await counted(w.otherCoordinator.token, 'matches_awaiting_approval');
    const application = await apply(t, await w.student(), (await w.placement()).id);
    expect(await counted(w.provider.token, 'applications_to_review')).toBe(applications + 1);
    expect(await counted(w.otherProvider.token, 'applications_to_review')).toBe(0);
    const match = await offer(t, w.provider, application.id);
    expect(await counted(w.provider.token, 'applications_to_review')).toBe(applications);
    expect(await counted(w.coordinator.token, 'matches_awaiting_approval')).toBe(proposals + 1);
    expect(
      (await attention(w.coordinator.token)).find((i) => i.code === 'matches_awaiting_approval')
        ?.link,
    ).toBe('/matches?status=proposed');
    expect(await counted(w.otherCoordinator.token, 'matches_awaiting_approval')).toBe(elsewhere);
    await t.post(`/api/matches/${match.id}/approve`, { token: w.coordinator.token });
    expect(await counted(w.coordinator.token, 'matches_awaiting_approval')).toBe(proposals);
  });

  describe('GET /api/audit', () => {
    it('records every transition with who, when, from, to and why', async () => {
      const student = await w.student();
      const match = await proposedMatch(t, w, student, (await w.placement()).id);
      await t.post(`/api/matches/${match.id}/approve`, { token: w.coordinator.token });
      await t.post(`/api/matches/${match.id}/cancel`, {
        token: w.coordinator.token,
        body: { reason: 'Student withdrew from the course.' },
      });
      const reply = await t.get<Page<AuditEvent>>('/api/audit', {
        token: w.coordinator.token,
        query: { entityType: 'match', entityId: match.id },
      });
      expect(reply.status).toBe(200);
      expect(
        reply.body.items.map((e) => [
          e.action,
          e.actorRole,
          e.before?.status ?? null,
          e.after?.status ?? null,
          e.reason,
        ]),
      ).toEqual([
        [
          'match.cancelled',
          'coordinator',
          'approved',
          'cancelled',
          'Student withdrew from the course.',
        ],
        ['match.approved', 'coordinator', 'proposed', 'approved', null],
        ['match.proposed', 'provider', null, 'proposed', null],
      ]);
      expect(reply.body.items[0]).toEqual(
        expect.objectContaining({
          actorId: expect.any(String),
          actorName: 'Priya Raman',
          occurredAt: expect.any(String),
          entityId: match.id,
        }),
      );
    });

    it('shows a coordinator only their university’s records, admins everything, and nobody else anything', async () => {
      const match = await proposedMatch(
        t,
        w,
        await w.student('Audited', {}, w.northdale),
        (await w.placement()).id,
      );
      const query = { entityType: 'match', entityId: match.id };
      expect(
        (await t.get<Page<AuditEvent>>('/api/audit', { token: w.otherCoordinator.token, query }))
          .body.items,
      ).toEqual([]);
      expect(
        (await t.get<Page<AuditEvent>>('/api/audit', { token: w.admin, query })).body.items,
      ).toHaveLength(1);
      expect((await t.get('/api/audit', { token: w.provider.token, query })).status).toBe(403);
      expect((await t.get('/api/audit', { token: (await w.student()).token, query })).status).toBe(
        403,
      );
      expect(
        (await t.get('/api/audit', { token: w.admin, query: { entityId: 'nope' } })).status,
      ).toBe(400);
    });

    it('pages newest first with a cursor', async () => {
      const first = await t.get<Page<AuditEvent>>('/api/audit', {
        token: w.admin,
        query: { limit: '2' },
      });
      expect(first.body.items).toHaveLength(2);
      const second = await t.get<Page<AuditEvent>>('/api/audit', {
        token: w.admin,
        query: { limit: '2', cursor: first.body.nextCursor as string },
      });
      expect(second.body.items).toHaveLength(2);
      const ids = [...first.body.items, ...second.body.items].map((e) => Number(e.id));
      expect(ids).toEqual([...ids].sort((a, b) => b - a));
      expect(new Set(ids).size).toBe(4);
    });
  });
});
