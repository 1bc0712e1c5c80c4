import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  input,
  resource,
  signal,
} from '@angular/core';
import { DatePipe } from '@angular/common';
import { RouterLink } from '@angular/router';
import type { Match, MatchFeedback } from '@ahp/contracts';
import { apiError } from '../../core/api-error';
import { Session } from '../../core/session';
import { FeedbackClient } from '../../data-access/feedback-client';
import { MatchingClient } from '../../data-access/matching-client';
import { LabelPipe, UkDatePipe } from '../../shared/label-pipe';
import { DoneNotice, LoadError, RecordError } from '../../shared/notices';
import { StatusTag } from '../../shared/status-tag';
import { EducatorFeedbackView, StudentFeedbackView } from '../feedback/feedback-views';
import { FEEDBACK_ACTION_WORDS, feedbackAction } from '../feedback/feedback-words';
import { PracticeHoursView } from '../feedback/practice-hours-view';
import { CalendarDownload } from './calendar-download';

const DONE: Record<string, string> = {
  approved: 'The match has been approved. The student and the provider have been told.',
  rejected: 'The offer has been rejected. The student and the provider have been told.',
  cancelled: 'The placement has been cancelled for the student and the seat freed.',
  completed: 'The placement has been marked as completed.',
  'educator-feedback': 'Your feedback on the student has been recorded.',
  'educator-feedback-changed': 'Your feedback on the student has been changed.',
};

/** Audit actions in words, for the history on this page. */
const HAPPENED: Record<string, string> = {
  'match.proposed': 'Offered',
  'match.approved': 'Approved',
  'match.rejected': 'Rejected',
  'match.cancelled': 'Cancelled',
  'match.completed': 'Completed',
};

/**
 * One match: who, where, when, where it stands, what the signed-in person can do next, and the
 * feedback each side has given (as far as the signed-in person may see it).
 */
