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
  FEEDBACK_COMMENT_MAX_LENGTH,
  FEEDBACK_MIN_RESPONSES,
  FEEDBACK_THEMES,
  type FeedbackTheme,
} from '@ahp/contracts';
import { FeedbackClient } from '../../data-access/feedback-client';
import { MatchingClient } from '../../data-access/matching-client';
import { CharacterCount } from '../../shared/character-count';
import { ErrorSummary } from '../../shared/error-summary';
import { Field, FieldControl, FieldGroup } from '../../shared/field';
import { FormProblems } from '../../shared/form-problems';
import { UkDatePipe } from '../../shared/label-pipe';
import { Radios } from '../../shared/radios';
import { EducatorFeedbackView, StudentFeedbackView } from './feedback-views';
import { SCORE_OPTIONS, feedbackAction } from './feedback-words';
import {
  RECOMMEND_OPTIONS,
  RECOMMEND_QUESTION,
  STUDENT_FEEDBACK_MESSAGES,
  fromStudentFeedback,
  studentFeedbackForm,
  toStudentFeedbackInput,
} from './student-feedback-form';
import { RecordError } from '../../shared/notices';

/** What each theme of the national education and training survey asks about. */
const THEME_HINTS: Record<FeedbackTheme, string> = {
  induction: 'How well you were welcomed, shown around and prepared for the placement',
  supervision: 'How well your practice educator supported, supervised and gave you feedback',
  facilities: 'Somewhere to work, study and take breaks, and access to computers and resources',
  learningOpportunities: 'The chances you had to practise and learn what your course asks of you',
  teamwork: 'How well the team included you and worked together',
};

/**
 * A student's feedback on one of their placements: the five survey themes, an overall rating,
 * whether they would recommend it and a comment. Changeable for a few days, then read-only. The
 * practice educator's feedback on the student is shown below once it has been given.
 */
