import { HttpClient } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, inject, input, resource, signal } from '@angular/core';
import {
  FormBuilder,
  ReactiveFormsModule,
  Validators,
  type AbstractControl,
  type ValidationErrors,
} from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { PASSWORD_MIN_LENGTH, type InvitationDetails } from '@ahp/contracts';
import { firstValueFrom } from 'rxjs';
import { Session } from '../../core/session';
import { ErrorSummary } from '../../shared/error-summary';
import { Field, FieldControl } from '../../shared/field';
import { FormProblems } from '../../shared/form-problems';

const matchesPassword = (group: AbstractControl): ValidationErrors | null =>
  group.get('password')?.value === group.get('confirm')?.value ? null : { mismatch: true };

@Component({
  selector: 'app-accept-invitation-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, RouterLink, ErrorSummary, Field, FieldControl],
  template: `
    <div class="nhsuk-grid-row">
      <div class="nhsuk-grid-column-two-thirds">
        @if (invitation.isLoading()) {
          <p aria-live="polite">Checking your invitation…</p>
        } @else if (invitation.hasValue()) {
          @let details = invitation.value();
          <app-error-summary [problems]="problems.list()" />
          <h1 class="nhsuk-heading-l">
            <span class="nhsuk-caption-l"
              >{{ details.organisationName ?? 'AHP Placements'
              }}<span class="nhsuk-u-visually-hidden"> – </span></span
            >
            Choose a password
          </h1>
          <p>
            Welcome, {{ details.name }}. You will sign in with <strong>{{ details.email }}</strong
            >.
          </p>
          <form [formGroup]="form" (ngSubmit)="accept()" novalidate>
            <app-field field="password" label="Password" [hint]="hint" [problems]="problems">
              <input
                appFieldControl
                class="nhsuk-input"
                name="password"
                type="password"
                autocomplete="new-password"
                formControlName="password"
              />
            </app-field>
            <app-field field="confirm" label="Type the password again" [problems]="problems">
              <input
                appFieldControl
                class="nhsuk-input"
                name="confirm"
                type="password"
                autocomplete="new-password"
                formControlName="confirm"
              />
            </app-field>
            <button class="nhsuk-button" type="submit" [disabled]="busy()">
              Save password and sign in
            </button>
          </form>
        } @else {
          <h1 class="nhsuk-heading-l">This invitation link does not work</h1>
          <p>It may have been used already, replaced by a newer invitation, or expired.</p>
          <p>
            Ask whoever invited you (your placement coordinator or placement lead) to send a new
            one, or <a routerLink="/sign-in">sign in</a> if you have already chosen a password.
          </p>
        }
      </div>
    </div>
  `,
})
export class AcceptInvitationPage {
  readonly token = input<string>('');

  private readonly http = inject(HttpClient);
  private readonly session = inject(Session);
  private readonly router = inject(Router);
  protected readonly hint = `At least ${PASSWORD_MIN_LENGTH} characters. A few unrelated words together are easy to remember and hard to guess.`;
  protected readonly problems = new FormProblems();
  protected readonly busy = signal(false);
  protected readonly form = inject(FormBuilder).nonNullable.group(
    {
      password: ['', [Validators.required, Validators.minLength(PASSWORD_MIN_LENGTH)]],
      confirm: ['', Validators.required],
    },
    { validators: matchesPassword },
  );
  protected readonly invitation = resource({
    params: () => this.token(),
    loader: ({ params: token }) => {
      if (!/^[A-Za-z0-9_-]{32,128}$/.test(token)) return Promise.reject(new Error('not a token'));
      return firstValueFrom(this.http.get<InvitationDetails>(`/api/auth/invitations/${token}`));
    },
  });

  async accept(): Promise<void> {
    let valid = this.problems.check(this.form, {
      password: {
        required: 'Enter a password',
        minlength: `Password must be at least ${PASSWORD_MIN_LENGTH} characters`,
      },
      confirm: { required: 'Type the password again' },
    });
    if (valid && this.form.hasError('mismatch')) {
      this.problems.list.set([{ field: 'confirm', message: 'The passwords do not match' }]);
      valid = false;
    }
    if (!valid) return;
    this.busy.set(true);
    try {
      await this.session.acceptInvitation(this.token(), this.form.getRawValue().password);
      await this.router.navigateByUrl('/');
    } catch (error) {
      this.problems.fromApi(error, 'password');
    } finally {
      this.busy.set(false);
    }
  }
}
