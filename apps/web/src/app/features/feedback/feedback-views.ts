import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import {
  ASSESSMENT_OUTCOMES,
  EDUCATOR_DOMAIN_CODES,
  FEEDBACK_THEMES,
  labelFor,
  type EducatorFeedback,
  type StudentFeedback,
} from '@ahp/contracts';
import { UkDatePipe } from '../../shared/label-pipe';
import { domainLabel, formatHours, scoreInWords } from './feedback-words';

/** An educator's domain scores in the standard order, then any of the programme's own. */
export function domainRows(domains: Record<string, number>): { label: string; score: string }[] {
  const known = EDUCATOR_DOMAIN_CODES.filter((code) => code in domains);
  const others = Object.keys(domains)
    .filter((code) => !(EDUCATOR_DOMAIN_CODES as readonly string[]).includes(code))
    .sort();
  return [...known, ...others].map((code) => ({
    label: domainLabel(code),
    score: scoreInWords(domains[code]),
  }));
}

/** A student's feedback on a placement, read-only, every score in words. */
@Component({
  selector: 'app-student-feedback-view',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [UkDatePipe],
  template: `
    @let f = feedback();
    <dl class="nhsuk-summary-list">
      @for (theme of themes; track theme.code) {
        <div class="nhsuk-summary-list__row">
          <dt class="nhsuk-summary-list__key">{{ theme.label }}</dt>
          <dd class="nhsuk-summary-list__value">{{ score(f.scores[theme.code]) }}</dd>
        </div>
      }
      <div class="nhsuk-summary-list__row">
        <dt class="nhsuk-summary-list__key">Overall rating</dt>
        <dd class="nhsuk-summary-list__value">{{ score(f.overall) }}</dd>
      </div>
      <div class="nhsuk-summary-list__row">
        <dt class="nhsuk-summary-list__key">Would recommend it</dt>
        <dd class="nhsuk-summary-list__value">{{ f.wouldRecommend ? 'Yes' : 'No' }}</dd>
      </div>
      <div class="nhsuk-summary-list__row">
        <dt class="nhsuk-summary-list__key">Comment</dt>
        <dd class="nhsuk-summary-list__value app-preserve-lines">{{ f.comment || 'None' }}</dd>
      </div>
      <div class="nhsuk-summary-list__row">
        <dt class="nhsuk-summary-list__key">Given</dt>
        <dd class="nhsuk-summary-list__value">
          {{ f.createdAt | ukDate }}
          @if (f.updatedAt.slice(0, 10) !== f.createdAt.slice(0, 10)) {
            (changed {{ f.updatedAt | ukDate }})
          }
        </dd>
      </div>
    </dl>
  `,
})
export class StudentFeedbackView {
  readonly feedback = input.required<StudentFeedback>();
  protected readonly themes = FEEDBACK_THEMES;
  protected readonly score = scoreInWords;
}

/** A practice educator's feedback on a student, read-only. */
@Component({
  selector: 'app-educator-feedback-view',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [UkDatePipe],
  template: `
    @let f = feedback();
    <dl class="nhsuk-summary-list">
      @for (row of rows(); track row.label) {
        <div class="nhsuk-summary-list__row">
          <dt class="nhsuk-summary-list__key">{{ row.label }}</dt>
          <dd class="nhsuk-summary-list__value">{{ row.score }}</dd>
        </div>
      }
      <div class="nhsuk-summary-list__row">
        <dt class="nhsuk-summary-list__key">Outcome</dt>
        <dd class="nhsuk-summary-list__value">
          <strong>{{ outcome() }}</strong>
        </dd>
      </div>
      <div class="nhsuk-summary-list__row">
        <dt class="nhsuk-summary-list__key">Practice hours</dt>
        <dd class="nhsuk-summary-list__value">
          {{ f.practiceHours === null ? 'Not recorded' : hours(f.practiceHours) + ' hours' }}
        </dd>
      </div>
      <div class="nhsuk-summary-list__row">
        <dt class="nhsuk-summary-list__key">Comment</dt>
        <dd class="nhsuk-summary-list__value app-preserve-lines">{{ f.comment || 'None' }}</dd>
      </div>
      <div class="nhsuk-summary-list__row">
        <dt class="nhsuk-summary-list__key">Recorded by</dt>
        <dd class="nhsuk-summary-list__value">
          {{ f.educatorName ?? 'A practice educator' }}, {{ f.providerName }},
          {{ f.createdAt | ukDate }}
        </dd>
      </div>
    </dl>
  `,
})
export class EducatorFeedbackView {
  readonly feedback = input.required<EducatorFeedback>();
  protected readonly rows = computed(() => domainRows(this.feedback().domains));
  protected readonly outcome = computed(() =>
    labelFor(ASSESSMENT_OUTCOMES, this.feedback().outcome),
  );
  protected readonly hours = formatHours;
}
