import type {
  AllocationRound,
  AllocationRoundProgress,
  MyAllocationResult,
  PolicyComparison,
  RoundApprovalResult,
} from '@ahp/contracts';
import { TestApp } from '../support/test-app';
import { apply, createWorld, type Person, type World } from '../matching/support';

/**
 * Allocation rounds against the real database: the contract's shapes, who may do what, that a
 * run is reproducible and replaces its own proposals, that approval goes through the
 * capacity-safe path, and that rounds of two universities over the same seats never over-fill.
 * Each test uses its own months of 2028–2031, so rounds only see that test's placements.
 */
describe('allocation rounds', () => {
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    t = await TestApp.start();
    w = await createWorld(t);
  });
  afterAll(() => t.close());

  /** A published placement of the trust's with no requirements, starting on `start`. */
  const placement = (start: string, capacity: number, title = `Placement from ${start}`) =>
    w.placement({
      title,
      startDate: start,
      endDate: start.replace(/-\d\d$/, '-28'),
      applicationDeadline: null,
      requirements: [],
      capacity,
    });

  const create = (token: string, body: Record<string, unknown>) =>
    t.post<AllocationRound>('/api/allocation-rounds', { token, body });
  const run = (
    token: string,
    id: string,
    body: object = {},
    headers: Record<string, string> = {},
  ) => t.post<AllocationRound>(`/api/allocation-rounds/${id}/run`, { token, body, headers });

  async function studentsApplying(
    n: number,
    name: string,
    placementIds: string[],
    university?: string,
  ) {
    const students: Person[] = [];
    for (let i = 0; i < n; i++) {
      const student = await w.student(`${name} ${i + 1}`, {}, university);
      for (const placementId of placementIds) await apply(t, student, placementId);
      students.push(student);
    }
    return students;
  }

  it('creates a draft round for the coordinator’s own university; refuses bad windows and other people', async () => {
    const created = await create(w.coordinator.token, {
      name: 'Spring 2028',
      startFrom: '2028-01-01',
      startTo: '2028-06-30',
      professions: ['occupational_therapy'],
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual(
      expect.objectContaining({
        id: expect.any(String),
        status: 'draft',
        universityIds: [w.northdale],
        professions: ['occupational_therapy'],
        seed: null,
        proposals: [],
      }),
    );
    const backwards = await create(w.coordinator.token, {
      name: 'Backwards',
      startFrom: '2028-06-30',
      startTo: '2028-01-01',
    });
    expect(backwards.status).toBe(400);
    expect(backwards.body).toEqual(
      expect.objectContaining({ details: [{ field: 'startTo', message: expect.any(String) }] }),
    );
    const missing = await create(w.coordinator.token, { startFrom: '2028-01-01' });
    expect(missing.status).toBe(400);
    const others = await create(w.coordinator.token, {
      name: 'Not mine to choose',
      startFrom: '2028-01-01',
      startTo: '2028-02-01',
      universityIds: [w.southbank],
    });
    expect(others.status).toBe(400);
    expect(
      (
        await create(w.provider.token, {
          name: 'x',
          startFrom: '2028-01-01',
          startTo: '2028-02-01',
        })
      ).status,
    ).toBe(403);

    const id = created.body.id;
    expect(
      (await t.get(`/api/allocation-rounds/${id}`, { token: w.otherCoordinator.token })).status,
    ).toBe(404);
    expect((await run(w.otherCoordinator.token, id)).status).toBe(404);
    const list = await t.get<{ items: { id: string }[] }>('/api/allocation-rounds', {
      token: w.coordinator.token,
    });
    expect(list.body.items.map((r) => r.id)).toContain(id);
    const theirs = await t.get<{ items: { id: string }[] }>('/api/allocation-rounds', {
      token: w.otherCoordinator.token,
    });
    expect(theirs.body.items.map((r) => r.id)).not.toContain(id);
  });

  it('runs: proposals as allocation matches, every student accounted for, the seed and fingerprint recorded', async () => {
    const first = await placement('2028-03-06', 1, 'Acute ward');
    const second = await placement('2028-03-13', 1, 'Community team');
    const outside = await placement('2028-09-04', 5, 'Outside the window');
    // Both want the acute ward first; the provider ranks Bea above Ali.
    const [ali, bea] = await studentsApplying(2, 'Round One', [first.id, second.id, outside.id]);
    const ranked = await t.put(`/api/placements/${first.id}/ranking`, {
      token: w.provider.token,
      body: { studentIds: [bea.id, ali.id] },
    });
    expect(ranked.status).toBe(200);
    const idle = await w.student('Round One Idle');

    const round = await create(w.coordinator.token, {
      name: 'March 2028',
      startFrom: '2028-03-01',
      startTo: '2028-03-31',
      seed: 'march-2028',
    });
    const reply = await run(w.coordinator.token, round.body.id);
    expect(reply.status).toBe(200);
    const result = reply.body;
    expect(result).toEqual(
      expect.objectContaining({
        id: round.body.id,
        status: 'proposed',
        seed: 'march-2028',
        policy: 'stable',
        inputsFingerprint: expect.stringMatching(/^[0-9a-f]{64}$/),
      }),
    );
    const got = Object.fromEntries(
      result.proposals.map((p) => [p.studentId, [p.placementId, p.rank]]),
    );
    expect(got[bea.id]).toEqual([first.id, 1]);
    expect(got[ali.id]).toEqual([second.id, 2]);
    expect(result.unmatched).toContainEqual(
      expect.objectContaining({ studentId: idle.id, reason: 'no_preferences' }),
    );
    // Every student of the university appears once, matched or not.
    const [{ count }] = await t.db.query(
      `SELECT count(*)::int AS count FROM app_user WHERE role = 'student' AND organisation_id = $1`,
      [w.northdale],
    );
    expect(result.matched).toBe(result.proposals.length);
    expect(result.proposals.length + result.unmatched.length).toBe(count);
    expect(result.rankCounts).toEqual([1, 1]);

    const rows = await t.db.query(
      `SELECT source, status, round_id FROM placement_match WHERE id = ANY ($1::uuid[])`,
      [result.proposals.map((p) => p.matchId)],
    );
    expect(rows).toEqual([
      { source: 'allocation', status: 'proposed', round_id: round.body.id },
      { source: 'allocation', status: 'proposed', round_id: round.body.id },
    ]);
    // The student sees the proposal as an offer awaiting approval.
    const mine = await t.get<{
      items: { placementId: string; match: { status: string } | null }[];
    }>('/api/applications', { token: bea.token });
    expect(mine.body.items.find((a) => a.placementId === first.id)?.match?.status).toBe('proposed');

    // Students see their own result, and why when they were not matched.
    const beaSees = await t.get<MyAllocationResult[]>('/api/allocation-rounds/mine', {
      token: bea.token,
    });
    expect(beaSees.body).toEqual([
      expect.objectContaining({
        roundId: round.body.id,
        roundName: 'March 2028',
        proposal: expect.objectContaining({ placementId: first.id, rank: 1, status: 'proposed' }),
        reason: null,
      }),
    ]);
    const idleSees = await t.get<MyAllocationResult[]>('/api/allocation-rounds/mine', {
      token: idle.token,
    });
    expect(idleSees.body).toEqual([
      expect.objectContaining({ roundId: round.body.id, proposal: null, reason: 'no_preferences' }),
    ]);
    expect((await t.get('/api/allocation-rounds/mine', { token: w.provider.token })).status).toBe(
      403,
    );
    expect(
      (await t.get(`/api/allocation-rounds/${round.body.id}`, { token: bea.token })).status,
    ).toBe(403);

    // Running again with the same seed and data gives the same result, replacing its own proposals.
    const again = await run(w.coordinator.token, round.body.id);
    expect(again.status).toBe(200);
    expect(again.body.inputsFingerprint).toBe(result.inputsFingerprint);
    expect(
      Object.fromEntries(again.body.proposals.map((p) => [p.studentId, [p.placementId, p.rank]])),
    ).toEqual(got);
    expect(again.body.proposals.map((p) => p.matchId)).not.toEqual(
      expect.arrayContaining(result.proposals.map((p) => p.matchId)),
    );
    const [{ live, replaced }] = await t.db.query(
      `SELECT count(*) FILTER (WHERE status = 'proposed')::int AS live,
              count(*) FILTER (WHERE status = 'rejected')::int AS replaced
         FROM placement_match WHERE round_id = $1`,
      [round.body.id],
    );
    expect({ live, replaced }).toEqual({ live: 2, replaced: 2 });
    // Each proposal is linked to the student's application, offered again by the new run; the
    // replaced ones say why; every proposal and replacement has its audit record.
    const linked = await t.db.query(
      `SELECT m.status, m.reason, a.status AS application, a.student_id = m.student_id AS same
         FROM placement_match m JOIN application a ON a.id = m.application_id
        WHERE m.round_id = $1 ORDER BY m.status`,
      [round.body.id],
    );
    const proposedRow = { status: 'proposed', reason: null, application: 'offered', same: true };
    const replacedRow = {
      status: 'rejected',
      reason: 'Replaced when the allocation round was run again.',
      application: 'offered',
      same: true,
    };
    expect(linked).toEqual([proposedRow, proposedRow, replacedRow, replacedRow]);
    const firstIds = result.proposals.map((p) => p.matchId);
    const events = await t.db.query(
      `SELECT action, reason, after->>'rank' AS rank, actor_id
         FROM audit_event WHERE entity_type = 'match' AND entity_id = ANY ($1::uuid[])
        ORDER BY action, after->>'rank'`,
      [[...firstIds, ...again.body.proposals.map((p) => p.matchId)]],
    );
    const proposedEvent = (rank: string) => ({
      action: 'match.proposed',
      reason: null,
      rank,
      actor_id: w.coordinator.id,
    });
    const rejectedEvent = {
      action: 'match.rejected',
      reason: 'replaced by a new run of the allocation round',
      rank: null,
      actor_id: w.coordinator.id,
    };
    expect(events).toEqual([
      proposedEvent('1'),
      proposedEvent('1'),
      proposedEvent('2'),
      proposedEvent('2'),
      rejectedEvent,
      rejectedEvent,
    ]);
    const audit = await t.get<{ items: { action: string }[] }>('/api/audit', {
      token: w.coordinator.token,
      query: { entityType: 'allocation_round', entityId: round.body.id },
    });
    expect(audit.body.items.map((e) => e.action)).toEqual([
      'allocation_round.run',
      'allocation_round.run',
      'allocation_round.created',
    ]);

    // The provider now prefers Ali: a third run swaps them, and the applications it no longer
    // proposes go back to submitted while the new ones are offered.
    await t.put(`/api/placements/${first.id}/ranking`, {
      token: w.provider.token,
      body: { studentIds: [ali.id, bea.id] },
    });
    const swapped = await run(w.coordinator.token, round.body.id);
    expect(
      Object.fromEntries(swapped.body.proposals.map((p) => [p.studentId, p.placementId])),
    ).toEqual({ [ali.id]: first.id, [bea.id]: second.id });
    const applications = await t.db.query(
      `SELECT student_id, placement_id, status FROM application
        WHERE student_id = ANY ($1::uuid[]) AND placement_id = ANY ($2::uuid[])`,
      [
        [ali.id, bea.id],
        [first.id, second.id],
      ],
    );
    const statusOf = (student: Person, placementId: string) =>
      applications.find(
        (a: { student_id: string; placement_id: string }) =>
          a.student_id === student.id && a.placement_id === placementId,
      )?.status;
    expect({
      aliFirst: statusOf(ali, first.id),
      aliSecond: statusOf(ali, second.id),
      beaFirst: statusOf(bea, first.id),
      beaSecond: statusOf(bea, second.id),
    }).toEqual({
      aliFirst: 'offered',
      aliSecond: 'submitted',
      beaFirst: 'submitted',
      beaSecond: 'offered',
    });
  });

  it('approves every still-proposed match of the round through the capacity-safe path, and says which did not fit', async () => {
    const seats = await placement('2028-05-01', 2, 'Two seats');
    const students = await studentsApplying(3, 'Round Two', [seats.id]);
    const round = await create(w.coordinator.token, {
      name: 'May 2028',
      startFrom: '2028-05-01',
      startTo: '2028-05-31',
    });
    const result = (await run(w.coordinator.token, round.body.id)).body;
    expect(result.proposals).toHaveLength(2);
    expect(result.seed).toMatch(/^[0-9a-f]{16}$/);
    const outranked = result.unmatched.filter((u) => students.some((s) => s.id === u.studentId));
    expect(outranked).toEqual([expect.objectContaining({ reason: 'outranked' })]);

    // Meanwhile the provider fills one seat by an offer the coordinator approves.
    const late = await w.student('Round Two Late');
    const application = await apply(t, late, seats.id);
    const offer = await t.post<{ id: string }>(`/api/applications/${application.id}/offer`, {
      token: w.provider.token,
    });
    expect(
      (await t.post(`/api/matches/${offer.body.id}/approve`, { token: w.coordinator.token }))
        .status,
    ).toBe(200);

    const approval = await t.post<RoundApprovalResult>(
      `/api/allocation-rounds/${round.body.id}/approve`,
      { token: w.coordinator.token, body: {} },
    );
    expect(approval.status).toBe(200);
    expect(approval.body.approved).toBe(1);
    expect(approval.body.failed).toEqual([
      expect.objectContaining({ statusCode: 409, message: expect.stringMatching(/full/) }),
    ]);
    const [{ approved_count }] = await t.db.query(
      `SELECT approved_count FROM placement WHERE id = $1`,
      [seats.id],
    );
    expect(approved_count).toBe(2);
    const stranger = await t.post(`/api/allocation-rounds/${round.body.id}/approve`, {
      token: w.coordinator.token,
      body: { matchIds: [offer.body.id] },
    });
    expect(stranger.status).toBe(400);
  });

  it('never over-fills when two universities run rounds over the same placements at once', async () => {
    const shared = await placement('2029-02-05', 2, 'Shared seats');
    const ours = await studentsApplying(3, 'Northdale Racer', [shared.id]);
    const theirs = await studentsApplying(3, 'Southbank Racer', [shared.id], w.southbank);
    const a = await create(w.coordinator.token, {
      name: 'N',
      startFrom: '2029-02-01',
      startTo: '2029-02-28',
    });
    const b = await create(w.otherCoordinator.token, {
      name: 'S',
      startFrom: '2029-02-01',
      startTo: '2029-02-28',
    });
    const [ra, rb] = await Promise.all([
      run(w.coordinator.token, a.body.id),
      run(w.otherCoordinator.token, b.body.id),
    ]);
    expect([ra.status, rb.status]).toEqual([200, 200]);
    // The second round to run sees the first's proposals holding the seats.
    expect(ra.body.proposals.length + rb.body.proposals.length).toBe(2);
    expect(ra.body.proposals.every((p) => ours.some((s) => s.id === p.studentId))).toBe(true);
    expect(rb.body.proposals.every((p) => theirs.some((s) => s.id === p.studentId))).toBe(true);
    const approvals = await Promise.all([
      t.post<RoundApprovalResult>(`/api/allocation-rounds/${a.body.id}/approve`, {
        token: w.coordinator.token,
        body: {},
      }),
      t.post<RoundApprovalResult>(`/api/allocation-rounds/${b.body.id}/approve`, {
        token: w.otherCoordinator.token,
        body: {},
      }),
    ]);
    expect(approvals.map((r) => r.status)).toEqual([200, 200]);
    const [{ approved_count, capacity }] = await t.db.query(
      `SELECT approved_count, capacity FROM placement WHERE id = $1`,
      [shared.id],
    );
    expect(approved_count).toBe(2);
    expect(approved_count).toBeLessThanOrEqual(capacity);
  });

  it('lets an admin run one round across universities, and compare the two policies on it', async () => {
    const one = await placement('2030-04-01', 1, 'Admin one');
    const two = await placement('2030-04-08', 1, 'Admin two');
    await studentsApplying(2, 'North Admin', [one.id, two.id]);
    await studentsApplying(1, 'South Admin', [one.id], w.southbank);
    const round = await create(w.admin, {
      name: 'Regional April 2030',
      startFrom: '2030-04-01',
      startTo: '2030-04-30',
      universityIds: [w.northdale, w.southbank],
      seed: 'regional',
    });
    expect(round.status).toBe(201);
    expect(round.body.universityIds).toEqual([w.northdale, w.southbank].sort());
    const compared = await t.get<PolicyComparison>(
      `/api/allocation-rounds/${round.body.id}/comparison`,
      {
        token: w.admin,
      },
    );
    expect(compared.status).toBe(200);
    expect(compared.body.stable.blockingPairs).toBe(0);
    expect(compared.body.welfare.matched).toBeGreaterThanOrEqual(compared.body.stable.matched);
    expect(compared.body.stable.matched).toBe(2);
    // Nothing was saved by comparing.
    expect(
      (await t.get<AllocationRound>(`/api/allocation-rounds/${round.body.id}`, { token: w.admin }))
        .body.status,
    ).toBe('draft');

    const reply = await run(w.admin, round.body.id, { policy: 'welfare' });
    expect(reply.status).toBe(200);
    expect(reply.body.policy).toBe('welfare');
    expect(reply.body.proposals).toHaveLength(2);
    // Coordinators do not see an admin's round.
    expect(
      (await t.get(`/api/allocation-rounds/${round.body.id}`, { token: w.coordinator.token }))
        .status,
    ).toBe(404);
  });

  it('answers 202 at once with Prefer: respond-async, and shows the round running until it is done', async () => {
    await placement('2031-01-06', 1);
    const round = await create(w.coordinator.token, {
      name: 'Async',
      startFrom: '2031-01-01',
      startTo: '2031-01-31',
    });
    const reply = await run(w.coordinator.token, round.body.id, {}, { prefer: 'respond-async' });
    expect(reply.status).toBe(202);
    expect(reply.body.status).toBe('running');
    expect((await run(w.coordinator.token, round.body.id)).status).toBe(409);
    // Followed through …/progress: where it has got, without the outcome.
    const progressOf = (token: string) =>
      t.get<AllocationRoundProgress>(`/api/allocation-rounds/${round.body.id}/progress`, {
        token,
      });
    const phases = new Set<string | null>();
    const deadline = Date.now() + 15_000;
    let progress = (await progressOf(w.coordinator.token)).body;
    while (progress.status === 'running' && Date.now() < deadline) {
      phases.add(progress.phase);
      await new Promise((resolve) => setTimeout(resolve, 100));
      progress = (await progressOf(w.coordinator.token)).body;
    }
    expect(progress).toEqual({ id: round.body.id, status: 'proposed', phase: null, error: null });
    for (const phase of phases)
      expect(['queued', 'loading', 'matching', 'saving']).toContain(phase);
    expect((await progressOf(w.otherCoordinator.token)).status).toBe(404);
  });

  it('counts a student’s compliance, priority and dates already taken', async () => {
    const needsDbs = await w.placement({
      title: 'Needs DBS',
      startDate: '2031-06-02',
      endDate: '2031-06-27',
      applicationDeadline: null,
      requirements: ['enhanced_dbs'],
      capacity: 1,
    });
    const [cleared, waiting] = await studentsApplying(2, 'Compliance', [needsDbs.id]);
    const recorded = await t.patch<{ studentProfile: { compliance: string[] } }>(
      `/api/users/${cleared.id}/allocation-details`,
      { token: w.coordinator.token, body: { compliance: ['occupational_health', 'enhanced_dbs'] } },
    );
    expect(recorded.status).toBe(200);
    expect(recorded.body.studentProfile.compliance).toEqual([
      'enhanced_dbs',
      'occupational_health',
    ]);
    // Only the student's own coordinator (or an admin) records it, and only known codes.
    const byOther = await t.patch(`/api/users/${cleared.id}/allocation-details`, {
      token: w.otherCoordinator.token,
      body: { compliance: [] },
    });
    expect(byOther.status).toBe(404);
    const unknown = await t.patch(`/api/users/${cleared.id}/allocation-details`, {
      token: w.coordinator.token,
      body: { compliance: ['flying_licence'] },
    });
    expect(unknown.status).toBe(400);
    // One seat: the provider ranks First above the student with priority, but priority comes first.
    const open = await placement('2031-06-09', 1, 'Open June');
    const [first, priority] = await studentsApplying(2, 'Priority', [open.id]);
    const prioritised = await t.patch(`/api/users/${priority.id}/allocation-details`, {
      token: w.coordinator.token,
      body: { allocationPriority: 1 },
    });
    expect(prioritised.status).toBe(200);
    await t.put(`/api/placements/${open.id}/ranking`, {
      token: w.provider.token,
      body: { studentIds: [first.id] },
    });
    // A student already placed on overlapping dates cannot be given this one.
    const clash = await placement('2031-06-16', 1, 'Clashing June');
    const [busy] = await studentsApplying(1, 'Busy', [clash.id]);
    const elsewhere = await w.placement({
      title: 'Already approved',
      startDate: '2031-06-20',
      endDate: '2031-07-10',
      applicationDeadline: null,
      requirements: [],
    });
    const approvedApplication = await apply(t, busy, elsewhere.id);
    const offered = await t.post<{ id: string }>(
      `/api/applications/${approvedApplication.id}/offer`,
      { token: w.provider.token },
    );
    await t.post(`/api/matches/${offered.body.id}/approve`, { token: w.coordinator.token });
    const round = await create(w.coordinator.token, {
      name: 'June',
      startFrom: '2031-06-01',
      startTo: '2031-06-30',
    });
    const result = (await run(w.coordinator.token, round.body.id)).body;
    const placed = new Map(result.proposals.map((p) => [p.studentId, p.placementId]));
    const reasons = new Map(result.unmatched.map((u) => [u.studentId, u.reason]));
    expect(placed.get(cleared.id)).toBe(needsDbs.id);
    expect(reasons.get(waiting.id)).toBe('no_eligible_preference');
    expect(placed.get(priority.id)).toBe(open.id);
    expect(reasons.get(first.id)).toBe('outranked');
    expect(reasons.get(busy.id)).toBe('no_eligible_preference');
    expect(placed.has(busy.id)).toBe(false);
  });
});
