// The least work any engine must do on a round in the form ENGINE.md prescribes, timed in a fresh
// process on the round's own input: every listed placement id and every ranked student id must be
// found (an unknown one is an error naming it), and the matching itself must run. Each step is
// the fastest way to do it that JavaScript offers, measured as a first call (JIT warm-up included,
// as in the target); nothing else the engine does (reading students' fields, eligibility, the
// lottery, the result) is counted, so the sum is a lower bound on what the engine can achieve.
//   npm run bench:matching -- floor          (the stress round)

/** Reads one character of every listed id: touching each string once, no lookup. */
function readListedIds(preferences) {
  let sum = 0;
  for (let i = 0; i < preferences.length; i++) {
    const list = preferences[i].placementIds;
    for (let k = 0; k < list.length; k++) sum += list[k].charCodeAt(0);
  }
  return sum;
}

/** A null-prototype dictionary of `ids` to their positions (V8's builtin dictionary lookup). */
function dictionary(ids) {
  const positions = Object.create(null);
  for (let k = 0; k < ids.length; k++) positions[ids[k]] = k;
  return { get: (id) => positions[id] };
}

/**
 * Finds every id of every list (`lists[i][field]`) in a table made of `ids`, the table's
 * building included; an unknown id is an error, as in the engine.
 */
function findEvery(lists, field, ids, makeTable) {
  const table = makeTable(ids);
  let sum = 0;
  for (let i = 0; i < lists.length; i++) {
    const list = lists[i][field];
    for (let k = 0; k < list.length; k++) {
      const position = table.get(list[k]);
      if (position === undefined) throw new Error(`unknown id ${list[k]} in ${field}`);
      sum += position;
    }
  }
  return sum;
}

/**
 * An open-addressing table of positions in an Int32Array, hashed from every character (as the
 * engine's IdTable): no builtin call per lookup, and a table a quarter of a dictionary's size.
 */
function openAddressingTable(ids) {
  let size = 16;
  while (size < 2 * ids.length) size *= 2;
  const slots = new Int32Array(size);
  const mask = size - 1;
  const hash = (id) => {
    let h = Math.imul(id.length, 0x9e3779b1) ^ 0x2545f491;
    for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    return h ^ (h >>> 12);
  };
  for (let k = 0; k < ids.length; k++) {
    let i = hash(ids[k]) & mask;
    while (slots[i] !== 0) i = (i + 1) & mask;
    slots[i] = k + 1;
  }
  return {
    get(id) {
      let i = hash(id) & mask;
      for (let slot = slots[i]; slot !== 0; slot = slots[i]) {
        if (ids[slot - 1] === id) return slot - 1;
        i = (i + 1) & mask;
      }
      return undefined;
    },
  };
}

const time = (work) => {
  const t0 = performance.now();
  const value = work();
  return { ms: performance.now() - t0, value };
};

/**
 * Each step in a process of its own (so that none finds the input in the cache, or the code
 * compiled, because of another); `step` names it. Returns its time in ms.
 */
export function floorStep(step, input, allocateWithStats) {
  // The ids as the caller has them, gathered before the clock starts.
  const placementIds = input.placements.map((p) => p.id);
  const studentIds = input.students.map((s) => s.id);
  switch (step) {
    case 'read':
      return time(() => readListedIds(input.preferences)).ms;
    case 'listed':
      return time(() => findEvery(input.preferences, 'placementIds', placementIds, dictionary)).ms;
    case 'listed-table':
      return time(() =>
        findEvery(input.preferences, 'placementIds', placementIds, openAddressingTable),
      ).ms;
    case 'ranked-map':
      return time(() =>
        findEvery(
          input.rankings,
          'studentIds',
          studentIds,
          (ids) => new Map(ids.map((id, k) => [id, k])),
        ),
      ).ms;
    case 'ranked-dictionary':
      return time(() => findEvery(input.rankings, 'studentIds', studentIds, dictionary)).ms;
    case 'ranked-table':
      return time(() => findEvery(input.rankings, 'studentIds', studentIds, openAddressingTable))
        .ms;
    case 'matching':
      // Deferred acceptance alone, as the engine times it inside its own first call.
      return allocateWithStats(input).stats.matchMs;
    default:
      throw new Error(`unknown floor step ${step}`);
  }
}

export const FLOOR_STEPS = [
  'read',
  'listed',
  'listed-table',
  'ranked-map',
  'ranked-dictionary',
  'ranked-table',
  'matching',
];
