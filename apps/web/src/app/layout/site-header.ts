import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { Router, RouterLink, RouterLinkActive } from '@angular/router';
import { NotificationCount } from '../core/notification-count';
import { Session } from '../core/session';
import { SERVICE_NAME } from '../core/title-strategy';
import { WhoAndWherePipe } from '../shared/label-pipe';
import { navigationFor } from './navigation';

@Component({
  selector: 'app-site-header',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, RouterLinkActive, WhoAndWherePipe],
  template: `
    <header class="nhsuk-header" role="banner">
      <div class="nhsuk-header__container nhsuk-width-container">
        <div class="nhsuk-header__service">
          <a class="nhsuk-header__service-name" routerLink="/">{{ serviceName }}</a>
        </div>
        @if (session.user(); as user) {
          <nav class="nhsuk-header__account" aria-label="Account">
            <ul class="nhsuk-header__account-list">
              <li class="nhsuk-header__account-item">
                <span class="app-header-account-name">{{ user.name }}</span>
              </li>
              <li class="nhsuk-header__account-item">
                {{ user | whoAndWhere }}
              </li>
              <li class="nhsuk-header__account-item">
                <a
                  class="nhsuk-header__account-link app-notification-bell"
                  routerLink="/notifications"
                  data-testid="notification-bell"
                >
                  <svg
                    class="app-notification-bell__icon"
                    aria-hidden="true"
                    focusable="false"
                    viewBox="0 0 24 24"
                    width="18"
                    height="18"
                  >
                    <path
                      d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1Z"
                    />
                  </svg>
                  Notifications
                  @if (unread() > 0) {
                    <span class="app-notification-bell__count">{{ unread() }}</span>
                    <span class="nhsuk-u-visually-hidden"> unread</span>
                  }
                </a>
              </li>
              <li class="nhsuk-header__account-item">
                <button class="nhsuk-header__account-button" type="button" (click)="signOut()">
                  Sign out
                </button>
              </li>
            </ul>
          </nav>
        }
      </div>
      @if (items().length) {
        <nav class="nhsuk-header__navigation" aria-label="Menu">
          <div class="nhsuk-header__navigation-container nhsuk-width-container">
            <ul class="nhsuk-header__navigation-list">
              @for (item of items(); track item.link) {
                <li
                  class="nhsuk-header__navigation-item"
                  routerLinkActive="nhsuk-header__navigation-item--current"
                  [routerLinkActiveOptions]="{ exact: item.link === '/' }"
                  #active="routerLinkActive"
                >
                  <a
                    class="nhsuk-header__navigation-link"
                    [routerLink]="item.link"
                    [attr.aria-current]="active.isActive ? 'page' : null"
                    >{{ item.label }}</a
                  >
                </li>
              }
            </ul>
          </div>
        </nav>
      }
    </header>
  `,
})
export class SiteHeader {
  protected readonly session = inject(Session);
  private readonly router = inject(Router);
  protected readonly serviceName = SERVICE_NAME;
  protected readonly items = computed(() => navigationFor(this.session.role()));
  protected readonly unread = inject(NotificationCount).unread;

  async signOut(): Promise<void> {
    await this.session.signOut();
    await this.router.navigate(['/sign-in'], { queryParams: { signedOut: 1 } });
  }
}
