import { dayNumber } from './dates';
import { IdDictionary, IdTable } from './id-table';
import { drawLottery } from './lottery';
import { AllocationInput, AllocationInputError, LatLng, Policy } from './types';

/** Mean Earth radius (IUGG), in kilometres, as in @ahp/geo. */
export const EARTH_RADIUS_KM = 6371.0088;

/**
 * An allocation input checked and turned into integer indices and typed arrays. Student `s` and
 * placement `p` are positions in the input arrays.
 *
 * Every entry of every preference list is kept, in student order (CSR): the entries of student
 * `s` are `listStart[s] .. listStart[s + 1] - 1`, most wanted first, so entry `e`'s rank is
 * `e - listStart[s] + 1`. `entryPlacement[e]` is the placement plus one when the pair is eligible
 * and 0 when it is not, so no algorithm ever proposes along an ineligible entry.
 *
 * A placement's order over students is one number per (student, placement), smaller preferred:
 * `classBase + (ranked ? rankingPosition : n + lotteryPosition)`, where `classBase` is
 * `priorityClass * 2n` (class 0 holds the highest priority present). `studentKey[s]` is the
 * unranked key; the ranked pairs of each student are listed in `rankStart`/`rankPlacement`/
 * `rankPosition` (CSR by student). Keys are exact integers in a double for any realistic n.
 *
 * Why this shape: at 500,000 students with 20 choices each, time goes to memory. Fresh pages
 * cost about 1 ms per MiB here, and V8 starts a full garbage collection (marking the whole input,
 * about 0.5 s at that size) each time 64 MiB more of typed arrays is allocated. So the instance
 * stores one 4-byte (or 2-byte) number per listed entry and nothing else per entry: no separate
 * ranks (implied by the position), no per-edge keys (per student, plus the few ranked pairs).
 */
export interface Instance {
  policy: Policy;
  seed: string;
  studentCount: number;
  placementCount: number;
  studentIds: string[];
  placementIds: string[];
  /** Student positions by id (an open-addressing table: 500,000 ids build faster than a Map). */
  studentIndex: IdTable;
  /** Placement positions by id (see {@link IdDictionary}). */
  placementIndex: IdDictionary;
  listStart: Int32Array;
  /** Placement + 1 for an eligible entry, 0 for an ineligible one. */
  entryPlacement: Entries;
  /** Eligible entries in all. */
  eligible: number;
  /** Seats as given (possibly more than 2^31). */
  capacity: Float64Array;
  /** min(capacity, eligible applicants): the seats any matching can fill. */
  seats: Int32Array;
  /** The key of student `s` at a placement that does not rank them. */
  studentKey: Float64Array;
  lotteryPosition: Int32Array;
  rankStart: Int32Array;
  rankPlacement: Int32Array;
  rankPosition: Int32Array;
  /**
   * Arrays that building the instance needed and no longer does (contents undefined). An
   * algorithm may reuse them instead of allocating: at stress scale every 64 MiB of new typed
   * arrays sets off a full garbage collection of the whole input (about 0.5 s).
   */
  spare: Int32Array[];
}

/** Uint16Array while placement numbers fit (half the memory), else Int32Array. */
export type Entries = Uint16Array | Int32Array;

const POLICIES: readonly Policy[] = ['stable', 'welfare'];

/** Stands for an absent optional list (no empty array allocated per student; never written). */
const NONE: readonly never[] = [];

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

/** Day numbers of date strings, parsed once each (a round holds few distinct dates). */
class Dates {
  private readonly days = new Map<unknown, number>();

