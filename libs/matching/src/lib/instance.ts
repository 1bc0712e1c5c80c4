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
  for (const field of ['students', 'placements', 'preferences'] as const) {
    if (!Array.isArray(input[field])) throw new AllocationInputError(field, '', 'must be a list');
  }
  const professions = new Codes();
  const requirements = new Codes();
  // Placements first: their requirement codes define the bits a student's compliance can set.
  const placements = indexPlacements(input, professions, requirements);
  const students = indexStudents(input, professions, requirements, placements.professionWords);
  const n = students.ids.length;
  const edges = indexPreferences(input, students, placements);

  // The placements' orders: priority class, then ranking, then the lottery.
  const lotteryPosition = drawLottery(seed, students.ids).position;
  const classBase = priorityClassBase(students.priority);
  const { edgeStart } = edges;
  const edgeKey = new Float64Array(edges.edgePlacement.length);
  for (let s = 0; s < n; s++) {
    const unranked = classBase[s] + n + lotteryPosition[s];
    for (let e = edgeStart[s]; e < edgeStart[s + 1]; e++) edgeKey[e] = unranked;
  }
  const rankedStudents = applyRankings(input, students.index, placements.index, {
    n,
    m: placements.ids.length,
    edgeStart,
    edgePlacement: edges.edgePlacement,
    edgeKey,
    classBase,
  });

  return {
    policy,
    seed,
    studentCount: n,
    placementCount: placements.ids.length,
    studentIds: students.ids,
    placementIds: placements.ids,
    studentIndex: students.index,
    placementIndex: placements.index,
    listed: edges.listed,
    edgeStart,
    edgePlacement: edges.edgePlacement,
    edgeRank: edges.edgeRank,
    edgeKey,
    capacity: placements.capacity,
    seats: edges.seats,
    classBase,
    lotteryPosition,
    rankedStudents,
  };
}

interface PlacementTable {
  ids: string[];
  index: Map<string, number>;
  capacity: Float64Array;
  minYear: Float64Array;
  start: Int32Array;
  end: Int32Array;
  hasLocation: Uint8Array;
  xyz: Float64Array;
  professionWords: number;
  professionCodes: number[][];
  requirementWords: number;
  requirementMask: Uint32Array;
}

function indexPlacements(
  input: AllocationInput,
  professions: Codes,
  requirements: Codes,
): PlacementTable {
  const placements = input.placements;
  const m = placements.length;
  const ids = new Array<string>(m);
  const index = new Map<string, number>();
  const capacity = new Float64Array(m);
  const minYear = new Float64Array(m);
  const start = new Int32Array(m);
  const end = new Int32Array(m);
  const hasLocation = new Uint8Array(m);
  const xyz = new Float64Array(3 * m);
  const professionCodes: number[][] = new Array(m);
  const requirementCodes: number[][] = new Array(m);
  for (let p = 0; p < m; p++) {
    const placement = placements[p];
    const id = checkId(placement?.id, 'placements.id', p);
    index.set(id, p);
    if (index.size === p) {
      throw new AllocationInputError('placements.id', id, 'is used by two placements');
    }
    ids[p] = id;
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
    if (!isFiniteNumber(min)) {
      throw new AllocationInputError('placements.minYearOfStudy', id, 'must be a number');
    }
    minYear[p] = min;
    [start[p], end[p]] = checkDates(placement.startDate, placement.endDate, 'placements.', id);
    if (checkLocation(placement.location, 'placements.location', id)) {
      hasLocation[p] = 1;
      unitVector(placement.location as LatLng, xyz, 3 * p);
    }
    professionCodes[p] = checkStringList(placement.professions, 'placements.professions', id).map(
      (code) => professions.add(code),
    );
    requirementCodes[p] = checkStringList(
      placement.requirements ?? [],
      'placements.requirements',
      id,
    ).map((code) => requirements.add(code));
  }
  const requirementWords = requirements.words;
  const requirementMask = new Uint32Array(m * requirementWords);
  for (let p = 0; p < m; p++) {
    for (const code of requirementCodes[p]) {
      requirementMask[p * requirementWords + (code >>> 5)] |= 1 << (code & 31);
    }
  }
  return {
    ids,
    index,
    capacity,
    minYear,
    start,
    end,
    hasLocation,
    xyz,
    // Students may bring professions no placement takes; those need no bit.
    professionWords: professions.words,
    professionCodes,
    requirementWords,
    requirementMask,
  };
}

interface StudentTable {
  ids: string[];
  index: Map<string, number>;
  /** Profession codes; -1 for a profession no placement takes. */
  profession: Int32Array;
  year: Float64Array;
  priority: Float64Array;
  complianceMask: Uint32Array;
  hasTravelLimit: Uint8Array;
  xyz: Float64Array;
  chordLimitSquared: Float64Array;
  busyStart: Int32Array;
  busy: Int32Array;
}

