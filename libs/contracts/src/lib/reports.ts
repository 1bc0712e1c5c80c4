import type { AllocationUnmatchedReason } from './allocation';
import type { FeedbackAverages } from './feedback';

/**
 * Reports (`GET /api/reports/...`). Each answers JSON `{ rows: [...] }` (plus the fields named
 * below) and, with `Accept: text/csv`, the same rows as CSV with a header line of the row
 * fields. Scope: coordinators see their university's view, providers their own placements,
 * admins everything; `docs/reports.md` says exactly what each figure counts.
 *
 * Common filters where they make sense: `from`, `to` (placement start dates, `YYYY-MM-DD`),
 * `profession`, `region`, `setting`.
 */

export const CAPACITY_GROUPS = ['profession', 'region', 'setting'] as const;
export type CapacityGroup = (typeof CAPACITY_GROUPS)[number];

/** `GET /api/reports/capacity?groupBy=profession|region|setting` */
export interface CapacityRow {
  key: string;
  placements: number;
  seats: number;
  approved: number;
  applications: number;
  /** approved / seats, 0–1 (0 when there are no seats). */
  fillRate: number;
}

/** `GET /api/reports/unmatched?roundId=` — students left unmatched by their round's latest run. */
export interface UnmatchedRow {
  reason: AllocationUnmatchedReason;
  students: number;
}

export const DURATION_GROUPS = ['profession', 'region', 'setting', 'month'] as const;
export type DurationGroup = (typeof DURATION_GROUPS)[number];

/** `GET /api/reports/time-to-approval?groupBy=` — days from application to approval. */
export interface TimeToApprovalRow {
  key: string;
  approvals: number;
  medianDays: number | null;
  p90Days: number | null;
  averageDays: number | null;
}

/** `GET /api/reports/feedback?period=month|quarter&placementId=&providerId=` */
export interface FeedbackTrendRow {
  /** `YYYY-MM` or `YYYY-Q1`. */
  period: string;
  responses: number;
  suppressed: boolean;
  averages: FeedbackAverages | null;
  recommendRate: number | null;
}

/** `GET /api/reports/capacity-gap` — unmet demand by profession × region × setting, largest first. */
export interface CapacityGapRow {
  profession: string;
  region: string;
  setting: string;
  /** Distinct students of the profession who applied to placements in this cell. */
  demand: number;
  /** Of those, how many hold no approved or completed placement in the period. */
  unmet: number;
  seats: number;
  remainingSeats: number;
  /** unmet − remaining seats, at least 0: new seats here would place this many students. */
  gap: number;
}
