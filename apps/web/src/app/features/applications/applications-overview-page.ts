import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { Router, RouterLink } from '@angular/router';
import { APPLICATION_STATUSES } from '@ahp/contracts';
import { Session } from '../../core/session';
import { MatchingClient } from '../../data-access/matching-client';
import { LabelPipe, UkDatePipe } from '../../shared/label-pipe';
import { LoadError } from '../../shared/notices';
import { pagedList } from '../../shared/paged-list';
import { StatusFilter, knownStatus } from '../../shared/status-filter';
import { ApplicationStatusTag } from './application-status-tag';

/**
 * Applications across placements, as the caller may see them: a provider's applicants to all its
 * placements, a coordinator's students' applications, or every one for an admin. The filter lives
 * in the address, so "applications to review" on the home page links straight here.
 */
@Component({
  selector: 'app-applications-overview-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, StatusFilter, LabelPipe, UkDatePipe, LoadError, ApplicationStatusTag],
  template: `
    <h1 class="nhsuk-heading-l">Applications</h1>
    <app-status-filter
      what="applications"
      [options]="statuses"
      [value]="validStatus() ?? ''"
      (apply)="filter($event)"
    />
    @if (applications.loading() && applications.items().length === 0) {
      <p aria-live="polite">Loading applications…</p>
    } @else if (applications.error()) {
      <app-load-error
        heading="Could not load applications"
        [message]="applications.error()"
        (retry)="applications.reload()"
      />
    } @else if (applications.items().length === 0) {
      <p>There are no applications{{ validStatus() ? ' with that status' : '' }}.</p>
    } @else {
      <table class="nhsuk-table">
        <caption class="nhsuk-table__caption nhsuk-u-visually-hidden">
          Applications, oldest first
        </caption>
        <thead class="nhsuk-table__head">
          <tr class="nhsuk-table__row">
            <th class="nhsuk-table__header" scope="col">Student</th>
            <th class="nhsuk-table__header" scope="col">Placement</th>
            <th class="nhsuk-table__header" scope="col">Applied</th>
            <th class="nhsuk-table__header" scope="col">Status</th>
          </tr>
        </thead>
        <tbody class="nhsuk-table__body">
          @for (application of applications.items(); track application.id) {
            <tr class="nhsuk-table__row">
              <td class="nhsuk-table__cell">
                {{ application.student.name }}<br /><span class="nhsuk-body-s"
                  >{{ application.student.profession | label: 'profession' }}, year
                  {{ application.student.yearOfStudy }}</span
                >
              </td>
              <td class="nhsuk-table__cell">
                <a [routerLink]="placementLink(application.placementId)">{{
                  application.placement.title
                }}</a
                ><br /><span class="nhsuk-body-s">{{ application.placement.providerName }}</span>
              </td>
              <td class="nhsuk-table__cell">{{ application.createdAt | ukDate }}</td>
              <td class="nhsuk-table__cell">
                <app-application-status-tag [application]="application" />
              </td>
            </tr>
          }
        </tbody>
      </table>
      @if (applications.hasMore()) {
        <button
          class="nhsuk-button nhsuk-button--secondary"
          type="button"
          [disabled]="applications.loading()"
          (click)="applications.showMore()"
        >
          Show more applications
        </button>
      }
    }
  `,
})
export class ApplicationsOverviewPage {
  /** From the address: `/applications?status=submitted`. */
  readonly status = input<string>('');

  private readonly client = inject(MatchingClient);
  private readonly router = inject(Router);
  private readonly session = inject(Session);
  protected readonly statuses = APPLICATION_STATUSES;
  private readonly isProvider = computed(() => this.session.role() === 'provider');
  protected readonly validStatus = computed(() => knownStatus(APPLICATION_STATUSES, this.status()));
  protected readonly applications = pagedList(
    () => ({ status: this.validStatus() }),
    (query, cursor) => this.client.applications({ ...query, cursor, limit: 50 }),
  );

  placementLink(placementId: string): unknown[] {
    return this.isProvider()
      ? ['/placements', placementId, 'applications']
      : ['/placements', placementId];
  }

  filter(status: string): void {
    void this.router.navigate([], { queryParams: { status: status || null } });
  }
}
