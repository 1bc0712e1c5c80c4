import { ChangeDetectionStrategy, Component, inject, input, resource, signal } from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import type { User } from '@ahp/contracts';
import { UsersClient } from '../../data-access/users-client';
import { ErrorSummary } from '../../shared/error-summary';
import { Field, FieldControl } from '../../shared/field';
import { FormProblems } from '../../shared/form-problems';
import { RecordError } from '../../shared/notices';

const REASON_MAX_LENGTH = 500;

/**
 * An admin turns off someone's two-step verification when they have lost both their app and
 * their recovery codes: a warning of what happens, and the reason (audited, and sent to them).
 */
@Component({
  selector: 'app-reset-two-step-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, RouterLink, ErrorSummary, Field, FieldControl, RecordError],
  template: `
    <div class="nhsuk-grid-row">
      <div class="nhsuk-grid-column-two-thirds">
        <app-error-summary [problems]="problems.list()" />
        @if (person.hasValue()) {
          @let p = person.value();
          <h1 class="nhsuk-heading-l">
            <span class="nhsuk-caption-l">{{ p.email }}</span>
            Reset {{ p.name }}'s two-step verification?
          </h1>
          <div class="nhsuk-warning-callout">
            <h2 class="nhsuk-warning-callout__label">
              <span role="text"
                ><span class="nhsuk-u-visually-hidden">Important: </span>Only when you are sure who
                is asking</span
              >
            </h2>
            <p>Do this only after checking the person's identity some other way.</p>
            <ul>
              <li>the codes from their authenticator app and their recovery codes stop working</li>
              <li>they are signed out everywhere, and told by e-mail and in the app</li>
              <li>
                where their role requires it, they set up two-step verification again when they next
                sign in with their password
              </li>
            </ul>
          </div>
          <form [formGroup]="form" (ngSubmit)="reset(p)" novalidate>
            <app-field
              field="reason"
              label="Why, and how you checked who they are"
              hint="Recorded in the audit log and sent to them."
              [bold]="true"
              [problems]="problems"
            >
              <textarea
                appFieldControl="textarea"
                class="nhsuk-textarea"
                name="reason"
                rows="3"
                formControlName="reason"
              ></textarea>
            </app-field>
            <div class="nhsuk-button-group">
              <button class="nhsuk-button nhsuk-button--warning" type="submit" [disabled]="busy()">
                Reset two-step verification
              </button>
              <a class="nhsuk-link" routerLink="/admin/users">No, go back</a>
            </div>
          </form>
        } @else if (person.error()) {
          <app-record-error
            [error]="person.error()"
            missing="Person not found"
            failed="This person could not be loaded"
          />
        } @else {
          <p aria-live="polite">Loading…</p>
        }
      </div>
    </div>
  `,
})
export class ResetTwoStepPage {
  readonly id = input.required<string>();

  private readonly users = inject(UsersClient);
  private readonly router = inject(Router);
  protected readonly problems = new FormProblems();
  protected readonly busy = signal(false);
  protected readonly person = resource({
    params: () => ({ id: this.id() }),
    loader: ({ params }) => this.users.get(params.id),
  });
  protected readonly form = inject(FormBuilder).nonNullable.group({
    reason: ['', [Validators.required, Validators.maxLength(REASON_MAX_LENGTH)]],
  });

  async reset(person: User): Promise<void> {
    const control = this.form.controls.reason;
    control.setValue(control.value.trim() ? control.value : '');
    const valid = this.problems.check(this.form, {
      reason: {
        required: 'Say why, and how you checked who they are',
        maxlength: `The reason must be ${REASON_MAX_LENGTH} characters or fewer`,
      },
    });
    if (!valid) return;
    this.busy.set(true);
    try {
      await this.users.resetTwoStep(person.id, control.value.trim());
      await this.router.navigate(['/admin/users'], { queryParams: { mfaReset: person.name } });
    } catch (error) {
      this.problems.fromApi(error, 'reason');
    } finally {
      this.busy.set(false);
    }
  }
}
