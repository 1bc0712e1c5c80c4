import { Instance } from './instance';

export interface MatchingOutcome {
  /** The list entry each student holds (an index into `entryPlacement`), or -1. */
  assignedEntry: Int32Array;
}

export interface DeferredAcceptanceStats {
  /** Student proposals made (one per eligible entry visited). */
  proposals: number;
}

/**
 * Student-proposing deferred acceptance (Gale–Shapley with capacities).
 *
 * A free student proposes to the next placement on their (eligible) list. The placement keeps
 * the student if it has a free seat, or if it prefers them to the worst student it holds, who is
 * then released and proposes further down their own list. The result does not depend on the
 * order in which free students propose, and is the student-optimal stable matching: no student
 * does better in any stable matching (Gale & Shapley 1962; Roth 1984 for capacities).
 *
 * Each placement's tentative holders are a binary max-heap on the order key, stored in one shared
 * Int32Array/Float64Array pair in which placement p owns the slice `start(p) .. start(p) +
 * seats[p] - 1`. Finding the worst holder is O(1), replacing it O(log seats); a
 * proposal allocates nothing. A released student continues proposing at once, so no queue is
 * needed beyond the initial sweep over students.
 */
export function deferredAcceptance(
  instance: Instance,
  stats?: DeferredAcceptanceStats,
): MatchingOutcome {
  const { studentCount: n, placementCount: m, listStart, entryPlacement, seats } = instance;
  // Per placement, where its heap starts, its size and its seats, side by side: a proposal
  // reads all three, and one cache line costs less than three at 50,000 placements.
  const heap = heapStarts(seats);
  // The heaps and the assignment live in arrays the instance no longer needs when they fit.
  const [scratch, listOf] = instance.spare;
  const seatCount = heap[3 * m];
  const heapBytes = 12 * seatCount + 8;
  const inScratch = scratch !== undefined && heapBytes <= scratch.byteLength;
  const heapKey = inScratch
    ? new Float64Array(scratch.buffer, scratch.byteOffset, seatCount)
    : new Float64Array(seatCount);
  const heapStudent = inScratch
    ? new Int32Array(scratch.buffer, scratch.byteOffset + 8 * seatCount, seatCount)
    : new Int32Array(seatCount);
  const assignedEntry = (
    listOf !== undefined && listOf.length >= n ? listOf.subarray(0, n) : new Int32Array(n)
  ).fill(-1);
  const { studentKey, lotteryPosition, rankStart, rankPlacement, rankPosition } = instance;
  let proposals = 0;

  for (let first = 0; first < n; first++) {
    // The proposing student and their next entry. A student released from a seat resumes just
    // after the entry they held, so no per-student cursor is stored.
    let s = first;
    let e = listStart[s];
    let end = listStart[s + 1];
    // The student's order key at placements that do not rank them, and where their ranked
    // pairs are (see orderKey, inlined here).
    let unrankedKey = studentKey[s];
    let rankedBase = unrankedKey - n - lotteryPosition[s];
    let rankFrom = rankStart[s];
    let rankTo = rankStart[s + 1];
    for (; e < end; e++) {
      const v = entryPlacement[e];
      if (v === 0) continue;
      proposals++;
      const p = v - 1;
      let key = unrankedKey;
      for (let k = rankFrom; k < rankTo; k++) {
        if (rankPlacement[k] === p) {
          key = rankedBase + rankPosition[k];
          break;
        }
      }
      const base = heap[3 * p];
      const size = heap[3 * p + 1];
      if (size < heap[3 * p + 2]) {
        // Free seat: sift the newcomer up from the end of the heap.
        let i = size;
        while (i > 0) {
          const parent = (i - 1) >> 1;
          if (heapKey[base + parent] >= key) break;
          heapKey[base + i] = heapKey[base + parent];
          heapStudent[base + i] = heapStudent[base + parent];
          i = parent;
        }
        heapKey[base + i] = key;
        heapStudent[base + i] = s;
        heap[3 * p + 1] = size + 1;
        assignedEntry[s] = e;
        break;
      }
      if (key < heapKey[base]) {
        // Full, but s beats the worst holder: s takes the root's place and sifts down.
        const released = heapStudent[base];
        let i = 0;
        for (;;) {
          let child = 2 * i + 1;
          if (child >= size) break;
          if (child + 1 < size && heapKey[base + child + 1] > heapKey[base + child]) child++;
          if (heapKey[base + child] <= key) break;
          heapKey[base + i] = heapKey[base + child];
          heapStudent[base + i] = heapStudent[base + child];
          i = child;
        }
        heapKey[base + i] = key;
        heapStudent[base + i] = s;
        assignedEntry[s] = e;
        // The released student goes on proposing after the entry they held (the loop's e++).
        s = released;
        e = assignedEntry[s];
        assignedEntry[s] = -1;
        end = listStart[s + 1];
        unrankedKey = studentKey[s];
        rankedBase = unrankedKey - n - lotteryPosition[s];
        rankFrom = rankStart[s];
        rankTo = rankStart[s + 1];
      }
    }
  }
  if (stats) stats.proposals = proposals;
  return { assignedEntry };
}

/**
 * (start in the shared arrays, size 0, seats) per placement, then the total number of seats
 * (its own loop: see buildInstance).
 */
function heapStarts(seats: Int32Array): Int32Array {
  const heap = new Int32Array(3 * seats.length + 1);
  let start = 0;
  for (let p = 0; p < seats.length; p++) {
    heap[3 * p] = start;
    heap[3 * p + 2] = seats[p];
    start += seats[p];
  }
  heap[3 * seats.length] = start;
  return heap;
}
