import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { Placement } from '@ahp/contracts';
import { JoinNonEmptyPipe, LabelPipe, UkDatePipe } from '../../shared/label-pipe';
import { ratingInWords } from '../feedback/feedback-words';

/** One search result: enough to decide whether to open it. */
@Component({
  selector: 'app-placement-card',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, LabelPipe, UkDatePipe, JoinNonEmptyPipe],
  template: `
    @let p = placement();
    <div class="nhsuk-card nhsuk-card--clickable">
      <div class="nhsuk-card__content">
        <h2 class="nhsuk-card__heading nhsuk-heading-m">
          <a class="nhsuk-card__link" [routerLink]="['/placements', p.id]">{{ p.title }}</a>
        </h2>
        <p class="nhsuk-card__description">{{ p.providerName }}</p>
        @if (p.rating) {
          <p class="nhsuk-body-s" data-testid="placement-rating">{{ rating(p.rating) }}</p>
        }
        <dl class="nhsuk-summary-list nhsuk-u-margin-bottom-0">
          <div class="nhsuk-summary-list__row">
            <dt class="nhsuk-summary-list__key">Setting</dt>
            <dd class="nhsuk-summary-list__value">
              {{ [p.setting | label: 'setting', p.serviceType] | joinNonEmpty }}
            </dd>
          </div>
          <div class="nhsuk-summary-list__row">
            <dt class="nhsuk-summary-list__key">Model</dt>
            <dd class="nhsuk-summary-list__value">{{ p.model | label: 'model' }}</dd>
          </div>
          <div class="nhsuk-summary-list__row">
            <dt class="nhsuk-summary-list__key">Dates</dt>
            <dd class="nhsuk-summary-list__value">
              {{ p.startDate | ukDate }} to {{ p.endDate | ukDate }}
            </dd>
          </div>
          <div class="nhsuk-summary-list__row">
            <dt class="nhsuk-summary-list__key">Seats left</dt>
            <dd class="nhsuk-summary-list__value">{{ p.remainingCapacity }} of {{ p.capacity }}</dd>
          </div>
          @if (p.distanceKm !== undefined) {
            <div class="nhsuk-summary-list__row">
              <dt class="nhsuk-summary-list__key">Distance</dt>
              <dd class="nhsuk-summary-list__value">{{ p.distanceKm }} km</dd>
            </div>
          }
        </dl>
      </div>
    </div>
  `,
})
export class PlacementCard {
  readonly placement = input.required<Placement>();
  protected readonly rating = ratingInWords;
}
