import type { MatchStatus, Profession } from './domain';

export const ALLOCATION_POLICIES = [
  { code: 'stable', label: 'Stable (student-proposing deferred acceptance)' },
  { code: 'welfare', label: 'Most students placed, then best choices' },
] as const;
export type AllocationPolicy = (typeof ALLOCATION_POLICIES)[number]['code'];

export const ALLOCATION_ROUND_STATUSES = [
  { code: 'draft', label: 'Not run yet' },
  { code: 'running', label: 'Running' },
  { code: 'proposed', label: 'Proposed' },
  { code: 'approved', label: 'Approved' },
  { code: 'failed', label: 'Failed' },
] as const;
export type AllocationRoundStatus = (typeof ALLOCATION_ROUND_STATUSES)[number]['code'];

export const UNMATCHED_REASONS = [
  { code: 'no_preferences', label: 'Applied for no placement in the round' },
  { code: 'no_eligible_preference', label: 'None of their choices is open to them' },
  { code: 'outranked', label: 'Every choice open to them went to students ranked higher' },
] as const;
export type AllocationUnmatchedReason = (typeof UNMATCHED_REASONS)[number]['code'];

export const ROUND_NAME_MAX_LENGTH = 200;
export const ROUND_SEED_MAX_LENGTH = 100;

/** Where a running round has got to, for the progress shown while it runs. */
export const ROUND_PHASES = ['queued', 'loading', 'matching', 'saving'] as const;
export type AllocationRoundPhase = (typeof ROUND_PHASES)[number];

export interface AllocationProposal {
  matchId: string;
  studentId: string;
  placementId: string;
  /** The placement's place in the student's list, 1 = first choice. */
  rank: number;
  /** Where the proposed match stands now (it may since have been approved or rejected). */
  status: MatchStatus;
  studentName: string;
  placementTitle: string;
  providerName: string;
}

export interface AllocationUnmatched {
  studentId: string;
  reason: AllocationUnmatchedReason;
  studentName: string;
}

/** Where a round has got: what a page shows while it runs (GET …/progress, cheap to ask often). */
export interface AllocationRoundProgress {
  id: string;
  status: AllocationRoundStatus;
  /** While running: how far it has got. */
  phase: AllocationRoundPhase | null;
  /** Why the last run failed, when it did. */
  error: string | null;
}

export interface AllocationRound {
  id: string;
  name: string;
  status: AllocationRoundStatus;
  /** While running: how far it has got. */
  phase: AllocationRoundPhase | null;
  startFrom: string;
  startTo: string;
  professions: Profession[];
  /** Universities whose students take part; null for every university (admins only). */
  universityIds: string[] | null;
  /** The lottery seed: chosen when the round is created, or on its first run. */
  seed: string | null;
  policy: AllocationPolicy;
  /** SHA-256 of the engine's inputs at the last run: equal fingerprints and seeds, equal results. */
  inputsFingerprint: string | null;
  students: number | null;
  placements: number | null;
  matched: number | null;
  unmatched: AllocationUnmatched[];
  proposals: AllocationProposal[];
  /** How many students got their 1st, 2nd, 3rd … choice: index 0 is 1st. */
  rankCounts: number[];
  durationMs: number | null;
  error: string | null;
  createdAt: string;
  createdBy: string | null;
  ranAt: string | null;
}

export interface AllocationRoundSummary {
  id: string;
  name: string;
  status: AllocationRoundStatus;
  startFrom: string;
  startTo: string;
  professions: Profession[];
  matched: number | null;
  unmatchedCount: number | null;
  createdAt: string;
  ranAt: string | null;
}

export interface PolicyOutcome {
  policy: AllocationPolicy;
  matched: number;
  unmatched: Record<AllocationUnmatchedReason, number>;
  rankCounts: number[];
  averageRank: number | null;
  blockingPairs: number;
}

export interface PolicyComparison {
  seed: string;
  students: number;
  placements: number;
  stable: PolicyOutcome;
  welfare: PolicyOutcome;
}

/** What a student sees of a round they took part in. */
export interface MyAllocationResult {
  roundId: string;
  roundName: string;
  ranAt: string;
  /** The placement proposed to them, or null when they were not matched. */
  proposal: {
    matchId: string;
    placementId: string;
    placementTitle: string;
    providerName: string;
    rank: number;
    status: MatchStatus;
  } | null;
  /** Why they were not matched, when they were not. */
  reason: AllocationUnmatchedReason | null;
}

export interface RoundApprovalResult {
  approved: number;
  succeeded: string[];
  failed: { matchId: string; statusCode: number; message: string }[];
}
