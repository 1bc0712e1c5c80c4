import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  input,
  resource,
  signal,
} from '@angular/core';
import { RouterLink } from '@angular/router';
import type { Organisation } from '@ahp/contracts';
import { apiError } from '../../core/api-error';
import { OrganisationsClient } from '../../data-access/organisations-client';
import { LabelPipe } from '../../shared/label-pipe';

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

    @if (organisations.isLoading() && rows().length === 0) {
      <p aria-live="polite">Loading organisations…</p>
    } @else if (organisations.error()) {
      <div class="nhsuk-warning-callout">
        <h2 class="nhsuk-warning-callout__label">
          <span role="text"
            ><span class="nhsuk-u-visually-hidden">Important: </span>Could not load
            organisations</span
          >
        </h2>
        <p>{{ errorMessage() }}</p>
        <button
          class="nhsuk-button nhsuk-button--secondary"
          type="button"
          (click)="organisations.reload()"
        >
          Try again
        </button>
      </div>
    } @else if (rows().length === 0) {
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
          @for (organisation of rows(); track organisation.id) {
            <tr class="nhsuk-table__row">
              <td class="nhsuk-table__cell">{{ organisation.name }}</td>
              <td class="nhsuk-table__cell">{{ organisation.type | label: 'organisationType' }}</td>
              <td class="nhsuk-table__cell">{{ organisation.region | label: 'region' }}</td>
              <td class="nhsuk-table__cell">{{ organisation.postcode ?? '' }}</td>
            </tr>
          }
        </tbody>
      </table>
      @if (nextCursor()) {
        <button
          class="nhsuk-button nhsuk-button--secondary"
          type="button"
          (click)="cursor.set(nextCursor() ?? undefined)"
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
  protected readonly cursor = signal<string | undefined>(undefined);
  private readonly loaded = signal<Organisation[]>([]);
  protected readonly organisations = resource({
    // Wrapped: a resource whose params are undefined never loads, and the first page has no cursor.
    params: () => ({ cursor: this.cursor() }),
    loader: async ({ params: { cursor } }) => {
      const page = await this.client.list({ cursor, limit: 50 });
      this.loaded.update((rows) => (cursor ? [...rows, ...page.items] : page.items));
      return page;
    },
  });
  protected readonly rows = computed(() => this.loaded());
  protected readonly nextCursor = computed(() =>
    this.organisations.hasValue() ? this.organisations.value().nextCursor : null,
  );
  protected readonly errorMessage = computed(() => apiError(this.organisations.error()).message);
}
