import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { ASSESSMENT_OUTCOMES, labelFor, type PracticeHours } from '@ahp/contracts';
import { UkDatePipe } from '../../shared/label-pipe';
import { formatHours, hoursProgress } from './feedback-words';

/**
 * Practice hours against the profession's requirement: the figures in words, a progress bar that
 * repeats them, and the hours each placement gave.
 */
@Component({
  selector: 'app-practice-hours-view',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [UkDatePipe],
  template: `
    @let h = hours();
    @let p = progress();
    <div data-testid="practice-hours">
      <p class="nhsuk-body-l nhsuk-u-margin-bottom-2">
        <strong>{{ p.text }}</strong> completed
      </p>
      @if (p.percent !== null) {
        <progress
          class="app-hours-progress"
          max="100"
          [value]="p.percent"
          [attr.aria-label]="label()"
          [attr.aria-valuetext]="p.text + ' (' + p.percent + '%)'"
        ></progress>
        <p>{{ p.percent }}% of the requirement. {{ p.remaining }}.</p>
      } @else {
        <p>The programme sets how many practice hours are needed for this profession.</p>
      }
      <table class="nhsuk-table">
        <caption class="nhsuk-table__caption nhsuk-table__caption--s">
          Practice hours by placement
        </caption>
        <thead class="nhsuk-table__head">
          <tr class="nhsuk-table__row">
            <th class="nhsuk-table__header" scope="col">Placement</th>
            <th class="nhsuk-table__header" scope="col">Dates</th>
            <th class="nhsuk-table__header" scope="col">Outcome</th>
            <th class="nhsuk-table__header nhsuk-table__header--numeric" scope="col">Hours</th>
          </tr>
        </thead>
        <tbody class="nhsuk-table__body">
          @if (h.prior > 0) {
            <tr class="nhsuk-table__row">
              <td class="nhsuk-table__cell" colspan="3">Recorded before these placements</td>
              <td class="nhsuk-table__cell nhsuk-table__cell--numeric">{{ format(h.prior) }}</td>
            </tr>
          }
          @for (placement of h.placements; track placement.matchId) {
            <tr class="nhsuk-table__row">
              <td class="nhsuk-table__cell">
                {{ placement.placementTitle }}<br />
                <span class="nhsuk-body-s">{{ placement.providerName }}</span>
              </td>
              <td class="nhsuk-table__cell">
                {{ placement.startDate | ukDate }} to {{ placement.endDate | ukDate }}
              </td>
              <td class="nhsuk-table__cell">{{ outcome(placement.outcome) }}</td>
              <td class="nhsuk-table__cell nhsuk-table__cell--numeric">
                {{ format(placement.hours) }}
              </td>
            </tr>
          } @empty {
            <tr class="nhsuk-table__row">
              <td class="nhsuk-table__cell" colspan="4">
                No placement has recorded practice hours yet. The practice educator records them
                with their feedback.
              </td>
            </tr>
          }
          <tr class="nhsuk-table__row">
            <th class="nhsuk-table__header" scope="row" colspan="3">Total</th>
            <td class="nhsuk-table__cell nhsuk-table__cell--numeric">
              <strong>{{ format(h.total) }}</strong>
            </td>
          </tr>
        </tbody>
      </table>
    </div>
  `,
})
export class PracticeHoursView {
  readonly hours = input.required<PracticeHours>();
  /** The progress bar's name ("Your practice hours"). */
  readonly label = input('Practice hours completed');
  protected readonly progress = computed(() => hoursProgress(this.hours()));
  protected readonly format = formatHours;
  protected outcome(code: string): string {
    return labelFor(ASSESSMENT_OUTCOMES, code);
  }
}
