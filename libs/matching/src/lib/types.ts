/** Public shapes of the matching engine (see docs/engine.md and shared/ENGINE.md). */

export interface LatLng {
  lat: number;
  lng: number;
}

export interface DateRange {
  /** YYYY-MM-DD, inclusive. */
  startDate: string;
  /** YYYY-MM-DD, inclusive. */
  endDate: string;
}

export interface StudentInput {
  id: string;
  /** A profession code, compared exactly with the placement's `professions`. */
  profession: string;
  yearOfStudy: number;
  location?: LatLng;
  /** No limit when absent. */
  maxTravelKm?: number;
  /** Requirement codes the student has met. */
  compliance?: string[];
  /** Default 0; higher is allocated first (reasonable adjustments). */
  priority?: number;
  /** Dates already taken by approved matches. */
  busy?: DateRange[];
}

export interface PlacementInput {
  id: string;
  professions: string[];
  /** Seats still free. */
  capacity: number;
  startDate: string;
  endDate: string;
  /** Default 1. */
  minYearOfStudy?: number;
  location?: LatLng;
  /** Codes a student must have in `compliance`. */
  requirements?: string[];
}

export type Policy = 'stable' | 'welfare';

export interface AllocationInput {
  students: StudentInput[];
  placements: PlacementInput[];
  /** Most wanted first. */
  preferences: { studentId: string; placementIds: string[] }[];
  /** The provider's order, best first; may be partial. */
  rankings?: { placementId: string; studentIds: string[] }[];
  /** Lottery seed; when absent one is chosen and returned. */
  seed?: string;
  /** Default 'stable'. */
  policy?: Policy;
}

export type UnmatchedReason =
  /** The student ranked nothing. */
  | 'no_preferences'
  /** Nothing the student ranked is open to them. */
  | 'no_eligible_preference'
  /** Every eligible ranked placement went to students it prefers (or, under `welfare`, to others). */
  | 'outranked';

export interface Assignment {
  studentId: string;
  placementId: string;
  /** 1-based position of the placement in the student's own list, ineligible entries included. */
  rank: number;
}

export interface AllocationResult {
  policy: Policy;
  seed: string;
  assignments: Assignment[];
  unmatched: { studentId: string; reason: UnmatchedReason }[];
}

export interface BlockingPair {
  studentId: string;
  placementId: string;
}

/**
 * Thrown for input the engine cannot allocate. `field` is a dotted path such as
 * `placements.capacity`; `id` is the student, placement (or policy) that carries the bad value.
 */
export class AllocationInputError extends Error {
  override readonly name = 'AllocationInputError';

  constructor(
    readonly field: string,
    readonly id: string,
    problem: string,
  ) {
    super(`${field} of "${id}": ${problem}`);
  }
}
