import { RequestMethod } from '@nestjs/common';
import { INTERCEPTORS_METADATA, METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import type { Role } from '@ahp/contracts';
import { ACCESS_POLICY, type AccessPolicy } from '../../src/auth/access-policy';
import { apply, offer, type Person } from '../matching/support';
import { createPlacement } from '../placements/support';
import type { Reply, TestApp } from '../support/test-app';

/** Who the attack suites act as: nobody, or a signed-in person of each role. */
export const CALLERS = ['anonymous', 'student', 'provider', 'coordinator', 'admin'] as const;
export type Caller = (typeof CALLERS)[number];

export interface Route {
  method: string;
  /** As Nest registers it, with the global prefix: `/api/matches/:id/approve`. */
  path: string;
  /** `GET /api/matches/:id` */
  key: string;
  policy: AccessPolicy | undefined;
  /** The interceptors the route runs besides global ones (instances or classes). */
  interceptors: unknown[];
  /** `MatchesController.approve` */
  handler: string;
}

function joinPath(...parts: string[]): string {
  const joined = parts
    .map((part) => part.replace(/^\/+|\/+$/g, ''))
    .filter(Boolean)
    .join('/');
  return `/${joined}`;
}

/**
 * Every route of the running application with its declared access policy, read from Nest's own
 * metadata exactly as the router and the access guard read it (so a new controller method appears
 * here without anyone listing it).
 */
export function routeTable(t: TestApp): Route[] {
  const discovery = t.app.get(DiscoveryService);
  const scanner = t.app.get(MetadataScanner);
  const reflector = t.app.get(Reflector);
  const routes: Route[] = [];
  for (const wrapper of discovery.getControllers()) {
    const instance = wrapper.instance as object | undefined;
    if (!instance) continue;
    const controllerPaths = [
      Reflect.getMetadata(PATH_METADATA, instance.constructor) ?? '/',
    ].flat();
    const prototype = Object.getPrototypeOf(instance) as object;
    for (const name of scanner.getAllMethodNames(prototype)) {
      const handler = (prototype as Record<string, unknown>)[name] as (
        ...args: unknown[]
      ) => unknown;
      const handlerPaths = Reflect.getMetadata(PATH_METADATA, handler) as
        | string
        | string[]
        | undefined;
      if (handlerPaths === undefined) continue;
      const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number];
      const policy = reflector.getAllAndOverride<AccessPolicy | undefined>(ACCESS_POLICY, [
        handler,
        instance.constructor,
      ]);
      const interceptors = (Reflect.getMetadata(INTERCEPTORS_METADATA, handler) ?? []) as unknown[];
      for (const controllerPath of controllerPaths as string[]) {
        for (const handlerPath of [handlerPaths].flat()) {
          const path = joinPath('api', controllerPath, handlerPath);
          routes.push({
            method,
            path,
            key: `${method} ${path}`,
            policy,
            interceptors,
            handler: `${instance.constructor.name}.${name}`,
          });
        }
      }
    }
  }
  return routes.sort((a, b) => a.key.localeCompare(b.key));
}

export function allowedRoles(route: Route): readonly Role[] | 'public' {
  if (!route.policy) return [];
  return route.policy.kind === 'public' ? 'public' : route.policy.roles;
}

/** The objects of one side of the world: a university, a provider and what their people made. */
export interface Side {
  university: string;
  providerOrg: string;
  coordinator: Person;
  provider: Person;
  student: Person;
  /** A student with a live (submitted) application. */
  applicant: Person;
  /** A student whose application was offered: a proposed match. */
  proposedStudent: Person;
  /** A student with an approved match and no feedback yet. */
  placedStudent: Person;
  /** A student with an approved match and both sides' feedback given. */
  reviewedStudent: Person;
  /** Added without a password: still invited. */
  invited: { id: string };
  publishedPlacement: string;
  draftPlacement: string;
  application: string;
  proposedMatch: string;
  approvedMatch: string;
  reviewedMatch: string;
  round: string;
  notification: string | null;
}

export interface AttackWorld {
  admin: string;
  /** Own side: the people the attacks are made as. */
  own: Side;
  /** The other side: the objects the attacks are made on. */
  other: Side;
  tokenOf(caller: Caller): string | undefined;
}

const STUDENT_FEEDBACK = {
  scores: { induction: 4, supervision: 4, facilities: 3, learningOpportunities: 5, teamwork: 4 },
  overall: 4,
  wouldRecommend: true,
  comment: 'Good supervision.',
};

const EDUCATOR_FEEDBACK = {
  domains: { professionalValues: 4, communication: 4 },
  outcome: 'pass',
  comment: 'Safe practice.',
  practiceHours: 150,
};

async function ok<T>(what: string, reply: Promise<Reply<T>>, status = [200, 201]): Promise<T> {
  const answer = await reply;
  if (!status.includes(answer.status))
    throw new Error(`${what}: ${answer.status} ${answer.text.slice(0, 500)}`);
  return answer.body;
}