@Component({
  selector: 'app-student-feedback-page',
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
    UkDatePipe,
    StudentFeedbackView,
    EducatorFeedbackView,
    RecordError,
  ],
  template: `
    <div class="nhsuk-back-link">
      <a class="nhsuk-back-link__link" routerLink="/my-placements">Back to my placements</a>
    </div>
    <div class="nhsuk-grid-row">
      <div class="nhsuk-grid-column-two-thirds">
        <app-error-summary [problems]="problems.list()" />
        @if (match.hasValue() && feedback.hasValue()) {
          @let m = match.value();
          @let f = feedback.value();
          <h1 class="nhsuk-heading-l">
            <span class="nhsuk-caption-l"
              >{{ m.placement.providerName }}, {{ m.startDate | ukDate }} to {{ m.endDate | ukDate
              }}<span class="nhsuk-u-visually-hidden"> – </span></span
            >
            {{ heading() }} on {{ m.placement.title }}
          </h1>
          @if (f.canGiveStudentFeedback) {
            <p>
              Your placement coordinator can read your feedback in full.
              {{ m.placement.providerName }} sees it only added up with other students' feedback,
              once at least {{ minResponses }} students have given theirs, so you cannot be
              identified.
            </p>
            @if (f.student?.editableUntil; as until) {
              <p>You can change your feedback until {{ until | ukDate }}.</p>
            }
            <form [formGroup]="form" (ngSubmit)="submit()" novalidate>
              <h2 class="nhsuk-heading-m">How was the placement?</h2>
              <div formGroupName="scores">
                @for (theme of themes; track theme.code) {
                  <app-field-group
                    [field]="'scores.' + theme.code"
                    [label]="theme.label"
                    [hint]="hints[theme.code]"
                    [bold]="true"
                    [problems]="problems"
                  >
                    <app-radios
                      [name]="'scores-' + theme.code"
                      [options]="scoreOptions"
                      [formControlName]="theme.code"
                    />
                  </app-field-group>
                }
              </div>
              <app-field-group
                field="overall"
                label="Overall rating"
                hint="Taking everything into account"
                [bold]="true"
                [problems]="problems"
              >
                <app-radios name="overall" [options]="scoreOptions" formControlName="overall" />
              </app-field-group>
              <app-field-group
                field="wouldRecommend"
                [label]="recommendQuestion"
                [bold]="true"
                [problems]="problems"
              >
                <app-radios
                  name="wouldRecommend"
                  [options]="recommendOptions"
                  formControlName="wouldRecommend"
                />
              </app-field-group>
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
                {{ f.student ? 'Save changes' : 'Submit feedback' }}
              </button>
            </form>
          } @else if (f.student) {
            <p>This is the feedback you gave. It can no longer be changed.</p>
            <app-student-feedback-view [feedback]="f.student" />
          } @else {
            <p>
              You can give feedback on a placement once it has been confirmed by your placement
              coordinator.
            </p>
          }
          <h2 class="nhsuk-heading-m">Your practice educator's feedback</h2>
          @if (f.educator) {
            <app-educator-feedback-view [feedback]="f.educator" />
          } @else {
            <p>Your practice educator has not recorded their feedback on you yet.</p>
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
export class StudentFeedbackPage {
  readonly matchId = input.required<string>();

  private readonly matches = inject(MatchingClient);
  private readonly client = inject(FeedbackClient);
  private readonly router = inject(Router);
  protected readonly problems = new FormProblems();
  protected readonly busy = signal(false);
  protected readonly themes = FEEDBACK_THEMES;
  protected readonly hints = THEME_HINTS;
  protected readonly scoreOptions = SCORE_OPTIONS;
  protected readonly recommendOptions = RECOMMEND_OPTIONS;
  protected readonly recommendQuestion = RECOMMEND_QUESTION;
  protected readonly minResponses = FEEDBACK_MIN_RESPONSES;
  protected readonly commentMax = FEEDBACK_COMMENT_MAX_LENGTH;
  protected readonly commentHint = `What went well, and what could be better? Do not name anyone. You can enter up to ${FEEDBACK_COMMENT_MAX_LENGTH.toLocaleString('en-GB')} characters.`;

  protected readonly match = resource({
    params: () => ({ id: this.matchId() }),
    loader: ({ params }) => this.matches.match(params.id),
  });
  protected readonly feedback = resource({
    params: () => ({ id: this.matchId() }),
    loader: ({ params }) => this.client.forMatch(params.id),
  });
  protected readonly heading = computed(() => {
    if (!this.feedback.hasValue()) return 'Give feedback';
    const f = this.feedback.value();
    if (!f.canGiveStudentFeedback) return 'Your feedback';
    return feedbackAction(f.student) === 'change' ? 'Change your feedback' : 'Give feedback';
  });

  protected readonly form = studentFeedbackForm(inject(FormBuilder));
  private readonly comment = toSignal(this.form.controls.comment.valueChanges, {
    initialValue: '',
  });
  protected readonly commentLength = computed(() => this.comment().length);

  constructor() {
    // Changing feedback starts from what was given.
    effect(() => {
      const given = this.feedback.hasValue() ? this.feedback.value().student : null;
      if (given) this.form.setValue(fromStudentFeedback(given));
    });
  }

  async submit(): Promise<void> {
    if (!this.problems.check(this.form, STUDENT_FEEDBACK_MESSAGES)) return;
    const change = !!(this.feedback.hasValue() && this.feedback.value().student);
    this.busy.set(true);
    try {
      await this.client.giveStudentFeedback(
        this.matchId(),
        toStudentFeedbackInput(this.form.getRawValue()),
        change,
      );
      await this.router.navigate(['/my-placements'], {
        queryParams: { done: change ? 'feedback-changed' : 'feedback-given' },
      });
    } catch (error) {
      this.problems.fromApi(error);
    } finally {
      this.busy.set(false);
    }
  }
}
