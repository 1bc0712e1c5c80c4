import type { Profession } from './domain';

/**
 * Feedback: the student's on the placement (the five themes of the national education and
 * training survey) and the practice educator's on the student (in the spirit of the Common
 * Placement Assessment Form), with the practice hours the placement gave.
 */

export const FEEDBACK_THEMES = [
  { code: 'induction', label: 'Induction' },
  { code: 'supervision', label: 'Supervision' },
  { code: 'facilities', label: 'Facilities' },
  { code: 'learningOpportunities', label: 'Learning opportunities' },
  { code: 'teamwork', label: 'Team working' },
] as const;
export type FeedbackTheme = (typeof FEEDBACK_THEMES)[number]['code'];
export const FEEDBACK_THEME_CODES: readonly FeedbackTheme[] = FEEDBACK_THEMES.map((t) => t.code);

/** What each point of the 1–5 scale means, for the radios and the tables. */
export const SCORE_LABELS = ['Very poor', 'Poor', 'Adequate', 'Good', 'Excellent'] as const;
export const SCORE_MIN = 1;
export const SCORE_MAX = 5;
export const FEEDBACK_COMMENT_MAX_LENGTH = 2000;

/** A student may change their feedback for this many days after giving it. */
export const FEEDBACK_EDIT_DAYS = 7;

/** Below this many responses, aggregates are suppressed for everyone but admins. */
export const FEEDBACK_MIN_RESPONSES = 3;

export type ThemeScores = Record<FeedbackTheme, number>;

/** `POST /api/matches/:id/feedback` (and `PATCH` within the edit window). */
export interface StudentFeedbackInput {
  scores: ThemeScores;
  overall: number;
  wouldRecommend: boolean;
  comment?: string;
}

/** The student's feedback as the student, their coordinator or an admin sees it. */
export interface StudentFeedback {
  id: string;
  matchId: string;
  placementId: string;
  placementTitle: string;
  providerName: string;
  studentId: string;
  studentName: string;
  scores: ThemeScores;
  overall: number;
  wouldRecommend: boolean;
  comment: string | null;
  createdAt: string;
  updatedAt: string;
  /** Until when the student may still change it; null once that has passed. */
  editableUntil: string | null;
}

/** Assessment domains, in the spirit of the Common Placement Assessment Form. */
export const EDUCATOR_DOMAINS = [
  { code: 'professionalValues', label: 'Professional values and behaviour' },
  { code: 'communication', label: 'Communication' },
  { code: 'assessment', label: 'Assessment' },
  { code: 'intervention', label: 'Intervention' },
  { code: 'evaluation', label: 'Evaluation' },
  { code: 'leadershipAndLearning', label: 'Leadership and learning' },
] as const;
export type EducatorDomain = (typeof EDUCATOR_DOMAINS)[number]['code'];
export const EDUCATOR_DOMAIN_CODES: readonly EducatorDomain[] = EDUCATOR_DOMAINS.map((d) => d.code);
/** Domain names in `domains` are free (a programme may use its own), within these limits. */
export const EDUCATOR_DOMAIN_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_]{0,49}$/;
export const EDUCATOR_DOMAINS_MAX = 20;

export const ASSESSMENT_OUTCOMES = [
  { code: 'pass', label: 'Pass' },
  { code: 'refer', label: 'Refer' },
  { code: 'fail', label: 'Fail' },
] as const;
export type AssessmentOutcome = (typeof ASSESSMENT_OUTCOMES)[number]['code'];
export const ASSESSMENT_OUTCOME_CODES: readonly AssessmentOutcome[] = ASSESSMENT_OUTCOMES.map(
  (o) => o.code,
);

/** The most practice hours one placement may record. */
export const PRACTICE_HOURS_MAX = 2000;

/** `POST /api/matches/:id/educator-feedback` (and `PATCH` within the edit window). */
export interface EducatorFeedbackInput {
  domains: Record<string, number>;
  outcome: AssessmentOutcome;
  comment?: string;
  /** Practice hours the student completed on this placement (0–2000, quarters of an hour). */
  practiceHours?: number;
}

export interface EducatorFeedback {
  id: string;
  matchId: string;
  placementId: string;
  placementTitle: string;
  providerName: string;
  studentId: string;
  studentName: string;
  domains: Record<string, number>;
  outcome: AssessmentOutcome;
  comment: string | null;
  practiceHours: number | null;
  /** The educator who recorded it; null if their account has gone. */
  educatorName: string | null;
  createdAt: string;
  updatedAt: string;
  editableUntil: string | null;
}

/** Both sides' feedback on one match, as far as the caller may see it. */
export interface MatchFeedback {
  matchId: string;
  student: StudentFeedback | null;
  educator: EducatorFeedback | null;
  /** Whether the caller may give (or still change) each kind now. */
  canGiveStudentFeedback: boolean;
  canGiveEducatorFeedback: boolean;
}

export type FeedbackAverages = ThemeScores & { overall: number };

/**
 * `GET /api/placements/:id/feedback-summary` and `GET /api/organisations/:id/feedback-summary`.
 * `suppressed: true` with null figures while there are fewer than three responses (and where
 * showing them would let someone subtract their way to fewer than three), except for admins.
 */
export interface FeedbackSummary {
  responses: number;
  suppressed: boolean;
  averages: FeedbackAverages | null;
  recommendRate: number | null;
  /** Comments without names or dates, shuffled; only to staff, only when not suppressed. */
  comments?: string[];
  /** Set where the figures fall below the quality thresholds (only when not suppressed). */
  flagged?: boolean;
}

export interface QualityRow {
  kind: 'placement' | 'provider';
  id: string;
  name: string;
  providerName: string;
  responses: number;
  suppressed: boolean;
  averages: FeedbackAverages | null;
  recommendRate: number | null;
  flagged: boolean;
  /** Why it is flagged, in words ("Overall average 2.4 is below 3.0"). */
  flags: string[];
}

/** `GET /api/feedback/quality`: placements and providers with their figures, flagged first. */
export interface QualityReport {
  thresholds: { minAverage: number; minRecommendRate: number; minResponses: number };
  items: QualityRow[];
}

/** Practice hours each profession's professional body expects before registration. */
export const PRACTICE_HOURS_REQUIRED: Partial<Record<Profession, number>> = {
  occupational_therapy: 1000,
  physiotherapy: 1000,
  podiatry: 1000,
  dietetics: 1000,
};

/** `GET /api/me/practice-hours` and `GET /api/users/:id/practice-hours`. */
export interface PracticeHours {
  studentId: string;
  profession: Profession;
  /** The professional body's requirement; null where the programme sets its own. */
  required: number | null;
  /** Hours recorded before the platform (set by the coordinator). */
  prior: number;
  fromPlacements: number;
  total: number;
  placements: {
    matchId: string;
    placementTitle: string;
    providerName: string;
    startDate: string;
    endDate: string;
    hours: number;
    outcome: AssessmentOutcome;
  }[];
}