async function buildSide(
  t: TestApp,
  admin: string,
  label: string,
  region: string,
  postcode: string,
) {
  const university = await t.createOrganisation(admin, 'university', `${label} University`, region);
  const providerOrg = await t.createOrganisation(admin, 'provider', `${label} Care Trust`, region);
  const coordinator = await t.createUser(admin, 'coordinator', university.id, {
    name: `${label} Coordinator`,
  });
  const provider = await t.createUser(admin, 'provider', providerOrg.id, {
    name: `${label} Educator`,
  });
  const student = (name: string) =>
    t.createUser(admin, 'student', university.id, {
      name: `${label} ${name}`,
      studentProfile: {
        profession: 'occupational_therapy',
        yearOfStudy: 2,
        homePostcode: postcode,
      },
    });
  const invited = await ok(
    'invite',
    t.post<{ id: string }>('/api/users', {
      token: admin,
      body: {
        email: `invited.${label.toLowerCase()}@test.example`,
        name: `${label} Invited`,
        role: 'student',
        organisationId: university.id,
        studentProfile: { profession: 'occupational_therapy', yearOfStudy: 2 },
      },
    }),
  );
  const placement = (title: string, publish: boolean) =>
    createPlacement(
      t,
      provider.token,
      { title: `${label} ${title}`, capacity: 10, requirements: [], postcode },
      publish,
    );
  const published = await placement('ward placement', true);
  const draft = await placement('draft placement', false);

  const plainStudent = await student('Student');
  const applicant = await student('Applicant');
  const application = await apply(t, applicant, published.id);

  const proposedStudent = await student('Proposed');
  const proposed = await offer(t, provider, (await apply(t, proposedStudent, published.id)).id);

  const approve = async (who: Person) => {
    const match = await offer(t, provider, (await apply(t, who, published.id)).id);
    await ok('approve', t.post(`/api/matches/${match.id}/approve`, { token: coordinator.token }));
    return match.id;
  };
  const placedStudent = await student('Placed');
  const approvedMatch = await approve(placedStudent);
  const reviewedStudent = await student('Reviewed');
  const reviewedMatch = await approve(reviewedStudent);
  await ok(
    'student feedback',
    t.post(`/api/matches/${reviewedMatch}/feedback`, {
      token: reviewedStudent.token,
      body: STUDENT_FEEDBACK,
    }),
  );
  await ok(
    'educator feedback',
    t.post(`/api/matches/${reviewedMatch}/educator-feedback`, {
      token: provider.token,
      body: EDUCATOR_FEEDBACK,
    }),
  );

  // A round over years no placement starts in: running it proposes nothing and touches nobody.
  const round = await ok(
    'round',
    t.post<{ id: string }>('/api/allocation-rounds', {
      token: coordinator.token,
      body: { name: `${label} round`, startFrom: '2031-01-01', startTo: '2031-12-31', seed: 'x' },
    }),
  );
  await ok(
    'run',
    t.post(`/api/allocation-rounds/${round.id}/run`, { token: coordinator.token, body: {} }),
  );

  const [notification] = (await t.db.query(
    `SELECT id FROM notification WHERE user_id = $1 ORDER BY created_at LIMIT 1`,
    [placedStudent.id],
  )) as { id: string }[];

  const side: Side = {
    university: university.id,
    providerOrg: providerOrg.id,
    coordinator,
    provider,
    student: plainStudent,
    applicant,
    proposedStudent,
    placedStudent,
    reviewedStudent,
    invited,
    publishedPlacement: published.id,
    draftPlacement: draft.id,
    application: application.id,
    proposedMatch: proposed.id,
    approvedMatch,
    reviewedMatch,
    round: round.id,
    notification: notification?.id ?? null,
  };
  return side;
}

/**
 * Two universities and two providers, each with a coordinator, a provider user, students in every
 * state (applied, offered, placed, placed with feedback, invited), a published and a draft
 * placement, and an allocation round that has run. The "own" side acts; the "other" side is
 * attacked.
 */
export async function buildAttackWorld(t: TestApp): Promise<AttackWorld> {
  const admin = await t.adminToken();
  const own = await buildSide(t, admin, 'Northdale', 'north_east_yorkshire', 'LS6 2AB');
  const other = await buildSide(t, admin, 'Southbank', 'london', 'SE1 7EH');
  return {
    admin,
    own,
    other,
    tokenOf(caller) {
      switch (caller) {
        case 'anonymous':
          return undefined;
        case 'admin':
          return admin;
        case 'student':
          return own.student.token;
        case 'provider':
          return own.provider.token;
        case 'coordinator':
          return own.coordinator.token;
      }
    },
  };
}

/** Ids of the other side that no one on the own side may ever be shown. */
export function secretIds(side: Side): Record<string, string> {
  const ids: Record<string, string> = {
    'a student': side.student.id,
    'an applicant': side.applicant.id,
    'a proposed student': side.proposedStudent.id,
    'a placed student': side.placedStudent.id,
    'a reviewed student': side.reviewedStudent.id,
    'an invited student': side.invited.id,
    'a draft placement': side.draftPlacement,
    'an application': side.application,
    'a proposed match': side.proposedMatch,
    'an approved match': side.approvedMatch,
    'a match with feedback': side.reviewedMatch,
    'an allocation round': side.round,
  };
  if (side.notification) ids['a notification'] = side.notification;
  return ids;
}

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  code?: string;
  details?: { field: string; message: string }[];
}

/** Why a reply is not the contract's error shape for its status, or null if it is. */
export function errorShapeProblem(reply: Reply): string | null {
  const body = reply.body as Partial<ErrorBody> | string;
  if (typeof body !== 'object' || body === null)
    return `a non-JSON error body: ${reply.text.slice(0, 200)}`;
  if (body.statusCode !== reply.status) return `statusCode ${body.statusCode} on a ${reply.status}`;
  if (typeof body.error !== 'string' || !body.error) return 'no error text';
  if (typeof body.message !== 'string' || !body.message) return 'no message';
  if (body.details !== undefined && !Array.isArray(body.details)) return 'details is not an array';
  const allowed = new Set(['statusCode', 'error', 'message', 'code', 'details']);
  const extra = Object.keys(body).filter((key) => !allowed.has(key));
  if (extra.length) return `unexpected fields ${extra.join(', ')}`;
  if (/\bat .+\.(ts|js):\d+/.test(reply.text)) return 'a stack trace';
  return null;
}
