import type { Role } from '@ahp/contracts';
import { placementBody } from '../placements/support';
import { GOOD_PASSWORD, TestApp, type Reply } from '../support/test-app';
import {
  CALLERS,
  allowedRoles,
  buildAttackWorld,
  errorShapeProblem,
  routeTable,
  secretIds,
  type AttackWorld,
  type Caller,
  type Route,
  type Side,
} from './support';

/**
 * OWASP API1 (broken object level authorization) and API5 (broken function level authorization),
 * for every route the application registers × every kind of caller.
 *
 * The route list comes from the running app (Nest's metadata, as the router sees it). Each route
 * must have an entry in EXPECTATIONS below saying which of the OTHER side's objects to attack it
 * with; a route without one fails the suite, so a new endpoint cannot ship without someone
 * deciding what it may expose. The rules:
 *   - anonymous → 401 on every non-public route;
 *   - a role outside the route's policy → 403;
 *   - a role inside the policy, acting on the other university's / provider's object → 403 or
 *     404, unless the route is listed in `visible` for that role, with the reason;
 *   - a body or query naming the other side's objects → refused (4xx), or for bulk routes that
 *     answer per item, no effect (the other side's objects are compared before and after);
 *   - any 2xx a non-admin receives must not contain an id of the other side's private objects;
 *   - never a 5xx, and every 4xx in the contract's error shape.
 * Admins are deliberately cross-organisation; they are checked last, only for "no 5xx".
 */

interface Attack {
  /** The other side's object the path's `:id` names. */
  id?: (o: Side) => string;
  /** For `:token`. */
  token?: string;
  query?: (o: Side) => Record<string, string>;
  body?: (o: Side) => unknown;
  csv?: (o: Side) => string;
  headers?: Record<string, string>;
  /** Roles (in the policy) that may legitimately see/act on this object of another organisation. */
  visible?: { roles: Role[]; reason: string };
  /**
   * The body or query names another organisation's object: `refused` must answer 4xx; `no-effect`
   * may answer 2xx (a bulk route reporting each failure) but must change nothing.
   */
  crossBody?: 'refused' | 'no-effect';
  /** A further check of a 2xx reply to a non-admin caller; returns the problem, if any. */
  check?: (body: unknown) => string | null;
}

/** Bulk decisions answer 200 and report each id: another organisation's must fail as unknown. */
const eachFailedAsUnknown = (body: unknown): string | null => {
  const { succeeded, failed } = body as {
    succeeded: string[];
    failed: { statusCode: number }[];
  };
  if (succeeded.length) return `decided ${succeeded.join(', ')}`;
  const told = failed.filter((f) => f.statusCode !== 404);
  return told.length ? `reported ${JSON.stringify(told)} instead of 404 (not visible)` : null;
};

let unique = 0;
const next = () => ++unique;

const STUDENT_FEEDBACK = {
  scores: { induction: 1, supervision: 1, facilities: 1, learningOpportunities: 1, teamwork: 1 },
  overall: 1,
  wouldRecommend: false,
  comment: 'Written by an attacker',
};
const EDUCATOR_FEEDBACK = {
  domains: { communication: 1 },
  outcome: 'fail',
  comment: 'Written by an attacker',
  practiceHours: 1,
};
const REASON = { reason: 'Attack' };

/**
 * The reviewed table of routes and how each is attacked. Where another organisation's object is
 * legitimately visible, `visible` says to whom and why.
 */
