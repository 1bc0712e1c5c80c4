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
import type { Application } from '@ahp/contracts';
import { apiError } from '../../core/api-error';
import { MatchingClient } from '../../data-access/matching-client';
import { PlacementsClient } from '../../data-access/placements-client';
import { LabelPipe, UkDatePipe } from '../../shared/label-pipe';
import { DoneNotice, LoadError, RecordError } from '../../shared/notices';
import { loadAll } from '../../shared/paged-list';
import { OrderSaver, RankButtons, ordinal } from '../../shared/rank-buttons';
import { StatusTag } from '../../shared/status-tag';
import { ApplicationStatusTag } from './application-status-tag';

const DONE: Record<string, string> = {
  declined: 'The application has been declined. The student has been told.',
};

/** Live applications first in the provider's ranking, then unranked ones oldest first. */
export function byProviderRank(a: Application, b: Application): number {
  const ra = a.providerRank ?? Number.MAX_SAFE_INTEGER;
  const rb = b.providerRank ?? Number.MAX_SAFE_INTEGER;
  return ra - rb || a.createdAt.localeCompare(b.createdAt);
}

/**
 * A provider's applicants to one placement: read each one, rank them (allocation rounds use this
 * order), offer a place or decline, and see the matches made.
 */
@Component({
  selector: 'app-placement-applications-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    RouterLink,
    LabelPipe,
    UkDatePipe,
    DoneNotice,
    LoadError,
    RecordError,
    RankButtons,
    StatusTag,
    ApplicationStatusTag,
  ],
  template: `
    <div class="nhsuk-back-link">
      <a class="nhsuk-back-link__link" [routerLink]="['/placements', id()]"
        >Back to the placement</a
      >
    </div>
    <app-done-notice [message]="notice() ?? doneMessage()" />
    @if (placement.hasValue()) {
      @let p = placement.value();
      <h1 class="nhsuk-heading-l">
        <span class="nhsuk-caption-l"
          >{{ p.title }}, {{ p.startDate | ukDate }} to {{ p.endDate | ukDate
          }}<span class="nhsuk-u-visually-hidden"> – </span></span
        >
        Applications
      </h1>
      <p>
        <app-status-tag [status]="p.status" /> {{ seatsLeft() }} of {{ p.capacity }}
        {{ p.capacity === 1 ? 'seat' : 'seats' }} left. An offer becomes a place once the student's
        placement coordinator approves it.
      </p>
    } @else if (placement.error()) {
      <app-record-error
        [error]="placement.error()"
        missing="Placement not found"
        failed="The placement could not be loaded"
      />
    } @else {
      <h1 class="nhsuk-heading-l">Applications</h1>
    }

    <p class="nhsuk-u-visually-hidden" aria-live="polite">{{ announcement() }}</p>
    @if (actionError()) {
      <div class="nhsuk-error-summary" tabindex="-1">
        <div role="alert">
          <h2 class="nhsuk-error-summary__heading">There is a problem</h2>
          <div class="nhsuk-error-summary__body">
            <p>{{ actionError() }}</p>
          </div>
        </div>
      </div>
    }

    @if (applications.isLoading() && !applications.hasValue()) {
      <p aria-live="polite">Loading applications…</p>
    } @else if (applications.error()) {
      <app-load-error
        heading="Could not load the applications"
        [message]="applicationsError()"
        (retry)="applications.reload()"
      />
    } @else if (applications.hasValue()) {
      <h2 class="nhsuk-heading-m">Current applicants</h2>
      @if (live().length === 0) {
        <p>Nobody has a current application to this placement.</p>
      } @else {
        <p>
          Rank applicants with the move buttons, most suitable first. The ranking is saved as you go
          and used when placements are allocated.
        </p>
        <ol class="nhsuk-list app-applicant-list">
          @for (application of live(); track application.id; let i = $index) {
            <li class="nhsuk-card nhsuk-u-margin-bottom-4" data-testid="applicant">
              <div class="nhsuk-card__content">
                <h3 class="nhsuk-card__heading nhsuk-heading-s">
                  <span class="nhsuk-u-visually-hidden">Ranked </span>{{ ordinal(i + 1) }}:
                  {{ application.student.name }}
                </h3>
                <p class="nhsuk-body-s nhsuk-u-margin-bottom-2">
                  {{ application.student.profession | label: 'profession' }}, year
                  {{ application.student.yearOfStudy }}, {{ application.student.universityName }}.
                  Applied {{ application.createdAt | ukDate }}.
                </p>
                <p class="nhsuk-u-margin-bottom-2">
                  <app-application-status-tag [application]="application" />
                </p>
                @if (application.statement) {
                  <details class="nhsuk-details nhsuk-u-margin-bottom-2">
                    <summary class="nhsuk-details__summary">
                      <span class="nhsuk-details__summary-text"
                        >Statement<span class="nhsuk-u-visually-hidden">
                          from {{ application.student.name }}</span
                        ></span
                      >
                    </summary>
                    <div class="nhsuk-details__text">
                      <p class="app-preserve-lines">{{ application.statement }}</p>
                    </div>
                  </details>
                }
                @if (application.student.reasonableAdjustments) {
                  <p class="nhsuk-body-s">
                    <strong>Reasonable adjustments (shared with you):</strong>
                    {{ application.student.reasonableAdjustments }}
                  </p>
                }
                <div class="app-applicant-actions">
                  <app-rank-buttons
                    [name]="application.student.name"
                    [position]="i + 1"
                    [count]="live().length"
                    (move)="order.move(i, $event)"
                  />
                  @if (application.status === 'submitted') {
                    <button
                      class="nhsuk-button nhsuk-button--small nhsuk-u-margin-bottom-0 nhsuk-u-margin-right-2"
                      type="button"
                      [disabled]="busy() || order.saving() || seatsLeft() === 0"
                      (click)="offer(application)"
                    >
                      Offer a place<span class="nhsuk-u-visually-hidden">
                        to {{ application.student.name }}</span
                      >
                    </button>
                    <a [routerLink]="['/applications', application.id, 'decline']"
                      >Decline<span class="nhsuk-u-visually-hidden">
                        {{ application.student.name }}</span
                      ></a
                    >
                  } @else if (application.match) {
                    <a [routerLink]="['/matches', application.match.id]"
                      >View offer<span class="nhsuk-u-visually-hidden">
                        to {{ application.student.name }}</span
                      ></a
                    >
                  }
                </div>
              </div>
            </li>
          }
        </ol>
      }
      @if (past().length) {
        <details class="nhsuk-details">
          <summary class="nhsuk-details__summary">
            <span class="nhsuk-details__summary-text"
              >Declined and withdrawn applications ({{ past().length }})</span
            >
          </summary>
          <div class="nhsuk-details__text">
            <ul class="nhsuk-list">
              @for (application of past(); track application.id) {
                <li>
                  {{ application.student.name }}:
                  <app-status-tag kind="application" [status]="application.status" />
                  @if (application.declineReason) {
                    <span class="nhsuk-body-s"> {{ application.declineReason }}</span>
                  }
                </li>
              }
            </ul>
          </div>
        </details>
      }
    }
  `,
})
export class PlacementApplicationsPage {
  readonly id = input.required<string>();
  readonly done = input<string>();

