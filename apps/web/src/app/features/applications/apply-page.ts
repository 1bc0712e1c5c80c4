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
import { STATEMENT_MAX_LENGTH, type Placement } from '@ahp/contracts';
import { Session } from '../../core/session';
import { MatchingClient } from '../../data-access/matching-client';
import { PlacementsClient } from '../../data-access/placements-client';
import { ErrorSummary } from '../../shared/error-summary';
import { Field, FieldControl } from '../../shared/field';
import { FormProblems } from '../../shared/form-problems';
import { UkDatePipe } from '../../shared/label-pipe';
import { RecordError } from '../../shared/notices';

/** A student applies for one placement: why they want it, and whether to share their adjustments. */
@Component({
  selector: 'app-apply-page',
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
    <div class="nhsuk-back-link">
      <a class="nhsuk-back-link__link" [routerLink]="['/placements', id()]">Back</a>
    </div>
    <div class="nhsuk-grid-row">
      <div class="nhsuk-grid-column-two-thirds">
        <app-error-summary [problems]="problems.list()" />
        @if (placement.hasValue()) {
          @let p = placement.value();
          <h1 class="nhsuk-heading-l">
            <span class="nhsuk-caption-l"
              >{{ p.providerName }}, {{ p.startDate | ukDate }} to {{ p.endDate | ukDate
              }}<span class="nhsuk-u-visually-hidden"> – </span></span
            >
            Apply for {{ p.title }}
          </h1>
          <form [formGroup]="form" (ngSubmit)="submit(p)" novalidate>
            <app-field
              field="statement"
              label="Why do you want this placement? (optional)"
              hint="The provider reads this with your profile. Say what you hope to learn and any experience that is relevant."
              [bold]="true"
              [problems]="problems"
            >
              <textarea
                appFieldControl="textarea"
                class="nhsuk-textarea"
                name="statement"
                rows="8"
                formControlName="statement"
              ></textarea>
            </app-field>
            <div class="nhsuk-form-group">
              <fieldset class="nhsuk-fieldset" aria-describedby="shareAdjustments-hint">
                <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">
                  Reasonable adjustments
                </legend>
                <div class="nhsuk-hint" id="shareAdjustments-hint">
                  @if (adjustments()) {
                    Your profile says: “{{ adjustments() }}”. The provider sees this only if you
                    choose to share it.
                  } @else {
                    You have not recorded any reasonable adjustments. You can add them on
                    <a routerLink="/profile">your profile</a>.
                  }
                </div>
                @if (adjustments()) {
                  <div class="nhsuk-checkboxes">
                    <div class="nhsuk-checkboxes__item">
                      <input
                        class="nhsuk-checkboxes__input"
                        id="shareAdjustments"
                        name="shareAdjustments"
                        type="checkbox"
                        formControlName="shareAdjustments"
                      />
                      <label class="nhsuk-label nhsuk-checkboxes__label" for="shareAdjustments">
                        Share my reasonable adjustments with {{ p.providerName }}
                      </label>
                    </div>
                  </div>
                }
              </fieldset>
            </div>
            <button class="nhsuk-button" type="submit" [disabled]="busy()">
              Submit application
            </button>
          </form>
        } @else if (placement.error()) {
          <app-record-error
            [error]="placement.error()"
            missing="Placement not found"
            failed="The placement could not be loaded"
          />
        } @else {
          <p aria-live="polite">Loading…</p>
        }
      </div>
    </div>
  `,
})
export class ApplyPage {
  readonly id = input.required<string>();

  private readonly placements = inject(PlacementsClient);
  private readonly client = inject(MatchingClient);
  private readonly router = inject(Router);
  protected readonly problems = new FormProblems();
  protected readonly busy = signal(false);
  private readonly session = inject(Session);
  protected readonly adjustments = computed(
    () => this.session.user()?.studentProfile?.reasonableAdjustments ?? null,
  );
  protected readonly placement = resource({
    params: () => ({ id: this.id() }),
    loader: ({ params }) => this.placements.get(params.id),
  });
  protected readonly form = inject(FormBuilder).nonNullable.group({
    statement: ['', [Validators.maxLength(STATEMENT_MAX_LENGTH)]],
    shareAdjustments: [false],
  });

  async submit(placement: Placement): Promise<void> {
    const valid = this.problems.check(this.form, {
      statement: {
        maxlength: `Your statement must be ${STATEMENT_MAX_LENGTH} characters or fewer`,
      },
    });
    if (!valid) return;
    const { statement, shareAdjustments } = this.form.getRawValue();
    this.busy.set(true);
    try {
      await this.client.apply({
        placementId: placement.id,
        statement: statement.trim() || undefined,
        shareAdjustments: !!this.adjustments() && shareAdjustments,
      });
      await this.router.navigate(['/applications'], { queryParams: { done: 'applied' } });
    } catch (error) {
      // "You have already applied", "This placement is full": the API's words, above the form.
      this.problems.fromApi(error);
    } finally {
      this.busy.set(false);
    }
  }
}
