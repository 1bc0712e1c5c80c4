import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  input,
  resource,
  signal,
} from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import {
  DECISION_REASON_MAX_LENGTH,
  type PlacementSummary,
  type StudentSummary,
} from '@ahp/contracts';
import { MatchingClient } from '../../data-access/matching-client';
import { ErrorSummary } from '../../shared/error-summary';
import { Field, FieldControl } from '../../shared/field';
import { FormProblems } from '../../shared/form-problems';
import { UkDatePipe } from '../../shared/label-pipe';
import { RecordError } from '../../shared/notices';

export type Decision = 'withdraw' | 'decline' | 'reject' | 'cancel' | 'complete';

interface Subject {
  id: string;
  placement: PlacementSummary;
  student: StudentSummary;
}

interface Wording {
  /** Whether the decision is about an application or a match. */
  on: 'application' | 'match';
  question: string;
  explain: string;
  confirm: string;
  warning: boolean;
  reason: 'none' | 'optional' | 'required';
  reasonLabel?: string;
  reasonHint?: string;
  reasonMissing?: string;
  /** Where to go afterwards, with `done` saying what happened. */
  after: (subject: Subject) => { path: unknown[]; done: string };
}

const WORDING: Record<Decision, Wording> = {
  withdraw: {
    on: 'application',
    question: 'Withdraw your application?',
    explain:
      'The provider will be told. If you have been offered a place that is not yet approved, the offer will be turned down. You can apply again while the placement is open.',
    confirm: 'Withdraw application',
    warning: true,
    reason: 'none',
    after: () => ({ path: ['/applications'], done: 'withdrawn' }),
  },
  decline: {
    on: 'application',
    question: 'Decline this application?',
    explain: 'The student will be told, with your reason if you give one.',
    confirm: 'Decline application',
    warning: true,
    reason: 'optional',
    reasonLabel: 'Why are you declining it? (optional)',
    reasonHint: 'The student and their placement coordinator will see this.',
    after: (s) => ({ path: ['/placements', s.placement.id, 'applications'], done: 'declined' }),
  },
  reject: {
    on: 'match',
    question: 'Reject this offer?',
    explain:
      'The student will not take up this placement. The student and the provider will be told, with your reason if you give one.',
    confirm: 'Reject offer',
    warning: true,
    reason: 'optional',
    reasonLabel: 'Why is it being rejected? (optional)',
    reasonHint: 'The student and the provider will see this.',
    after: (s) => ({ path: ['/matches', s.id], done: 'rejected' }),
  },
  cancel: {
    on: 'match',
    question: 'Cancel this placement for the student?',
    explain:
      'The seat is freed for someone else. The student, the provider and the placement coordinator will be told, with your reason.',
    confirm: 'Cancel placement',
    warning: true,
    reason: 'required',
    reasonLabel: 'Why is it being cancelled?',
    reasonHint: 'Everyone affected will see this.',
    reasonMissing: 'Say why the placement is being cancelled',
    after: (s) => ({ path: ['/matches', s.id], done: 'cancelled' }),
  },
  complete: {
    on: 'match',
    question: 'Mark this placement as completed?',
    explain: 'Do this once the student has finished the placement.',
    confirm: 'Mark as completed',
    warning: false,
    reason: 'none',
    after: (s) => ({ path: ['/matches', s.id], done: 'completed' }),
  },
};

/**
 * The confirmation step before a decision about an application or a match, asking for a reason
 * where one is wanted or needed. The API decides who may do what; this page only asks.
 */
