import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import { OrganisationsClient } from '../../data-access/organisations-client';
import { LabelPipe } from '../../shared/label-pipe';
import { pagedList } from '../../shared/paged-list';

@Component({
  selector: 'app-organisations-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, LabelPipe],
  template: `
    @if (added()) {
      <div class="nhsuk-inset-text" role="status">
        <span class="nhsuk-u-visually-hidden">Information: </span>
        <p>{{ added() }} has been added.</p>
      </div>
    }
    <h1 class="nhsuk-heading-l">Organisations</h1>
    <p>Universities and placement providers using the platform.</p>
    <a class="nhsuk-button" routerLink="/admin/organisations/new">Add an organisation</a>

    @if (organisations.loading() && organisations.items().length === 0) {
      <p aria-live="polite">Loading organisations…</p>
    } @else if (organisations.error()) {
      <div class="nhsuk-warning-callout">
        <h2 class="nhsuk-warning-callout__label">
          <span role="text"
            ><span class="nhsuk-u-visually-hidden">Important: </span>Could not load
            organisations</span
          >
        </h2>
        <p>{{ organisations.error() }}</p>
        <button
          class="nhsuk-button nhsuk-button--secondary"
          type="button"
          (click)="organisations.reload()"
        >
          Try again
        </button>
      </div>
    } @else if (organisations.items().length === 0) {
      <p>There are no organisations yet. Add the first university or provider.</p>
    } @else {
      <table class="nhsuk-table">
        <caption class="nhsuk-table__caption nhsuk-u-visually-hidden">
          Organisations
        </caption>
        <thead class="nhsuk-table__head">
          <tr class="nhsuk-table__row">
            <th class="nhsuk-table__header" scope="col">Name</th>
            <th class="nhsuk-table__header" scope="col">Type</th>
            <th class="nhsuk-table__header" scope="col">NHS England region</th>
            <th class="nhsuk-table__header" scope="col">Postcode</th>
          </tr>
        </thead>
        <tbody class="nhsuk-table__body">
          @for (organisation of organisations.items(); track organisation.id) {
            <tr class="nhsuk-table__row">
              <td class="nhsuk-table__cell">{{ organisation.name }}</td>
              <td class="nhsuk-table__cell">{{ organisation.type | label: 'organisationType' }}</td>
              <td class="nhsuk-table__cell">{{ organisation.region | label: 'region' }}</td>
              <td class="nhsuk-table__cell">{{ organisation.postcode ?? '' }}</td>
            </tr>
          }
        </tbody>
      </table>
      @if (organisations.hasMore()) {
        <button
          class="nhsuk-button nhsuk-button--secondary"
          type="button"
          (click)="organisations.showMore()"
        >
          Show more organisations
        </button>
      }
    }
  `,
})
export class OrganisationsPage {
  readonly added = input<string>();
  private readonly client = inject(OrganisationsClient);
  protected readonly organisations = pagedList(
    () => ({}),
    (_, cursor) => this.client.list({ cursor, limit: 50 }),
  );
}