  /** [from, to] of a range, checked. */
  range(start: unknown, end: unknown, field: string, id: string, out: Int32Array, at: number) {
    const from = this.day(start);
    if (from !== from) {
      throw new AllocationInputError(
        `${field}startDate`,
        id,
        `"${String(start)}" is not a YYYY-MM-DD date`,
      );
    }
    const to = this.day(end);
    if (to !== to) {
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
    out[at] = from;
    out[at + 1] = to;
  }

  /** The day number, or NaN. */
  private day(text: unknown): number {
    let day = this.days.get(text);
    if (day === undefined) {
      day = dayNumber(text) ?? NaN;
      if (day === day) this.days.set(text, day);
    }
    return day;
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

function checkStringList(value: unknown, field: string, id: string): string[] {
  if (!Array.isArray(value)) throw new AllocationInputError(field, id, 'must be a list of strings');
  for (let i = 0; i < value.length; i++) {
    if (typeof value[i] !== 'string') {
      throw new AllocationInputError(field, id, 'must be a list of strings');
    }
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
 *
 * Each pass over many items is a function of its own with one hot loop, so that V8 optimises it
 * on its own (on-stack replacement) early in the first call and never meets code after the loop
 * that has not run yet.
 */
export function buildInstance(input: AllocationInput, seed: string): Instance {
  const policy = input.policy ?? 'stable';
  if (!POLICIES.includes(policy)) {
    throw new AllocationInputError('policy', String(policy), "must be 'stable' or 'welfare'");
  }
  for (const field of ['students', 'placements', 'preferences'] as const) {
    if (!Array.isArray(input[field])) throw new AllocationInputError(field, '', 'must be a list');
  }
  const rankings = input.rankings ?? [];
  if (!Array.isArray(rankings)) throw new AllocationInputError('rankings', '', 'must be a list');
  const dates = new Dates();
  const placements = indexPlacements(input.placements, dates);
  const n = input.students.length;
  const lists: Lists = { listOf: new Int32Array(n).fill(-1), listStart: new Int32Array(n + 1) };
  const students = indexStudents(input.students, input.preferences, lists);
  matchLists(input.preferences, students, lists, students.inOrder);
  prefixSums(lists.listStart);

  // The placements' orders: priority class, then ranking, then the lottery.
  const lottery = drawLottery(seed, students.ids);
  const lotteryPosition = lottery.position;
  const studentKey = studentKeys(students.priority, lotteryPosition);

  const entryPlacement: Entries =
    placements.ids.length < 0xffff
      ? new Uint16Array(lists.listStart[n])
      : new Int32Array(lists.listStart[n]);
  resolveLists(input.preferences, students, placements.index.positions, lists, entryPlacement);
  const eligible = collectEntries(input, students, placements, dates, lists, entryPlacement);
  // The lottery's working space and the list lookup are dead by now: the rankings reuse them.
  const ranks = indexRankings(rankings, students, placements.index, lottery.scratch, lists.listOf);
  const { capacity } = placements;
  const seats = seatsOf(capacity, placements.int);
  return {
    policy,
    seed,
    studentCount: n,
    placementCount: placements.ids.length,
    studentIds: students.ids,
    placementIds: placements.ids,
    studentIndex: students.index,
    placementIndex: placements.index,
    listStart: lists.listStart,
    entryPlacement,
    eligible,
    capacity,
    seats,
    studentKey,
    lotteryPosition,
    rankStart: ranks.rankStart,
    rankPlacement: ranks.rankPlacement,
    rankPosition: ranks.rankPosition,
    spare: [lottery.scratch, lists.listOf],
  };
}

/** min(capacity, eligible applicants) per placement. */
function seatsOf(capacity: Float64Array, record: Int32Array): Int32Array {
  const seats = new Int32Array(capacity.length);
  for (let p = 0; p < seats.length; p++) {
    seats[p] = Math.min(capacity[p], record[RECORD_INTS * p + APPLICANTS]);
  }
  return seats;
}

/**
 * Per placement, one 64-byte record, read together for each listed entry (one cache line, or two
 * adjacent ones), through two views of one buffer: 8 doubles or 16 int32s per placement. The
 * running state of the pass over lists lives in the same record, so that an entry touches no other
 * per-placement array.
 *
 * | double | int32   | field                                                              |
 * | ------ | ------- | ------------------------------------------------------------------ |
 * | 0–2    | 0–5     | unit vector x, y, z of the location (x is NaN without a location)  |
 * | 3      | 6–7     | minimum year of study (Infinity when there are no seats)           |
 * |        | 8, 9    | start and end day numbers                                          |
 * |        | 10      | first word of the profession mask                                  |
 * |        | 11      | first word of the requirement mask                                 |
 * |        | 12      | the last student whose list named it (repeats are errors), or -1   |
 * |        | 13      | eligible applicants so far                                         |
 */
const RECORD_DOUBLES = 8;
const RECORD_INTS = 16;
const MIN_YEAR = 3;
const START_DAY = 8;
const END_DAY = 9;
const PROFESSION_WORD = 10;
const REQUIREMENT_WORD = 11;
const LISTED_BY = 12;
const APPLICANTS = 13;

interface PlacementTable {
  ids: string[];
  index: IdDictionary;
  capacity: Float64Array;
  professions: Codes;
  requirements: Codes;
  professionWords: number;
  professionMask: Uint32Array;
  requirementWords: number;
  requirementMask: Uint32Array;
  /** The records (see above) as doubles. */
  real: Float64Array;
  /** The same records as int32s. */
  int: Int32Array;
}

function indexPlacements(placements: AllocationInput['placements'], dates: Dates): PlacementTable {
  const m = placements.length;
  const ids = new Array<string>(m);
  const index = new IdDictionary();
  const capacity = new Float64Array(m);
  const buffer = new ArrayBuffer(8 * RECORD_DOUBLES * m);
  const real = new Float64Array(buffer);
  const int = new Int32Array(buffer);
  const professions = new Codes();
  const requirements = new Codes();
  const professionCodes: number[] = [];
  const professionFirst = new Int32Array(m + 1);
  const requirementCodes: number[] = [];
  const requirementFirst = new Int32Array(m + 1);
  const days = new Int32Array(2);
  const xyz = new Float64Array(3);
  for (let p = 0; p < m; p++) {
    const placement = placements[p];
    const id = checkId(placement?.id, 'placements.id', p);
    if (!index.add(id)) {
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
    dates.range(placement.startDate, placement.endDate, 'placements.', id, days, 0);
    const r = RECORD_DOUBLES * p;
    const i = RECORD_INTS * p;
    real[r] = NaN;
    if (checkLocation(placement.location, 'placements.location', id)) {
      unitVector(placement.location as LatLng, xyz);
      real[r] = xyz[0];
      real[r + 1] = xyz[1];
      real[r + 2] = xyz[2];
    }
    real[r + MIN_YEAR] = cap > 0 ? min : Infinity;
    int[i + START_DAY] = days[0];
    int[i + END_DAY] = days[1];
    int[i + LISTED_BY] = -1;
    // Codes 0–31 go straight into the record's first mask words; all codes are also kept in
    // case a round has more than 32 (then the full masks are packed below).
    const codes = checkStringList(placement.professions, 'placements.professions', id);
    let word = 0;
    for (let k = 0; k < codes.length; k++) {
      const code = professions.add(codes[k]);
      professionCodes.push(code);
      if (code < 32) word |= 1 << code;
    }
    int[i + PROFESSION_WORD] = word;
    professionFirst[p + 1] = professionCodes.length;
    const required = checkStringList(placement.requirements ?? NONE, 'placements.requirements', id);
    word = 0;
    for (let k = 0; k < required.length; k++) {
      const code = requirements.add(required[k]);
      requirementCodes.push(code);
      if (code < 32) word |= 1 << code;
    }
    int[i + REQUIREMENT_WORD] = word;
    requirementFirst[p + 1] = requirementCodes.length;
  }
  // Only words beyond the first are read from the full masks, so with at most 32 codes (every
  // realistic round) they are never needed.
  const professionWords = professions.words;
  const professionMask =
    professionWords > 1
      ? packMasks(professionCodes, professionFirst, professionWords)
      : new Uint32Array(0);
  const requirementWords = requirements.words;
  const requirementMask =
    requirementWords > 1
      ? packMasks(requirementCodes, requirementFirst, requirementWords)
      : new Uint32Array(0);
  return {
    ids,
    index,
    capacity,
    professions,
    requirements,
    // Students may bring professions no placement takes; those need no bit.
    professionWords,
    professionMask,
    requirementWords,
    requirementMask,
    real,
    int,
  };
}

/** Bit masks of `words` 32-bit words per item from CSR lists of codes. */
function packMasks(codes: number[], first: Int32Array, words: number): Uint32Array {
  const items = first.length - 1;
  const mask = new Uint32Array(items * words);
  for (let i = 0; i < items; i++) {
    for (let k = first[i]; k < first[i + 1]; k++) {
      mask[i * words + (codes[k] >>> 5)] |= 1 << (codes[k] & 31);
    }
  }
  return mask;
}

interface StudentTable {
  ids: string[];
  index: IdTable;
  /** Each student's priority, or undefined when all are equal. */
  priority: Float64Array | undefined;
}

/**
 * Student ids (checked unique) and priorities; the other fields are read with the lists. Lists
 * usually come in the order of students (some students without one): while they do, each is
 * matched to its student here, by comparing ids, and `lists` records it; returns how many
 * preference lists were matched so ({@link matchLists} places the others).
 */
function indexStudents(
  students: AllocationInput['students'],
  preferences: AllocationInput['preferences'],
  lists: Lists,
): StudentTable & { inOrder: number } {
  const n = students.length;
  const index = new IdTable(n);
  const { listOf, listStart } = lists;
  let priority: Float64Array | undefined;
  let first = 0;
  let i = 0;
  for (let s = 0; s < n; s++) {
    const student = students[s];
    const id = checkId(student?.id, 'students.id', s);
    if (!index.add(id))
      throw new AllocationInputError('students.id', id, 'is used by two students');
    if (i < preferences.length && preferences[i]?.studentId === id) {
      const list = preferences[i].placementIds;
      if (!Array.isArray(list)) {
        throw new AllocationInputError('preferences.placementIds', id, 'must be a list of ids');
      }
      listOf[s] = i++;
      listStart[s + 1] = list.length;
    }
    const pri = student.priority ?? 0;
    if (!isFiniteNumber(pri)) {
      throw new AllocationInputError('students.priority', id, 'must be a number');
    }
    if (s === 0) first = pri;
    else if (pri !== first || priority !== undefined) {
      if (priority === undefined) priority = new Float64Array(n).fill(first);
      priority[s] = pri;
    }
  }
  return { ids: index.ids, index, priority, inOrder: i };
}

interface Lists {
  /** The index in `preferences` of each student's list, or -1. */
  listOf: Int32Array;
  listStart: Int32Array;
}

/**
 * Finds the students of the lists from `from` on (those out of student order), checking that each
 * is a student with no other list, and records the lengths in `listStart[s + 1]`.
 */
function matchLists(
  preferences: AllocationInput['preferences'],
  students: StudentTable,
  lists: Lists,
  from: number,
): void {
  const { ids, index } = students;
  const { listOf, listStart } = lists;
  const n = ids.length;
  let s = -1;
  for (let i = from; i < preferences.length; i++) {
    const studentId = preferences[i]?.studentId;
    // Lists usually come in the order of students (some without a list): then no lookup.
    s++;
    if (s >= n || ids[s] !== studentId)
      s = typeof studentId === 'string' ? index.get(studentId) : -1;
    if (s < 0) {
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
    listStart[s + 1] = list.length;
  }
}

/**
 * `classBase + n + lotteryPosition` per student, where `classBase` is `class * 2n` and class 0
 * holds the highest priority present.
 */
function studentKeys(priority: Float64Array | undefined, lotteryPosition: Int32Array) {
  const n = lotteryPosition.length;
  const key = new Float64Array(n);
  if (priority === undefined) {
    for (let s = 0; s < n; s++) key[s] = n + lotteryPosition[s];
    return key;
  }
  const distinct = Float64Array.from(new Set(priority)).sort().reverse();
  const classOf = new Map<number, number>();
  distinct.forEach((value, i) => classOf.set(value, i));
  for (let s = 0; s < n; s++) {
    key[s] = (classOf.get(priority[s]) as number) * 2 * n + n + lotteryPosition[s];
  }
  return key;
}

/** What one student brings to the eligibility test, read once per student. */
class Applicant {
  /** Profession code, or -1 for a profession no placement takes. */
  code = -1;
  year = 0;
  /** First word of the compliance mask (all of it in every realistic round). */
  compliance = 0;
  limited = false;
  x = 0;
  y = 0;
  z = 0;
  chordLimitSquared = 0;
  busyCount = 0;
  busy = new Int32Array(8);
  readonly xyz = new Float64Array(3);

  constructor(readonly complianceMask: Uint32Array) {}

  /** Checks and reads student `s`. */
  read(student: AllocationInput['students'][number], id: string, t: PlacementTable, dates: Dates) {
    if (typeof student.profession !== 'string') {
      throw new AllocationInputError('students.profession', id, 'must be a string');
    }
    this.code = t.professions.index.get(student.profession) ?? -1;
    if (!isFiniteNumber(student.yearOfStudy)) {
      throw new AllocationInputError('students.yearOfStudy', id, 'must be a number');
    }
    this.year = student.yearOfStudy;
    const compliance = student.compliance ?? NONE;
    if (!Array.isArray(compliance)) {
      throw new AllocationInputError('students.compliance', id, 'must be a list of strings');
    }
    const mask = this.complianceMask;
    for (let w = 0; w < mask.length; w++) mask[w] = 0;
    for (let k = 0; k < compliance.length; k++) {
      const bit = t.requirements.index.get(compliance[k]);
      if (bit !== undefined) mask[bit >>> 5] |= 1 << (bit & 31);
      else if (typeof compliance[k] !== 'string') {
        throw new AllocationInputError('students.compliance', id, 'must be a list of strings');
      }
    }
    this.compliance = mask[0];
    const hasLocation = checkLocation(student.location, 'students.location', id);
    const limit = student.maxTravelKm;
    if (limit != null && (typeof limit !== 'number' || Number.isNaN(limit) || limit < 0)) {
      throw new AllocationInputError('students.maxTravelKm', id, 'must be a non-negative number');
    }
    this.limited = false;
    if (hasLocation && limit != null) {
      // A great-circle distance d spans the chord 2·sin(d / 2R); comparing squared chords is the
      // haversine test without any trigonometry per pair.
      const angle = limit / EARTH_RADIUS_KM;
      if (angle < Math.PI) {
        this.limited = true;
        unitVector(student.location as LatLng, this.xyz);
        this.x = this.xyz[0];
        this.y = this.xyz[1];
        this.z = this.xyz[2];
        this.chordLimitSquared = (2 * Math.sin(angle / 2)) ** 2;
      }
    }
    const busy = student.busy ?? NONE;
    if (!Array.isArray(busy)) {
      throw new AllocationInputError('students.busy', id, 'must be a list of date ranges');
    }
    if (2 * busy.length > this.busy.length) this.busy = new Int32Array(2 * busy.length);
    for (let b = 0; b < busy.length; b++) {
      const range = busy[b];
      dates.range(range?.startDate, range?.endDate, 'students.busy.', id, this.busy, 2 * b);
    }
    this.busyCount = busy.length;
  }
}

/**
 * Resolves every listed placement id, in student order, writing placement + 1 to `entryPlacement`
 * (the entries' tests come after). Nothing but the lookup happens per entry here, and the lookups
 * do not depend on one another, so the processor overlaps their cache misses (at 10 million
 * entries these misses, not the arithmetic, are the cost).
 */
function resolveLists(
  preferences: AllocationInput['preferences'],
  students: StudentTable,
  positions: IdDictionary['positions'],
  lists: Lists,
  entryPlacement: Entries,
): void {
  const { ids } = students;
  const { listOf, listStart } = lists;
  const n = ids.length;
  for (let s = 0; s < n; s++) {
    const i = listOf[s];
    if (i < 0) continue;
    const list = preferences[i].placementIds;
    const first = listStart[s];
    for (let k = 0; k < list.length; k++) {
      const placementId = list[k];
      const p = typeof placementId === 'string' ? positions[placementId] : undefined;
      if (p === undefined) {
        throw new AllocationInputError(
          'preferences.placementIds',
          ids[s],
          `lists unknown placement "${String(placementId)}"`,
        );
      }
      entryPlacement[first + k] = p + 1;
    }
  }
}

/**
 * Reads every student and resolves and tests every entry of their list, in one pass in student
 * order. Writes `entryPlacement` and counts eligible applicants per placement; returns the number
 * of eligible entries.
 */
function collectEntries(
  input: AllocationInput,
  students: StudentTable,
  placements: PlacementTable,
  dates: Dates,
  lists: Lists,
  entryPlacement: Entries,
): number {
  const studentList = input.students;
  const preferences = input.preferences;
  const { ids } = students;
  const { listOf, listStart } = lists;
  const n = ids.length;
  const { real, int, professionMask, professionWords, requirementMask, requirementWords } =
    placements;
  const applicant = new Applicant(new Uint32Array(requirementWords));
  const complianceMask = applicant.complianceMask;
  let eligible = 0;
  for (let s = 0; s < n; s++) {
    const id = ids[s];
    applicant.read(studentList[s], id, placements, dates);
    const i = listOf[s];
    if (i < 0) continue;
    const first = listStart[s];
    const last = listStart[s + 1];
    // The student's side of the test, in locals for the loop over the list. A student with no
    // usable travel limit gets an infinite one, so the distance test always passes.
    const code = applicant.code;
    const known = code >= 0 ? 1 : 0;
    const word = known === 1 ? code >>> 5 : 0;
    const bit = known === 1 ? code & 31 : 0;
    const age = applicant.year;
    const compliance = applicant.compliance;
    const limited = applicant.limited;
    const sx = limited ? applicant.x : 0;
    const sy = limited ? applicant.y : 0;
    const sz = limited ? applicant.z : 0;
    const limit = limited ? applicant.chordLimitSquared : Infinity;
    const { busy, busyCount } = applicant;
    // The tests combine 0/1 values with & rather than branching on each: whether an entry is
    // eligible is unpredictable, and without those branches the processor can work on the
    // next entry's record (a cache miss at 50,000 placements) before this one is decided.
    for (let e = first; e < last; e++) {
      const p = entryPlacement[e] - 1;
      const at = RECORD_INTS * p;
      if (int[at + LISTED_BY] === s) {
        throw new AllocationInputError(
          'preferences.placementIds',
          id,
          `lists placement "${preferences[i].placementIds[e - first]}" twice`,
        );
      }
      int[at + LISTED_BY] = s;
      const r = RECORD_DOUBLES * p;
      const accepts =
        word === 0 ? int[at + PROFESSION_WORD] : professionMask[p * professionWords + word];
      // Without a location the placement's x is NaN, so the comparison is false: no limit.
      const dx = sx - real[r];
      const dy = sy - real[r + 1];
      const dz = sz - real[r + 2];
      let ok =
        known &
        (accepts >>> bit) &
        +(age >= real[r + MIN_YEAR]) &
        +((int[at + REQUIREMENT_WORD] & ~compliance) === 0) &
        +!(dx * dx + dy * dy + dz * dz > limit);
      for (let w = 1; w < requirementWords; w++) {
        ok &= +((requirementMask[p * requirementWords + w] & ~complianceMask[w]) === 0);
      }
      for (let b = 0; b < busyCount; b++) {
        ok &= +(busy[2 * b] > int[at + END_DAY]) | +(int[at + START_DAY] > busy[2 * b + 1]);
      }
      entryPlacement[e] = ok * (p + 1);
      int[at + APPLICANTS] += ok;
      eligible += ok;
    }
  }
  return eligible;
}

function unitVector(location: LatLng, out: Float64Array): void {
  const lat = (location.lat * Math.PI) / 180;
  const lng = (location.lng * Math.PI) / 180;
  const cosLat = Math.cos(lat);
  out[0] = cosLat * Math.cos(lng);
  out[1] = cosLat * Math.sin(lng);
  out[2] = Math.sin(lat);
}

interface RankTable {
  rankStart: Int32Array;
  rankPlacement: Int32Array;
  rankPosition: Int32Array;
}

/**
 * Checks the rankings and lists each student's (placement, position) pairs, grouped by student
 * (a counting sort), so that a placement's key for a student is found among that student's few
 * ranked pairs.
 */
function indexRankings(
  rankings: NonNullable<AllocationInput['rankings']>,
  students: StudentTable,
  placementIndex: IdDictionary,
  scratch: Int32Array,
  seenIn: Int32Array,
): RankTable {
  // One loop per function, as elsewhere: see buildInstance.
  const n = students.ids.length;
  // Each ranking's placement and length, read once: an empty list is an array of another kind
  // to V8, and reading its length again in each later loop would deoptimise each of them.
  const placementOf = new Int32Array(rankings.length);
  const lengthOf = new Int32Array(rankings.length);
  const total = checkRankings(rankings, placementIndex, placementOf, lengthOf);
  const rankStart = new Int32Array(n + 1);
  const rankedStudent = total <= scratch.length ? scratch : new Int32Array(total);
  resolveRanked(rankings, lengthOf, students.index, rankedStudent);
  countRanked(rankings, lengthOf, rankedStudent, rankStart, seenIn);
  prefixSums(rankStart);
  const rankPlacement = new Int32Array(total);
  const rankPosition = new Int32Array(total);
  scatterRanked(placementOf, lengthOf, rankedStudent, rankStart, rankPlacement, rankPosition);
  // rankStart[s] served as the cursor of student s, so it ends at the start of s + 1: shifting
  // by one place restores the starts (no separate cursor array).
  rankStart.copyWithin(1, 0, n);
  rankStart[0] = 0;
  return { rankStart, rankPlacement, rankPosition };
}

/** Checks each ranking's placement and list; returns the number of ranked ids. */
function checkRankings(
  rankings: NonNullable<AllocationInput['rankings']>,
  placementIndex: IdDictionary,
  placementOf: Int32Array,
  lengthOf: Int32Array,
): number {
  const ranked = new Int8Array(placementIndex.size);
  let total = 0;
  for (let r = 0; r < rankings.length; r++) {
    const placementId = rankings[r]?.placementId;
    const p = placementIndex.get(placementId);
    if (p < 0) {
      throw new AllocationInputError(
        'rankings.placementId',
        String(placementId),
        'is not a placement',
      );
    }
    if (ranked[p]) {
      throw new AllocationInputError('rankings.placementId', placementId, 'has two rankings');
    }
    ranked[p] = 1;
    placementOf[r] = p;
    lengthOf[r] = checkStringList(
      rankings[r].studentIds,
      'rankings.studentIds',
      placementId,
    ).length;
    total += lengthOf[r];
  }
  return total;
}

/**
 * Resolves every ranked student id, in a loop that does nothing else: the lookups do not depend
 * on one another, so their cache misses overlap (at 1.2 million ranked ids among 500,000
 * students nearly every one misses).
 */
function resolveRanked(
  rankings: NonNullable<AllocationInput['rankings']>,
  lengthOf: Int32Array,
  index: IdTable,
  rankedStudent: Int32Array,
): void {
  let at = 0;
  for (let r = 0; r < rankings.length; r++) {
    const length = lengthOf[r];
    if (length === 0) continue;
    const list = rankings[r].studentIds;
    for (let position = 0; position < length; position++) {
      const studentId = list[position];
      const s = typeof studentId === 'string' ? index.get(studentId) : -1;
      if (s < 0) {
        throw new AllocationInputError(
          'rankings.studentIds',
          rankings[r].placementId,
          `ranks unknown student "${list[position]}"`,
        );
      }
      rankedStudent[at++] = s;
    }
  }
}

/** Rejects a student ranked twice by one placement, and counts ranked pairs per student. */
function countRanked(
  rankings: NonNullable<AllocationInput['rankings']>,
  lengthOf: Int32Array,
  rankedStudent: Int32Array,
  count: Int32Array,
  seenIn: Int32Array,
): void {
  seenIn.fill(-1);
  let at = 0;
  for (let r = 0; r < lengthOf.length; r++) {
    const length = lengthOf[r];
    for (let position = 0; position < length; position++) {
      const s = rankedStudent[at++];
      if (seenIn[s] === r) {
        throw new AllocationInputError(
          'rankings.studentIds',
          rankings[r].placementId,
          `ranks student "${rankings[r].studentIds[position]}" twice`,
        );
      }
      seenIn[s] = r;
      count[s + 1]++;
    }
  }
}

/** Counts in `values[1..]` to starting offsets, in place. */
function prefixSums(values: Int32Array): void {
  for (let k = 1; k < values.length; k++) values[k] += values[k - 1];
}

/** Places each ranked pair in its student's group, advancing `cursor`. */
function scatterRanked(
  placementOf: Int32Array,
  lengthOf: Int32Array,
  rankedStudent: Int32Array,
  cursor: Int32Array,
  rankPlacement: Int32Array,
  rankPosition: Int32Array,
): void {
  let at = 0;
  for (let r = 0; r < placementOf.length; r++) {
    const p = placementOf[r];
    const length = lengthOf[r];
    for (let position = 0; position < length; position++) {
      const slot = cursor[rankedStudent[at++]]++;
      rankPlacement[slot] = p;
      rankPosition[slot] = position;
    }
  }
}

/** Placement `p`'s key for student `s` (whether or not the pair is eligible). */
export function orderKey(instance: Instance, s: number, p: number): number {
  const { rankStart, rankPlacement } = instance;
  for (let k = rankStart[s]; k < rankStart[s + 1]; k++) {
    if (rankPlacement[k] === p) {
      return (
        instance.studentKey[s] -
        instance.studentCount -
        instance.lotteryPosition[s] +
        instance.rankPosition[k]
      );
    }
  }
  return instance.studentKey[s];
}

/** Compact CSR of the eligible entries only, with ranks, for algorithms that scan edges often. */
export interface Edges {
  edgeStart: Int32Array;
  edgePlacement: Int32Array;
  edgeRank: Int32Array;
  /** The entry each edge came from. */
  edgeEntry: Int32Array;
}

export function eligibleEdges(instance: Instance): Edges {
  const { studentCount: n, listStart, entryPlacement, eligible } = instance;
  const edgeStart = new Int32Array(n + 1);
  const edgePlacement = new Int32Array(eligible);
  const edgeRank = new Int32Array(eligible);
  const edgeEntry = new Int32Array(eligible);
  let edges = 0;
  for (let s = 0; s < n; s++) {
    const first = listStart[s];
    for (let e = first; e < listStart[s + 1]; e++) {
      const v = entryPlacement[e];
      if (v === 0) continue;
      edgePlacement[edges] = v - 1;
      edgeRank[edges] = e - first + 1;
      edgeEntry[edges] = e;
      edges++;
    }
    edgeStart[s + 1] = edges;
  }
  return { edgeStart, edgePlacement, edgeRank, edgeEntry };
}
