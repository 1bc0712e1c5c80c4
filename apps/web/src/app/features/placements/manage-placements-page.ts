import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { PLACEMENT_STATUSES, type PlacementStatus } from '@ahp/contracts';
import { Session } from '../../core/session';
import { PlacementsClient } from '../../data-access/placements-client';
import { UkDatePipe } from '../../shared/label-pipe';
import { pagedList } from '../../shared/paged-list';
import { PlacementStatusTag } from './status-tag';

/** A provider's own placements in every status, soonest first. */
@Component({
  selector: 'app-manage-placements-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, RouterLink, UkDatePipe, PlacementStatusTag],
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
    <form
      class="nhsuk-u-margin-bottom-5"
      (ngSubmit)="status.set(draftStatus)"
      role="search"
      aria-label="Filter your placements"
    >
      <div class="nhsuk-form-group">
        <label class="nhsuk-label" for="filter-status">Status</label>
        <select class="nhsuk-select" id="filter-status" name="status" [(ngModel)]="draftStatus">
          <option value="">Any status</option>
          @for (option of statuses; track option.code) {
            <option [value]="option.code">{{ option.label }}</option>
          }
        </select>
      </div>
      <button class="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-0" type="submit">
        Apply filter
      </button>
    </form>

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
                <app-placement-status [status]="placement.status" />
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
  protected draftStatus: PlacementStatus | '' = '';
  protected readonly status = signal<PlacementStatus | ''>('');
  private readonly providerId = computed(() => this.session.user()?.organisationId ?? undefined);
  protected readonly placements = pagedList(
    () => ({ providerId: this.providerId(), status: this.status() || undefined }),
    (query, cursor) => this.client.search({ ...query, cursor, limit: 50 }),
  );
}