  private readonly placements = inject(PlacementsClient);
  private readonly client = inject(MatchingClient);
  protected readonly ordinal = ordinal;
  protected readonly doneMessage = computed(() => DONE[this.done() ?? ''] ?? null);
  protected readonly placement = resource({
    params: () => ({ id: this.id() }),
    loader: ({ params }) => this.placements.get(params.id),
  });
  protected readonly applications = resource({
    params: () => ({ placementId: this.id() }),
    loader: ({ params }) =>
      loadAll((cursor) => this.client.applications({ ...params, cursor, limit: 100 })),
  });
  protected readonly applicationsError = computed(
    () => apiError(this.applications.error()).message,
  );
  private readonly all = computed(() =>
    this.applications.hasValue() ? this.applications.value() : [],
  );
  /** Live applicants in the order on screen (moved locally first, then saved). */
  protected readonly live = linkedSignal(() =>
    this.all()
      .filter((a) => a.status === 'submitted' || a.status === 'offered')
      .sort(byProviderRank),
  );
  protected readonly past = computed(() =>
    this.all().filter((a) => a.status === 'declined' || a.status === 'withdrawn'),
  );
  protected readonly seatsLeft = computed(() =>
    this.placement.hasValue() ? this.placement.value().remainingCapacity : 0,
  );
  protected readonly busy = signal(false);
  protected readonly notice = signal<string | null>(null);
  protected readonly actionError = signal<string | null>(null);
  protected readonly announcement = signal('');
  /**
   * Each press moves at once; the ranking is saved behind it, one save at a time. Offers wait
   * until it is saved (an offer reloads the list, which would show the order before the moves).
   */
  protected readonly order = new OrderSaver(this.live, {
    save: (order) =>
      this.client
        .rankApplicants(
          this.id(),
          order.map((a) => a.studentId),
        )
        .then(() => undefined),
    done: (moved, order) => {
      this.actionError.set(null);
      this.announcement.set(
        `${moved.student.name} is now ranked ${ordinal(order.indexOf(moved) + 1)}.`,
      );
    },
    failed: (error) => this.actionError.set(apiError(error).message),
  });

  async offer(application: Application): Promise<void> {
    await this.act(async () => {
      await this.client.offer(application.id);
      this.notice.set(
        `You have offered ${application.student.name} a place. Their placement coordinator has been asked to approve it.`,
      );
      this.applications.reload();
      this.placement.reload();
    });
  }

  private async act(work: () => Promise<void>): Promise<void> {
    this.busy.set(true);
    this.actionError.set(null);
    try {
      await work();
    } catch (error) {
      this.actionError.set(apiError(error).message);
    } finally {
      this.busy.set(false);
    }
  }
}
