import { Location } from '@angular/common';
import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  input,
  resource,
} from '@angular/core';
import { RouterLink } from '@angular/router';
import { PROFESSIONS } from '@ahp/contracts';
import { Session } from '../../core/session';
import { MatchingClient } from '../../data-access/matching-client';
import { FeedbackClient } from '../../data-access/feedback-client';
import { PlacementsClient } from '../../data-access/placements-client';
import { FeedbackSummaryView } from '../feedback/feedback-summary-view';
import { ratingInWords } from '../feedback/feedback-words';
import { ApplicationStatusTag } from '../applications/application-status-tag';
import { JoinNonEmptyPipe, LabelPipe, UkDatePipe } from '../../shared/label-pipe';
import { StatusTag } from '../../shared/status-tag';
import { RecordError } from '../../shared/notices';

const DONE: Record<string, string> = {
  created: 'The placement has been saved as a draft. Students cannot see it until you publish it.',
  saved: 'Your changes have been saved.',
  published: 'The placement has been published. Students can now find it.',
  closed: 'The placement has been closed. It no longer takes applications.',
  cancelled: 'The placement has been cancelled.',
};

@Component({
  selector: 'app-placement-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    RouterLink,
    LabelPipe,
    UkDatePipe,
    JoinNonEmptyPipe,
    StatusTag,
    ApplicationStatusTag,
    FeedbackSummaryView,
    RecordError,
  ],
  template: `
    <div class="nhsuk-back-link">
      <a class="nhsuk-back-link__link" [routerLink]="backLink()" (click)="back($event)">Back</a>
    </div>
    @if (placement.isLoading()) {
      <p aria-live="polite">Loading the placement…</p>
    } @else if (placement.error()) {
      <app-record-error
        [error]="placement.error()"
        missing="Placement not found"
        failed="The placement could not be loaded"
      />
    } @else if (placement.hasValue()) {
      @let p = placement.value();
      @if (doneMessage()) {
        <div class="nhsuk-inset-text" role="status">
          <span class="nhsuk-u-visually-hidden">Information: </span>
          <p>{{ doneMessage() }}</p>
        </div>
      }
      <h1 class="nhsuk-heading-l">
        <span class="nhsuk-caption-l"
          >{{ p.providerName }}<span class="nhsuk-u-visually-hidden"> – </span></span
        >
        {{ p.title }}
      </h1>
      @if (p.status === 'cancelled') {
        <div class="nhsuk-warning-callout">
          <h2 class="nhsuk-warning-callout__label">
            <span role="text"
              ><span class="nhsuk-u-visually-hidden">Important: </span>Cancelled</span
            >
          </h2>
          <p>{{ p.cancellationReason }}</p>
        </div>
      }
      @if (session.role() === 'student') {
        @if (myApplication(); as application) {
          <div class="nhsuk-inset-text" data-testid="my-application">
            <p>
              You have applied for this placement:
              <app-application-status-tag [application]="application" />
              <br />
              <a routerLink="/applications">See all your applications</a>
            </p>
          </div>
        } @else if (
          p.status === 'published' && p.remainingCapacity > 0 && myApplications.hasValue()
        ) {
          <a class="nhsuk-button" [routerLink]="['/placements', p.id, 'apply']">Apply</a>
        }
      }
      @if (canManage() || canChangeStatus()) {
        <div class="nhsuk-u-margin-bottom-4">
          @if (canManage() && p.status !== 'draft') {
            <a
              class="nhsuk-button nhsuk-u-margin-right-3"
              [routerLink]="['/placements', p.id, 'applications']"
              >Applications</a
            >
          }
          @if (canManage() && (p.status === 'draft' || p.status === 'published')) {
            <a
              class="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-right-3"
              [routerLink]="['/placements', p.id, 'edit']"
              >Edit</a
            >
          }
          @if (p.status === 'draft') {
            <a
              class="nhsuk-button nhsuk-u-margin-right-3"
              [routerLink]="['/placements', p.id, 'publish']"
              >Publish</a
            >
          }
          @if (p.status === 'published') {
            <a
              class="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-right-3"
              [routerLink]="['/placements', p.id, 'close']"
              >Close to applications</a
            >
          }
          @if (p.status !== 'cancelled') {
            <a
              class="nhsuk-button nhsuk-button--warning"
              [routerLink]="['/placements', p.id, 'cancel']"
              >Cancel placement</a
            >
          }
        </div>
      }
      @if (p.description) {
        <p class="nhsuk-body-l">{{ p.description }}</p>
      }
      <dl class="nhsuk-summary-list">
        <div class="nhsuk-summary-list__row">
          <dt class="nhsuk-summary-list__key">Status</dt>
          <dd class="nhsuk-summary-list__value"><app-status-tag [status]="p.status" /></dd>
        </div>
        <div class="nhsuk-summary-list__row">
          <dt class="nhsuk-summary-list__key">Professions</dt>
          <dd class="nhsuk-summary-list__value">
            <ul class="nhsuk-list nhsuk-u-margin-bottom-0">
              @for (profession of p.professions; track profession) {
                <li>
                  {{ profession | label: 'profession' }}
                  @if (commonInMentalHealth(profession)) {
                    <span class="nhsuk-body-s">(common in mental health)</span>
                  }
                </li>
              }
            </ul>
          </dd>
        </div>
        <div class="nhsuk-summary-list__row">
          <dt class="nhsuk-summary-list__key">Setting</dt>
          <dd class="nhsuk-summary-list__value">
            {{ [p.setting | label: 'setting', p.serviceType] | joinNonEmpty }}
          </dd>
        </div>
        <div class="nhsuk-summary-list__row">
          <dt class="nhsuk-summary-list__key">Placement model</dt>
          <dd class="nhsuk-summary-list__value">{{ p.model | label: 'model' }}</dd>
        </div>
        <div class="nhsuk-summary-list__row">
          <dt class="nhsuk-summary-list__key">Where</dt>
          <dd class="nhsuk-summary-list__value">
            {{ p.postcode }}, {{ p.region | label: 'region' }}
          </dd>
        </div>
        <div class="nhsuk-summary-list__row">
          <dt class="nhsuk-summary-list__key">Dates</dt>
          <dd class="nhsuk-summary-list__value">
            {{ p.startDate | ukDate }} to {{ p.endDate | ukDate }}
          </dd>
        </div>
        @if (p.hoursPerWeek) {
          <div class="nhsuk-summary-list__row">
            <dt class="nhsuk-summary-list__key">Hours per week</dt>
            <dd class="nhsuk-summary-list__value">{{ p.hoursPerWeek }}</dd>
          </div>
        }
        <div class="nhsuk-summary-list__row">
          <dt class="nhsuk-summary-list__key">Seats left</dt>
          <dd class="nhsuk-summary-list__value">{{ p.remainingCapacity }} of {{ p.capacity }}</dd>
        </div>
        @if (rating(); as r) {
          <div class="nhsuk-summary-list__row">
            <dt class="nhsuk-summary-list__key">Students' rating</dt>
            <dd class="nhsuk-summary-list__value">{{ r }}</dd>
          </div>
        }
        <div class="nhsuk-summary-list__row">
          <dt class="nhsuk-summary-list__key">Year of study</dt>
          <dd class="nhsuk-summary-list__value">
            {{ p.minYearOfStudy === 1 ? 'Any year' : 'Year ' + p.minYearOfStudy + ' or later' }}
          </dd>
        </div>
        <div class="nhsuk-summary-list__row">
          <dt class="nhsuk-summary-list__key">Requirements</dt>
          <dd class="nhsuk-summary-list__value">
            @if (p.requirements.length) {
              <ul class="nhsuk-list nhsuk-u-margin-bottom-0">
                @for (requirement of p.requirements; track requirement) {
                  <li>{{ requirement | label: 'requirement' }}</li>
                }
              </ul>
            } @else {
              None
            }
          </dd>
        </div>
        <div class="nhsuk-summary-list__row">
          <dt class="nhsuk-summary-list__key">Apply by</dt>
          <dd class="nhsuk-summary-list__value">
            {{ p.applicationDeadline ? (p.applicationDeadline | ukDate) : 'No deadline' }}
          </dd>
        </div>
      </dl>
      @if (summary.hasValue()) {
        <h2 class="nhsuk-heading-m">Feedback from students</h2>
        <app-feedback-summary-view [summary]="summary.value()" [name]="p.title" />
      }
    }
  `,
})
export class PlacementPage {
  readonly id = input.required<string>();
  readonly done = input<string>();

