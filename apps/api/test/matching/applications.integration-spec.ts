import type { Application, Match, Page } from '@ahp/contracts';
import { placementBody } from '../placements/support';
import { TestApp } from '../support/test-app';
import { apply, createWorld, notificationsOf, offer, type Person, type World } from './support';

describe('applications: applying, ranking, withdrawing, offers and declines', () => {
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    t = await TestApp.start({ MAX_LIVE_APPLICATIONS: '3' });
    w = await createWorld(t);
  });
  afterAll(() => t.close());

  const liveCount = async (studentId: string) =>
    Number(
      (
        await t.db.query(
          `SELECT count(*) FROM application WHERE student_id = $1 AND status IN ('submitted', 'offered')`,
          [studentId],
        )
      )[0].count,
    );

  describe('POST /api/applications', () => {
    it('answers 201 with the contract fields, ranking a first application 1 and later ones after it', async () => {
      const student = await w.student();
      const first = await w.placement();
      const second = await w.placement({ title: 'Second choice' });
      const reply = await t.post<Application>('/api/applications', {
        token: student.token,
        body: {
          placementId: first.id,
          statement: '  I have worked as a support worker on an acute ward.  ',
        },
      });
      expect(reply.status).toBe(201);
      expect(reply.body).toEqual(
        expect.objectContaining({
          id: expect.any(String),
          status: 'submitted',
          placementId: first.id,
          studentId: student.id,
          rank: 1,
          statement: 'I have worked as a support worker on an acute ward.',
          shareAdjustments: false,
          providerRank: null,
          declineReason: null,
          match: null,
        }),
      );
      expect(reply.body.placement).toEqual(
        expect.objectContaining({
          id: first.id,
          providerName: 'Northdale Mental Health Trust',
          startDate: '2027-02-01',
        }),
      );
      const next = await apply(t, student, second.id);
      expect(next.rank).toBe(2);
    });

    it('puts an application at the rank asked for and moves the others down', async () => {
      const student = await w.student();
      const [a, b, c] = [await w.placement(), await w.placement(), await w.placement()];
      await apply(t, student, a.id);
      await apply(t, student, b.id);
      const top = await apply(t, student, c.id, { rank: 1 });
      expect(top.rank).toBe(1);
      const mine = await t.get<Page<Application>>('/api/applications', { token: student.token });
      expect(mine.body.items.map((x) => [x.placementId, x.rank])).toEqual([
        [c.id, 1],
        [a.id, 2],
        [b.id, 3],
      ]);
    });

    it('refuses, with a reason a person understands, placements that are not open to the student', async () => {
      const student = await w.student('Year One', { yearOfStudy: 1 });
      const draft = await w.placement({}, false);
      const closed = await w.placement();
      await t.post(`/api/placements/${closed.id}/close`, { token: w.provider.token });
      const physio = await w.placement({ professions: ['physiotherapy'] });
      const yearTwo = await w.placement({ minYearOfStudy: 2 });
      const cases: [string, RegExp][] = [
        [draft.id, /not published yet/],
        [closed.id, /closed and not taking applications/],
        [physio.id, /does not take occupational therapy students/],
        [yearTwo.id, /year 2 or later; you are in year 1/],
      ];
      for (const [placementId, message] of cases) {
        const reply = await t.post('/api/applications', {
          token: student.token,
          body: { placementId },
        });
        expect(reply.status).toBe(409);
        expect(reply.body).toEqual(
          expect.objectContaining({ code: 'conflict', message: expect.stringMatching(message) }),
        );
      }
      expect(await liveCount(student.id)).toBe(0);
    });

    it('refuses a full placement', async () => {
      const [taken, late] = [await w.student('Got There First'), await w.student('Too Late')];
      const placement = await w.placement({ capacity: 1 });
      const application = await apply(t, taken, placement.id);
      const match = await offer(t, w.provider, application.id);
      expect(
        (await t.post(`/api/matches/${match.id}/approve`, { token: w.coordinator.token })).status,
      ).toBe(200);
      const reply = await t.post('/api/applications', {
        token: late.token,
        body: { placementId: placement.id },
      });
      expect(reply.status).toBe(409);
      expect(reply.body).toEqual(expect.objectContaining({ message: 'This placement is full.' }));
    });

    it('refuses a second live application to the same placement, but allows one after withdrawing', async () => {
      const student = await w.student();
      const placement = await w.placement();
      const first = await apply(t, student, placement.id);
      const again = await t.post('/api/applications', {
        token: student.token,
        body: { placementId: placement.id },
      });
      expect(again.status).toBe(409);
      expect(again.body).toEqual(
        expect.objectContaining({ message: 'You have already applied to this placement.' }),
      );
      await t.post(`/api/applications/${first.id}/withdraw`, { token: student.token });
      expect(
        (
          await t.post('/api/applications', {
            token: student.token,
            body: { placementId: placement.id },
          })
        ).status,
      ).toBe(201);
    });

    it('stops at the configured number of live applications', async () => {
      const student = await w.student();
      for (let i = 0; i < 3; i++) await apply(t, student, (await w.placement()).id);
      const fourth = await t.post('/api/applications', {
        token: student.token,
        body: { placementId: (await w.placement()).id },
      });
      expect(fourth.status).toBe(409);
      expect(fourth.body).toEqual(
        expect.objectContaining({ message: expect.stringMatching(/at most 3 applications/) }),
      );
      expect(await liveCount(student.id)).toBe(3);
    });

    it('answers 400 for bad input, 403 for anyone but a student, and loses nothing', async () => {
      const student = await w.student();
      const placement = await w.placement();
      const bad: [object, string][] = [
        [{}, 'placementId'],
        [{ placementId: 'not-a-uuid' }, 'placementId'],
        [{ placementId: '00000000-0000-4000-8000-000000000000' }, 'placementId'],
        [{ placementId: placement.id, rank: 0 }, 'rank'],
        [{ placementId: placement.id, statement: 'x'.repeat(3001) }, 'statement'],
        [{ placementId: placement.id, shareAdjustments: 'yes' }, 'shareAdjustments'],
        [{ placementId: placement.id, status: 'offered' }, 'status'],
      ];
      for (const [body, field] of bad) {
        const reply = await t.post<{ details: { field: string }[] }>('/api/applications', {
          token: student.token,
          body,
        });
        expect(reply.status).toBe(400);
        expect(reply.body.details.map((d) => d.field)).toContain(field);
      }
      const asProvider = await t.post('/api/applications', {
        token: w.provider.token,
        body: { placementId: placement.id },
      });
      expect(asProvider.status).toBe(403);
      expect(
        (await t.post('/api/applications', { body: { placementId: placement.id } })).status,
      ).toBe(401);
      expect(await liveCount(student.id)).toBe(0);
    });
  });

  describe('GET /api/applications', () => {
    let student: Person;
    let southbankStudent: Person;
    let placementId: string;
    let charityPlacementId: string;

    beforeAll(async () => {
      student = await w.student('Visible Student');
      southbankStudent = await w.student('Southbank Student', {}, w.southbank);
      placementId = (await w.placement({ title: 'Visibility ward' })).id;
      const charityPlacement = await t.post<{ id: string }>('/api/placements', {
        token: w.otherProvider.token,
        body: placementBody({ title: 'Charity placement' }),
      });
      charityPlacementId = charityPlacement.body.id;
      await t.post(`/api/placements/${charityPlacementId}/publish`, {
        token: w.otherProvider.token,
      });
      await apply(t, student, placementId);
      await apply(t, student, charityPlacementId);
      await apply(t, southbankStudent, placementId);
    });

    const idsSeenBy = async (person: Person, query: Record<string, string> = {}) =>
      (
        await t.get<Page<Application>>('/api/applications', {
          token: person.token,
          query: { limit: '100', ...query },
        })
      ).body.items.map((a) => `${a.student.name} → ${a.placement.title}`);

    it('shows a student only their own, a provider only those to its placements, a coordinator only their students’', async () => {
      expect(await idsSeenBy(student)).toEqual([
        'Visible Student → Visibility ward',
        'Visible Student → Charity placement',
      ]);
      expect(await idsSeenBy(w.provider, { placementId })).toEqual([
        'Visible Student → Visibility ward',
        'Southbank Student → Visibility ward',
      ]);
      expect(await idsSeenBy(w.otherProvider)).toEqual(['Visible Student → Charity placement']);
      const coordinatorSees = await idsSeenBy(w.coordinator);
      expect(coordinatorSees).toEqual(
        expect.arrayContaining([
          'Visible Student → Visibility ward',
          'Visible Student → Charity placement',
        ]),
      );
      expect(coordinatorSees.some((x) => x.startsWith('Southbank'))).toBe(false);
      expect(await idsSeenBy(w.otherCoordinator)).toEqual(['Southbank Student → Visibility ward']);
    });

    it('filters by placement and status, and pages with a cursor', async () => {
      expect(await idsSeenBy(w.coordinator, { placementId: charityPlacementId })).toEqual([
        'Visible Student → Charity placement',
      ]);
      expect(await idsSeenBy(student, { status: 'withdrawn' })).toEqual([]);
      const first = await t.get<Page<Application>>('/api/applications', {
        token: student.token,
        query: { limit: '1' },
      });
      expect(first.body.items).toHaveLength(1);
      const second = await t.get<Page<Application>>('/api/applications', {
        token: student.token,
        query: { limit: '1', cursor: first.body.nextCursor as string },
      });
      expect(second.body.items.map((a) => a.placementId)).toEqual([charityPlacementId]);
      expect(second.body.nextCursor).toBeNull();
      const bad = await t.get('/api/applications', {
        token: student.token,
        query: { status: 'approved' },
      });
      expect(bad.status).toBe(400);
    });

    it('answers 404 for an application the caller may not see', async () => {
      const theirs = (
        await t.get<Page<Application>>('/api/applications', { token: southbankStudent.token })
      ).body.items[0];
      expect(
        (await t.get(`/api/applications/${theirs.id}`, { token: southbankStudent.token })).status,
      ).toBe(200);
      for (const outsider of [student, w.otherProvider, w.coordinator]) {
        expect(
          (await t.get(`/api/applications/${theirs.id}`, { token: outsider.token })).status,
        ).toBe(404);
      }
    });
  });

  it('keeps reasonable adjustments and home postcodes from providers unless the student shares them', async () => {
    const student = await w.student('Private Person');
    const update = await t.patch<{ studentProfile: { reasonableAdjustments: string } }>('/api/me', {
      token: student.token,
      body: { studentProfile: { reasonableAdjustments: 'Needs a quiet room for handover notes.' } },
    });
    expect(update.status).toBe(200);
    expect(update.body.studentProfile.reasonableAdjustments).toBe(
      'Needs a quiet room for handover notes.',
    );
    const kept = await apply(t, student, (await w.placement()).id);
    const shared = await apply(t, student, (await w.placement()).id, { shareAdjustments: true });
    const asProvider = async (id: string) =>
      (await t.get<Application>(`/api/applications/${id}`, { token: w.provider.token })).body
        .student;
    expect(await asProvider(kept.id)).not.toHaveProperty('reasonableAdjustments');
    expect((await asProvider(kept.id)).homePostcode).toBeNull();
    expect((await asProvider(shared.id)).reasonableAdjustments).toBe(
      'Needs a quiet room for handover notes.',
    );
    const asCoordinator = (
      await t.get<Application>(`/api/applications/${kept.id}`, { token: w.coordinator.token })
    ).body.student;
    expect(asCoordinator).toEqual(
      expect.objectContaining({
        reasonableAdjustments: 'Needs a quiet room for handover notes.',
        homePostcode: 'LS6 2AB',
      }),
    );
  });

  describe('PUT /api/applications/ranking and withdrawing', () => {
    it('reorders every live application and closes the gap a withdrawal leaves', async () => {
      const student = await w.student();
      const apps: Application[] = [];
      for (let i = 0; i < 3; i++) apps.push(await apply(t, student, (await w.placement()).id));
      const order = [apps[2].id, apps[0].id, apps[1].id];
      const reply = await t.put<Page<Application>>('/api/applications/ranking', {
        token: student.token,
        body: { applicationIds: order },
      });
      expect(reply.status).toBe(200);
      expect(reply.body.items.map((a) => [a.id, a.rank])).toEqual([
        [apps[2].id, 1],
        [apps[0].id, 2],
        [apps[1].id, 3],
      ]);
      const withdrawn = await t.post<Application>(`/api/applications/${apps[2].id}/withdraw`, {
        token: student.token,
      });
      expect(withdrawn.status).toBe(200);
      expect(withdrawn.body.status).toBe('withdrawn');
      const live = await t.get<Page<Application>>('/api/applications', {
        token: student.token,
        query: { status: 'submitted' },
      });
      expect(live.body.items.map((a) => [a.id, a.rank])).toEqual([
        [apps[0].id, 1],
        [apps[1].id, 2],
      ]);
      const again = await t.post(`/api/applications/${apps[2].id}/withdraw`, {
        token: student.token,
      });
      expect(again.status).toBe(409);
      expect(again.body).toEqual(
        expect.objectContaining({ message: 'This application is already withdrawn.' }),
      );
    });

    it('refuses an order that leaves out, repeats or invents an application', async () => {
      const student = await w.student();
      const a = await apply(t, student, (await w.placement()).id);
      const b = await apply(t, student, (await w.placement()).id);
      for (const applicationIds of [
        [a.id],
        [a.id, a.id],
        [a.id, b.id, '00000000-0000-4000-8000-000000000000'],
        'nope',
      ]) {
        const reply = await t.put('/api/applications/ranking', {
          token: student.token,
          body: { applicationIds },
        });
        expect(reply.status).toBe(400);
      }
      const unchanged = await t.get<Page<Application>>('/api/applications', {
        token: student.token,
      });
      expect(unchanged.body.items.map((x) => x.id)).toEqual([a.id, b.id]);
    });

    it('lets only the student withdraw their application', async () => {
      const student = await w.student();
      const application = await apply(t, student, (await w.placement()).id);
      const someoneElse = await w.student();
      expect(
        (await t.post(`/api/applications/${application.id}/withdraw`, { token: someoneElse.token }))
          .status,
      ).toBe(404);
      expect(
        (await t.post(`/api/applications/${application.id}/withdraw`, { token: w.provider.token }))
          .status,
      ).toBe(403);
    });

    it('withdraws an offer that is waiting for approval along with the application', async () => {
      const student = await w.student();
      const application = await apply(t, student, (await w.placement()).id);
      const match = await offer(t, w.provider, application.id);
      const reply = await t.post<Application>(`/api/applications/${application.id}/withdraw`, {
        token: student.token,
      });
      expect(reply.status).toBe(200);
      const after = await t.get<Match>(`/api/matches/${match.id}`, { token: w.coordinator.token });
      expect(after.body).toEqual(
        expect.objectContaining({
          status: 'rejected',
          reason: 'The student withdrew their application.',
        }),
      );
    });

    it('refuses to withdraw once the placement is approved: the coordinator cancels it instead', async () => {
      const student = await w.student();
      const application = await apply(t, student, (await w.placement()).id);
      const match = await offer(t, w.provider, application.id);
      await t.post(`/api/matches/${match.id}/approve`, { token: w.coordinator.token });
      const reply = await t.post(`/api/applications/${application.id}/withdraw`, {
        token: student.token,
      });
      expect(reply.status).toBe(409);
      expect(reply.body).toEqual(
        expect.objectContaining({
          message: expect.stringMatching(/ask your placement coordinator to cancel/),
        }),
      );
      const offered = await t.get<Application>(`/api/applications/${application.id}`, {
        token: student.token,
      });
      expect(offered.body.status).toBe('offered');
      expect(offered.body.match).toEqual({ id: match.id, status: 'approved' });
    });
  });

  describe('offers and declines', () => {
    it('offers a place: 201 with a proposed match from an offer, and the application marked offered', async () => {
      const student = await w.student();
      const placement = await w.placement();
      const application = await apply(t, student, placement.id);
      const reply = await t.post<Match>(`/api/applications/${application.id}/offer`, {
        token: w.provider.token,
      });
      expect(reply.status).toBe(201);
      expect(reply.body).toEqual(
        expect.objectContaining({
          id: expect.any(String),
          status: 'proposed',
          source: 'offer',
          studentId: student.id,
          placementId: placement.id,
          applicationId: application.id,
          startDate: '2027-02-01',
          endDate: '2027-03-26',
          distanceKm: null,
        }),
      );
      const offered = await t.get<Application>(`/api/applications/${application.id}`, {
        token: student.token,
      });
      expect(offered.body.status).toBe('offered');
      expect(offered.body.match).toEqual({ id: reply.body.id, status: 'proposed' });
      const coordinatorView = await t.get<Match>(`/api/matches/${reply.body.id}`, {
        token: w.coordinator.token,
      });
      // The LS6 and LS7 district centres are 2.03 km apart (53.82009,-1.57087 to 53.82071,-1.53989).
      expect(coordinatorView.body.distanceKm).toBe(2);

      const twice = await t.post(`/api/applications/${application.id}/offer`, {
        token: w.provider.token,
      });
      expect(twice.status).toBe(409);
      expect(twice.body).toEqual(
        expect.objectContaining({ message: expect.stringMatching(/this one is offered/) }),
      );
    });

    it('lets only the placement’s own provider offer or decline', async () => {
      const student = await w.student();
      const application = await apply(t, student, (await w.placement()).id);
      for (const action of ['offer', 'decline']) {
        expect(
          (
            await t.post(`/api/applications/${application.id}/${action}`, {
              token: w.otherProvider.token,
              body: {},
            })
          ).status,
        ).toBe(404);
        expect(
          (
            await t.post(`/api/applications/${application.id}/${action}`, {
              token: w.coordinator.token,
              body: {},
            })
          ).status,
        ).toBe(403);
      }
      expect(
        (await t.get<Application>(`/api/applications/${application.id}`, { token: student.token }))
          .body.status,
      ).toBe('submitted');
    });

    it('declines with a reason the student is told, and refuses to decline or offer twice', async () => {
      const student = await w.student();
      const application = await apply(
        t,
        student,
        (await w.placement({ title: 'Forensic ward' })).id,
      );
      const reply = await t.post<Application>(`/api/applications/${application.id}/decline`, {
        token: w.provider.token,
        body: { reason: 'We need students with a forensic module.' },
      });
      expect(reply.status).toBe(200);
      expect(reply.body).toEqual(
        expect.objectContaining({
          status: 'declined',
          declineReason: 'We need students with a forensic module.',
        }),
      );
      expect(
        (
          await t.post(`/api/applications/${application.id}/decline`, {
            token: w.provider.token,
            body: {},
          })
        ).status,
      ).toBe(409);
      expect(
        (await t.post(`/api/applications/${application.id}/offer`, { token: w.provider.token }))
          .status,
      ).toBe(409);
      const told = await notificationsOf(t, student);
      expect(told.items).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            kind: 'application.declined',
            body: expect.stringContaining('We need students with a forensic module.'),
          }),
        ]),
      );
    });

    it('ranks applicants for allocation rounds, visible to the provider and not to students', async () => {
      const placement = await w.placement();
      const [a, b, c] = [await w.student('A'), await w.student('B'), await w.student('C')];
      const apps = [
        await apply(t, a, placement.id),
        await apply(t, b, placement.id),
        await apply(t, c, placement.id),
      ];
      const reply = await t.put(`/api/placements/${placement.id}/ranking`, {
        token: w.provider.token,
        body: { studentIds: [c.id, a.id] },
      });
      expect(reply.status).toBe(200);
      expect(reply.body).toEqual({ placementId: placement.id, studentIds: [c.id, a.id] });
      const seen = await t.get<Page<Application>>('/api/applications', {
        token: w.provider.token,
        query: { placementId: placement.id },
      });
      expect(Object.fromEntries(seen.body.items.map((x) => [x.studentId, x.providerRank]))).toEqual(
        { [c.id]: 1, [a.id]: 2, [b.id]: null },
      );
      expect(
        (await t.get<Application>(`/api/applications/${apps[2].id}`, { token: c.token })).body
          .providerRank,
      ).toBeNull();

      const stranger = await w.student('Stranger');
      const refused = await t.put(`/api/placements/${placement.id}/ranking`, {
        token: w.provider.token,
        body: { studentIds: [stranger.id] },
      });
      expect(refused.status).toBe(400);
      expect(
        (
          await t.put(`/api/placements/${placement.id}/ranking`, {
            token: w.provider.token,
            body: { studentIds: [a.id, a.id] },
          })
        ).status,
      ).toBe(400);
      expect(
        (
          await t.put(`/api/placements/${placement.id}/ranking`, {
            token: w.otherProvider.token,
            body: { studentIds: [a.id] },
          })
        ).status,
      ).toBe(404);
      expect(
        (
          await t.put(`/api/placements/${placement.id}/ranking`, {
            token: a.token,
            body: { studentIds: [a.id] },
          })
        ).status,
      ).toBe(403);
    });

    it('tells the provider about a new application and the student about an offer, in the app and by e-mail', async () => {
      const student = await w.student('Notified Student');
      const placement = await w.placement({ title: 'Community learning disability team' });
      const before = (await notificationsOf(t, w.provider)).unread;
      const application = await apply(t, student, placement.id);
      const providerSees = await notificationsOf(t, w.provider);
      expect(providerSees.unread).toBe(before + 1);
      expect(providerSees.items[0]).toEqual(
        expect.objectContaining({
          kind: 'application.submitted',
          title: 'New application for Community learning disability team',
          link: `/placements/${placement.id}/applications`,
          read: false,
        }),
      );
      await offer(t, w.provider, application.id);
      const studentSees = await notificationsOf(t, student);
      expect(studentSees.items[0]).toEqual(
        expect.objectContaining({
          kind: 'match.proposed',
          title: expect.stringMatching(/offered a place/),
        }),
      );
      const mail = await t.waitForMail(student.email);
      expect(mail).toMatch(/offered a place/);

      const read = await t.post<{ unread: number }>('/api/notifications/read', {
        token: student.token,
        body: {},
      });
      expect(read.status).toBe(200);
      expect(read.body.unread).toBe(0);
      expect((await notificationsOf(t, student)).items.every((n) => n.read)).toBe(true);
    });
  });
});
