import { dayNumber } from './dates';
import { drawLottery, randomSeed, rankByLottery } from './lottery';

describe('drawLottery', () => {
  const ids = Array.from({ length: 2000 }, (_, i) => `student-${i}`);

  it('is a permutation of positions, the same for the same seed', () => {
    const a = drawLottery('seed', ids).position;
    expect([...a].sort((x, y) => x - y)).toEqual(ids.map((_, i) => i));
    expect(drawLottery('seed', ids).position).toEqual(a);
  });

  it('depends only on the seed and each id: other students do not reorder a pair', () => {
    const a = drawLottery('seed', ids);
    const b = drawLottery('seed', [...ids].reverse().concat(['newcomer']));
    const j = (i: number) => ids.length - 1 - i;
    for (let i = 0; i < 200; i++) {
      expect(b.high[j(i)]).toBe(a.high[i]);
      expect(a.position[i] < a.position[i + 1]).toBe(b.position[j(i)] < b.position[j(i + 1)]);
    }
  });

  it('looks uniform: first place spread over students, and seeds differ', () => {
    const first = new Set<number>();
    for (let k = 0; k < 50; k++) first.add(drawLottery(`k${k}`, ids).position.indexOf(0));
    expect(first.size).toBeGreaterThan(45);
    // Fraction of students ahead of student 0 in the order, over many seeds: about half.
    let ahead = 0;
    for (let k = 0; k < 200; k++) {
      const { position } = drawLottery(`seed-${k}`, ['x', 'y']);
      ahead += position[0];
    }
    expect(ahead).toBeGreaterThan(70);
    expect(ahead).toBeLessThan(130);
  });

  it('orders by high bits, then low bits, then input index', () => {
    const high = Uint32Array.from([7, 3, 7, 0xffffffff, 3, 7, 0]);
    const low = Uint32Array.from([5, 9, 1, 0, 9, 5, 0xffffffff]);
    // Sorted: 6 (0,*), 1 (3,9), 4 (3,9: later index), 2 (7,1), 0 (7,5), 5 (7,5: later), 3.
    expect([...rankByLottery(high, low)]).toEqual([4, 1, 3, 6, 2, 5, 0]);
  });

  it('makes fresh seeds of 16 hex digits', () => {
    expect(randomSeed()).toMatch(/^[0-9a-f]{16}$/);
    expect(randomSeed()).not.toBe(randomSeed());
  });
});

describe('dayNumber', () => {
  it('counts days from 1970-01-01', () => {
    expect(dayNumber('1970-01-01')).toBe(0);
    expect(dayNumber('2000-03-01')).toBe(Date.UTC(2000, 2, 1) / 86_400_000);
    expect(dayNumber('2025-12-31')).toBe(Date.UTC(2025, 11, 31) / 86_400_000);
    const wrong: string[] = [];
    for (let t = Date.UTC(1895, 0, 1); t < Date.UTC(2105, 0, 1); t += 86_400_000) {
      const text = new Date(t).toISOString().slice(0, 10);
      if (dayNumber(text) !== t / 86_400_000) wrong.push(text);
    }
    expect(wrong).toEqual([]);
  });

  it('rejects anything but a real YYYY-MM-DD date', () => {
    for (const bad of [
      '2025-2-01',
      '2025-02-30',
      '2023-02-29',
      '1900-02-29',
      '2025-00-10',
      '2025-01-32',
      '20250101',
      '',
      7,
    ]) {
      expect(dayNumber(bad)).toBeNull();
    }
    expect(dayNumber('2000-02-29')).not.toBeNull();
  });
});
