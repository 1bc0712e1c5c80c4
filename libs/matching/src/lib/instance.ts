import { dayNumber } from './dates';
import { drawLottery } from './lottery';
import { AllocationInput, AllocationInputError, LatLng, Policy } from './types';

/** Mean Earth radius (IUGG), in kilometres, as in @ahp/geo. */
export const EARTH_RADIUS_KM = 6371.0088;

/**
 * An allocation input checked and turned into integer indices and typed arrays, built in one
 * pass over students, placements and preferences. Student `s` and placement `p` are positions in
 * the input arrays.
 *
 * Preferences are held in CSR form: the eligible entries of student `s` are the edges
 * `edgeStart[s] .. edgeStart[s + 1] - 1`, most wanted first. Ineligible entries are dropped here,
 * so no algorithm ever sees them, but `edgeRank` keeps each entry's 1-based position in the
 * student's original list.
 *
 * `edgeKey[e]` is the placement's order over its applicants as one number: smaller is preferred.
 * It encodes the tuple (priority class, ranked ? 0 : 1, position in the ranking, lottery
 * position) as `priorityClass * 2n + (ranked ? rankingPosition : n + lotteryPosition)`, an exact
 * integer in a double for any realistic n.
 */
export interface Instance {
  policy: Policy;
  seed: string;
  studentCount: number;
  placementCount: number;
  studentIds: string[];
  placementIds: string[];
  studentIndex: Map<string, number>;
  placementIndex: Map<string, number>;
  /** Entries in each student's list (0: listed nothing). */
  listed: Int32Array;
  edgeStart: Int32Array;
  edgePlacement: Int32Array;
  edgeRank: Int32Array;
  edgeKey: Float64Array;
  /** Seats as given (possibly more than 2^31). */
  capacity: Float64Array;
  /** min(capacity, eligible applicants): the seats any matching can fill. */
  seats: Int32Array;
  /** `priorityClass * 2n` per student. */
  classBase: Float64Array;
  lotteryPosition: Int32Array;
  /** Each placement's ranking as student indices, or undefined when it gave none. */
  rankedStudents: (Int32Array | undefined)[];
}

const POLICIES: readonly Policy[] = ['stable', 'welfare'];

/** Interns string codes into dense integers, so that sets of codes become bit masks. */
class Codes {
  readonly index = new Map<string, number>();

  add(code: string): number {
    let i = this.index.get(code);
    if (i === undefined) {
      i = this.index.size;
      this.index.set(code, i);
    }
    return i;
  }

  get words(): number {
    return Math.max(1, Math.ceil(this.index.size / 32));
  }
}

const isFiniteNumber = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value);

function checkLocation(location: LatLng | undefined | null, field: string, id: string): boolean {
  if (location == null) return false;
  if (
    !isFiniteNumber(location.lat) ||
    !isFiniteNumber(location.lng) ||
    Math.abs(location.lat) > 90 ||
    Math.abs(location.lng) > 180
  ) {
    throw new AllocationInputError(field, id, 'must have a finite lat (±90) and lng (±180)');
  }
  return true;
}

function checkDates(start: unknown, end: unknown, field: string, id: string): [number, number] {
  const from = dayNumber(start);
  if (from === null) {
    throw new AllocationInputError(
      `${field}startDate`,
      id,
      `"${String(start)}" is not a YYYY-MM-DD date`,
    );
  }
  const to = dayNumber(end);
  if (to === null) {
    throw new AllocationInputError(
      `${field}endDate`,
      id,
      `"${String(end)}" is not a YYYY-MM-DD date`,
    );
  }
  if (to < from) {
    throw new AllocationInputError(
      `${field}endDate`,
      id,
      `${String(end)} is before startDate ${String(start)}`,
    );
  }
  return [from, to];
}

function checkStringList(value: unknown, field: string, id: string): string[] {
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
    throw new AllocationInputError(field, id, 'must be a list of strings');
  }
  return value as string[];
}

function checkId(value: unknown, field: string, position: number): string {
  if (typeof value !== 'string' || value === '') {
    throw new AllocationInputError(field, `#${position}`, 'must be a non-empty string');
  }
  return value;
}

/**
 * Checks `input` and builds the {@link Instance}. Throws {@link AllocationInputError} naming the
 * field and the id that carries the first problem found.
 */
