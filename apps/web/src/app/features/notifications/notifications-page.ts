import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { Router } from '@angular/router';
import type { Notification } from '@ahp/contracts';
import { apiError } from '../../core/api-error';
import { NotificationCount } from '../../core/notification-count';
import { MatchingClient } from '../../data-access/matching-client';
import { LoadError } from '../../shared/notices';
import { pagedList } from '../../shared/paged-list';

/** Everything the platform has told the signed-in person, newest first; opening one marks it read. */
@Component({
  selector: 'app-notifications-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DatePipe, LoadError],
  template: `
    <h1 class="nhsuk-heading-l">Notifications</h1>
    @if (error()) {
      <p class="nhsuk-error-message" role="alert">
        <span class="nhsuk-u-visually-hidden">Error:</span> {{ error() }}
      </p>
    }
    @if (count.unread() > 0) {
      <button
        class="nhsuk-button nhsuk-button--secondary"
        type="button"
        [disabled]="busy()"
        (click)="markAllRead()"
      >
        Mark all as read
      </button>
    }
    @if (notifications.loading() && notifications.items().length === 0) {
      <p aria-live="polite">Loading your notifications…</p>
    } @else if (notifications.error()) {
      <app-load-error
        heading="Could not load your notifications"
        [message]="notifications.error()"
        (retry)="notifications.reload()"
      />
    } @else if (notifications.items().length === 0) {
      <p>You have no notifications.</p>
    } @else {
      <ul class="nhsuk-list app-notification-list">
        @for (n of notifications.items(); track n.id) {
          <li
            class="app-notification"
            [class.app-notification--unread]="!isRead(n)"
            data-testid="notification"
          >
            <h2 class="nhsuk-heading-s nhsuk-u-margin-bottom-1">
              @if (!isRead(n)) {
                <strong class="nhsuk-tag nhsuk-tag--blue nhsuk-u-margin-right-2">New</strong>
              }
              @if (n.link) {
                <a [href]="n.link" (click)="open($event, n)">{{ n.title }}</a>
              } @else {
                {{ n.title }}
              }
            </h2>
            <p class="nhsuk-u-margin-bottom-1">{{ n.body }}</p>
            <p class="nhsuk-body-s nhsuk-u-secondary-text-colour nhsuk-u-margin-bottom-0">
              {{ n.createdAt | date: 'd MMMM y, HH:mm' : 'Europe/London' }}
              @if (!n.link && !isRead(n)) {
                ·
                <button class="app-link-button" type="button" (click)="markRead(n)">
                  Mark as read<span class="nhsuk-u-visually-hidden">: {{ n.title }}</span>
                </button>
              }
            </p>
          </li>
        }
      </ul>
      @if (notifications.hasMore()) {
        <button
          class="nhsuk-button nhsuk-button--secondary"
          type="button"
          [disabled]="notifications.loading()"
          (click)="notifications.showMore()"
        >
          Show older notifications
        </button>
      }
    }
  `,
})
export class NotificationsPage {
  private readonly client = inject(MatchingClient);
  private readonly router = inject(Router);
  protected readonly count = inject(NotificationCount);
  protected readonly notifications = pagedList(
    () => ({}),
    (_query, cursor) => this.client.notifications(cursor, 20),
  );
  /** Read here since the list was loaded (the list itself is not reloaded for that). */
  private readonly readHere = signal<ReadonlySet<string>>(new Set());
  private readonly allReadHere = signal(false);
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);

  isRead(notification: Notification): boolean {
    return notification.read || this.allReadHere() || this.readHere().has(notification.id);
  }

  async open(event: Event, notification: Notification): Promise<void> {
    event.preventDefault();
    if (!this.isRead(notification)) await this.markRead(notification);
    if (notification.link) await this.router.navigateByUrl(notification.link);
  }

  async markRead(notification: Notification): Promise<void> {
    await this.mark(
      () => this.client.markRead([notification.id]),
      () => this.readHere.update((ids) => new Set([...ids, notification.id])),
    );
  }

  async markAllRead(): Promise<void> {
    await this.mark(
      () => this.client.markRead(),
      () => this.allReadHere.set(true),
    );
  }

  private async mark(call: () => Promise<{ unread: number }>, done: () => void): Promise<void> {
    this.busy.set(true);
    this.error.set(null);
    try {
      const { unread } = await call();
      done();
      this.count.set(unread);
    } catch (error) {
      this.error.set(apiError(error).message);
    } finally {
      this.busy.set(false);
    }
  }
}
