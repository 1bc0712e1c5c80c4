import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  input,
  resource,
} from '@angular/core';
import { RouterLink } from '@angular/router';
import type { Match } from '@ahp/contracts';
import { apiError } from '../../core/api-error';
import { FeedbackClient } from '../../data-access/feedback-client';
import { MatchingClient } from '../../data-access/matching-client';
import { UkDatePipe } from '../../shared/label-pipe';
import { DoneNotice, LoadError } from '../../shared/notices';
import { loadAll } from '../../shared/paged-list';
import { StatusTag } from '../../shared/status-tag';
import { MATCH_IN_WORDS } from '../applications/application-status-tag';
import { FEEDBACK_ACTION_WORDS, feedbackAction } from '../feedback/feedback-words';
import { PracticeHoursView } from '../feedback/practice-hours-view';
import { CalendarDownload } from './calendar-download';

const DONE: Record<string, string> = {
  'feedback-given': 'Thank you. Your feedback has been sent.',
  'feedback-changed': 'Your feedback has been changed.',
};

/**
 * A student's placements: confirmed ones (with a calendar download), offers awaiting approval,
 * and past ones; feedback on each placement they have had; and their practice hours so far.
 */
@Component({
  selector: 'app-my-placements-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    RouterLink,
    UkDatePipe,
    DoneNotice,
    LoadError,
    StatusTag,
    CalendarDownload,
    PracticeHoursView,
  ],
  template: `
    <app-done-notice [message]="doneMessage()" />
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
                @if (!feedback.isLoading()) {
                  <p class="nhsuk-u-margin-bottom-0">
                    <a [routerLink]="['/my-placements', m.id, 'feedback']"
                      >{{ feedbackLink(m.id)
                      }}<span class="nhsuk-u-visually-hidden"> on {{ m.placement.title }}</span></a
                    >
                  </p>
                }
              }
            </div>
          </div>
        }
      }
    }
    <h2 class="nhsuk-heading-m">Practice hours</h2>
    @if (hours.hasValue()) {
      <app-practice-hours-view [hours]="hours.value()" label="Your practice hours" />
    } @else if (hours.error()) {
      <app-load-error
        heading="Could not load your practice hours"
        [message]="hoursError()"
        (retry)="hours.reload()"
      />
    } @else {
      <p aria-live="polite">Loading your practice hours…</p>
    }
  `,
})
export class MyPlacementsPage {
  readonly done = input<string>();

  private readonly client = inject(MatchingClient);
  private readonly feedbackClient = inject(FeedbackClient);
  protected readonly doneMessage = computed(() => DONE[this.done() ?? ''] ?? null);
  protected readonly inWords = MATCH_IN_WORDS;
  protected readonly matches = resource({
    loader: () => loadAll((cursor) => this.client.matches({ cursor, limit: 100 })),
  });
  protected readonly loadError = computed(() => apiError(this.matches.error()).message);
  /** The feedback the student has given, to say "Give", "Change" or "View" beside each placement. */
  protected readonly feedback = resource({
    loader: () => loadAll((cursor) => this.feedbackClient.studentFeedback({ cursor, limit: 100 })),
  });
  private readonly feedbackByMatch = computed(
    () =>
      new Map((this.feedback.hasValue() ? this.feedback.value() : []).map((f) => [f.matchId, f])),
  );
  protected readonly hours = resource({ loader: () => this.feedbackClient.myPracticeHours() });
  protected readonly hoursError = computed(() => apiError(this.hours.error()).message);

  protected feedbackLink(matchId: string): string {
    return FEEDBACK_ACTION_WORDS[feedbackAction(this.feedbackByMatch().get(matchId))];
  }
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
