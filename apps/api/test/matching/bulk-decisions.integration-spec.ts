import type { AuditEvent, BulkResult, Match, Page, Placement } from '@ahp/contracts';
import { MatchesService } from '../../src/matches/matches.service';
import { TestApp } from '../support/test-app';
import { apply, createWorld, notificationsOf, offer, proposedMatch, type World } from './support';

/**
 * Bulk approval and rejection decide a slice of matches together in one transaction (a round's
 * "Approve all" is thousands). These check that the answers and effects are those of deciding
 * each match on its own, in the order given, across slices, and when another request gets in
 * between a slice's checks and its writes.
 */
describe('matches: deciding many at once', () => {
  let t: TestApp;
  let w: World;
  let service: MatchesService;

  beforeAll(async () => {
    t = await TestApp.start();
    w = await createWorld(t);
    service = t.app.get(MatchesService);
  });
  afterEach(() => {
    service.bulkChunk = 500;
  });
  afterAll(() => t.close());

  const remaining = async (placementId: string) =>
    (await t.get<Placement>(`/api/placements/${placementId}`, { token: w.provider.token })).body
      .remainingCapacity;
  const statusOf = async (matchId: string) =>
    (await t.get<Match>(`/api/matches/${matchId}`, { token: w.coordinator.token })).body.status;
  const approveMany = (matchIds: string[]) =>
    t.post<BulkResult>('/api/matches/approve', {
      token: w.coordinator.token,
      body: { matchIds },
    });
  const full = (title: string) => `${title} is full: every seat has an approved student.`;
  const clash = (name: string) =>
    `${name} already has an approved placement on some of these dates.`;

  it('approves as one at a time would, in the order given and across slices: seats, dates, visibility, status', async () => {
    service.bulkChunk = 3;
    const ward = await w.placement({ title: 'Ward A', capacity: 2 });
    const community = await w.placement({ title: 'Community B', capacity: 2 });
    const spring = await w.placement({
      title: 'Spring C',
      startDate: '2027-04-05',
      endDate: '2027-05-28',
    });
    const springToo = await w.placement({
      title: 'Spring D',
      startDate: '2027-05-03',
      endDate: '2027-06-25',
    });
    const earlier = await w.placement({ title: 'Earlier E' });
    const [ada, ben, cal, dee, eve] = await Promise.all(
      ['Ada Bulk', 'Ben Bulk', 'Cal Bulk', 'Dee Bulk', 'Eve Bulk'].map((name) => w.student(name)),
    );
    const adaWard = await proposedMatch(t, w, ada, ward.id);
    const benWard = await proposedMatch(t, w, ben, ward.id);
    const calWard = await proposedMatch(t, w, cal, ward.id);
    const adaCommunity = await proposedMatch(t, w, ada, community.id);
    const deeSpring = await proposedMatch(t, w, dee, spring.id);
    const deeSpringToo = await proposedMatch(t, w, dee, springToo.id);
    const eveEarlier = await proposedMatch(t, w, eve, earlier.id);
    const eveCommunity = await proposedMatch(t, w, eve, community.id);
    const elsewhere = await proposedMatch(
      t,
      w,
      await w.student('Far Bulk', {}, w.southbank),
      spring.id,
    );
    expect(
      (await t.post(`/api/matches/${eveEarlier.id}/approve`, { token: w.coordinator.token }))
        .status,
    ).toBe(200);

    const order = [
      adaWard, // slice 1: a seat
      benWard, // the last seat
      calWard, // full
      deeSpring, // slice 2
      deeSpringToo, // overlaps Dee's spring placement, approved just before in this slice
      adaCommunity, // overlaps Ada's ward placement, approved in slice 1
      eveCommunity, // slice 3: overlaps Eve's approved placement
      eveEarlier, // already approved
      elsewhere, // another university's student: not this coordinator's to see
    ].map((match) => match.id);
    const reply = await approveMany(order);

    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({
      succeeded: [adaWard.id, benWard.id, deeSpring.id],
      failed: [
        { matchId: calWard.id, statusCode: 409, message: full('Ward A') },
        { matchId: deeSpringToo.id, statusCode: 409, message: clash('Dee Bulk') },
        { matchId: adaCommunity.id, statusCode: 409, message: clash('Ada Bulk') },
        { matchId: eveCommunity.id, statusCode: 409, message: clash('Eve Bulk') },
        {
          matchId: eveEarlier.id,
          statusCode: 409,
          message: 'This match is approved; only a proposed match can be approved.',
        },
        { matchId: elsewhere.id, statusCode: 404, message: expect.any(String) },
      ],
    });
    expect(await remaining(ward.id)).toBe(0);
    expect(await remaining(community.id)).toBe(2);
    expect(await remaining(spring.id)).toBe(1);
    expect(await remaining(springToo.id)).toBe(2);
    for (const match of [calWard, deeSpringToo, adaCommunity, eveCommunity]) {
      expect(await statusOf(match.id)).toBe('proposed');
    }
    for (const match of [adaWard, benWard, deeSpring]) {
      expect(await statusOf(match.id)).toBe('approved');
    }

    // Audited and announced as a single approval is.
    const audit = await t.get<Page<AuditEvent>>('/api/audit', {
      token: w.admin,
      query: { entityType: 'match', entityId: deeSpring.id },
    });
    expect(audit.body.items[0]).toEqual(
      expect.objectContaining({
        action: 'match.approved',
        actorId: w.coordinator.id,
        before: { status: 'proposed' },
        after: { status: 'approved' },
      }),
    );
    expect((await notificationsOf(t, dee)).items[0]).toEqual(
      expect.objectContaining({
        kind: 'match.approved',
        title: 'Placement approved: Spring C',
        body: "Dee Bulk's placement on Spring C (2027-04-05 to 2027-05-28) has been approved.",
        link: '/my-placements',
      }),
    );
    // The provider hears of Ada's and Ben's seats, taken in one slice, in one message (and one
    // e-mail), and of Dee's, alone in its slice, as of a single approval.
    const provider = (await notificationsOf(t, w.provider)).items.filter(
      (n) => n.kind === 'match.approved',
    );
    const dates = `(${ward.startDate} to ${ward.endDate})`;
    expect(provider).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          title: '2 placements approved',
          body: `Ada Bulk on Ward A ${dates}; Ben Bulk on Ward A ${dates}.`,
          link: '/matches?status=approved',
        }),
        expect.objectContaining({
          title: 'Placement approved: Spring C',
          link: `/matches/${deeSpring.id}`,
        }),
      ]),
    );
    expect(provider.filter((n) => /Ada Bulk|Ben Bulk/.test(n.body))).toHaveLength(1);
    await t.waitForMail(dee.email, 10_000, 'Placement approved: Spring C');
    await t.waitForMail(w.provider.email, 10_000, '2 placements approved');
  });

  it('rejects several together: applications declined, students told, and audited', async () => {
    const placement = await w.placement({ title: 'Rejected F' });
    const [fay, gus] = await Promise.all([w.student('Fay Bulk'), w.student('Gus Bulk')]);
    const fayApplication = await apply(t, fay, placement.id);
    const fayMatch = await offer(t, w.provider, fayApplication.id);
    const gusMatch = await proposedMatch(t, w, gus, placement.id);

    const reply = await t.post<BulkResult>('/api/matches/reject', {
      token: w.coordinator.token,
      body: { matchIds: [fayMatch.id, gusMatch.id] },
    });

    expect(reply.body).toEqual({ succeeded: [fayMatch.id, gusMatch.id], failed: [] });
    const application = await t.get<{ status: string; declineReason: string }>(
      `/api/applications/${fayApplication.id}`,
      { token: fay.token },
    );
    expect(application.body).toEqual(
      expect.objectContaining({
        status: 'declined',
        declineReason: 'The proposed match was not approved.',
      }),
    );
    expect((await notificationsOf(t, gus)).items[0]).toEqual(
      expect.objectContaining({
        kind: 'match.rejected',
        title: 'Placement not approved: Rejected F',
        link: '/applications',
      }),
    );
    const audit = await t.get<Page<AuditEvent>>('/api/audit', {
      token: w.admin,
      query: { entityType: 'match', entityId: gusMatch.id },
    });
    expect(audit.body.items[0]).toEqual(
      expect.objectContaining({ action: 'match.rejected', after: { status: 'rejected' } }),
    );
    expect(await remaining(placement.id)).toBe(2);
  });

  it('decides a slice one at a time when another request approves a clashing placement meanwhile', async () => {
    const first = await w.placement({ title: 'Race G' });
    const second = await w.placement({ title: 'Race H' });
    const hal = await w.student('Hal Bulk');
    const halFirst = await proposedMatch(t, w, hal, first.id);
    const halSecond = await proposedMatch(t, w, hal, second.id);
    const ivy = await proposedMatch(t, w, await w.student('Ivy Bulk'), first.id);

    // Another request has approved Hal's other placement and not yet committed: the slice's
    // checks cannot see it, and its write waits for it, then clashes.
    const other = t.db.createQueryRunner();
    await other.connect();
    await other.startTransaction();
    let reply: Awaited<ReturnType<typeof approveMany>>;
    try {
      await other.query(`UPDATE placement_match SET status = 'approved' WHERE id = $1`, [
        halSecond.id,
      ]);
      const pending = approveMany([halFirst.id, ivy.id]);
      await waitForLockWait(t);
      await other.commitTransaction();
      reply = await pending;
    } finally {
      if (other.isTransactionActive) await other.rollbackTransaction();
      await other.release();
    }

    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({
      succeeded: [ivy.id],
      failed: [{ matchId: halFirst.id, statusCode: 409, message: clash('Hal Bulk') }],
    });
    expect(await remaining(first.id)).toBe(1);
    expect(await statusOf(halFirst.id)).toBe('proposed');
  });
});

/** Waits until some statement of the app is waiting for a lock held by another transaction. */
async function waitForLockWait(t: TestApp): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const [{ waiting }] = await t.db.query(
      `SELECT count(*)::int AS waiting FROM pg_stat_activity
        WHERE datname = current_database() AND wait_event_type = 'Lock'
          AND query LIKE 'UPDATE placement_match SET status%'`,
    );
    if (waiting > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('The bulk approval never waited for the other transaction');
}
