import fc from 'fast-check';
import { AllocationInput, PlacementInput, StudentInput } from '../lib/types';

const PROFESSIONS = ['occupational_therapy', 'physiotherapy', 'dietetics'];
const REQUIREMENTS = ['enhanced_dbs', 'occupational_health'];
/** A few places in England, 30 to 250 km apart. */
const PLACES = [
  { lat: 53.48, lng: -2.24 }, // Manchester
  { lat: 53.8, lng: -1.55 }, // Leeds
  { lat: 52.49, lng: -1.89 }, // Birmingham
  { lat: 51.51, lng: -0.13 }, // London
  { lat: 53.41, lng: -2.98 }, // Liverpool
];
const TRAVEL_LIMITS = [40, 120, 500];

/** A day in June 2025, as YYYY-MM-DD. */
const day = (d: number) => `2025-06-${String(d).padStart(2, '0')}`;

export interface Size {
  maxStudents: number;
  maxPlacements: number;
  maxCapacity: number;
}

/**
 * Random valid allocation inputs with every feature switched on at random: several professions,
 * years, locations and travel limits, requirements, busy dates, priorities, zero capacities,
 * partial rankings, students without a list and lists with ineligible entries.
 */
export function allocationInput({
  maxStudents,
  maxPlacements,
  maxCapacity,
}: Size): fc.Arbitrary<AllocationInput> {
  const placement = fc.record({
    professions: fc.subarray(PROFESSIONS, { minLength: 1 }),
    capacity: fc.integer({ min: 0, max: maxCapacity }),
    start: fc.integer({ min: 1, max: 20 }),
    length: fc.integer({ min: 0, max: 9 }),
    minYearOfStudy: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
    place: fc.option(fc.constantFrom(...PLACES), { nil: undefined }),
    requirements: fc.subarray(REQUIREMENTS),
  });
  const student = fc.record({
    profession: fc.constantFrom(...PROFESSIONS),
    yearOfStudy: fc.integer({ min: 1, max: 3 }),
    place: fc.option(fc.constantFrom(...PLACES), { nil: undefined }),
    maxTravelKm: fc.option(fc.constantFrom(...TRAVEL_LIMITS), { nil: undefined }),
    compliance: fc.subarray(REQUIREMENTS),
    priority: fc.option(fc.integer({ min: 0, max: 2 }), { freq: 3, nil: undefined }),
    busy: fc.option(fc.tuple(fc.integer({ min: 1, max: 25 }), fc.integer({ min: 0, max: 4 })), {
      freq: 3,
      nil: undefined,
    }),
    hasList: fc.integer({ min: 0, max: 9 }),
  });
  return fc
    .record({
      placements: fc.array(placement, { minLength: 1, maxLength: maxPlacements }),
      students: fc.array(student, { maxLength: maxStudents }),
      seed: fc.string({ maxLength: 8 }),
    })
    .chain(({ placements: ps, students: ss, seed }) => {
      const placementIds = ps.map((_, i) => `p${i}`);
      const studentIds = ss.map((_, i) => `s${i}`);
      return fc
        .record({
          lists: fc.tuple(...ss.map(() => fc.shuffledSubarray(placementIds))),
          rankings: fc.tuple(
            ...ps.map(() => fc.option(fc.shuffledSubarray(studentIds), { nil: undefined })),
          ),
        })
        .map(({ lists, rankings }): AllocationInput => {
          const placements: PlacementInput[] = ps.map((p, i) => ({
            id: placementIds[i],
            professions: p.professions,
            capacity: p.capacity,
            startDate: day(p.start),
            endDate: day(p.start + p.length),
            ...(p.minYearOfStudy !== undefined && { minYearOfStudy: p.minYearOfStudy }),
            ...(p.place && { location: p.place }),
            requirements: p.requirements,
          }));
          const students: StudentInput[] = ss.map((s, i) => ({
            id: studentIds[i],
            profession: s.profession,
            yearOfStudy: s.yearOfStudy,
            ...(s.place && { location: s.place }),
            ...(s.maxTravelKm !== undefined && { maxTravelKm: s.maxTravelKm }),
            compliance: s.compliance,
            ...(s.priority !== undefined && { priority: s.priority }),
            ...(s.busy && {
              busy: [{ startDate: day(s.busy[0]), endDate: day(s.busy[0] + s.busy[1]) }],
            }),
          }));
          return {
            students,
            placements,
            // One student in ten has no list at all; lists may also be empty.
            preferences: ss.flatMap((s, i) =>
              s.hasList === 0 ? [] : [{ studentId: studentIds[i], placementIds: lists[i] }],
            ),
            rankings: rankings.flatMap((r, i) =>
              r ? [{ placementId: placementIds[i], studentIds: r }] : [],
            ),
            seed,
          };
        });
    });
}
