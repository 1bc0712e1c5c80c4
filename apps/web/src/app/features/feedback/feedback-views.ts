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
export function domainRows(
  domains: Record<string, number>,
): { label: string; score: string; value: number }[] {
  const known = EDUCATOR_DOMAIN_CODES.filter((code) => code in domains);
  const others = Object.keys(domains)
    .filter((code) => !(EDUCATOR_DOMAIN_CODES as readonly string[]).includes(code))
    .sort();
  return [...known, ...others].map((code) => ({
    label: domainLabel(code),
    score: scoreInWords(domains[code]),
    value: domains[code],
  }));
}

/** A student's feedback on a placement, read-only, every score in words. */
@Component({
  selector: 'app-student-feedback-view',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [UkDatePipe],
  template: `
    @let f = feedback();
    @if (compact()) {
      <table class="nhsuk-table nhsuk-u-margin-bottom-3">
        <caption class="nhsuk-table__caption nhsuk-u-visually-hidden">
          Scores out of 5 from
          {{
            f.studentName
          }}
          on
          {{
            f.placementTitle
          }}
        </caption>
        <thead class="nhsuk-table__head">
          <tr class="nhsuk-table__row">
            @for (theme of themes; track theme.code) {
              <th class="nhsuk-table__header nhsuk-table__header--numeric" scope="col">
                {{ theme.label }}
              </th>
            }
            <th class="nhsuk-table__header nhsuk-table__header--numeric" scope="col">Overall</th>
          </tr>
        </thead>
        <tbody class="nhsuk-table__body">
          <tr class="nhsuk-table__row">
            @for (theme of themes; track theme.code) {
              <td class="nhsuk-table__cell nhsuk-table__cell--numeric">
                {{ f.scores[theme.code] }}
              </td>
            }
            <td class="nhsuk-table__cell nhsuk-table__cell--numeric">{{ f.overall }}</td>
          </tr>
        </tbody>
      </table>
      <p class="nhsuk-u-margin-bottom-2">
        Would recommend it: <strong>{{ f.wouldRecommend ? 'Yes' : 'No' }}</strong
        >. Given {{ f.createdAt | ukDate }}.
      </p>
      @if (f.comment) {
        <ul class="app-feedback-comments nhsuk-u-margin-bottom-0">
          <li class="app-preserve-lines">{{ f.comment }}</li>
        </ul>
      }
    } @else {
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
    }
  `,
})
export class StudentFeedbackView {
  readonly feedback = input.required<StudentFeedback>();
  /** Scores as one table row, for lists of many. */
  readonly compact = input(false);
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
    @if (compact()) {
      <table class="nhsuk-table nhsuk-u-margin-bottom-3">
        <caption class="nhsuk-table__caption nhsuk-u-visually-hidden">
          Scores out of 5 for
          {{
            f.studentName
          }}
          at
          {{
            f.placementTitle
          }}
        </caption>
        <thead class="nhsuk-table__head">
          <tr class="nhsuk-table__row">
            @for (row of rows(); track row.label) {
              <th class="nhsuk-table__header nhsuk-table__header--numeric" scope="col">
                {{ row.label }}
              </th>
            }
          </tr>
        </thead>
        <tbody class="nhsuk-table__body">
          <tr class="nhsuk-table__row">
            @for (row of rows(); track row.label) {
              <td class="nhsuk-table__cell nhsuk-table__cell--numeric">{{ row.value }}</td>
            }
          </tr>
        </tbody>
      </table>
      <p class="nhsuk-u-margin-bottom-2">
        Outcome: <strong>{{ outcome() }}</strong
        >.
        {{
          f.practiceHours === null
            ? 'Practice hours not recorded'
            : hours(f.practiceHours) + ' practice hours'
        }}. Recorded by {{ f.educatorName ?? 'a practice educator' }}, {{ f.createdAt | ukDate }}.
      </p>
      @if (f.comment) {
        <ul class="app-feedback-comments nhsuk-u-margin-bottom-0">
          <li class="app-preserve-lines">{{ f.comment }}</li>
        </ul>
      }
    } @else {
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
    }
  `,
})
export class EducatorFeedbackView {
  readonly feedback = input.required<EducatorFeedback>();
  /** Scores as one table row, for lists of many. */
  readonly compact = input(false);
  protected readonly rows = computed(() => domainRows(this.feedback().domains));
  protected readonly outcome = computed(() =>
    labelFor(ASSESSMENT_OUTCOMES, this.feedback().outcome),
  );
  protected readonly hours = formatHours;
}