export function buildInstance(input: AllocationInput, seed: string): Instance {
  const policy = input.policy ?? 'stable';
  if (!POLICIES.includes(policy)) {
    throw new AllocationInputError('policy', String(policy), "must be 'stable' or 'welfare'");
  }
  if (!Array.isArray(input.students))
    throw new AllocationInputError('students', '', 'must be a list');
  if (!Array.isArray(input.placements))
    throw new AllocationInputError('placements', '', 'must be a list');
  if (!Array.isArray(input.preferences))
    throw new AllocationInputError('preferences', '', 'must be a list');
  const students = input.students;
  const placements = input.placements;
  const n = students.length;
  const m = placements.length;
  const professions = new Codes();
  const requirements = new Codes();

  // Placements first: their requirement codes define the bits a student's compliance can set.
  const placementIds = new Array<string>(m);
  const placementIndex = new Map<string, number>();
  const capacity = new Float64Array(m);
  const minYear = new Float64Array(m);
  const placementStart = new Int32Array(m);
  const placementEnd = new Int32Array(m);
  const placementHasLocation = new Uint8Array(m);
  const placementXyz = new Float64Array(3 * m);
  const placementProfessions: number[][] = new Array(m);
  const placementRequirements: number[][] = new Array(m);
  for (let p = 0; p < m; p++) {
    const placement = placements[p];
    const id = checkId(placement?.id, 'placements.id', p);
    if (placementIndex.has(id))
      throw new AllocationInputError('placements.id', id, 'is used by two placements');
    placementIndex.set(id, p);
    placementIds[p] = id;
    const cap = placement.capacity;
    if (!Number.isSafeInteger(cap) || cap < 0) {
      throw new AllocationInputError(
        'placements.capacity',
        id,
        `must be a non-negative integer (got ${String(cap)})`,
      );
    }
    capacity[p] = cap;
    const min = placement.minYearOfStudy ?? 1;
    if (!isFiniteNumber(min))
      throw new AllocationInputError('placements.minYearOfStudy', id, 'must be a number');
    minYear[p] = min;
    [placementStart[p], placementEnd[p]] = checkDates(
      placement.startDate,
      placement.endDate,
      'placements.',
      id,
    );
    if (checkLocation(placement.location, 'placements.location', id)) {
      placementHasLocation[p] = 1;
      unitVector(placement.location as LatLng, placementXyz, 3 * p);
    }
    placementProfessions[p] = checkStringList(
      placement.professions,
      'placements.professions',
      id,
    ).map((code) => professions.add(code));
    placementRequirements[p] = checkStringList(
      placement.requirements ?? [],
      'placements.requirements',
      id,
    ).map((code) => requirements.add(code));
  }
  const requirementWords = requirements.words;
  const requirementMask = new Uint32Array(m * requirementWords);
  for (let p = 0; p < m; p++) {
    for (const code of placementRequirements[p])
      requirementMask[p * requirementWords + (code >>> 5)] |= 1 << (code & 31);
  }

  const studentIds = new Array<string>(n);
  const studentIndex = new Map<string, number>();
  const profession = new Int32Array(n);
  const year = new Float64Array(n);
  const priority = new Float64Array(n);
  const complianceMask = new Uint32Array(n * requirementWords);
  const hasTravelLimit = new Uint8Array(n);
  const studentXyz = new Float64Array(3 * n);
  const chordLimitSquared = new Float64Array(n);
  const busyStart = new Int32Array(n + 1);
  const busyDays: number[] = [];
  for (let s = 0; s < n; s++) {
    const student = students[s];
    const id = checkId(student?.id, 'students.id', s);
    if (studentIndex.has(id))
      throw new AllocationInputError('students.id', id, 'is used by two students');
    studentIndex.set(id, s);
    studentIds[s] = id;
    if (typeof student.profession !== 'string')
      throw new AllocationInputError('students.profession', id, 'must be a string');
    profession[s] = professions.add(student.profession);
    if (!isFiniteNumber(student.yearOfStudy))
      throw new AllocationInputError('students.yearOfStudy', id, 'must be a number');
    year[s] = student.yearOfStudy;
    const pri = student.priority ?? 0;
    if (!isFiniteNumber(pri))
      throw new AllocationInputError('students.priority', id, 'must be a number');
    priority[s] = pri;
    for (const code of checkStringList(student.compliance ?? [], 'students.compliance', id)) {
      const bit = requirements.index.get(code);
      if (bit !== undefined) complianceMask[s * requirementWords + (bit >>> 5)] |= 1 << (bit & 31);
    }
    const hasLocation = checkLocation(student.location, 'students.location', id);
    const limit = student.maxTravelKm;
    if (limit != null && (typeof limit !== 'number' || Number.isNaN(limit) || limit < 0)) {
      throw new AllocationInputError('students.maxTravelKm', id, 'must be a non-negative number');
    }
    if (hasLocation && limit != null) {
      unitVector(student.location as LatLng, studentXyz, 3 * s);
      // A great-circle distance d spans the chord 2·sin(d / 2R); comparing squared chords is the
      // haversine test without any trigonometry per pair.
      const angle = limit / EARTH_RADIUS_KM;
      if (angle < Math.PI) {
        hasTravelLimit[s] = 1;
        chordLimitSquared[s] = (2 * Math.sin(angle / 2)) ** 2;
      }
    }
    const busy = student.busy ?? [];
    if (!Array.isArray(busy))
      throw new AllocationInputError('students.busy', id, 'must be a list of date ranges');
    for (const range of busy) {
      const [from, to] = checkDates(range?.startDate, range?.endDate, 'students.busy.', id);
      busyDays.push(from, to);
    }
    busyStart[s + 1] = busyDays.length >>> 1;
  }
  const professionWords = professions.words;
  const professionMask = new Uint32Array(m * professionWords);
  for (let p = 0; p < m; p++) {
    for (const code of placementProfessions[p])
      professionMask[p * professionWords + (code >>> 5)] |= 1 << (code & 31);
  }
  const busy = Int32Array.from(busyDays);

  // Which list belongs to which student, and how many entries there are in all.
  const preferences = input.preferences;
  const listOf = new Int32Array(n).fill(-1);
  const listed = new Int32Array(n);
  let entries = 0;
  for (let i = 0; i < preferences.length; i++) {
    const studentId = preferences[i]?.studentId;
    const s = studentIndex.get(studentId);
    if (s === undefined)
      throw new AllocationInputError(
        'preferences.studentId',
        String(studentId),
        'is not a student',
      );
    if (listOf[s] >= 0)
      throw new AllocationInputError(
        'preferences.studentId',
        studentId,
        'has two preference lists',
      );
    const list = checkStringList(
      preferences[i].placementIds,
      'preferences.placementIds',
      studentId,
    );
    listOf[s] = i;
    listed[s] = list.length;
    entries += list.length;
  }

  // Eligible edges, written compactly in student order.
  const edgeStart = new Int32Array(n + 1);
  let edgePlacement = new Int32Array(entries);
  let edgeRank = new Int32Array(entries);
  const applicants = new Int32Array(m);
  const listedBy = new Int32Array(m).fill(-1);
  let edges = 0;
  for (let s = 0; s < n; s++) {
    const i = listOf[s];
    if (i >= 0) {
      const list = preferences[i].placementIds;
      const pw = profession[s] >>> 5;
      const pbit = 1 << (profession[s] & 31);
      const bFrom = busyStart[s];
      const bTo = busyStart[s + 1];
      const limited = hasTravelLimit[s] === 1;
      for (let k = 0; k < list.length; k++) {
        const p = placementIndex.get(list[k]);
        if (p === undefined) {
          throw new AllocationInputError(
            'preferences.placementIds',
            studentIds[s],
            `lists unknown placement "${list[k]}"`,
          );
        }
        if (listedBy[p] === s) {
          throw new AllocationInputError(
            'preferences.placementIds',
            studentIds[s],
            `lists placement "${list[k]}" twice`,
          );
        }
        listedBy[p] = s;
        if (capacity[p] === 0) continue;
        if ((professionMask[p * professionWords + pw] & pbit) === 0) continue;
        if (year[s] < minYear[p]) continue;
        let compliant = true;
        for (let w = 0; w < requirementWords; w++) {
          if (
            (requirementMask[p * requirementWords + w] &
              ~complianceMask[s * requirementWords + w]) !==
            0
          ) {
            compliant = false;
            break;
          }
        }
        if (!compliant) continue;
        if (limited && placementHasLocation[p] === 1) {
          const dx = studentXyz[3 * s] - placementXyz[3 * p];
          const dy = studentXyz[3 * s + 1] - placementXyz[3 * p + 1];
          const dz = studentXyz[3 * s + 2] - placementXyz[3 * p + 2];
          if (dx * dx + dy * dy + dz * dz > chordLimitSquared[s]) continue;
        }
        let clash = false;
        for (let b = bFrom; b < bTo; b++) {
          if (busy[2 * b] <= placementEnd[p] && placementStart[p] <= busy[2 * b + 1]) {
            clash = true;
            break;
          }
        }
        if (clash) continue;
        edgePlacement[edges] = p;
        edgeRank[edges] = k + 1;
        applicants[p]++;
        edges++;
      }
    }
    edgeStart[s + 1] = edges;
  }
  if (edges < entries) {
    edgePlacement = edgePlacement.subarray(0, edges);
    edgeRank = edgeRank.subarray(0, edges);
  }
  const seats = new Int32Array(m);
  for (let p = 0; p < m; p++) seats[p] = Math.min(capacity[p], applicants[p]);

  // The placements' orders: priority class, then ranking, then the lottery.
  const lotteryPosition = drawLottery(seed, studentIds).position;
  const classBase = priorityClassBase(priority);
  const edgeKey = new Float64Array(edges);
  for (let s = 0; s < n; s++) {
    const unranked = classBase[s] + n + lotteryPosition[s];
    for (let e = edgeStart[s]; e < edgeStart[s + 1]; e++) edgeKey[e] = unranked;
  }
  const rankedStudents = applyRankings(input, studentIndex, placementIndex, {
    n,
    m,
    edgeStart,
    edgePlacement,
    edgeKey,
    classBase,
  });

  return {
    policy,
    seed,
    studentCount: n,
    placementCount: m,
    studentIds,
    placementIds,
    studentIndex,
    placementIndex,
    listed,
    edgeStart,
    edgePlacement,
    edgeRank,
    edgeKey,
    capacity,
    seats,
    classBase,
    lotteryPosition,
    rankedStudents,
  };
}