const EXPECTATIONS: Record<string, Attack[]> = {
  // ---- public ----------------------------------------------------------------------------------
  'GET /api/health': [{}],
  'POST /api/auth/login': [{ body: () => ({ email: 'nobody@test.example', password: 'wrong' }) }],
  'POST /api/auth/refresh': [{ headers: { 'x-requested-with': 'matrix' } }],
  'POST /api/auth/logout': [{ headers: { 'x-requested-with': 'matrix' } }],
  'GET /api/auth/invitations/:token': [{ token: 'A'.repeat(43) }],
  'POST /api/auth/accept-invitation': [
    { body: () => ({ token: 'A'.repeat(43), password: GOOD_PASSWORD }) },
  ],

  'GET /api/health/live': [{}],
  'GET /api/health/ready': [{}],
  'GET /api/metrics': [{}],
  'POST /api/auth/login/mfa': [{ body: () => ({ mfaToken: 'A'.repeat(43), code: '123456' }) }],

  // ---- one's own account (no object of anyone else's can be named) ----------------------------
  'GET /api/me/export': [{}],
  'GET /api/me/mfa': [{}],
  'POST /api/me/mfa/enrol': [{ body: () => ({}) }],
  'POST /api/me/mfa/confirm': [{ body: () => ({ code: '000000' }) }],
  'POST /api/me/mfa/recovery-codes': [{ body: () => ({}) }],
  'DELETE /api/me/mfa': [{ body: () => ({}) }],
  'POST /api/me/password': [{ body: () => ({}) }],
  'POST /api/users/:id/erase': [{ id: (o) => o.invited.id }],
  'POST /api/users/:id/mfa/reset': [{ id: (o) => o.invited.id, body: () => REASON }],

  // ---- identity ------------------------------------------------------------------------------
  'GET /api/me': [{}],
  'PATCH /api/me': [{ body: () => ({ name: 'Renamed By Matrix' }) }],
  'GET /api/me/attention': [{}],
  'GET /api/me/practice-hours': [{}],
  'POST /api/organisations': [
    { body: () => ({ name: `Matrix Org ${next()}`, type: 'provider', region: 'london' }) },
  ],
  'GET /api/organisations': [{}],
  'GET /api/organisations/:id': [
    {
      id: (o) => o.university,
      visible: {
        roles: ['student', 'provider', 'coordinator'],
        reason:
          'The organisation directory (name, type, region) is what people pick placements and partners from; it holds nothing private.',
      },
    },
  ],
  'GET /api/organisations/:id/feedback-summary': [
    {
      id: (o) => o.providerOrg,
      visible: {
        roles: ['provider', 'coordinator'],
        reason:
          "A provider's students' feedback in aggregate, suppressed below 3 responses and without comments for anyone but that provider's staff: the quality picture the market shares.",
      },
    },
  ],
  'POST /api/users': [
    {
      crossBody: 'refused',
      body: (o) => ({
        email: `matrix.${next()}@test.example`,
        name: 'Matrix Person',
        role: 'student',
        organisationId: o.university,
        studentProfile: { profession: 'occupational_therapy', yearOfStudy: 2 },
      }),
    },
  ],
  'GET /api/users': [{ query: (o) => ({ organisationId: o.university }) }],
  'POST /api/users/import': [
    {
      crossBody: 'refused',
      query: (o) => ({ organisationId: o.university }),
      csv: () =>
        `email,name,profession,yearOfStudy,homePostcode,maxTravelKm\nmatrix.${next()}@test.example,Matrix Import,occupational_therapy,2,LS6 2AB,40\n`,
    },
  ],
  'GET /api/users/:id': [{ id: (o) => o.student.id }],
  'PATCH /api/users/:id/allocation-details': [
    { id: (o) => o.student.id, body: () => ({ allocationPriority: 10, compliance: [] }) },
  ],
  'POST /api/users/:id/invitation': [{ id: (o) => o.invited.id }],
  'GET /api/users/:id/practice-hours': [{ id: (o) => o.placedStudent.id }],
  'GET /api/audit': [{ query: (o) => ({ entityType: 'match', entityId: o.approvedMatch }) }],
  'GET /api/notifications': [{}],
  'POST /api/notifications/read': [
    { crossBody: 'no-effect', body: (o) => ({ ids: o.notification ? [o.notification] : [] }) },
  ],

  // ---- placements ----------------------------------------------------------------------------
  'POST /api/placements': [{ body: () => placementBody({ title: `Matrix ${next()}` }) }],
  'GET /api/placements': [{ query: (o) => ({ providerId: o.providerOrg, status: 'draft' }) }],
  'POST /api/placements/import': [
    {
      csv: () =>
        `title,professions,setting,model,postcode,startDate,endDate,capacity\nMatrix import ${next()},occupational_therapy,mental_health,peer,LS7 3JX,2027-01-11,2027-03-19,2\n`,
    },
  ],
  'GET /api/placements/:id': [
    { id: (o) => o.draftPlacement },
    {
      id: (o) => o.publishedPlacement,
      visible: {
        roles: ['student', 'provider', 'coordinator'],
        reason: 'Published placements are advertised to every signed-in user (API.md, Placements).',
      },
    },
  ],
  'PATCH /api/placements/:id': [
    { id: (o) => o.publishedPlacement, body: () => ({ title: 'Hijacked', capacity: 1 }) },
  ],
  'POST /api/placements/:id/publish': [{ id: (o) => o.draftPlacement }],
  'POST /api/placements/:id/close': [{ id: (o) => o.publishedPlacement }],
  'POST /api/placements/:id/cancel': [{ id: (o) => o.publishedPlacement, body: () => REASON }],
  'PUT /api/placements/:id/ranking': [
    { id: (o) => o.publishedPlacement, body: (o) => ({ studentIds: [o.applicant.id] }) },
  ],
  'GET /api/placements/:id/feedback-summary': [
    { id: (o) => o.draftPlacement },
    {
      id: (o) => o.publishedPlacement,
      visible: {
        roles: ['student', 'provider', 'coordinator'],
        reason:
          'A published placement’s feedback in aggregate (suppressed below 3 responses, comments only for its own staff) helps students choose (API.md, Feedback).',
      },
    },
  ],

  // ---- applications --------------------------------------------------------------------------
  'POST /api/applications': [
    { crossBody: 'refused', body: (o) => ({ placementId: o.draftPlacement }) },
  ],
  'GET /api/applications': [{ query: (o) => ({ placementId: o.publishedPlacement }) }],
  'PUT /api/applications/ranking': [
    { crossBody: 'refused', body: (o) => ({ applicationIds: [o.application] }) },
  ],
  'GET /api/applications/:id': [{ id: (o) => o.application }],
  'POST /api/applications/:id/withdraw': [{ id: (o) => o.application }],
  'POST /api/applications/:id/offer': [{ id: (o) => o.application }],
  'POST /api/applications/:id/decline': [{ id: (o) => o.application, body: () => REASON }],

  // ---- matches -------------------------------------------------------------------------------
  'GET /api/matches': [{ query: (o) => ({ studentId: o.placedStudent.id }) }],
  'POST /api/matches/approve': [
    {
      crossBody: 'no-effect',
      body: (o) => ({ matchIds: [o.proposedMatch] }),
      check: eachFailedAsUnknown,
    },
  ],
  'POST /api/matches/reject': [
    {
      crossBody: 'no-effect',
      body: (o) => ({ matchIds: [o.proposedMatch] }),
      check: eachFailedAsUnknown,
    },
  ],
  'GET /api/matches/:id': [{ id: (o) => o.approvedMatch }],
  'GET /api/matches/:id/calendar.ics': [{ id: (o) => o.approvedMatch }],
  'POST /api/matches/:id/approve': [{ id: (o) => o.proposedMatch }],
  'POST /api/matches/:id/reject': [{ id: (o) => o.proposedMatch, body: () => REASON }],
  'POST /api/matches/:id/cancel': [{ id: (o) => o.approvedMatch, body: () => REASON }],
  'POST /api/matches/:id/complete': [{ id: (o) => o.approvedMatch }],

  // ---- allocation rounds ---------------------------------------------------------------------
  'POST /api/allocation-rounds': [
    {
      crossBody: 'refused',
      body: (o) => ({
        name: 'Matrix round',
        startFrom: '2031-01-01',
        startTo: '2031-12-31',
        universityIds: [o.university],
      }),
    },
  ],
  'GET /api/allocation-rounds': [{}],
  'GET /api/allocation-rounds/mine': [{}],
  'GET /api/allocation-rounds/:id': [{ id: (o) => o.round }],
  'GET /api/allocation-rounds/:id/progress': [{ id: (o) => o.round }],
  'POST /api/allocation-rounds/:id/run': [{ id: (o) => o.round, body: () => ({}) }],
  'GET /api/allocation-rounds/:id/comparison': [{ id: (o) => o.round }],
  'POST /api/allocation-rounds/:id/approve': [{ id: (o) => o.round, body: () => ({}) }],

  // ---- feedback ------------------------------------------------------------------------------
  'POST /api/matches/:id/feedback': [{ id: (o) => o.approvedMatch, body: () => STUDENT_FEEDBACK }],
  'PATCH /api/matches/:id/feedback': [{ id: (o) => o.reviewedMatch, body: () => STUDENT_FEEDBACK }],
  'GET /api/matches/:id/feedback': [{ id: (o) => o.reviewedMatch }],
  'POST /api/matches/:id/educator-feedback': [
    { id: (o) => o.approvedMatch, body: () => EDUCATOR_FEEDBACK },
  ],
  'PATCH /api/matches/:id/educator-feedback': [
    { id: (o) => o.reviewedMatch, body: () => EDUCATOR_FEEDBACK },
  ],
  'GET /api/feedback': [{ query: (o) => ({ studentId: o.reviewedStudent.id }) }],
  'GET /api/feedback/quality': [{}],
  'GET /api/educator-feedback': [{ query: (o) => ({ studentId: o.reviewedStudent.id }) }],

  // ---- reports -------------------------------------------------------------------------------
  'GET /api/reports/capacity': [{ query: () => ({ groupBy: 'profession' }) }],
  'GET /api/reports/unmatched': [{ crossBody: 'refused', query: (o) => ({ roundId: o.round }) }],
  'GET /api/reports/time-to-approval': [{ query: () => ({ groupBy: 'profession' }) }],
  'GET /api/reports/feedback': [
    { crossBody: 'refused', query: (o) => ({ placementId: o.draftPlacement }) },
  ],
  'GET /api/reports/capacity-gap': [{}],
};

