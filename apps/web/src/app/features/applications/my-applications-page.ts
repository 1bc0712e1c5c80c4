import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  input,
  linkedSignal,
  resource,
  signal,
} from '@angular/core';
import { RouterLink } from '@angular/router';
import type { AllocationUnmatchedReason, Application } from '@ahp/contracts';
import { apiError } from '../../core/api-error';
import { MatchingClient } from '../../data-access/matching-client';
import { UkDatePipe } from '../../shared/label-pipe';
import { DoneNotice, LoadError } from '../../shared/notices';
import { loadAll } from '../../shared/paged-list';
import { OrderSaver, RankButtons, ordinal } from '../../shared/rank-buttons';
import { ApplicationStatusTag, MATCH_IN_WORDS } from './application-status-tag';
import { AllocationClient } from '../../data-access/allocation-client';
import { StatusTag } from '../../shared/status-tag';

const DONE: Record<string, string> = {
  applied: 'Your application has been sent. The provider will review it.',
  withdrawn: 'Your application has been withdrawn.',
};

/**
 * A student's applications: the live ones in their order of preference (which they can change,
 * and which allocation rounds use), and the ones that are over.
 */
@Component({
  selector: 'app-my-applications-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    RouterLink,
    UkDatePipe,
    DoneNotice,
    LoadError,
    RankButtons,
    ApplicationStatusTag,
    StatusTag,
  ],
  template: `
    <app-done-notice [message]="doneMessage()" />
    <h1 class="nhsuk-heading-l">My applications</h1>
    @if (applications.isLoading() && !applications.hasValue()) {
      <p aria-live="polite">Loading your applications…</p>
    } @else if (applications.error()) {
      <app-load-error
        heading="Could not load your applications"
        [message]="loadError()"
        (retry)="applications.reload()"
      />
    } @else if (applications.hasValue()) {
      <p>
        Put the placements you want most at the top. Your university uses this order when it
        allocates placements. You can have up to 10 applications at a time.
      </p>
      <p class="nhsuk-u-visually-hidden" aria-live="polite">{{ announcement() }}</p>
      @if (saveError()) {
        <div class="nhsuk-error-summary" role="alert" tabindex="-1">
          <h2 class="nhsuk-error-summary__heading">Your order could not be saved</h2>
          <div class="nhsuk-error-summary__body">
            <p>{{ saveError() }}</p>
          </div>
        </div>
      }
      <h2 class="nhsuk-heading-m">Current applications</h2>
      @if (live().length === 0) {
        <p>
          You have no current applications. <a routerLink="/placements">Find a placement</a> to
          apply for.
        </p>
      } @else {
        <table class="nhsuk-table">
          <caption class="nhsuk-table__caption nhsuk-u-visually-hidden">
            Your current applications, most wanted first
          </caption>
          <thead class="nhsuk-table__head">
            <tr class="nhsuk-table__row">
              <th class="nhsuk-table__header" scope="col">Choice</th>
              <th class="nhsuk-table__header" scope="col">Placement</th>
              <th class="nhsuk-table__header" scope="col">Status</th>
              <th class="nhsuk-table__header" scope="col">
                <span class="nhsuk-u-visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody class="nhsuk-table__body">
            @for (application of live(); track application.id; let i = $index) {
              <tr class="nhsuk-table__row" data-testid="live-application">
                <td class="nhsuk-table__cell">{{ ordinal(i + 1) }}</td>
                <td class="nhsuk-table__cell">
                  <a [routerLink]="['/placements', application.placementId]">{{
                    application.placement.title
                  }}</a>
                  <br />
                  <span class="nhsuk-body-s"
                    >{{ application.placement.providerName }},
                    {{ application.placement.startDate | ukDate }} to
                    {{ application.placement.endDate | ukDate }}</span
                  >
                </td>
                <td class="nhsuk-table__cell">
                  <app-application-status-tag [application]="application" />
                </td>
                <td class="nhsuk-table__cell app-table-actions">
                  <app-rank-buttons
                    [name]="application.placement.title"
                    [position]="i + 1"
                    [count]="live().length"
                    (move)="order.move(i, $event)"
                  />
                  @if (
                    application.status === 'submitted' || application.match?.status === 'proposed'
                  ) {
                    <a
                      class="nhsuk-link nhsuk-u-margin-left-2"
                      [routerLink]="['/applications', application.id, 'withdraw']"
                      >Withdraw<span class="nhsuk-u-visually-hidden">
                        application to {{ application.placement.title }}</span
                      ></a
                    >
                  }
                </td>
              </tr>
            }
          </tbody>
        </table>
      }
      @if (results.hasValue() && results.value().length) {
        <h2 class="nhsuk-heading-m">Allocation rounds</h2>
        <ul class="nhsuk-list" data-testid="allocation-results">
          @for (result of results.value(); track result.roundId) {
            <li>
              <strong>{{ result.roundName }}</strong>
              ({{ result.ranAt | ukDate }}):
              @if (result.proposal; as p) {
                proposed for
                <a [routerLink]="['/placements', p.placementId]">{{ p.placementTitle }}</a
                >, {{ p.providerName }}, your {{ ordinal(p.rank) }} choice.
                <app-status-tag kind="match" [status]="p.status" [text]="inWords[p.status]" />
              } @else {
                not matched. {{ result.reason ? whyNot[result.reason] : '' }}
              }
            </li>
          }
        </ul>
      }
      @if (past().length) {
        <h2 class="nhsuk-heading-m">Past applications</h2>
        <table class="nhsuk-table">
          <caption class="nhsuk-table__caption nhsuk-u-visually-hidden">
            Applications that are over
          </caption>
          <thead class="nhsuk-table__head">
            <tr class="nhsuk-table__row">
              <th class="nhsuk-table__header" scope="col">Placement</th>
              <th class="nhsuk-table__header" scope="col">Status</th>
              <th class="nhsuk-table__header" scope="col">Reason given</th>
            </tr>
          </thead>
          <tbody class="nhsuk-table__body">
            @for (application of past(); track application.id) {
              <tr class="nhsuk-table__row">
                <td class="nhsuk-table__cell">
                  <a [routerLink]="['/placements', application.placementId]">{{
                    application.placement.title
                  }}</a>
                  <br /><span class="nhsuk-body-s">{{ application.placement.providerName }}</span>
                </td>
                <td class="nhsuk-table__cell">
                  <app-application-status-tag [application]="application" />
                </td>
                <td class="nhsuk-table__cell">{{ application.declineReason || '—' }}</td>
              </tr>
            }
          </tbody>
        </table>
      }
    }
  `,
})
export class MyApplicationsPage {
  readonly done = input<string>();

