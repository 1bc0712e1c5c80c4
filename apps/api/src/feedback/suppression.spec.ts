import fc from 'fast-check';
import { suppressedCells } from './suppression';

describe('suppressedCells', () => {
  it('hides cells with one or two responses and keeps the rest', () => {
    const hidden = suppressedCells([
      { key: 'a', responses: 1 },
      { key: 'b', responses: 2 },
      { key: 'c', responses: 3 },
      { key: 'd', responses: 0 },
    ]);
    expect([...hidden].sort()).toEqual(['a', 'b']);
  });

  it('hides the smallest visible cell too when the hidden ones could be worked out from the total', () => {
    const hidden = suppressedCells([
      { key: 'a', responses: 1 },
      { key: 'b', responses: 9 },
      { key: 'c', responses: 4 },
    ]);
    expect([...hidden].sort()).toEqual(['a', 'c']);
  });

  it('hides nothing when every cell has enough responses or none', () => {
    expect(
      suppressedCells([
        { key: 'a', responses: 0 },
        { key: 'b', responses: 3 },
      ]).size,
    ).toBe(0);
  });

  it('never leaves the hidden cells holding one or two responses between them', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 8 }), { maxLength: 12 }), (counts) => {
        const cells = counts.map((responses, key) => ({ key, responses }));
        const hidden = suppressedCells(cells);
        const hiddenResponses = cells
          .filter((c) => hidden.has(c.key))
          .reduce((sum, c) => sum + c.responses, 0);
        const total = counts.reduce((a, b) => a + b, 0);
        // Either nothing is hidden, or what is hidden is at least three, or the whole breakdown
        // is below three (and then the total is suppressed as well).
        expect(hiddenResponses === 0 || hiddenResponses >= 3 || total < 3).toBe(true);
        for (const c of cells)
          if (c.responses > 0 && c.responses < 3) expect(hidden.has(c.key)).toBe(true);
      }),
    );
  });
});