  private readonly client = inject(PlacementsClient);
  protected readonly session = inject(Session);
  private readonly matching = inject(MatchingClient);
  private readonly feedback = inject(FeedbackClient);
  private readonly location = inject(Location);
  protected readonly placement = resource({
    params: () => ({ id: this.id() }),
    loader: ({ params }) => this.client.get(params.id),
  });
  /** A student's own applications to this placement, to offer "Apply" or show where theirs stands. */
  protected readonly myApplications = resource({
    params: () => (this.session.role() === 'student' ? { placementId: this.id() } : undefined),
    loader: ({ params }) => this.matching.applications({ placementId: params.placementId }),
  });
  protected readonly myApplication = computed(() =>
    this.myApplications.hasValue()
      ? (this.myApplications
          .value()
          .items.find((a) => a.status === 'submitted' || a.status === 'offered') ?? null)
      : null,
  );
  protected readonly rating = computed(() => {
    const rating = this.placement.hasValue() ? this.placement.value().rating : null;
    return rating ? ratingInWords(rating) : null;
  });
  /** Students' feedback added up, for the placement's provider, coordinators and admins. */
  protected readonly summary = resource({
    params: () => {
      const role = this.session.role();
      const staff = role === 'coordinator' || role === 'admin' || this.canManage();
      return staff && this.placement.hasValue() ? { id: this.placement.value().id } : undefined;
    },
    loader: ({ params }) => this.feedback.placementSummary(params.id),
  });
  protected readonly doneMessage = computed(() => DONE[this.done() ?? ''] ?? null);
  /** The placement's own provider edits it; its provider and admins change its status. */
  protected readonly canManage = computed(() => {
    const user = this.session.user();
    return (
      this.placement.hasValue() &&
      user?.role === 'provider' &&
      user.organisationId === this.placement.value().providerId
    );
  });
  protected readonly canChangeStatus = computed(
    () => this.canManage() || this.session.role() === 'admin',
  );
  protected readonly backLink = computed(() =>
    this.session.role() === 'provider' ? '/manage-placements' : '/placements',
  );

  commonInMentalHealth(code: string): boolean {
    return PROFESSIONS.some((p) => p.code === code && p.commonInMentalHealth);
  }

  /** Back to wherever the person came from (their search, with its filters), or to the list. */
  back(event: Event): void {
    if (window.history.length > 1 && !this.done()) {
      event.preventDefault();
      this.location.back();
    }
  }
}