describe('authorization matrix: every route × every caller, against another organisation’s objects', () => {
  let t: TestApp;
  let w: AttackWorld;
  let routes: Route[];
  let secrets: [string, string][];

  beforeAll(async () => {
    t = await TestApp.start();
    w = await buildAttackWorld(t);
    routes = routeTable(t);
    secrets = Object.entries(secretIds(w.other));
  }, 120_000);
  afterAll(() => t.close());

  async function attack(route: Route, caller: Caller, a: Attack): Promise<Reply> {
    let url = route.path;
    if (url.includes(':id')) url = url.replace(':id', a.id ? a.id(w.other) : '');
    if (url.includes(':token')) url = url.replace(':token', a.token ?? 'x');
    const headers: Record<string, string> = { ...(a.headers ?? {}) };
    let body = a.body?.(w.other);
    if (a.csv) {
      body = a.csv(w.other);
      headers['content-type'] = 'text/csv';
    }
    return t.call(route.method as 'GET', url, {
      token: w.tokenOf(caller),
      body,
      headers,
      query: a.query?.(w.other),
    });
  }

  /** The problems with one reply, as sentences (empty when it is as it should be). */
  function judge(route: Route, caller: Caller, a: Attack, reply: Reply): string[] {
    const problems: string[] = [];
    const said = `${caller} → ${reply.status}`;
    if (reply.status >= 500) return [`${said}: a server error for a caller's request`];
    if (reply.status >= 400) {
      const shape = errorShapeProblem(reply);
      if (shape) problems.push(`${said}: error body not in the contract's shape (${shape})`);
    }
    const roles = allowedRoles(route);
    if (roles === 'public') return problems;
    if (caller === 'anonymous') {
      if (reply.status !== 401) problems.push(`${said}: expected 401 for an anonymous caller`);
      return problems;
    }
    if (!roles.includes(caller)) {
      if (reply.status !== 403)
        problems.push(`${said}: expected 403, the role is not in the policy`);
      return problems;
    }
    if (caller === 'admin') return problems;
    const visible = a.visible?.roles.includes(caller);
    if (a.id && !visible && ![403, 404].includes(reply.status))
      problems.push(`${said}: another organisation's object must be 403 or 404`);
    if (a.id && visible && (reply.status < 200 || reply.status >= 300))
      problems.push(`${said}: listed as visible (${a.visible?.reason}) but not answered`);
    if (a.crossBody === 'refused' && reply.status < 400)
      problems.push(`${said}: a request naming another organisation's objects must be refused`);
    if (reply.status < 300 && a.check) {
      const problem = a.check(reply.body);
      if (problem) problems.push(`${said}: ${problem}`);
    }
    if (reply.status < 300) {
      // Ids the caller named themselves may be echoed back; any other is a leak.
      const named = JSON.stringify([a.body?.(w.other), a.query?.(w.other)]);
      for (const [what, id] of secrets) {
        if (reply.text.includes(id) && !named.includes(id))
          problems.push(`${said}: the reply shows ${what} of another organisation (${id})`);
      }
    }
    return problems;
  }

  /** The other side's objects as an admin sees them, to prove the attacks changed nothing. */
  async function snapshot(): Promise<Record<string, unknown>> {
    const o = w.other;
    const reads: Record<string, string> = {
      published: `/api/placements/${o.publishedPlacement}`,
      draft: `/api/placements/${o.draftPlacement}`,
      application: `/api/applications/${o.application}`,
      proposed: `/api/matches/${o.proposedMatch}`,
      approved: `/api/matches/${o.approvedMatch}`,
      reviewed: `/api/matches/${o.reviewedMatch}`,
      feedback: `/api/matches/${o.reviewedMatch}/feedback`,
      approvedFeedback: `/api/matches/${o.approvedMatch}/feedback`,
      round: `/api/allocation-rounds/${o.round}`,
      student: `/api/users/${o.student.id}`,
      invited: `/api/users/${o.invited.id}`,
      people: `/api/users?organisationId=${o.university}&limit=100`,
      applications: `/api/applications?placementId=${o.publishedPlacement}&limit=100`,
      placements: `/api/placements?providerId=${o.providerOrg}&limit=100`,
      rounds: `/api/allocation-rounds?limit=100`,
    };
    const result: Record<string, unknown> = {};
    for (const [name, url] of Object.entries(reads)) {
      const reply = await t.get(url, { token: w.admin });
      result[name] = { status: reply.status, body: reply.body };
    }
    result.notifications = await t.db.query(
      `SELECT id, read_at FROM notification WHERE user_id = ANY($1) ORDER BY id`,
      [
        [
          o.student.id,
          o.applicant.id,
          o.proposedStudent.id,
          o.placedStudent.id,
          o.reviewedStudent.id,
        ],
      ],
    );
    result.invitations = await t.db.query(
      `SELECT id, created_at FROM invitation WHERE user_id = $1 ORDER BY id`,
      [o.invited.id],
    );
    return result;
  }

  let before: Record<string, unknown>;

  it('has an expectation for every route the application serves, and no stale ones', () => {
    const served = routes.map((route) => route.key);
    expect(served.length).toBeGreaterThan(60);
    const missing = served.filter((key) => !(key in EXPECTATIONS));
    const stale = Object.keys(EXPECTATIONS).filter((key) => !served.includes(key));
    expect({ missing, stale }).toEqual({ missing: [], stale: [] });
    expect(routes.filter((route) => !route.policy).map((route) => route.key)).toEqual([]);
  });

  it('records the other side before the attacks', async () => {
    before = await snapshot();
  });

  const keys = Object.keys(EXPECTATIONS).sort();
  const nonAdmin = CALLERS.filter((caller) => caller !== 'admin');

  it.each(keys)(
    '%s: anonymous 401, outside the policy 403, another organisation’s objects hidden',
    async (key) => {
      const route = routes.find((r) => r.key === key);
      if (!route) return; // reported by the coverage test
      const problems: string[] = [];
      for (const a of EXPECTATIONS[key]) {
        for (const caller of nonAdmin) {
          const reply = await attack(route, caller, a);
          problems.push(...judge(route, caller, a, reply).map((p) => `${key}: ${p}`));
        }
      }
      expect(problems).toEqual([]);
    },
  );

  it('left every object of the other organisation exactly as it was', async () => {
    expect(await snapshot()).toEqual(before);
  });

  it.each(keys)('%s as an admin: never a server error', async (key) => {
    const route = routes.find((r) => r.key === key);
    if (!route) return;
    const problems: string[] = [];
    for (const a of EXPECTATIONS[key]) {
      const reply = await attack(route, 'admin', a);
      problems.push(...judge(route, 'admin', a, reply).map((p) => `${key}: ${p}`));
    }
    expect(problems).toEqual([]);
  });
});
