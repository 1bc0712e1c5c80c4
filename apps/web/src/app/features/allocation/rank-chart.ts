import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { ordinal } from '../../shared/rank-buttons';

/**
 * How many students got their 1st, 2nd, 3rd … choice: a bar chart for the eye and the same
 * figures as a table for everyone (screen readers read the table; the bars are hidden from them).
 */
@Component({
  selector: 'app-rank-chart',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <figure class="app-rank-chart">
      <figcaption class="nhsuk-heading-s">{{ caption() }}</figcaption>
      <div class="app-rank-chart__bars" aria-hidden="true">
        @for (bar of bars(); track bar.label) {
          <div class="app-rank-chart__row">
            <span class="app-rank-chart__label">{{ bar.label }}</span>
            <span class="app-rank-chart__bar" [style.width.%]="bar.width"></span>
            <span class="app-rank-chart__value">{{ bar.count }}</span>
          </div>
        }
      </div>
      <table class="nhsuk-table nhsuk-u-margin-top-3">
        <caption class="nhsuk-table__caption nhsuk-table__caption--s">
          {{
            caption()
          }}: the figures
        </caption>
        <thead class="nhsuk-table__head">
          <tr class="nhsuk-table__row">
            <th class="nhsuk-table__header" scope="col">Choice</th>
            <th class="nhsuk-table__header nhsuk-table__header--numeric" scope="col">Students</th>
          </tr>
        </thead>
        <tbody class="nhsuk-table__body">
          @for (bar of bars(); track bar.label) {
            <tr class="nhsuk-table__row">
              <td class="nhsuk-table__cell">{{ bar.label }}</td>
              <td class="nhsuk-table__cell nhsuk-table__cell--numeric">{{ bar.count }}</td>
            </tr>
          }
        </tbody>
      </table>
    </figure>
  `,
})
export class RankChart {
  /** Index 0 is the number who got their 1st choice. */
  readonly counts = input.required<number[]>();
  readonly caption = input('Which choice students got');
  protected readonly bars = computed(() => {
    const counts = this.counts();
    const most = Math.max(1, ...counts);
    return counts.map((count, i) => ({
      label: `${ordinal(i + 1)} choice`,
      count,
      width: Math.round((count / most) * 100),
    }));
  });
}
