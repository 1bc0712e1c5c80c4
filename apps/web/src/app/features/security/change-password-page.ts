import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import {
  FormBuilder,
  ReactiveFormsModule,
  Validators,
  type AbstractControl,
  type ValidationErrors,
} from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { PASSWORD_MIN_LENGTH } from '@ahp/contracts';
import { Session } from '../../core/session';
import { ErrorSummary } from '../../shared/error-summary';
import { Field, FieldControl } from '../../shared/field';
import { FormProblems } from '../../shared/form-problems';
import { SecurityClient } from './security-client';

const confirmsNewPassword = (group: AbstractControl): ValidationErrors | null =>
  group.get('newPassword')?.value === group.get('confirm')?.value ? null : { mismatch: true };

/** Change your own password; every other browser you are signed in on is signed out. */
@Component({
  selector: 'app-change-password-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, RouterLink, ErrorSummary, Field, FieldControl],
  template: `
    <div class="nhsuk-grid-row">
      <div class="nhsuk-grid-column-two-thirds">
        <app-error-summary [problems]="problems.list()" />
        <h1 class="nhsuk-heading-l">Change your password</h1>
        <p>
          After you change it, you will be signed out everywhere else you are signed in, such as on
          another computer.
        </p>
        <form [formGroup]="form" (ngSubmit)="change()" novalidate>
          <app-field field="currentPassword" label="Current password" [problems]="problems">
            <input
              appFieldControl
              class="nhsuk-input"
              name="currentPassword"
              type="password"
              autocomplete="current-password"
              formControlName="currentPassword"
            />
          </app-field>
          <app-field field="newPassword" label="New password" [hint]="hint" [problems]="problems">
            <input
              appFieldControl
              class="nhsuk-input"
              name="newPassword"
              type="password"
              autocomplete="new-password"
              formControlName="newPassword"
            />
          </app-field>
          <app-field field="confirm" label="Type the new password again" [problems]="problems">
            <input
              appFieldControl
              class="nhsuk-input"
              name="confirm"
              type="password"
              autocomplete="new-password"
              formControlName="confirm"
            />
          </app-field>
          <button class="nhsuk-button" type="submit" [disabled]="busy()">Change password</button>
        </form>
        <p><a routerLink="/profile">Back to your profile</a></p>
      </div>
    </div>
  `,
})
export class ChangePasswordPage {
  private readonly client = inject(SecurityClient);
  private readonly session = inject(Session);
  private readonly router = inject(Router);
  protected readonly hint = `At least ${PASSWORD_MIN_LENGTH} characters. A few unrelated words together are easy to remember and hard to guess.`;
  protected readonly problems = new FormProblems();
  protected readonly busy = signal(false);
  protected readonly form = inject(FormBuilder).nonNullable.group(
    {
      currentPassword: ['', Validators.required],
      newPassword: ['', [Validators.required, Validators.minLength(PASSWORD_MIN_LENGTH)]],
      confirm: ['', Validators.required],
    },
    { validators: confirmsNewPassword },
  );

  async change(): Promise<void> {
    let valid = this.problems.check(this.form, {
      currentPassword: { required: 'Enter your current password' },
      newPassword: {
        required: 'Enter a new password',
        minlength: `Password must be at least ${PASSWORD_MIN_LENGTH} characters`,
      },
      confirm: { required: 'Type the new password again' },
    });
    if (valid && this.form.hasError('mismatch')) {
      this.problems.list.set([{ field: 'confirm', message: 'The new passwords do not match' }]);
      valid = false;
    }
    if (!valid) return;
    this.busy.set(true);
    try {
      const { currentPassword, newPassword } = this.form.getRawValue();
      this.session.useNewToken(await this.client.changePassword(currentPassword, newPassword));
      await this.router.navigate(['/profile'], { queryParams: { passwordChanged: 'yes' } });
    } catch (error) {
      this.problems.fromApi(error, 'currentPassword');
    } finally {
      this.busy.set(false);
    }
  }
}
