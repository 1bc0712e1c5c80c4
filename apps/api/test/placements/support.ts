import type { Placement } from '@ahp/contracts';
import type { TestApp } from '../support/test-app';

/** A valid placement body; override what a test is about. */
export function placementBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: 'Occupational therapy on an acute adult mental health ward',
    description: 'Working with the ward team on recovery-focused groups and one-to-one assessment.',
    professions: ['occupational_therapy'],
    setting: 'mental_health',
    serviceType: 'Inpatient',
    model: 'one_to_one',
    postcode: 'LS7 3JX',
    startDate: '2027-02-01',
    endDate: '2027-03-26',
    hoursPerWeek: 37.5,
    capacity: 2,
    minYearOfStudy: 2,
    requirements: ['enhanced_dbs'],
    applicationDeadline: '2027-01-08',
    ...overrides,
  };
}

export async function createPlacement(
  t: TestApp,
  token: string,
  overrides: Record<string, unknown> = {},
  publish = false,
) {
  const reply = await t.post<Placement>('/api/placements', {
    token,
    body: placementBody(overrides),
  });
  if (reply.status !== 201)
    throw new Error(`Could not create a placement: ${reply.status} ${reply.text}`);
  if (publish) {
    const published = await t.post(`/api/placements/${reply.body.id}/publish`, { token });
    if (published.status !== 200) throw new Error(`Could not publish: ${published.text}`);
  }
  return reply.body;
}
