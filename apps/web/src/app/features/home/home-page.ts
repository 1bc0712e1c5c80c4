import { ChangeDetectionStrategy, Component, computed, inject, resource } from '@angular/core';
import { RouterLink } from '@angular/router';
import { Session } from '../../core/session';
import { UsersClient } from '../../data-access/users-client';
import { WhoAndWherePipe } from '../../shared/label-pipe';

/** Says who you are and what needs your attention. */
@Component({
  selector: 'app-home-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, WhoAndWherePipe],
  template: `
    @if (session.user(); as user) {
      <h1 class="nhsuk-heading-l">
        <span class="nhsuk-caption-l"
          >{{ user | whoAndWhere }} <span class="nhsuk-u-visually-hidden"> – </span></span
        >
        {{ user.name }}: {{ headline() }}
      </h1>

      <h2 class="nhsuk-heading-m">What needs your attention</h2>
      @if (attention.isLoading()) {
        <p aria-live="polite">Checking what needs your attention…</p>
      } @else if (attention.error()) {
        <div class="nhsuk-warning-callout">
          <h3 class="nhsuk-warning-callout__label">
            <span role="text"
              ><span class="nhsuk-u-visually-hidden">Important: </span>Could not check</span
            >
          </h3>
          <p>We could not check what needs your attention. Reload the page to try again.</p>
        </div>
      } @else if (items().length === 0) {
        <p>Nothing needs your attention right now.</p>
      } @else {
        <ul class="nhsuk-list nhsuk-list--bullet">
          @for (item of items(); track item.code) {
            <li>
              @if (item.link) {
                <a [routerLink]="path(item.link)" [queryParams]="query(item.link)">{{
                  item.message
                }}</a>
              } @else {
                {{ item.message }}
              }
            </li>
          }
        </ul>
      }
    }
  `,
})
export class HomePage {
  protected readonly session = inject(Session);
  private readonly users = inject(UsersClient);
  protected readonly attention = resource({ loader: () => this.users.attention() });
  protected readonly items = computed(() =>
    this.attention.hasValue() ? this.attention.value() : [],
  );
  protected readonly headline = computed(() => {
    if (this.attention.isLoading() || this.attention.error()) return 'welcome';
    const count = this.items().length;
    return count === 0
      ? 'nothing needs your attention'
      : count === 1
        ? '1 thing needs your attention'
        : `${count} things need your attention`;
  });

  path(link: string): string {
    return link.split('?')[0];
  }

  query(link: string): Record<string, string> {
    return Object.fromEntries(new URLSearchParams(link.split('?')[1] ?? ''));
  }
}
