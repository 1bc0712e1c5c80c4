/**
 * The lottery that breaks ties in every placement's order. Each student gets one number (single
 * tie-breaking: the same number at every placement), drawn from a small-state PRNG whose state is
 * a hash of the seed and the student's id. A student's number therefore depends only on the seed
 * and their own id: adding, removing or reordering other students never reshuffles them.
 */

const rotl = (x: number, r: number) => (x << r) | (x >>> (32 - r));

/** Final avalanche for one 32-bit lane (every input bit flips each output bit with p ≈ ½). */
function avalanche(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * A 128-bit hash of `text` (four 32-bit lanes written to `out`), continuing from the lanes in
 * `init` so that hashing an id "after" the seed is one call. Each UTF-16 unit goes through four
 * independent multiply-rotate lanes that feed into each other; not cryptographic, but every bit
 * of input reaches every bit of output.
 */
export function hash128(text: string, init: ArrayLike<number>, out: Uint32Array): void {
  let a = init[0] ^ 0x243f6a88;
  let b = init[1] ^ 0x85a308d3;
  let c = init[2] ^ 0x13198a2e;
  let d = init[3] ^ 0x03707344;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    a = rotl(Math.imul(a ^ k, 0x9e3779b1), 13) + d;
    b = rotl(Math.imul(b ^ k, 0x85ebca77), 17) ^ a;
    c = rotl(Math.imul(c ^ k, 0xc2b2ae3d), 11) + b;
    d = rotl(Math.imul(d ^ k, 0x27d4eb2f), 19) ^ c;
  }
  const n = text.length;
  a = avalanche(a ^ n) + avalanche(d);
  b = avalanche(b ^ a) + avalanche(c ^ n);
  c = avalanche(c ^ b) ^ avalanche(a);
  d = avalanche(d ^ c) + avalanche(b);
  out[0] = a >>> 0;
  out[1] = b >>> 0;
  out[2] = c >>> 0;
  out[3] = d >>> 0;
}

/**
 * sfc32 ("small fast counting" generator, 128-bit state with a counter so no seed falls into a
 * short cycle). Writes `count` outputs into `out`, starting after `skip` discarded outputs that
 * let weak seed states mix.
 */
export function sfc32(state: Uint32Array, skip: number, out: Uint32Array): void {
  let a = state[0] | 0;
  let b = state[1] | 0;
  let c = state[2] | 0;
  let d = state[3] | 0;
  for (let i = -skip; i < out.length; i++) {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = rotl(c, 21);
    c = (c + t) | 0;
    if (i >= 0) out[i] = t >>> 0;
  }
}

export interface Lottery {
  /** High and low 32 bits of each student's 64-bit number; smaller wins. */
  high: Uint32Array;
  low: Uint32Array;
  /** Each student's position in lottery order (0 = best), ties by input index. */
  position: Int32Array;
  /** 3n int32s holding `high` and `low` (and the sort's working space): free for reuse. */
  scratch: Int32Array;
}

/**
 * Draws every student's number for `seed` and ranks them. The loop is {@link hash128} of the id
 * (continuing from the seed's lanes) followed by {@link sfc32} (12 discarded outputs, then two),
 * written out inline on int32 locals so that it is one monomorphic loop that V8 optimises early
 * in a first call; the numbers are exactly those of the two functions (every sum there is taken
 * modulo 2^32 by the next bitwise operation, as `| 0` does here).
 */
