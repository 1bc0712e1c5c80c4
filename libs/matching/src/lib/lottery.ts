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
}

/** Draws every student's number for `seed` and ranks them. */
export function drawLottery(seed: string, studentIds: readonly string[]): Lottery {
  const n = studentIds.length;
  const seedLanes = new Uint32Array(4);
  hash128(seed, [0x5eed, seed.length, 0, 0], seedLanes);
  const lanes = new Uint32Array(4);
  const draw = new Uint32Array(2);
  const high = new Uint32Array(n);
  const low = new Uint32Array(n);
  for (let s = 0; s < n; s++) {
    hash128(studentIds[s], seedLanes, lanes);
    sfc32(lanes, 12, draw);
    high[s] = draw[0];
    low[s] = draw[1];
  }
  return { high, low, position: rankByLottery(high, low) };
}

/**
 * Positions in ascending (high, low, index) order: a stable least-significant-digit radix sort
 * on the high 32 bits (two passes of 16 bits, linear and free of comparator calls), then an
 * insertion sort by the low bits within the rare runs of equal high bits.
 */
export function rankByLottery(high: Uint32Array, low: Uint32Array): Int32Array {
  const n = high.length;
  let order = new Int32Array(n);
  let spare = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const count = new Int32Array(65537);
  for (const shift of [0, 16]) {
    count.fill(0);
    for (let i = 0; i < n; i++) count[((high[i] >>> shift) & 0xffff) + 1]++;
    for (let k = 1; k <= 65536; k++) count[k] += count[k - 1];
    for (let i = 0; i < n; i++) {
      const s = order[i];
      spare[count[(high[s] >>> shift) & 0xffff]++] = s;
    }
    [order, spare] = [spare, order];
  }
  for (let i = 1; i < n; i++) {
    // Equal high bits (about n²/2³³ pairs): order by low bits; stability keeps index order.
    let j = i;
    const s = order[i];
    while (j > 0 && high[order[j - 1]] === high[s] && low[order[j - 1]] > low[s]) {
      order[j] = order[j - 1];
      j--;
    }
    order[j] = s;
  }
  const position = new Int32Array(n);
  for (let i = 0; i < n; i++) position[order[i]] = i;
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
