import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  input,
  resource,
  signal,
} from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormBuilder, ReactiveFormsModule } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import {
  ASSESSMENT_OUTCOMES,
  EDUCATOR_DOMAINS,
  FEEDBACK_COMMENT_MAX_LENGTH,
  PRACTICE_HOURS_MAX,
} from '@ahp/contracts';
import { FeedbackClient } from '../../data-access/feedback-client';
import { MatchingClient } from '../../data-access/matching-client';
import { CharacterCount } from '../../shared/character-count';
import { ErrorSummary } from '../../shared/error-summary';
import { Field, FieldControl, FieldGroup } from '../../shared/field';
import { FormProblems } from '../../shared/form-problems';
import { LabelPipe, UkDatePipe } from '../../shared/label-pipe';
import { Radios } from '../../shared/radios';
import {
  EDUCATOR_FEEDBACK_MESSAGES,
  educatorFeedbackForm,
  fromEducatorFeedback,
  otherDomains,
  toEducatorFeedbackInput,
} from './educator-feedback-form';
import { EducatorFeedbackView } from './feedback-views';
import { SCORE_OPTIONS } from './feedback-words';
import { RecordError } from '../../shared/notices';

/**
 * The practice educator's feedback on a student at the end of a placement: a score per
 * assessment domain, the outcome, the practice hours completed and a comment.
 */
@Component({
  selector: 'app-educator-feedback-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    ReactiveFormsModule,
    RouterLink,
    ErrorSummary,
    Field,
    FieldControl,
    FieldGroup,
    Radios,
    CharacterCount,
    LabelPipe,
    UkDatePipe,
    EducatorFeedbackView,
    RecordError,
  ],
  template: `
    <div class="nhsuk-back-link">
      <a class="nhsuk-back-link__link" [routerLink]="['/matches', id()]">Back to the placement</a>
    </div>
    <div class="nhsuk-grid-row">
      <div class="nhsuk-grid-column-two-thirds">
        <app-error-summary [problems]="problems.list()" />
        @if (match.hasValue() && feedback.hasValue()) {
          @let m = match.value();
          @let f = feedback.value();
          <h1 class="nhsuk-heading-l">
            <span class="nhsuk-caption-l"
              >{{ m.placement.title }}, {{ m.startDate | ukDate }} to {{ m.endDate | ukDate
              }}<span class="nhsuk-u-visually-hidden"> – </span></span
            >
            {{ heading() }}: {{ m.student.name }}
          </h1>
          <p>
            {{ m.student.name }}, {{ m.student.profession | label: 'profession' }} year
            {{ m.student.yearOfStudy }}, {{ m.student.universityName }}.
          </p>
          @if (f.canGiveEducatorFeedback) {
            <p>
              The student and their placement coordinator can read this feedback. The practice hours
              count towards the student's professional requirement.
            </p>
            @if (f.educator?.editableUntil; as until) {
              <p>You can change this feedback until {{ until | ukDate }}.</p>
            }
            <form [formGroup]="form" (ngSubmit)="submit()" novalidate>
              <h2 class="nhsuk-heading-m">Assessment</h2>
              <div formGroupName="domains">
                @for (domain of domains; track domain.code) {
                  <app-field-group
                    [field]="'domains.' + domain.code"
                    [label]="domain.label"
                    [bold]="true"
                    [problems]="problems"
                  >
                    <app-radios
                      [name]="'domains-' + domain.code"
                      [options]="scoreOptions"
                      [formControlName]="domain.code"
                    />
                  </app-field-group>
                }
              </div>
              <app-field-group field="outcome" label="Outcome" [bold]="true" [problems]="problems">
                <app-radios name="outcome" [options]="outcomes" formControlName="outcome" />
              </app-field-group>
              <app-field
                field="practiceHours"
                label="Practice hours completed (optional)"
                [hint]="hoursHint"
                [bold]="true"
                [problems]="problems"
              >
                <input
                  appFieldControl
                  class="nhsuk-input nhsuk-input--width-5"
                  name="practiceHours"
                  type="text"
                  inputmode="decimal"
                  spellcheck="false"
                  formControlName="practiceHours"
                />
              </app-field>
              <app-field
                field="comment"
                label="Comment (optional)"
                [hint]="commentHint"
                [bold]="true"
                [problems]="problems"
              >
                <textarea
                  appFieldControl="textarea"
                  class="nhsuk-textarea nhsuk-u-margin-bottom-0"
                  name="comment"
                  rows="6"
                  formControlName="comment"
                ></textarea>
                <app-character-count [length]="commentLength()" [max]="commentMax" />
              </app-field>
              <button class="nhsuk-button" type="submit" [disabled]="busy()">
                {{ f.educator ? 'Save changes' : 'Submit educator feedback' }}
              </button>
            </form>
          } @else if (f.educator) {
            <p>This feedback can no longer be changed.</p>
            <app-educator-feedback-view [feedback]="f.educator" />
          } @else {
            <p>
              You can give feedback on the student once their placement has been confirmed by their
              placement coordinator.
            </p>
          }
        } @else if (match.error() || feedback.error()) {
          <app-record-error
            [error]="match.error() ?? feedback.error()"
            missing="Placement not found"
            failed="The feedback could not be loaded"
          />
        } @else {
          <p aria-live="polite">Loading…</p>
        }
      </div>
    </div>
  `,
})
export class EducatorFeedbackPage {
  readonly id = input.required<string>();

