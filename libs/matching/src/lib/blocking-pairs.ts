import { buildInstance, Instance, orderKey } from './instance';
import { AllocationInput, AllocationInputError, AllocationResult, BlockingPair } from './types';

/**
 * Every eligible pair (student s, placement p) that would both rather be together: s lists p
 * above what s got (or s got nothing), and p has a free seat or prefers s to the worst student
 * assigned to it. Placement orders are rebuilt from `input` with `result.seed`, so the lottery is
 * the one the result was drawn with. Works for results of either policy; a stable result has
 * none. Pairs come in the order of input students, then of each student's list.
 *
 * A student assigned to a placement that is not an eligible entry of their list is compared by
 * the assignment's own `rank`.
 */
export function findBlockingPairs(
  input: AllocationInput,
  result: AllocationResult,
): BlockingPair[] {
  const instance = buildInstance(input, result.seed);
  const { studentCount: n, placementCount: m, listStart, entryPlacement, capacity } = instance;
  const assignedRank = new Float64Array(n).fill(Infinity);
  const assigned = new Int32Array(n).fill(-1);
  const load = new Float64Array(m);
  const worst = new Float64Array(m).fill(-Infinity);
  for (const { studentId, placementId, rank } of result.assignments) {
    const s = typeof studentId === 'string' ? instance.studentIndex.get(studentId) : -1;
    if (s < 0)
      throw new AllocationInputError('assignments.studentId', studentId, 'is not a student');
    const p = instance.placementIndex.get(placementId);
    if (p < 0)
      throw new AllocationInputError('assignments.placementId', placementId, 'is not a placement');
    if (assigned[s] >= 0)
      throw new AllocationInputError('assignments.studentId', studentId, 'is assigned twice');
    assigned[s] = p;
    load[p]++;
    const e = findEntry(instance, s, p);
    assignedRank[s] = e >= 0 ? e - listStart[s] + 1 : rank;
    worst[p] = Math.max(worst[p], orderKey(instance, s, p));
  }
  const pairs: BlockingPair[] = [];
  for (let s = 0; s < n; s++) {
    const first = listStart[s];
    for (let e = first; e < listStart[s + 1] && e - first + 1 < assignedRank[s]; e++) {
      if (entryPlacement[e] === 0) continue;
      const p = entryPlacement[e] - 1;
      if (load[p] < capacity[p] || orderKey(instance, s, p) < worst[p]) {
        pairs.push({ studentId: instance.studentIds[s], placementId: instance.placementIds[p] });
      }
    }
  }
  return pairs;
}

/** The eligible entry of `p` in the list of `s`, or -1. */
function findEntry(instance: Instance, s: number, p: number): number {
  for (let e = instance.listStart[s]; e < instance.listStart[s + 1]; e++) {
    if (instance.entryPlacement[e] === p + 1) return e;
  }
  return -1;
}