@Component({
  selector: 'app-match-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    RouterLink,
    DatePipe,
    LabelPipe,
    UkDatePipe,
    DoneNotice,
    LoadError,
    StatusTag,
    CalendarDownload,
    StudentFeedbackView,
    EducatorFeedbackView,
    PracticeHoursView,
    RecordError,
  ],
  template: `
    <app-done-notice [message]="doneMessage()" />
    @if (match.hasValue()) {
      @let m = match.value();
      <h1 class="nhsuk-heading-l">
        <span class="nhsuk-caption-l"
          >{{ m.student.name }}<span class="nhsuk-u-visually-hidden"> – </span></span
        >
        {{ m.placement.title }}
      </h1>
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
      <div class="nhsuk-u-margin-bottom-4">
        @if (feedback.hasValue()) {
          @let f = feedback.value();
          @if (f.canGiveEducatorFeedback) {
            <a
              class="nhsuk-button nhsuk-u-margin-right-3"
              [routerLink]="['/matches', m.id, 'educator-feedback']"
              >{{ f.educator ? 'Change educator feedback' : 'Give educator feedback' }}</a
            >
          }
          @if (session.role() === 'student' && (f.canGiveStudentFeedback || f.student)) {
            <a
              class="nhsuk-button nhsuk-u-margin-right-3"
              [routerLink]="['/my-placements', m.id, 'feedback']"
              >{{ studentAction(f) }}</a
            >
          }
        }
        @if (can(m, 'approve')) {
          <button
            class="nhsuk-button nhsuk-u-margin-right-3"
            type="button"
            [disabled]="busy()"
            (click)="approve(m)"
          >
            Approve
          </button>
        }
        @if (can(m, 'reject')) {
          <a
            class="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-right-3"
            [routerLink]="['/matches', m.id, 'reject']"
            >Reject</a
          >
        }
        @if (can(m, 'complete')) {
          <a
            class="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-right-3"
            [routerLink]="['/matches', m.id, 'complete']"
            >Mark as completed</a
          >
        }
        @if (can(m, 'cancel')) {
          <a
            class="nhsuk-button nhsuk-button--warning nhsuk-u-margin-right-3"
            [routerLink]="['/matches', m.id, 'cancel']"
            >Cancel placement</a
          >
        }
        @if (m.status === 'approved' || m.status === 'completed') {
          <app-calendar-download [match]="m" />
        }
      </div>
      <dl class="nhsuk-summary-list">
        <div class="nhsuk-summary-list__row">
          <dt class="nhsuk-summary-list__key">Status</dt>
          <dd class="nhsuk-summary-list__value">
            <app-status-tag kind="match" [status]="m.status" />
            @if (m.reason) {
              <p class="nhsuk-body-s nhsuk-u-margin-top-2 nhsuk-u-margin-bottom-0">
                {{ m.reason }}
              </p>
            }
          </dd>
        </div>
        <div class="nhsuk-summary-list__row">
          <dt class="nhsuk-summary-list__key">Student</dt>
          <dd class="nhsuk-summary-list__value">
            {{ m.student.name }}, {{ m.student.profession | label: 'profession' }} year
            {{ m.student.yearOfStudy }}<br />
            <span class="nhsuk-body-s">{{ m.student.universityName }}</span>
          </dd>
        </div>
        <div class="nhsuk-summary-list__row">
          <dt class="nhsuk-summary-list__key">Placement</dt>
          <dd class="nhsuk-summary-list__value">
            <a [routerLink]="['/placements', m.placementId]">{{ m.placement.title }}</a
            ><br />
            <span class="nhsuk-body-s"
              >{{ m.placement.providerName }}, {{ m.placement.postcode }}</span
            >
          </dd>
        </div>
        <div class="nhsuk-summary-list__row">
          <dt class="nhsuk-summary-list__key">Dates</dt>
          <dd class="nhsuk-summary-list__value">
            {{ m.startDate | ukDate }} to {{ m.endDate | ukDate }}
          </dd>
        </div>
        @if (m.distanceKm !== null) {
          <div class="nhsuk-summary-list__row">
            <dt class="nhsuk-summary-list__key">Distance from home</dt>
            <dd class="nhsuk-summary-list__value">{{ m.distanceKm }} km</dd>
          </div>
        }
        <div class="nhsuk-summary-list__row">
          <dt class="nhsuk-summary-list__key">Made by</dt>
          <dd class="nhsuk-summary-list__value">
            {{ m.source === 'offer' ? "The provider's offer" : 'An allocation round' }},
            {{ m.createdAt | ukDate }}
          </dd>
        </div>
      </dl>
      @if (feedback.hasValue()) {
        @let f = feedback.value();
        <h2 class="nhsuk-heading-m">Feedback</h2>
        <h3 class="nhsuk-heading-s">The student's feedback on the placement</h3>
        @if (f.student) {
          <app-student-feedback-view [feedback]="f.student" />
        } @else if (session.role() === 'provider') {
          <p>
            You see students' feedback only added up with others', once a placement has at least 3
            responses.
            <a routerLink="/feedback">See feedback from students</a>
          </p>
        } @else {
          <p>Not given yet.</p>
        }
        <h3 class="nhsuk-heading-s">The practice educator's feedback on the student</h3>
        @if (f.educator) {
          <app-educator-feedback-view [feedback]="f.educator" />
        } @else {
          <p>Not given yet.</p>
        }
      } @else if (feedback.error()) {
        <app-load-error
          heading="Could not load the feedback"
          [message]="feedbackError()"
          (retry)="feedback.reload()"
        />
      }
      @if (hours.hasValue()) {
        <h2 class="nhsuk-heading-m">{{ m.student.name }}'s practice hours</h2>
        <app-practice-hours-view
          [hours]="hours.value()"
          [label]="'Practice hours completed by ' + m.student.name"
        />
      }
      @if (history.hasValue() && history.value().length) {
        <h2 class="nhsuk-heading-m">History</h2>
        <table class="nhsuk-table">
          <caption class="nhsuk-table__caption nhsuk-u-visually-hidden">
            What happened to this match, newest first
          </caption>
          <thead class="nhsuk-table__head">
            <tr class="nhsuk-table__row">
              <th class="nhsuk-table__header" scope="col">When</th>
              <th class="nhsuk-table__header" scope="col">What</th>
              <th class="nhsuk-table__header" scope="col">Who</th>
              <th class="nhsuk-table__header" scope="col">Reason</th>
            </tr>
          </thead>
          <tbody class="nhsuk-table__body">
            @for (event of history.value(); track event.id) {
              <tr class="nhsuk-table__row">
                <td class="nhsuk-table__cell">
                  {{ event.occurredAt | date: 'd MMMM y, HH:mm' : 'Europe/London' }}
                </td>
                <td class="nhsuk-table__cell">{{ happened(event.action) }}</td>
                <td class="nhsuk-table__cell">
                  {{ event.actorName ?? 'The system' }}
                  @if (event.actorRole) {
                    <br /><span class="nhsuk-body-s">{{ event.actorRole | label: 'role' }}</span>
                  }
                </td>
                <td class="nhsuk-table__cell">{{ event.reason || '—' }}</td>
              </tr>
            }
          </tbody>
        </table>
      }
    } @else if (match.error()) {
      <app-record-error
        [error]="match.error()"
        missing="Match not found"
        failed="The match could not be loaded"
      />
    } @else {
      <p aria-live="polite">Loading the match…</p>
    }
  `,
})
export class MatchPage {
  readonly id = input.required<string>();
  readonly done = input<string>();