  private readonly matches = inject(MatchingClient);
  private readonly client = inject(FeedbackClient);
  private readonly router = inject(Router);
  protected readonly problems = new FormProblems();
  protected readonly busy = signal(false);
  protected readonly domains = EDUCATOR_DOMAINS;
  protected readonly outcomes = ASSESSMENT_OUTCOMES;
  protected readonly scoreOptions = SCORE_OPTIONS;
  protected readonly commentMax = FEEDBACK_COMMENT_MAX_LENGTH;
  protected readonly hoursHint = `The hours the student completed on this placement, up to ${PRACTICE_HOURS_MAX.toLocaleString('en-GB')}. You can use quarters of an hour, like 37.25.`;
  protected readonly commentHint = `Strengths, and what the student should work on next. You can enter up to ${FEEDBACK_COMMENT_MAX_LENGTH.toLocaleString('en-GB')} characters.`;

  protected readonly match = resource({
    params: () => ({ id: this.id() }),
    loader: ({ params }) => this.matches.match(params.id),
  });
  protected readonly feedback = resource({
    params: () => ({ id: this.id() }),
    loader: ({ params }) => this.client.forMatch(params.id),
  });
  protected readonly heading = computed(() => {
    if (!this.feedback.hasValue()) return 'Give educator feedback';
    const f = this.feedback.value();
    if (!f.canGiveEducatorFeedback) return 'Educator feedback';
    return f.educator ? 'Change educator feedback' : 'Give educator feedback';
  });

  protected readonly form = educatorFeedbackForm(inject(FormBuilder));
  private readonly comment = toSignal(this.form.controls.comment.valueChanges, {
    initialValue: '',
  });
  protected readonly commentLength = computed(() => this.comment().length);

  constructor() {
    effect(() => {
      const given = this.feedback.hasValue() ? this.feedback.value().educator : null;
      if (given) this.form.setValue(fromEducatorFeedback(given));
    });
  }

  async submit(): Promise<void> {
    if (!this.problems.check(this.form, EDUCATOR_FEEDBACK_MESSAGES)) return;
    const given = this.feedback.hasValue() ? this.feedback.value().educator : null;
    this.busy.set(true);
    try {
      await this.client.giveEducatorFeedback(
        this.id(),
        toEducatorFeedbackInput(this.form.getRawValue(), otherDomains(given)),
        !!given,
      );
      await this.router.navigate(['/matches', this.id()], {
        queryParams: { done: given ? 'educator-feedback-changed' : 'educator-feedback' },
      });
    } catch (error) {
      this.problems.fromApi(error);
    } finally {
      this.busy.set(false);
    }
  }
}
