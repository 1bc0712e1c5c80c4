import {
  FormBuilder,
  Validators,
  type AbstractControl,
  type ValidationErrors,
} from '@angular/forms';
import {
  EDUCATOR_DOMAINS,
  EDUCATOR_DOMAIN_CODES,
  FEEDBACK_COMMENT_MAX_LENGTH,
  PRACTICE_HOURS_MAX,
  type AssessmentOutcome,
  type EducatorDomain,
  type EducatorFeedback,
  type EducatorFeedbackInput,
} from '@ahp/contracts';
import type { ErrorMessages } from '../../shared/form-problems';
import { requiredChoices } from './student-feedback-form';

export interface EducatorFeedbackValue {
  domains: Record<EducatorDomain, string>;
  outcome: string;
  practiceHours: string;
  comment: string;
}

/** Empty, or a number of hours from 0 to the maximum in quarters of an hour. */
export function practiceHoursValidator(control: AbstractControl): ValidationErrors | null {
  const text = String(control.value ?? '').trim();
  if (!text) return null;
  if (!/^\d+(\.\d+)?$/.test(text)) return { pattern: true };
  const hours = Number(text);
  if (hours > PRACTICE_HOURS_MAX) return { max: true };
  if (!Number.isInteger(hours * 4)) return { quarter: true };
  return null;
}

export const EDUCATOR_FEEDBACK_MESSAGES: ErrorMessages = {
  ...Object.fromEntries(
    EDUCATOR_DOMAINS.map((domain) => [
      `domains.${domain.code}`,
      { required: `Select a score for ${domain.label.toLowerCase()}` },
    ]),
  ),
  outcome: { required: 'Select the outcome of the placement: pass, refer or fail' },
  practiceHours: {
    pattern: 'Enter practice hours as a number, like 150 or 37.5',
    max: `Enter ${PRACTICE_HOURS_MAX.toLocaleString('en-GB')} practice hours or fewer`,
    quarter: 'Enter practice hours to the nearest quarter of an hour, like 37.25',
  },
  comment: {
    maxlength: `The comment must be ${FEEDBACK_COMMENT_MAX_LENGTH.toLocaleString('en-GB')} characters or fewer`,
  },
};

export function educatorFeedbackForm(fb: FormBuilder) {
  return fb.nonNullable.group({
    domains: requiredChoices(EDUCATOR_DOMAIN_CODES),
    outcome: ['', Validators.required],
    practiceHours: ['', practiceHoursValidator],
    comment: ['', Validators.maxLength(FEEDBACK_COMMENT_MAX_LENGTH)],
  });
}

/**
 * The API's body from a checked form. `keep` holds domains the form does not ask about (a
 * programme's own, recorded another way) so that changing the feedback does not drop them.
 */
export function toEducatorFeedbackInput(
  value: EducatorFeedbackValue,
  keep: Record<string, number> = {},
): EducatorFeedbackInput {
  const domains: Record<string, number> = { ...keep };
  for (const code of EDUCATOR_DOMAIN_CODES) domains[code] = Number(value.domains[code]);
  const comment = value.comment.trim();
  const hours = value.practiceHours.trim();
  return {
    domains,
    outcome: value.outcome as AssessmentOutcome,
    ...(comment ? { comment } : {}),
    ...(hours ? { practiceHours: Number(hours) } : {}),
  };
}

export function fromEducatorFeedback(feedback: EducatorFeedback): EducatorFeedbackValue {
  return {
    domains: Object.fromEntries(
      EDUCATOR_DOMAIN_CODES.map((code) => [
        code,
        feedback.domains[code] === undefined ? '' : String(feedback.domains[code]),
      ]),
    ) as Record<EducatorDomain, string>,
    outcome: feedback.outcome,
    practiceHours: feedback.practiceHours === null ? '' : String(feedback.practiceHours),
    comment: feedback.comment ?? '',
  };
}

/** The domains of given feedback that the form does not ask about. */
export function otherDomains(feedback: EducatorFeedback | null): Record<string, number> {
  if (!feedback) return {};
  return Object.fromEntries(
    Object.entries(feedback.domains).filter(
      ([code]) => !(EDUCATOR_DOMAIN_CODES as readonly string[]).includes(code),
    ),
  );
}
