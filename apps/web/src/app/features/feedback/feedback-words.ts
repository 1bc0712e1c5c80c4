import {
  EDUCATOR_DOMAINS,
  FEEDBACK_THEMES,
  SCORE_LABELS,
  SCORE_MAX,
  SCORE_MIN,
  labelFor,
  type CodeLabel,
  type FeedbackAverages,
  type PracticeHours,
  type StudentFeedback,
} from '@ahp/contracts';

/** What the provider sees instead of figures that could identify a student. */
export const SUPPRESSED_TEXT =
  "Fewer than 3 responses, so the figures are hidden to protect students' anonymity";

/** The 1–5 scale as radios: "1 – Very poor" … "5 – Excellent". */
export const SCORE_OPTIONS: readonly CodeLabel<string>[] = SCORE_LABELS.map((label, i) => ({
  code: String(SCORE_MIN + i),
  label: `${SCORE_MIN + i} – ${label}`,
}));

/** 4 → "4 – Good"; anything off the scale as it is. */
export function scoreInWords(score: number): string {
  if (!Number.isInteger(score) || score < SCORE_MIN || score > SCORE_MAX) return String(score);
  return `${score} – ${SCORE_LABELS[score - SCORE_MIN]}`;
}

/** The columns of an averages table: the five themes, then the overall rating. */
export const AVERAGE_COLUMNS: readonly CodeLabel<keyof FeedbackAverages>[] = [
  ...FEEDBACK_THEMES,
  { code: 'overall', label: 'Overall rating' },
];

/** An educator's domain code in words; a programme's own domain name as it is. */
export function domainLabel(code: string): string {
  return labelFor(EDUCATOR_DOMAINS, code);
}

const NUMBER = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 });
const ONE_DECIMAL = new Intl.NumberFormat('en-GB', {
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
});

/** 1000 → "1,000"; 7.25 → "7.25". */
export function formatHours(hours: number): string {
  return NUMBER.format(hours);
}

/** An average score to one decimal place, "–" when there is none. */
export function formatAverage(value: number | null | undefined): string {
  return value === null || value === undefined ? '–' : ONE_DECIMAL.format(value);
}

/** 0.857 → "86%", "–" when there is none. */
export function formatRate(rate: number | null | undefined): string {
  return rate === null || rate === undefined ? '–' : `${Math.round(rate * 100)}%`;
}

/** "Rated 4.2 out of 5 by 7 students". */
export function ratingInWords(rating: { overall: number; responses: number }): string {
  const who = rating.responses === 1 ? 'student' : 'students';
  return `Rated ${formatAverage(rating.overall)} out of 5 by ${rating.responses} ${who}`;
}

export interface HoursProgress {
  /** "320 of 1,000 hours", or "320 hours" where no requirement is set. */
  text: string;
  /** 0–100, for the progress bar; null without a requirement. */
  percent: number | null;
  /** "680 hours still to complete", "Requirement met". */
  remaining: string | null;
}

/** Where a student stands against their profession's practice hours requirement. */
export function hoursProgress(hours: Pick<PracticeHours, 'total' | 'required'>): HoursProgress {
  const total = formatHours(hours.total);
  if (!hours.required) return { text: `${total} hours`, percent: null, remaining: null };
  const left = Math.max(0, hours.required - hours.total);
  return {
    text: `${total} of ${formatHours(hours.required)} hours`,
    percent: Math.min(100, Math.round((hours.total / hours.required) * 100)),
    remaining: left > 0 ? `${formatHours(left)} hours still to complete` : 'Requirement met',
  };
}

export type FeedbackAction = 'give' | 'change' | 'view';

/** What the student can do with their feedback on a placement: give it, change it, or read it. */
export function feedbackAction(
  feedback: Pick<StudentFeedback, 'editableUntil'> | null | undefined,
  now = new Date(),
): FeedbackAction {
  if (!feedback) return 'give';
  if (feedback.editableUntil && new Date(feedback.editableUntil) > now) return 'change';
  return 'view';
}

export const FEEDBACK_ACTION_WORDS: Record<FeedbackAction, string> = {
  give: 'Give feedback',
  change: 'Change your feedback',
  view: 'View your feedback',
};