@Component({
  selector: 'app-decision-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    ReactiveFormsModule,
    RouterLink,
    ErrorSummary,
    Field,
    FieldControl,
    UkDatePipe,
    RecordError,
  ],
  template: `
    <div class="nhsuk-grid-row">
      <div class="nhsuk-grid-column-two-thirds">
        <app-error-summary [problems]="problems.list()" />
        @if (subject.hasValue()) {
          @let s = subject.value();
          <h1 class="nhsuk-heading-l">
            <span class="nhsuk-caption-l"
              >{{ s.student.name }}: {{ s.placement.title }}, {{ s.placement.startDate | ukDate
              }}<span class="nhsuk-u-visually-hidden"> – </span></span
            >
            {{ words().question }}
          </h1>
          <p>{{ words().explain }}</p>
          <form [formGroup]="form" (ngSubmit)="confirm(s)" novalidate>
            @if (words().reason !== 'none') {
              <app-field
                field="reason"
                [label]="words().reasonLabel!"
                [hint]="words().reasonHint"
                [bold]="true"
                [problems]="problems"
              >
                <textarea
                  appFieldControl="textarea"
                  class="nhsuk-textarea"
                  name="reason"
                  rows="4"
                  formControlName="reason"
                ></textarea>
              </app-field>
            }
            <div class="nhsuk-button-group">
              <button
                class="nhsuk-button"
                [class.nhsuk-button--warning]="words().warning"
                type="submit"
                [disabled]="busy()"
              >
                {{ words().confirm }}
              </button>
              <a class="nhsuk-link" [routerLink]="words().after(s).path">No, go back</a>
            </div>
          </form>
        } @else if (subject.error()) {
          <app-record-error
            [error]="subject.error()"
            missing="Not found"
            failed="This could not be loaded"
          />
        } @else {
          <p aria-live="polite">Loading…</p>
        }
      </div>
    </div>
  `,
})
export class DecisionPage {
  readonly id = input.required<string>();
  readonly decision = input.required<Decision>();

  private readonly client = inject(MatchingClient);
  private readonly router = inject(Router);
  protected readonly problems = new FormProblems();
  protected readonly busy = signal(false);
  protected readonly words = computed(() => WORDING[this.decision()]);
  protected readonly subject = resource({
    params: () => ({ id: this.id(), on: this.words().on }),
    loader: ({ params }): Promise<Subject> =>
      params.on === 'application'
        ? this.client.application(params.id)
        : this.client.match(params.id),
  });
  protected readonly form = inject(FormBuilder).nonNullable.group({
    reason: ['', [Validators.maxLength(DECISION_REASON_MAX_LENGTH)]],
  });

  async confirm(subject: Subject): Promise<void> {
    const words = this.words();
    const reason = this.form.getRawValue().reason.trim();
    if (words.reason !== 'none') {
      const control = this.form.controls.reason;
      control.setValidators(
        words.reason === 'required'
          ? [Validators.required, Validators.maxLength(DECISION_REASON_MAX_LENGTH)]
          : [Validators.maxLength(DECISION_REASON_MAX_LENGTH)],
      );
      control.setValue(control.value.trim() ? control.value : '');
      control.updateValueAndValidity();
      const valid = this.problems.check(this.form, {
        reason: {
          required: words.reasonMissing ?? 'Give a reason',
          maxlength: `The reason must be ${DECISION_REASON_MAX_LENGTH} characters or fewer`,
        },
      });
      if (!valid) return;
    }
    this.busy.set(true);
    try {
      await this.act(subject.id, reason || undefined);
      const next = words.after(subject);
      await this.router.navigate(next.path, { queryParams: { done: next.done } });
    } catch (error) {
      this.problems.fromApi(error, words.reason === 'none' ? '' : 'reason');
    } finally {
      this.busy.set(false);
    }
  }

  private act(id: string, reason: string | undefined): Promise<unknown> {
    switch (this.decision()) {
      case 'withdraw':
        return this.client.withdraw(id);
      case 'decline':
        return this.client.decline(id, reason);
      case 'reject':
        return this.client.decide(id, 'reject', reason);
      case 'cancel':
        return this.client.decide(id, 'cancel', reason);
      case 'complete':
        return this.client.decide(id, 'complete');
    }
  }
}
