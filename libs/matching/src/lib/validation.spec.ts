import { allocate } from './allocate';
import { findBlockingPairs } from './blocking-pairs';
import { AllocationInput, AllocationInputError } from './types';

const valid = (): AllocationInput => ({
  students: [
    {
      id: 's1',
      profession: 'physiotherapy',
      yearOfStudy: 2,
      busy: [{ startDate: '2025-01-01', endDate: '2025-01-31' }],
    },
    { id: 's2', profession: 'physiotherapy', yearOfStudy: 2 },
  ],
  placements: [
    {
      id: 'p1',
      professions: ['physiotherapy'],
      capacity: 1,
      startDate: '2025-03-01',
      endDate: '2025-03-31',
    },
    {
      id: 'p2',
      professions: ['physiotherapy'],
      capacity: 2,
      startDate: '2025-04-01',
      endDate: '2025-04-30',
    },
  ],
  preferences: [{ studentId: 's1', placementIds: ['p1', 'p2'] }],
  rankings: [{ placementId: 'p1', studentIds: ['s2', 's1'] }],
  seed: 'seed',
});

/** Runs `allocate` on a broken copy of the valid input and returns the error it throws. */
function errorFor(breakIt: (input: AllocationInput) => void): AllocationInputError {
  const input = valid();
  breakIt(input);
  try {
    allocate(input);
  } catch (error) {
    expect(error).toBeInstanceOf(AllocationInputError);
    return error as AllocationInputError;
  }
  throw new Error('allocate accepted bad input');
}

describe('input validation', () => {
  it('accepts the valid input', () => {
    expect(() => allocate(valid())).not.toThrow();
  });

  it.each<[string, (input: AllocationInput) => void, string, string]>([
    [
      'unknown student in preferences',
      (i) => i.preferences.push({ studentId: 'ghost', placementIds: [] }),
      'preferences.studentId',
      'ghost',
    ],
    [
      'unknown placement in preferences',
      (i) => i.preferences[0].placementIds.push('nowhere'),
      'preferences.placementIds',
      's1',
    ],
    [
      'two lists for one student',
      (i) => i.preferences.push({ studentId: 's1', placementIds: [] }),
      'preferences.studentId',
      's1',
    ],
    [
      'a placement listed twice',
      (i) => i.preferences[0].placementIds.push('p1'),
      'preferences.placementIds',
      's1',
    ],
    [
      'unknown placement in rankings',
      (i) => i.rankings?.push({ placementId: 'nowhere', studentIds: [] }),
      'rankings.placementId',
      'nowhere',
    ],
    [
      'unknown student in rankings',
      (i) => i.rankings?.[0].studentIds.push('ghost'),
      'rankings.studentIds',
      'p1',
    ],
    [
      'a student ranked twice',
      (i) => i.rankings?.[0].studentIds.push('s2'),
      'rankings.studentIds',
      'p1',
    ],
    [
      'two rankings for one placement',
      (i) => i.rankings?.push({ placementId: 'p1', studentIds: [] }),
      'rankings.placementId',
      'p1',
    ],
    ['duplicate student id', (i) => i.students.push({ ...i.students[1] }), 'students.id', 's2'],
    [
      'duplicate placement id',
      (i) => i.placements.push({ ...i.placements[1] }),
      'placements.id',
      'p2',
    ],
    ['negative capacity', (i) => (i.placements[1].capacity = -1), 'placements.capacity', 'p2'],
    ['fractional capacity', (i) => (i.placements[1].capacity = 1.5), 'placements.capacity', 'p2'],
    [
      'start date that does not parse',
      (i) => (i.placements[0].startDate = '01/03/2025'),
      'placements.startDate',
      'p1',
    ],
    [
      'end date that is not a real day',
      (i) => (i.placements[0].endDate = '2025-02-29'),
      'placements.endDate',
      'p1',
    ],
    [
      'end before start',
      (i) => (i.placements[1].endDate = '2025-03-31'),
      'placements.endDate',
      'p2',
    ],
    [
      'busy range that does not parse',
      (i) => (i.students[1].busy = [{ startDate: '2025-13-01', endDate: '2025-12-31' }]),
      'students.busy.startDate',
      's2',
    ],
    [
      'busy range ending before it starts',
      (i) => i.students[0].busy?.push({ startDate: '2025-05-02', endDate: '2025-05-01' }),
      'students.busy.endDate',
      's1',
    ],
    [
      'negative travel limit',
      (i) => (i.students[0].maxTravelKm = -5),
      'students.maxTravelKm',
      's1',
    ],
    [
      'a number where a placement id is expected',
      (i) => {
        i.placements[1].id = '123';
        i.preferences[0].placementIds = [123 as unknown as string];
      },
      'preferences.placementIds',
      's1',
    ],
    [
      "an inherited property's name as a placement id that does not exist",
      (i) => i.preferences[0].placementIds.push('constructor'),
      'preferences.placementIds',
      's1',
    ],
    [
      'an unknown student in preferences after lists in student order',
      (i) =>
        i.preferences.push(
          { studentId: 's2', placementIds: [] },
          { studentId: 'ghost', placementIds: [] },
        ),
      'preferences.studentId',
      'ghost',
    ],
    [
      'a second list for a student whose first came in order',
      (i) =>
        i.preferences.push(
          { studentId: 's2', placementIds: [] },
          { studentId: 's1', placementIds: [] },
        ),
      'preferences.studentId',
      's1',
    ],
    [
      'unknown policy',
      (i) => (i.policy = 'fastest' as AllocationInput['policy']),
      'policy',
      'fastest',
    ],
  ])('rejects %s, naming the field and id', (_, breakIt, field, id) => {
    const error = errorFor(breakIt);
    expect(error.field).toBe(field);
    expect(error.id).toBe(id);
    expect(error.message).toContain(field);
    expect(error.message).toContain(`"${id}"`);
  });

  it('accepts a leap day and equal start and end dates', () => {
    const input = valid();
    input.placements[0].startDate = '2024-02-29';
    input.placements[0].endDate = '2024-02-29';
    expect(() => allocate(input)).not.toThrow();
  });

  it('checks the input of findBlockingPairs the same way', () => {
    const input = valid();
    const result = allocate(input);
    input.placements[0].capacity = -2;
    expect(() => findBlockingPairs(input, result)).toThrow(AllocationInputError);
  });
});
