import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router } from '@angular/router';
import { Session } from '../../core/session';
import { ErrorSummary } from '../../shared/error-summary';
import { Field, FieldControl } from '../../shared/field';
import { FormProblems } from '../../shared/form-problems';

@Component({
  selector: 'app-sign-in-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, ErrorSummary, Field, FieldControl],
  template: `
    <div class="nhsuk-grid-row">
      <div class="nhsuk-grid-column-two-thirds">
        @if (signedOut()) {
          <div class="nhsuk-inset-text">
            <span class="nhsuk-u-visually-hidden">Information: </span>
            <p>You have signed out.</p>
          </div>
        }
        <app-error-summary [problems]="problems.list()" />
        <h1 class="nhsuk-heading-l">Sign in</h1>
        <p>Use the e-mail address your university or placement provider registered for you.</p>
        <form [formGroup]="form" (ngSubmit)="signIn()" novalidate>
          <app-field field="email" label="Email address" [problems]="problems">
            <input
              appFieldControl
              class="nhsuk-input"
              name="email"
              type="email"
              autocomplete="username"
              spellcheck="false"
              formControlName="email"
            />
          </app-field>
          <app-field field="password" label="Password" [problems]="problems">
            <input
              appFieldControl
              class="nhsuk-input"
              name="password"
              type="password"
              autocomplete="current-password"
              formControlName="password"
            />
          </app-field>
          <button class="nhsuk-button" type="submit" [disabled]="busy()">Sign in</button>
        </form>
        <p class="nhsuk-body-s">
          If you were invited, use the link in your invitation e-mail to choose a password first.
        </p>
      </div>
    </div>
  `,
})
export class SignInPage {
  readonly returnUrl = input<string>();
  readonly signedOut = input<string>();

  private readonly session = inject(Session);
  private readonly router = inject(Router);
  protected readonly problems = new FormProblems();
  protected readonly busy = signal(false);
  protected readonly form = inject(FormBuilder).nonNullable.group({
    email: ['', [Validators.required, Validators.email]],
    password: ['', Validators.required],
  });

  async signIn(): Promise<void> {
    const valid = this.problems.check(this.form, {
      email: {
        required: 'Enter your email address',
        email: 'Enter an email address like name@example.ac.uk',
      },
      password: { required: 'Enter your password' },
    });
    if (!valid) return;
    this.busy.set(true);
    try {
      const { email, password } = this.form.getRawValue();
      await this.session.signIn(email, password);
      await this.router.navigateByUrl(safeReturnUrl(this.returnUrl()));
    } catch (error) {
      // The API gives one answer for every failed sign-in; show it against the e-mail address.
      this.problems.fromApi(error, 'email');
    } finally {
      this.busy.set(false);
    }
  }
}

/** Only same-site paths, so a crafted link cannot bounce someone to another site after signing in. */
export function safeReturnUrl(url: string | undefined): string {
  return url && url.startsWith('/') && !url.startsWith('//') && !url.startsWith('/\\') ? url : '/';
}
