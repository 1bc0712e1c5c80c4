import fc from 'fast-check';
import { allocationInput } from '../testing/arbitraries';
import { asMatching, Reference, referenceWelfare } from '../testing/reference';
import { allocate } from './allocate';
import { findBlockingPairs } from './blocking-pairs';
import { AllocationInput, AllocationResult, PlacementInput } from './types';

const small = allocationInput({ maxStudents: 6, maxPlacements: 4, maxCapacity: 2 });
const medium = allocationInput({ maxStudents: 40, maxPlacements: 12, maxCapacity: 4 });

/** The invariants every result must keep, whatever the policy. */
function expectWellFormed(input: AllocationInput, result: AllocationResult, reference: Reference) {
  // Every student exactly once, in input order in each list.
  const seen = [
    ...result.assignments.map((a) => a.studentId),
    ...result.unmatched.map((u) => u.studentId),
  ];
  expect([...seen].sort()).toEqual(input.students.map((s) => s.id).sort());
  const order = new Map(input.students.map((s, i) => [s.id, i]));
  const increasing = (ids: string[]) =>
    ids.every((id, i) => i === 0 || (order.get(ids[i - 1]) as number) < (order.get(id) as number));
  expect(increasing(result.assignments.map((a) => a.studentId))).toBe(true);
  expect(increasing(result.unmatched.map((u) => u.studentId))).toBe(true);

  // Only eligible listed pairs, with the rank of the placement in the student's list.
  const load = new Map<string, number>();
  for (const a of result.assignments) {
    expect(reference.eligible.get(a.studentId)).toContain(a.placementId);
    expect(a.rank).toBe(reference.rank(a.studentId, a.placementId));
    load.set(a.placementId, (load.get(a.placementId) ?? 0) + 1);
  }
  for (const [p, used] of load) {
    expect(used).toBeLessThanOrEqual((reference.placements.get(p) as PlacementInput).capacity);
  }

  for (const u of result.unmatched) {
    const listed = reference.lists.get(u.studentId) as string[];
    const eligible = reference.eligible.get(u.studentId) as string[];
    const expected =
      listed.length === 0
        ? 'no_preferences'
        : eligible.length === 0
          ? 'no_eligible_preference'
          : 'outranked';
    expect(u.reason).toBe(expected);
  }
}

const score = (reference: Reference, matching: Map<string, string>) => {
  let rankSum = 0;
  for (const [s, p] of matching) rankSum += reference.rank(s, p);
  return { matched: matching.size, rankSum };
};

describe('allocate (properties)', () => {
  it('stable: well-formed, no blocking pair (by an independent check), agrees with findBlockingPairs', () => {
    fc.assert(
      fc.property(medium, (input) => {
        const result = allocate(input);
        const reference = new Reference(input, result.seed);
        expect(result.policy).toBe('stable');
        expect(result.seed).toBe(input.seed);
        expectWellFormed(input, result, reference);
        expect(reference.blockingPairs(asMatching(result))).toEqual([]);
        expect(findBlockingPairs(input, result)).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  it('is deterministic for a seed, whatever the order of the preference and ranking lists', () => {
    fc.assert(
      fc.property(medium, (input) => {
        const shuffled = {
          ...input,
          preferences: [...input.preferences].reverse(),
          rankings: [...(input.rankings ?? [])].reverse(),
        };
        for (const policy of ['stable', 'welfare'] as const) {
          expect(allocate({ ...shuffled, policy })).toEqual(allocate({ ...input, policy }));
        }
      }),
      { numRuns: 50 },
    );
  });

  it('stable is the student-optimal stable matching (brute force over all matchings)', () => {
    fc.assert(
      fc.property(small, (input) => {
        const result = allocate(input);
        const reference = new Reference(input, result.seed);
        const found = asMatching(result);
        const stable = reference
          .allMatchings()
          .filter((m) => reference.blockingPairs(m).length === 0);
        expect(stable.length).toBeGreaterThan(0);
        for (const other of stable) {
          for (const s of reference.students.keys()) {
            expect(reference.rank(s, found.get(s))).toBeLessThanOrEqual(
              reference.rank(s, other.get(s)),
            );
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('welfare is optimal: most students matched, then least rank sum (brute force)', () => {
    fc.assert(
      fc.property(small, (input) => {
        const result = allocate({ ...input, policy: 'welfare' });
        const reference = new Reference(input, result.seed);
        expect(result.policy).toBe('welfare');
        expectWellFormed(input, result, reference);
        let best = { matched: 0, rankSum: 0 };
        for (const m of reference.allMatchings()) {
          const s = score(reference, m);
          if (s.matched > best.matched || (s.matched === best.matched && s.rankSum < best.rankSum))
            best = s;
        }
        expect(score(reference, asMatching(result))).toEqual(best);
      }),
      { numRuns: 300 },
    );
  });

  it('welfare equals textbook min-cost flow on medium inputs, and matches at least as many as stable', () => {
    fc.assert(
      fc.property(medium, (input) => {
        const stable = allocate(input);
        const welfare = allocate({ ...input, policy: 'welfare' });
        const reference = new Reference(input, stable.seed);
        expectWellFormed(input, welfare, reference);
        const a = score(reference, asMatching(stable));
        const b = score(reference, asMatching(welfare));
        expect(b.matched).toBeGreaterThanOrEqual(a.matched);
        if (b.matched === a.matched) expect(b.rankSum).toBeLessThanOrEqual(a.rankSum);
        expect(b).toEqual(referenceWelfare(reference));
        // Its blocking pairs, if any, are real ones.
        expect(findBlockingPairs(input, welfare)).toEqual(
          reference
            .blockingPairs(asMatching(welfare))
            .map(([studentId, placementId]) => ({ studentId, placementId })),
        );
      }),
      { numRuns: 100 },
    );
  });
});
