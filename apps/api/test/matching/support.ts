import type { Application, Match } from '@ahp/contracts';
import { createPlacement } from '../placements/support';
import type { TestApp } from '../support/test-app';

export interface Person {
  id: string;
  email: string;
  token: string;
}

/**
 * Two universities and two providers with a coordinator or provider user each, created through
 * the API as an admin would. Students are added per test with `student()`.
 */
export async function createWorld(t: TestApp) {
  const admin = await t.adminToken();
  const northdale = await t.createOrganisation(
    admin,
    'university',
    'Northdale University',
    'north_east_yorkshire',
  );
  const southbank = await t.createOrganisation(
    admin,
    'university',
    'Southbank University',
    'london',
  );
  const trust = await t.createOrganisation(
    admin,
    'provider',
    'Northdale Mental Health Trust',
    'north_east_yorkshire',
  );
  const charity = await t.createOrganisation(
    admin,
    'provider',
    'Riverside Autism Charity',
    'london',
  );
  const world = {
    admin,
    northdale: northdale.id,
    southbank: southbank.id,
    trust: trust.id,
    charity: charity.id,
    coordinator: await t.createUser(admin, 'coordinator', northdale.id, { name: 'Priya Raman' }),
    otherCoordinator: await t.createUser(admin, 'coordinator', southbank.id, { name: 'Sam Okoye' }),
    provider: await t.createUser(admin, 'provider', trust.id, { name: 'Jo Placements' }),
    otherProvider: await t.createUser(admin, 'provider', charity.id, { name: 'Kim Charity' }),
    /** A student at Northdale (unless told otherwise): occupational therapy, year 2, living in Leeds. */
    student: (
      name = 'Ada Student',
      profile: object = {},
      university = northdale.id,
    ): Promise<Person> =>
      t.createUser(admin, 'student', university, {
        name,
        studentProfile: {
          profession: 'occupational_therapy',
          yearOfStudy: 2,
          homePostcode: 'LS6 2AB',
          ...profile,
        },
      }),
    /** A published placement of the trust's (capacity 2, February to March 2027 unless overridden). */
    placement: (overrides: Record<string, unknown> = {}, publish = true) =>
      createPlacement(t, world.provider.token, overrides, publish),
  };
  return world;
}
export type World = Awaited<ReturnType<typeof createWorld>>;

export async function apply(t: TestApp, student: Person, placementId: string, extra: object = {}) {
  const reply = await t.post<Application>('/api/applications', {
    token: student.token,
    body: { placementId, ...extra },
  });
  if (reply.status !== 201) throw new Error(`Could not apply: ${reply.status} ${reply.text}`);
  return reply.body;
}

export async function offer(t: TestApp, provider: Person, applicationId: string) {
  const reply = await t.post<Match>(`/api/applications/${applicationId}/offer`, {
    token: provider.token,
  });
  if (reply.status !== 201) throw new Error(`Could not offer: ${reply.status} ${reply.text}`);
  return reply.body;
}

/** Apply and offer: a proposed match waiting for the coordinator. */
export async function proposedMatch(
  t: TestApp,
  world: World,
  student: Person,
  placementId: string,
) {
  const application = await apply(t, student, placementId);
  return offer(t, world.provider, application.id);
}

export async function notificationsOf(t: TestApp, person: Person) {
  const reply = await t.get<{
    items: { kind: string; title: string; body: string; link: string | null; read: boolean }[];
    unread: number;
  }>('/api/notifications', { token: person.token, query: { limit: '100' } });
  return reply.body;
}
