import { DestroyRef, Injectable, effect, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NavigationEnd, Router } from '@angular/router';
import { filter } from 'rxjs';
import { MatchingClient } from '../data-access/matching-client';
import { Session } from './session';

/** How often the bell asks again while the page stays open. */
const POLL_MS = 60_000;

/**
 * The unread count behind the header's notification bell. It is read again after each page change
 * and once a minute, so a decision made by someone else shows up without a reload.
 */
@Injectable({ providedIn: 'root' })
export class NotificationCount {
  private readonly client = inject(MatchingClient);
  private readonly session = inject(Session);
  readonly unread = signal(0);

  constructor() {
    effect((onCleanup) => {
      // Someone who must first set up two-step verification can use nothing else yet.
      if (!this.session.user() || this.session.mfaEnrolmentRequired()) {
        this.unread.set(0);
        return;
      }
      void this.refresh();
      const timer = setInterval(() => void this.refresh(), POLL_MS);
      onCleanup(() => clearInterval(timer));
    });
    inject(Router)
      .events.pipe(
        filter((event) => event instanceof NavigationEnd),
        takeUntilDestroyed(inject(DestroyRef)),
      )
      .subscribe(() => void this.refresh());
  }

  /** Asks the API; a failure keeps the last known count rather than showing an error in the header. */
  async refresh(): Promise<void> {
    if (!this.session.user() || this.session.mfaEnrolmentRequired()) return;
    try {
      const page = await this.client.notifications(undefined, 1);
      this.unread.set(page.unread);
    } catch {
      // The bell is a hint; the notifications page reports errors properly.
    }
  }

  /** After the notifications page marks some read, it already knows the new count. */
  set(unread: number): void {
    this.unread.set(unread);
  }
}
