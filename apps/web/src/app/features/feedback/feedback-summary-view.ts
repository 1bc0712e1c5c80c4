import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { FeedbackSummary } from '@ahp/contracts';
import { AVERAGE_COLUMNS, SUPPRESSED_TEXT, formatAverage, formatRate } from './feedback-words';

/** The figures a summary or a quality report row has in common, with the reasons for a flag. */
export type SummaryFigures = Pick<
  FeedbackSummary,
  'responses' | 'suppressed' | 'averages' | 'recommendRate' | 'comments' | 'flagged'
> & { flags?: string[] };

/**
 * What students said about a placement or a provider, as figures only: how many responded, the
 * average per theme, how many would recommend it, anonymous comments where shown, and whether it
 * is flagged (in words). Below three responses it says why the figures are hidden instead.
 */
@Component({
  selector: 'app-feedback-summary-view',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let s = summary();
    <div data-testid="feedback-summary">
      @if (s.flagged) {
        <p class="nhsuk-u-margin-bottom-2">
          <strong class="nhsuk-tag nhsuk-tag--red">Flagged for quality</strong>
        </p>
        @if (s.flags?.length) {
          <ul class="nhsuk-list nhsuk-list--bullet">
            @for (flag of s.flags; track flag) {
              <li>{{ flag }}</li>
            }
          </ul>
        }
      }
      <p class="nhsuk-u-margin-bottom-3">{{ responsesText() }}</p>
      @if (s.suppressed) {
        <div class="nhsuk-inset-text">
          <span class="nhsuk-u-visually-hidden">Information: </span>
          <p>{{ suppressedText }}</p>
        </div>
      } @else if (s.averages; as averages) {
        <table class="nhsuk-table">
          <caption class="nhsuk-table__caption nhsuk-table__caption--s">
            Average scores out of 5:
            {{
              name()
            }}
          </caption>
          <thead class="nhsuk-table__head">
            <tr class="nhsuk-table__row">
              <th class="nhsuk-table__header" scope="col">Theme</th>
              <th class="nhsuk-table__header nhsuk-table__header--numeric" scope="col">
                Average (out of 5)
              </th>
            </tr>
          </thead>
          <tbody class="nhsuk-table__body">
            @for (column of columns; track column.code) {
              <tr class="nhsuk-table__row">
                <th class="nhsuk-table__header" scope="row">{{ column.label }}</th>
                <td class="nhsuk-table__cell nhsuk-table__cell--numeric">
                  {{ average(averages[column.code]) }}
                </td>
              </tr>
            }
            <tr class="nhsuk-table__row">
              <th class="nhsuk-table__header" scope="row">Would recommend it</th>
              <td class="nhsuk-table__cell nhsuk-table__cell--numeric">
                {{ rate(s.recommendRate) }}
              </td>
            </tr>
          </tbody>
        </table>
        @if (s.comments?.length) {
          <h4 class="nhsuk-heading-xs">Comments from students (anonymous)</h4>
          <ul class="app-feedback-comments">
            @for (comment of s.comments; track $index) {
              <li class="app-preserve-lines">{{ comment }}</li>
            }
          </ul>
        }
      }
    </div>
  `,
})
export class FeedbackSummaryView {
  readonly summary = input.required<SummaryFigures>();
  /** What the figures are about, for the table's caption ("Acute adult inpatient ward"). */
  readonly name = input.required<string>();
  protected readonly columns = AVERAGE_COLUMNS;
  protected readonly suppressedText = SUPPRESSED_TEXT;
  protected readonly average = formatAverage;
  protected readonly rate = formatRate;
  protected readonly responsesText = computed(() => {
    const n = this.summary().responses;
    if (n === 0) return 'No feedback from students yet.';
    return `${n} ${n === 1 ? 'response' : 'responses'} from students.`;
  });
}