function indexStudents(
  input: AllocationInput,
  professions: Codes,
  requirements: Codes,
  professionWords: number,
): StudentTable {
  const students = input.students;
  const n = students.length;
  const requirementWords = requirements.words;
  const ids = new Array<string>(n);
  const index = new Map<string, number>();
  const profession = new Int32Array(n);
  const year = new Float64Array(n);
  const priority = new Float64Array(n);
  const complianceMask = new Uint32Array(n * requirementWords);
  const hasTravelLimit = new Uint8Array(n);
  const xyz = new Float64Array(3 * n);
  const chordLimitSquared = new Float64Array(n);
  const busyStart = new Int32Array(n + 1);
  const busyDays: number[] = [];
  for (let s = 0; s < n; s++) {
    const student = students[s];
    const id = checkId(student?.id, 'students.id', s);
    index.set(id, s);
    if (index.size === s)
      throw new AllocationInputError('students.id', id, 'is used by two students');
    ids[s] = id;
    if (typeof student.profession !== 'string') {
      throw new AllocationInputError('students.profession', id, 'must be a string');
    }
    const code = professions.index.get(student.profession);
    profession[s] = code !== undefined && code < professionWords * 32 ? code : -1;
    if (!isFiniteNumber(student.yearOfStudy)) {
      throw new AllocationInputError('students.yearOfStudy', id, 'must be a number');
    }
    year[s] = student.yearOfStudy;
    const pri = student.priority ?? 0;
    if (!isFiniteNumber(pri))
      throw new AllocationInputError('students.priority', id, 'must be a number');
    priority[s] = pri;
    const compliance = student.compliance ?? [];
    if (!Array.isArray(compliance)) {
      throw new AllocationInputError('students.compliance', id, 'must be a list of strings');
    }
    for (let k = 0; k < compliance.length; k++) {
      const bit = requirements.index.get(compliance[k]);
      if (bit !== undefined) complianceMask[s * requirementWords + (bit >>> 5)] |= 1 << (bit & 31);
      else if (typeof compliance[k] !== 'string') {
        throw new AllocationInputError('students.compliance', id, 'must be a list of strings');
      }
    }
    const hasLocation = checkLocation(student.location, 'students.location', id);
    const limit = student.maxTravelKm;
    if (limit != null && (typeof limit !== 'number' || Number.isNaN(limit) || limit < 0)) {
      throw new AllocationInputError('students.maxTravelKm', id, 'must be a non-negative number');
    }
    if (hasLocation && limit != null) {
      unitVector(student.location as LatLng, xyz, 3 * s);
      // A great-circle distance d spans the chord 2·sin(d / 2R); comparing squared chords is the
      // haversine test without any trigonometry per pair.
      const angle = limit / EARTH_RADIUS_KM;
      if (angle < Math.PI) {
        hasTravelLimit[s] = 1;
        chordLimitSquared[s] = (2 * Math.sin(angle / 2)) ** 2;
      }
    }
    const busy = student.busy ?? [];
    if (!Array.isArray(busy)) {
      throw new AllocationInputError('students.busy', id, 'must be a list of date ranges');
    }
    for (const range of busy) {
      const [from, to] = checkDates(range?.startDate, range?.endDate, 'students.busy.', id);
      busyDays.push(from, to);
    }
    busyStart[s + 1] = busyDays.length >>> 1;
  }
  return {
    ids,
    index,
    profession,
    year,
    priority,
    complianceMask,
    hasTravelLimit,
    xyz,
    chordLimitSquared,
    busyStart,
    busy: Int32Array.from(busyDays),
  };
}

interface EdgeTable {
  listed: Int32Array;
  edgeStart: Int32Array;
  edgePlacement: Int32Array;
  edgeRank: Int32Array;
  seats: Int32Array;
}

/** The eligible preference edges, written compactly in student order (CSR). */
function indexPreferences(
  input: AllocationInput,
  students: StudentTable,
  placements: PlacementTable,
): EdgeTable {
  const n = students.ids.length;
  const m = placements.ids.length;
  const preferences = input.preferences;
  // Which list belongs to which student, and how many entries there are in all.
  const listOf = new Int32Array(n).fill(-1);
  const listed = new Int32Array(n);
  let entries = 0;
  for (let i = 0; i < preferences.length; i++) {
    const studentId = preferences[i]?.studentId;
    // Lists usually come in the order of students: then no lookup is needed.
    const s = studentId === students.ids[i] ? i : students.index.get(studentId);
    if (s === undefined) {
      throw new AllocationInputError(
        'preferences.studentId',
        String(studentId),
        'is not a student',
      );
    }
    if (listOf[s] >= 0) {
      throw new AllocationInputError(
        'preferences.studentId',
        studentId,
        'has two preference lists',
      );
    }
    const list = preferences[i].placementIds;
    if (!Array.isArray(list)) {
      throw new AllocationInputError(
        'preferences.placementIds',
        studentId,
        'must be a list of ids',
      );
    }
    listOf[s] = i;
    listed[s] = list.length;
    entries += list.length;
  }

  // Pass 1: resolve every listed id, in student order. Only string lookups happen here, so the
  // eligibility pass that follows touches nothing but typed arrays.
  const studentIds = students.ids;
  const placementIndex = placements.index;
  const listStart = new Int32Array(n + 1);
  const resolved = new Int32Array(entries);
  const listedBy = new Int32Array(m).fill(-1);
  let at = 0;
  for (let s = 0; s < n; s++) {
    const i = listOf[s];
    if (i >= 0) {
      const list = preferences[i].placementIds;
      for (let k = 0; k < list.length; k++) {
        const p = placementIndex.get(list[k]);
        if (p === undefined || listedBy[p] === s) {
          throw new AllocationInputError(
            'preferences.placementIds',
            studentIds[s],
            p === undefined
              ? `lists unknown placement "${String(list[k])}"`
              : `lists placement "${list[k]}" twice`,
          );
        }
        listedBy[p] = s;
        resolved[at++] = p;
      }
    }
    listStart[s + 1] = at;
  }
  return eligibleEdges(students, placements, listStart, resolved, listed);
}

