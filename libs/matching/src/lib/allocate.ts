import {
  deferredAcceptance,
  DeferredAcceptanceStats,
  MatchingOutcome,
} from './deferred-acceptance';
import { buildInstance, Instance } from './instance';
import { randomSeed } from './lottery';
import { AllocationInput, AllocationResult, Assignment, UnmatchedReason } from './types';
import { maximumWelfare, WelfareStats } from './welfare';

/** What an allocation cost; for benchmarks and diagnostics, never part of the result. */
export interface AllocationStats extends Partial<DeferredAcceptanceStats>, Partial<WelfareStats> {
  /** Eligible preference edges after filtering. */
  edges: number;
  /** Milliseconds spent checking and indexing the input. */
  indexMs: number;
  /** Milliseconds spent in the matching algorithm. */
  matchMs: number;
}

/**
 * Allocates students to placements (see docs/engine.md). Deterministic for a given input and
 * seed; when `input.seed` is absent a random one is chosen and returned in the result.
 */
export function allocate(input: AllocationInput): AllocationResult {
  return allocateWithStats(input).result;
}

/** {@link allocate}, also reporting counts and timings. */
export function allocateWithStats(input: AllocationInput): {
  result: AllocationResult;
  stats: AllocationStats;
} {
  const seed = input.seed ?? randomSeed();
  const started = performance.now();
  const instance = buildInstance(input, seed);
  const indexed = performance.now();
  const stats: AllocationStats = {
    edges: instance.eligible,
    indexMs: indexed - started,
    matchMs: 0,
  };
  let outcome: MatchingOutcome;
  if (instance.policy === 'welfare') {
    const welfare: WelfareStats = { phases: 0, augmentations: 0, settled: 0 };
    outcome = maximumWelfare(instance, welfare);
    Object.assign(stats, welfare);
  } else {
    const stable: DeferredAcceptanceStats = { proposals: 0 };
    outcome = deferredAcceptance(instance, stable);
    Object.assign(stats, stable);
  }
  stats.matchMs = performance.now() - indexed;
  return { result: toResult(instance, outcome), stats };
}

function toResult(instance: Instance, { assignedEntry }: MatchingOutcome): AllocationResult {
  const { studentCount: n, studentIds, placementIds, listStart, entryPlacement } = instance;
  const assignments: Assignment[] = [];
  const unmatched: { studentId: string; reason: UnmatchedReason }[] = [];
  for (let s = 0; s < n; s++) {
    const e = assignedEntry[s];
    if (e >= 0) {
      assignments.push({
        studentId: studentIds[s],
        placementId: placementIds[entryPlacement[e] - 1],
        rank: e - listStart[s] + 1,
      });
    } else {
      unmatched.push({ studentId: studentIds[s], reason: unmatchedReason(instance, s) });
    }
  }
  return { policy: instance.policy, seed: instance.seed, assignments, unmatched };
}

function unmatchedReason(instance: Instance, s: number): UnmatchedReason {
  const { listStart, entryPlacement } = instance;
  if (listStart[s + 1] === listStart[s]) return 'no_preferences';
  for (let e = listStart[s]; e < listStart[s + 1]; e++) {
    if (entryPlacement[e] !== 0) return 'outranked';
  }
  return 'no_eligible_preference';
}