function unitVector(location: LatLng, out: Float64Array, at: number): void {
  const lat = (location.lat * Math.PI) / 180;
  const lng = (location.lng * Math.PI) / 180;
  out[at] = Math.cos(lat) * Math.cos(lng);
  out[at + 1] = Math.cos(lat) * Math.sin(lng);
  out[at + 2] = Math.sin(lat);
}

/** `class * 2n`, where class 0 holds the highest priority present. */
function priorityClassBase(priority: Float64Array): Float64Array {
  const n = priority.length;
  const base = new Float64Array(n);
  let uniform = true;
  for (let s = 1; s < n && uniform; s++) uniform = priority[s] === priority[0];
  if (uniform) return base;
  const distinct = Float64Array.from(new Set(priority)).sort().reverse();
  const classOf = new Map<number, number>();
  distinct.forEach((value, i) => classOf.set(value, i));
  for (let s = 0; s < n; s++) base[s] = (classOf.get(priority[s]) as number) * 2 * n;
  return base;
}

/**
 * Checks the rankings and lowers the key of each ranked applicant to `classBase + position`.
 * Student lists are short, so each ranked student's edge to the placement is found by scanning
 * that student's list.
 */
function applyRankings(
  input: AllocationInput,
  studentIndex: Map<string, number>,
  placementIndex: Map<string, number>,
  graph: {
    n: number;
    m: number;
    edgeStart: Int32Array;
    edgePlacement: Int32Array;
    edgeKey: Float64Array;
    classBase: Float64Array;
  },
): (Int32Array | undefined)[] {
  const { n, m, edgeStart, edgePlacement, edgeKey, classBase } = graph;
  const rankedStudents = new Array<Int32Array | undefined>(m);
  const rankings = input.rankings ?? [];
  if (!Array.isArray(rankings)) throw new AllocationInputError('rankings', '', 'must be a list');
  const seenIn = new Int32Array(n).fill(-1);
  for (let r = 0; r < rankings.length; r++) {
    const placementId = rankings[r]?.placementId;
    const p = placementIndex.get(placementId);
    if (p === undefined)
      throw new AllocationInputError(
        'rankings.placementId',
        String(placementId),
        'is not a placement',
      );
    if (rankedStudents[p])
      throw new AllocationInputError('rankings.placementId', placementId, 'has two rankings');
    const list = checkStringList(rankings[r].studentIds, 'rankings.studentIds', placementId);
    const ranked = new Int32Array(list.length);
    for (let position = 0; position < list.length; position++) {
      const s = studentIndex.get(list[position]);
      if (s === undefined) {
        throw new AllocationInputError(
          'rankings.studentIds',
          placementId,
          `ranks unknown student "${list[position]}"`,
        );
      }
      if (seenIn[s] === r) {
        throw new AllocationInputError(
          'rankings.studentIds',
          placementId,
          `ranks student "${list[position]}" twice`,
        );
      }
      seenIn[s] = r;
      ranked[position] = s;
      for (let e = edgeStart[s]; e < edgeStart[s + 1]; e++) {
        if (edgePlacement[e] === p) {
          edgeKey[e] = classBase[s] + position;
          break;
        }
      }
    }
    rankedStudents[p] = ranked;
  }
  return rankedStudents;
}

/** Placement `p`'s key for student `s` when (s, p) need not be an eligible edge. */
export function orderKey(instance: Instance, s: number, p: number): number {
  const ranked = instance.rankedStudents[p];
  const position = ranked ? ranked.indexOf(s) : -1;
  return (
    instance.classBase[s] +
    (position >= 0 ? position : instance.studentCount + instance.lotteryPosition[s])
  );
}
