import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { PLACEMENT_STATUSES, type PlacementStatus } from '@ahp/contracts';
import { Session } from '../../core/session';
import { PlacementsClient } from '../../data-access/placements-client';
import { UkDatePipe } from '../../shared/label-pipe';
import { pagedList } from '../../shared/paged-list';
import { StatusFilter } from '../../shared/status-filter';
import { StatusTag } from '../../shared/status-tag';

/** A provider's own placements in every status, soonest first. */
@Component({
  selector: 'app-manage-placements-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, UkDatePipe, StatusTag, StatusFilter],
  template: `
    <h1 class="nhsuk-heading-l">Manage placements</h1>
    <p>
      <a
        class="nhsuk-button nhsuk-u-margin-bottom-2 nhsuk-u-margin-right-3"
        routerLink="/manage-placements/new"
        >Post a placement</a
      >
      <a
        class="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-2"
        routerLink="/manage-placements/import"
        >Import placements from a CSV file</a
      >
    </p>
    <app-status-filter
      what="your placements"
      [options]="statuses"
      [value]="status()"
      (apply)="status.set($any($event))"
    />

    @if (placements.loading() && placements.items().length === 0) {
      <p aria-live="polite">Loading your placements…</p>
    } @else if (placements.error()) {
      <div class="nhsuk-warning-callout">
        <h2 class="nhsuk-warning-callout__label">
          <span role="text"
            ><span class="nhsuk-u-visually-hidden">Important: </span>Could not load your
            placements</span
          >
        </h2>
        <p>{{ placements.error() }}</p>
        <button
          class="nhsuk-button nhsuk-button--secondary"
          type="button"
          (click)="placements.reload()"
        >
          Try again
        </button>
      </div>
    } @else if (placements.items().length === 0) {
      <p>
        {{
          status()
            ? 'None of your placements has that status.'
            : 'You have not posted any placements yet. Post one, or import several from a CSV file.'
        }}
      </p>
    } @else {
      <table class="nhsuk-table">
        <caption class="nhsuk-table__caption nhsuk-u-visually-hidden">
          Your placements
        </caption>
        <thead class="nhsuk-table__head">
          <tr class="nhsuk-table__row">
            <th class="nhsuk-table__header" scope="col">Placement</th>
            <th class="nhsuk-table__header" scope="col">Starts</th>
            <th class="nhsuk-table__header" scope="col">Status</th>
            <th class="nhsuk-table__header nhsuk-table__header--numeric" scope="col">Seats left</th>
          </tr>
        </thead>
        <tbody class="nhsuk-table__body">
          @for (placement of placements.items(); track placement.id) {
            <tr class="nhsuk-table__row">
              <td class="nhsuk-table__cell">
                <a [routerLink]="['/placements', placement.id]">{{ placement.title }}</a
                ><br /><span class="nhsuk-body-s">{{ placement.postcode }}</span>
              </td>
              <td class="nhsuk-table__cell">{{ placement.startDate | ukDate }}</td>
              <td class="nhsuk-table__cell">
                <app-status-tag [status]="placement.status" />
              </td>
              <td class="nhsuk-table__cell nhsuk-table__cell--numeric">
                {{ placement.remainingCapacity }} of {{ placement.capacity }}
              </td>
            </tr>
          }
        </tbody>
      </table>
      @if (placements.hasMore()) {
        <button
          class="nhsuk-button nhsuk-button--secondary"
          type="button"
          [disabled]="placements.loading()"
          (click)="placements.showMore()"
        >
          Show more placements
        </button>
      }
    }
  `,
})
export class ManagePlacementsPage {
  private readonly client = inject(PlacementsClient);
  private readonly session = inject(Session);
  protected readonly statuses = PLACEMENT_STATUSES;
  protected readonly status = signal<PlacementStatus | ''>('');
  private readonly providerId = computed(() => this.session.user()?.organisationId ?? undefined);
  protected readonly placements = pagedList(
    () => ({ providerId: this.providerId(), status: this.status() || undefined }),
    (query, cursor) => this.client.search({ ...query, cursor, limit: 50 }),
  );
}
