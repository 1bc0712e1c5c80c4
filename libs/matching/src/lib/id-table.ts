/**
 * Maps string ids to their positions `0..count-1`: an open-addressing hash table of positions in
 * an `Int32Array`, checked against the ids themselves. Faster than a `Map` for the millions of
 * lookups an allocation round makes (a smaller, flat table and no builtin call per lookup).
 *
 * Ids are hashed from at most 24 of their characters (the first 8 and the last 16, plus the
 * length), which suffices for realistic ids (counters, UUIDs, prefixed keys). Should many ids share
 * those characters, the table notices the long probe sequences while it is built and rehashes
 * every character instead, so lookups never degrade to scanning.
 */
export class IdTable {
  readonly ids: string[];
  private slots: Int32Array;
  private mask: number;
  private full = false;

  constructor(capacity: number) {
    this.ids = [];
    let size = 16;
    while (size < 2 * capacity) size *= 2;
    this.slots = new Int32Array(size);
    this.mask = size - 1;
  }

  get size(): number {
    return this.ids.length;
  }

  private hash(id: string): number {
    const length = id.length;
    let h = Math.imul(length, 0x9e3779b1) ^ 0x2545f491;
    if (this.full || length <= 24) {
      for (let i = 0; i < length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
    } else {
      for (let i = 0; i < 8; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
      for (let i = length - 16; i < length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
    }
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    return h ^ (h >>> 12);
  }

  /** Adds `id` at the next position; false (and nothing added) when it is already present. */
  add(id: string): boolean {
    const { slots, mask, ids } = this;
    let i = this.hash(id) & mask;
    let probes = 0;
    for (let slot = slots[i]; slot !== 0; slot = slots[i]) {
      if (ids[slot - 1] === id) return false;
      i = (i + 1) & mask;
      probes++;
    }
    ids.push(id);
    slots[i] = ids.length;
    if (probes > 64 && !this.full) this.rehashAll();
    return true;
  }

  /** The position of `id`, or -1. */
  get(id: string): number {
    const { slots, mask, ids } = this;
    let i = this.hash(id) & mask;
    for (let slot = slots[i]; slot !== 0; slot = slots[i]) {
      if (ids[slot - 1] === id) return slot - 1;
      i = (i + 1) & mask;
    }
    return -1;
  }

  private rehashAll(): void {
    this.full = true;
    const { slots, mask, ids } = this;
    slots.fill(0);
    for (let k = 0; k < ids.length; k++) {
      let i = this.hash(ids[k]) & mask;
      while (slots[i] !== 0) i = (i + 1) & mask;
      slots[i] = k + 1;
    }
  }
}

/**
 * Maps string ids to their positions through a null-prototype object used as a dictionary. V8
 * keeps such an object as a hash table keyed by internalized strings and caches each string's
 * hash in the string itself, so a lookup hashes nothing in JavaScript and runs in a builtin that
 * is as fast before the optimising compiler has run as after (which matters in a first call).
 * Measured on the benchmark's lists, resolving 540,000 ids took about half the time of a `Map`
 * when the ids are the same string objects as the placements' (as in the benchmark), and about
 * the same when every id is a fresh string (as from a database driver). Adding an id costs more
 * (V8 internalizes it, about 1 µs), which is why the few thousand placements use this and the
 * 500,000 students of a stress round use {@link IdTable}. Without a prototype, ids such as
 * "__proto__", "constructor" or "toString" are plain keys, and numeric ids ("123") are stored as
 * elements and found alike. Lookups must be given strings only (a number 5 would find the id
 * "5"): `get` checks that, and hot loops that read `positions` directly check it themselves.
 */
export class IdDictionary {
  /** Position by id; read it directly in hot loops, after checking that the key is a string. */
  readonly positions: Record<string, number | undefined> = Object.create(null);
  size = 0;

  /** Adds `id` at the next position; false (and nothing added) when it is already present. */
  add(id: string): boolean {
    if (this.positions[id] !== undefined) return false;
    this.positions[id] = this.size++;
    return true;
  }

  /** The position of `id`, or -1 (also for anything that is not a string). */
  get(id: unknown): number {
    if (typeof id !== 'string') return -1;
    const p = this.positions[id];
    return p === undefined ? -1 : p;
  }
}