export function drawLottery(seed: string, studentIds: readonly string[]): Lottery {
  const n = studentIds.length;
  const seedLanes = new Uint32Array(4);
  hash128(seed, Uint32Array.of(0x5eed, seed.length, 0, 0), seedLanes);
  const a0 = seedLanes[0] ^ 0x243f6a88;
  const b0 = seedLanes[1] ^ 0x85a308d3;
  const c0 = seedLanes[2] ^ 0x13198a2e;
  const d0 = seedLanes[3] ^ 0x03707344;
  // high, low and the sort's working order share one buffer, which the caller may reuse
  // once the positions are drawn (see Lottery.scratch).
  const scratch = new Int32Array(3 * n);
  const high = new Uint32Array(scratch.buffer, 0, n);
  const low = new Uint32Array(scratch.buffer, 4 * n, n);
  for (let s = 0; s < n; s++) {
    const text = studentIds[s];
    let a = a0;
    let b = b0;
    let c = c0;
    let d = d0;
    const length = text.length;
    // Rotations and avalanches are spelled out (not calls), which matters while the loop still
    // runs in V8's interpreter early in a first call.
    for (let i = 0; i < length; i++) {
      const k = text.charCodeAt(i);
      let x = Math.imul(a ^ k, 0x9e3779b1);
      a = (((x << 13) | (x >>> 19)) + d) | 0;
      x = Math.imul(b ^ k, 0x85ebca77);
      b = ((x << 17) | (x >>> 15)) ^ a;
      x = Math.imul(c ^ k, 0xc2b2ae3d);
      c = (((x << 11) | (x >>> 21)) + b) | 0;
      x = Math.imul(d ^ k, 0x27d4eb2f);
      d = ((x << 19) | (x >>> 13)) ^ c;
    }
    // a = avalanche(a ^ length) + avalanche(d), and so on: each avalanche is h ^= h >>> 16,
    // h *= 0x7feb352d, h ^= h >>> 15, h *= 0x846ca68b, h ^= h >>> 16.
    let h = a ^ length;
    h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
    h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
    let g = d;
    g = Math.imul(g ^ (g >>> 16), 0x7feb352d);
    g = Math.imul(g ^ (g >>> 15), 0x846ca68b);
    a = ((h ^ (h >>> 16)) + (g ^ (g >>> 16))) | 0;
    h = b ^ a;
    h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
    h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
    g = c ^ length;
    g = Math.imul(g ^ (g >>> 16), 0x7feb352d);
    g = Math.imul(g ^ (g >>> 15), 0x846ca68b);
    b = ((h ^ (h >>> 16)) + (g ^ (g >>> 16))) | 0;
    h = c ^ b;
    h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
    h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
    g = a;
    g = Math.imul(g ^ (g >>> 16), 0x7feb352d);
    g = Math.imul(g ^ (g >>> 15), 0x846ca68b);
    c = h ^ (h >>> 16) ^ g ^ (g >>> 16);
    h = d ^ c;
    h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
    h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
    g = b;
    g = Math.imul(g ^ (g >>> 16), 0x7feb352d);
    g = Math.imul(g ^ (g >>> 15), 0x846ca68b);
    d = ((h ^ (h >>> 16)) + (g ^ (g >>> 16))) | 0;
    // sfc32 from state (a, b, c, d): 12 outputs discarded, the next two kept.
    let t = 0;
    for (let i = 0; i < 14; i++) {
      t = (((a + b) | 0) + d) | 0;
      d = (d + 1) | 0;
      a = b ^ (b >>> 9);
      b = (c + (c << 3)) | 0;
      c = (((c << 21) | (c >>> 11)) + t) | 0;
      if (i === 12) high[s] = t >>> 0;
    }
    low[s] = t >>> 0;
  }
  const position = rankByLottery(high, low, scratch.subarray(2 * n));
  return { high, low, position, scratch };
}

/**
 * Positions in ascending (high, low, index) order. The numbers are uniform, so a bucket sort on
 * the top bits of `high` (about one number per bucket: a counting pass, a stable scatter) leaves
 * only tiny runs out of order, which one insertion pass over the whole order then sorts by
 * (high, low); it moves a student only past strictly greater numbers, so equal numbers keep index
 * order. Linear, free of comparator calls, and few passes: each pass is a function with a single
 * loop, so that V8 optimises each loop on its own early in a first call. `order` (n int32s) is
 * working space.
 */
export function rankByLottery(
  high: Uint32Array,
  low: Uint32Array,
  order = new Int32Array(high.length),
): Int32Array {
  const n = high.length;
  let bits = 8;
  while (bits < 20 && 1 << bits < n) bits++;
  const start = new Int32Array((1 << bits) + 1);
  countBuckets(high, 32 - bits, start);
  offsets(start);
  scatter(high, 32 - bits, start, order);
  insertionPass(high, low, order);
  return positionsOf(order, new Int32Array(n));
}

function countBuckets(high: Uint32Array, shift: number, count: Int32Array): void {
  for (let i = 0; i < high.length; i++) count[(high[i] >>> shift) + 1]++;
}

/** Counts to starting offsets, in place. */
function offsets(count: Int32Array): void {
  for (let k = 1; k < count.length; k++) count[k] += count[k - 1];
}

/** Students in bucket order, each bucket in index order. */
function scatter(high: Uint32Array, shift: number, start: Int32Array, order: Int32Array): void {
  for (let i = 0; i < high.length; i++) order[start[high[i] >>> shift]++] = i;
}

function insertionPass(high: Uint32Array, low: Uint32Array, order: Int32Array): void {
  for (let i = 1; i < order.length; i++) {
    const s = order[i];
    const h = high[s];
    const l = low[s];
    let j = i;
    for (; j > 0; j--) {
      const t = order[j - 1];
      if (high[t] < h || (high[t] === h && low[t] <= l)) break;
      order[j] = t;
    }
    order[j] = s;
  }
}

function positionsOf(order: Int32Array, position: Int32Array): Int32Array {
  for (let i = 0; i < order.length; i++) position[order[i]] = i;
  return position;
}

/** A fresh seed (64 random bits as hex) for callers who did not give one. */
export function randomSeed(): string {
  const words = new Uint32Array(2);
  if (typeof globalThis.crypto?.getRandomValues === 'function') {
    globalThis.crypto.getRandomValues(words);
  } else {
    words[0] = Math.floor(Math.random() * 2 ** 32);
    words[1] = Math.floor(Math.random() * 2 ** 32);
  }
  return Array.from(words, (w) => w.toString(16).padStart(8, '0')).join('');
}