  private readonly client = inject(MatchingClient);
  private readonly allocation = inject(AllocationClient);
  protected readonly ordinal = ordinal;
  protected readonly doneMessage = computed(() => DONE[this.done() ?? ''] ?? null);
  protected readonly applications = resource({
    loader: () => loadAll((cursor) => this.client.applications({ cursor, limit: 100 })),
  });
  /** Where the student stands in allocation rounds they took part in (a hint; failure hides it). */
  protected readonly results = resource({ loader: () => this.allocation.mine() });
  protected readonly inWords = MATCH_IN_WORDS;
  protected readonly whyNot: Record<AllocationUnmatchedReason, string> = {
    no_preferences: 'You had not applied for any placement in the round.',
    no_eligible_preference:
      'None of the placements you applied for was open to you (profession, year, checks, travel distance or dates).',
    outranked:
      'Each placement you applied for that was open to you went to students it ranked higher.',
  };
  protected readonly loadError = computed(() => apiError(this.applications.error()).message);
  /** Live applications in the order on screen (changed locally first, then saved). */
  protected readonly live = linkedSignal(() =>
    this.current().filter((a) => a.status === 'submitted' || a.status === 'offered'),
  );
  protected readonly past = computed(() =>
    this.current().filter((a) => a.status === 'declined' || a.status === 'withdrawn'),
  );
  protected readonly saveError = signal<string | null>(null);
  protected readonly announcement = signal('');
  /** Each press moves at once; the order is saved behind it, one save at a time. */
  protected readonly order = new OrderSaver(this.live, {
    save: (order) => this.client.reorder(order.map((a) => a.id)).then(() => undefined),
    done: (moved, order) => {
      this.saveError.set(null);
      this.announcement.set(
        `${moved.placement.title} is now your ${ordinal(order.indexOf(moved) + 1)} choice.`,
      );
    },
    failed: (error) => this.saveError.set(apiError(error).message),
  });

  private current(): Application[] {
    return this.applications.hasValue() ? this.applications.value() : [];
  }
}