/**
 * Pass 2: keeps the eligible entries, compacted in place (the CSR edges reuse the buffer of
 * resolved ids). Each placement's attributes sit together in one record of 8 numbers, so an entry
 * costs one cache line of placement data however large the round.
 */
function eligibleEdges(
  students: StudentTable,
  placements: PlacementTable,
  listStart: Int32Array,
  resolved: Int32Array,
  listed: Int32Array,
): EdgeTable {
  const n = students.ids.length;
  const m = placements.ids.length;
  const { profession, year, complianceMask, hasTravelLimit, busyStart, busy } = students;
  const studentXyz = students.xyz;
  const chordLimitSquared = students.chordLimitSquared;
  const { capacity, professionWords, requirementWords, requirementMask } = placements;
  const professionMask = new Uint32Array(m * professionWords);
  for (let p = 0; p < m; p++) {
    for (const code of placements.professionCodes[p]) {
      professionMask[p * professionWords + (code >>> 5)] |= 1 << (code & 31);
    }
  }
  // [minimum year (Infinity when no seats), x (NaN without location), y, z, start day, end day,
  //  first word of the profession mask, first word of the requirement mask]
  const record = new Float64Array(8 * m);
  for (let p = 0; p < m; p++) {
    const r = 8 * p;
    record[r] = capacity[p] > 0 ? placements.minYear[p] : Infinity;
    record[r + 1] = placements.hasLocation[p] ? placements.xyz[3 * p] : NaN;
    record[r + 2] = placements.xyz[3 * p + 1];
    record[r + 3] = placements.xyz[3 * p + 2];
    record[r + 4] = placements.start[p];
    record[r + 5] = placements.end[p];
    record[r + 6] = professionMask[p * professionWords];
    record[r + 7] = requirementMask[p * requirementWords];
  }

  const edgeStart = new Int32Array(n + 1);
  const edgePlacement = resolved;
  const edgeRank = new Int32Array(resolved.length);
  const applicants = new Int32Array(m);
  let edges = 0;
  for (let s = 0; s < n; s++) {
    const code = profession[s];
    const word = code >>> 5;
    const bit = code & 31;
    const compliance = complianceMask[s * requirementWords];
    const busyFrom = busyStart[s];
    const busyTo = busyStart[s + 1];
    const limited = hasTravelLimit[s] === 1;
    const sx = studentXyz[3 * s];
    const sy = studentXyz[3 * s + 1];
    const sz = studentXyz[3 * s + 2];
    const limit = chordLimitSquared[s];
    const age = year[s];
    const first = listStart[s];
    const last = listStart[s + 1];
    for (let k = first; k < last; k++) {
      const p = resolved[k];
      const r = 8 * p;
      if (code < 0 || age < record[r]) continue;
      const accepts = word === 0 ? record[r + 6] : professionMask[p * professionWords + word];
      if (((accepts >>> bit) & 1) === 0) continue;
      if ((record[r + 7] & ~compliance) !== 0) continue;
      let eligible = true;
      for (let w = 1; w < requirementWords; w++) {
        const missing = requirementMask[p * requirementWords + w];
        if ((missing & ~complianceMask[s * requirementWords + w]) !== 0) eligible = false;
      }
      const x = record[r + 1];
      if (eligible && limited && x === x) {
        const dx = sx - x;
        const dy = sy - record[r + 2];
        const dz = sz - record[r + 3];
        eligible = dx * dx + dy * dy + dz * dz <= limit;
      }
      for (let b = busyFrom; eligible && b < busyTo; b++) {
        eligible = busy[2 * b] > record[r + 5] || record[r + 4] > busy[2 * b + 1];
      }
      if (!eligible) continue;
      edgePlacement[edges] = p;
      edgeRank[edges] = k - first + 1;
      applicants[p]++;
      edges++;
    }
    edgeStart[s + 1] = edges;
  }
  const entries = resolved.length;
  const seats = new Int32Array(m);
  for (let p = 0; p < m; p++) seats[p] = Math.min(capacity[p], applicants[p]);
  return {
    listed,
    edgeStart,
    edgePlacement: edges < entries ? edgePlacement.subarray(0, edges) : edgePlacement,
    edgeRank: edges < entries ? edgeRank.subarray(0, edges) : edgeRank,
    seats,
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
