import { ChangeDetectionStrategy, Component, computed, inject, resource } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { Match } from '@ahp/contracts';
import { apiError } from '../../core/api-error';
import { MatchingClient } from '../../data-access/matching-client';
import { UkDatePipe } from '../../shared/label-pipe';
import { LoadError } from '../../shared/notices';
import { loadAll } from '../../shared/paged-list';
import { StatusTag } from '../../shared/status-tag';
import { MATCH_IN_WORDS } from '../applications/application-status-tag';
import { CalendarDownload } from './calendar-download';

/** A student's placements: confirmed ones (with a calendar download), offers awaiting approval, and past ones. */
@Component({
  selector: 'app-my-placements-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, UkDatePipe, LoadError, StatusTag, CalendarDownload],
  template: `
    <h1 class="nhsuk-heading-l">My placements</h1>
    @if (matches.isLoading() && !matches.hasValue()) {
      <p aria-live="polite">Loading your placements…</p>
    } @else if (matches.error()) {
      <app-load-error
        heading="Could not load your placements"
        [message]="loadError()"
        (retry)="matches.reload()"
      />
    } @else if (matches.hasValue()) {
      @for (group of groups(); track group.heading) {
        <h2 class="nhsuk-heading-m">{{ group.heading }}</h2>
        @if (group.items.length === 0) {
          <p>{{ group.empty }}</p>
        }
        @for (m of group.items; track m.id) {
          <div class="nhsuk-card" data-testid="my-placement">
            <div class="nhsuk-card__content">
              <h3 class="nhsuk-card__heading nhsuk-heading-s">
                <a [routerLink]="['/placements', m.placementId]">{{ m.placement.title }}</a>
              </h3>
              <p class="nhsuk-u-margin-bottom-2">
                {{ m.placement.providerName }}, {{ m.placement.postcode }}<br />
                {{ m.startDate | ukDate }} to {{ m.endDate | ukDate }}
              </p>
              <p class="nhsuk-u-margin-bottom-2">
                <app-status-tag kind="match" [status]="m.status" [text]="inWords[m.status]" />
              </p>
              @if (m.reason && (m.status === 'cancelled' || m.status === 'rejected')) {
                <p class="nhsuk-body-s">{{ m.reason }}</p>
              }
              @if (m.status === 'approved' || m.status === 'completed') {
                <app-calendar-download [match]="m" />
              }
            </div>
          </div>
        }
      }
    }
  `,
})
export class MyPlacementsPage {
  private readonly client = inject(MatchingClient);
  protected readonly inWords = MATCH_IN_WORDS;
  protected readonly matches = resource({
    loader: () => loadAll((cursor) => this.client.matches({ cursor, limit: 100 })),
  });
  protected readonly loadError = computed(() => apiError(this.matches.error()).message);
  protected readonly groups = computed(() => {
    const all = this.matches.hasValue() ? this.matches.value() : [];
    const pick = (...statuses: Match['status'][]) => all.filter((m) => statuses.includes(m.status));
    return [
      {
        heading: 'Confirmed placements',
        empty: 'You have no confirmed placements yet.',
        items: pick('approved'),
      },
      {
        heading: 'Offers waiting for approval',
        empty: 'No offers are waiting for your placement coordinator to approve.',
        items: pick('proposed'),
      },
      {
        heading: 'Past placements',
        empty: 'None yet.',
        items: pick('completed', 'cancelled', 'rejected'),
      },
    ];
  });
}
