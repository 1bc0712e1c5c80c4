import type { TokenState } from './sessions.service';
import { TokenStateCache } from './token-state.cache';

const ANN = 'a7f4c1d2-1111-4aaa-8bbb-000000000001';
const BEN = 'a7f4c1d2-1111-4aaa-8bbb-000000000002';
const SESSION = 'b1e2c3d4-2222-4ccc-8ddd-000000000001';
const live: TokenState = {
  role: 'student',
  active: true,
  tokenVersion: 1,
  sessionLive: true,
  mfaEnabled: false,
};

describe('TokenStateCache', () => {
  let clock: number;
  let cache: TokenStateCache;
  beforeEach(() => {
    clock = 1_000_000;
    cache = new TokenStateCache(60_000, 3, () => clock);
    cache.trustUntil(clock + 15_000);
  });

  const keep = (userId = ANN, state = live, ttl = Infinity, sessionId: string | null = SESSION) =>
    cache.keep(userId, sessionId, state, ttl, cache.begin());

  it('answers from what it kept, per person and session, for no longer than allowed', () => {
    keep();
    expect(cache.lookup(ANN, SESSION)).toBe(live);
    expect(cache.lookup(ANN, null)).toBeNull();
    expect(cache.lookup(BEN, SESSION)).toBeNull();
    clock += 59_999;
    cache.trustUntil(clock + 15_000);
    expect(cache.lookup(ANN, SESSION)).toBe(live);
    clock += 1;
    expect(cache.lookup(ANN, SESSION)).toBeNull();
  });

  it('keeps an answer no longer than its session lives', () => {
    keep(ANN, live, 1_000);
    clock += 999;
    expect(cache.lookup(ANN, SESSION)).toBe(live);
    clock += 1;
    expect(cache.lookup(ANN, SESSION)).toBeNull();
  });

  it('never keeps a refusal', () => {
    keep(ANN, { ...live, active: false });
    keep(BEN, { ...live, sessionLive: false });
    expect(cache.lookup(ANN, SESSION)).toBeNull();
    expect(cache.lookup(BEN, SESSION)).toBeNull();
  });

  it('forgets a person when a change to them is announced, and no one else', () => {
    keep(ANN);
    keep(BEN);
    cache.changed(ANN);
    expect(cache.lookup(ANN, SESSION)).toBeNull();
    expect(cache.lookup(BEN, SESSION)).toBe(live);
  });

  it('does not keep an answer read before a change was heard', () => {
    const generation = cache.begin();
    cache.changed(BEN); // announced while the answer for Ann was being read
    cache.keep(ANN, SESSION, live, Infinity, generation);
    expect(cache.lookup(ANN, SESSION)).toBeNull();
  });

  it('reads a person fresh while this process changes them, until the change is announced', () => {
    keep();
    cache.changing(ANN);
    expect(cache.lookup(ANN, SESSION)).toBeNull();
    keep(); // read after the change began, before it committed: not kept
    expect(cache.lookup(ANN, SESSION)).toBeNull();
    cache.changed(ANN);
    keep();
    expect(cache.lookup(ANN, SESSION)).toBe(live);
  });

  it('lets a change that never committed stop blocking after a while', () => {
    cache.changing(ANN);
    clock += 30_000;
    cache.trustUntil(clock + 15_000);
    keep();
    expect(cache.lookup(ANN, SESSION)).toBe(live);
  });

  it('keeps and uses nothing while it cannot trust the announcements', () => {
    keep();
    clock += 15_000; // the listener's last heartbeat is too old
    expect(cache.lookup(ANN, SESSION)).toBeNull();
    keep(BEN);
    cache.trustUntil(clock + 15_000);
    expect(cache.lookup(BEN, SESSION)).toBeNull();
    // Losing the connection forgets everything, even what had not expired.
    keep();
    cache.distrust();
    cache.trustUntil(clock + 15_000);
    expect(cache.lookup(ANN, SESSION)).toBeNull();
  });

  it('keeps nothing when its time is 0', () => {
    const off = new TokenStateCache(0, 3, () => clock);
    off.trustUntil(clock + 15_000);
    off.keep(ANN, SESSION, live, Infinity, off.begin());
    expect(off.lookup(ANN, SESSION)).toBeNull();
  });

  it('forgets everyone on "*", and the longest-kept person when full', () => {
    const people = ['p1', 'p2', 'p3', 'p4'];
    for (const person of people) keep(person);
    expect(cache.size).toBe(3);
    expect(cache.lookup('p1', SESSION)).toBeNull();
    expect(cache.lookup('p4', SESSION)).toBe(live);
    cache.forgetEveryone();
    expect(cache.size).toBe(0);
    expect(cache.lookup('p4', SESSION)).toBeNull();
  });
});