  private readonly client = inject(MatchingClient);
  private readonly feedbackClient = inject(FeedbackClient);
  protected readonly session = inject(Session);
  private readonly justDone = signal<string | null>(null);
  protected readonly doneMessage = computed(
    () => DONE[this.justDone() ?? this.done() ?? ''] ?? null,
  );
  protected readonly match = resource({
    params: () => ({ id: this.id() }),
    loader: ({ params }) => this.client.match(params.id),
  });
  /** The audit trail, for coordinators and admins (the API scopes it to their organisation). */
  protected readonly history = resource({
    params: () => {
      const role = this.session.role();
      return role === 'coordinator' || role === 'admin' ? { id: this.id() } : undefined;
    },
    loader: async ({ params }) => (await this.client.audit('match', params.id)).items,
  });
  /** Feedback both ways, once there is a placement to give it on. */
  protected readonly feedback = resource({
    params: () => {
      const m = this.match.hasValue() ? this.match.value() : null;
      return m && (m.status === 'approved' || m.status === 'completed') ? { id: m.id } : undefined;
    },
    loader: ({ params }) => this.feedbackClient.forMatch(params.id),
  });
  protected readonly feedbackError = computed(() => apiError(this.feedback.error()).message);
  /** The student's practice hours, for their coordinator or an admin. */
  protected readonly hours = resource({
    params: () => {
      const role = this.session.role();
      const m = this.match.hasValue() ? this.match.value() : null;
      return m && (role === 'coordinator' || role === 'admin') ? { id: m.studentId } : undefined;
    },
    loader: ({ params }) => this.feedbackClient.practiceHours(params.id),
  });
  protected readonly busy = signal(false);
  protected readonly actionError = signal<string | null>(null);

  /** Mirrors the API's rules, to offer only what will work; the API still decides. */
  can(match: Match, decision: 'approve' | 'reject' | 'cancel' | 'complete'): boolean {
    const user = this.session.user();
    if (!user) return false;
    const coordinator =
      user.role === 'coordinator' && user.organisationId === match.student.universityId;
    const provider = user.role === 'provider' && user.organisationId === match.placement.providerId;
    const admin = user.role === 'admin';
    switch (decision) {
      case 'approve':
        return match.status === 'proposed' && (coordinator || admin);
      case 'reject':
        return match.status === 'proposed' && (coordinator || provider || admin);
      case 'cancel':
        return match.status === 'approved' && (coordinator || provider || admin);
      case 'complete':
        return match.status === 'approved' && (coordinator || provider);
    }
  }

  studentAction(feedback: MatchFeedback): string {
    if (!feedback.canGiveStudentFeedback) return FEEDBACK_ACTION_WORDS.view;
    return FEEDBACK_ACTION_WORDS[feedbackAction(feedback.student)];
  }

  happened(action: string): string {
    return HAPPENED[action] ?? action;
  }

  async approve(match: Match): Promise<void> {
    this.busy.set(true);
    this.actionError.set(null);
    try {
      await this.client.decide(match.id, 'approve');
      this.justDone.set('approved');
      this.match.reload();
      this.history.reload();
    } catch (error) {
      this.actionError.set(apiError(error).message);
    } finally {
      this.busy.set(false);
    }
  }
}
