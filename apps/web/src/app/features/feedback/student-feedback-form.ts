import { FormBuilder, FormControl, FormGroup, Validators } from '@angular/forms';
import {
  FEEDBACK_COMMENT_MAX_LENGTH,
  FEEDBACK_THEMES,
  FEEDBACK_THEME_CODES,
  type FeedbackTheme,
  type StudentFeedback,
  type StudentFeedbackInput,
  type ThemeScores,
} from '@ahp/contracts';
import type { ErrorMessages } from '../../shared/form-problems';

/** What the form holds: each answer as the radio's code ('' while unanswered). */
export interface StudentFeedbackValue {
  scores: Record<FeedbackTheme, string>;
  overall: string;
  wouldRecommend: string;
  comment: string;
}

export const RECOMMEND_OPTIONS = [
  { code: 'yes', label: 'Yes' },
  { code: 'no', label: 'No' },
] as const;

export const RECOMMEND_QUESTION = 'Would you recommend this placement to another student?';

/** Messages in the order of the questions, so the error summary reads top to bottom. */
export const STUDENT_FEEDBACK_MESSAGES: ErrorMessages = {
  ...Object.fromEntries(
    FEEDBACK_THEMES.map((theme) => [
      `scores.${theme.code}`,
      { required: `Select a score for ${theme.label.toLowerCase()}` },
    ]),
  ),
  overall: { required: 'Select your overall rating of the placement' },
  wouldRecommend: { required: 'Select yes if you would recommend this placement' },
  comment: {
    maxlength: `Your comment must be ${FEEDBACK_COMMENT_MAX_LENGTH.toLocaleString('en-GB')} characters or fewer`,
  },
};

/** One required radio answer per key, held as the chosen code. */
export function requiredChoices<K extends string>(
  keys: readonly K[],
): FormGroup<Record<K, FormControl<string>>> {
  return new FormGroup(
    Object.fromEntries(
      keys.map((key) => [
        key,
        new FormControl('', { nonNullable: true, validators: Validators.required }),
      ]),
    ) as Record<K, FormControl<string>>,
  );
}

export function studentFeedbackForm(fb: FormBuilder) {
  return fb.nonNullable.group({
    scores: requiredChoices(FEEDBACK_THEME_CODES),
    overall: ['', Validators.required],
    wouldRecommend: ['', Validators.required],
    comment: ['', Validators.maxLength(FEEDBACK_COMMENT_MAX_LENGTH)],
  });
}

export type StudentFeedbackForm = ReturnType<typeof studentFeedbackForm>;

/** The API's body from a checked form; the comment trimmed and left out when empty. */
export function toStudentFeedbackInput(value: StudentFeedbackValue): StudentFeedbackInput {
  const scores = Object.fromEntries(
    FEEDBACK_THEMES.map((theme) => [theme.code, Number(value.scores[theme.code])]),
  ) as ThemeScores;
  const comment = value.comment.trim();
  return {
    scores,
    overall: Number(value.overall),
    wouldRecommend: value.wouldRecommend === 'yes',
    ...(comment ? { comment } : {}),
  };
}

/** The form's value for feedback already given, to change it. */
export function fromStudentFeedback(feedback: StudentFeedback): StudentFeedbackValue {
  return {
    scores: Object.fromEntries(
      FEEDBACK_THEMES.map((theme) => [theme.code, String(feedback.scores[theme.code])]),
    ) as Record<FeedbackTheme, string>,
    overall: String(feedback.overall),
    wouldRecommend: feedback.wouldRecommend ? 'yes' : 'no',
    comment: feedback.comment ?? '',
  };
}
