import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router } from '@angular/router';
import { MFA_ENROLMENT_PAGE } from '../../core/guards';
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
        @if (mfaToken()) {
          <h1 class="nhsuk-heading-l">
            {{ useRecoveryCode() ? 'Enter a recovery code' : 'Enter your security code' }}
          </h1>
          @if (useRecoveryCode()) {
            <p>
              Use one of the recovery codes you saved when you set up two-step verification. Each
              code works only once.
            </p>
          } @else {
            <p>Open the authenticator app on your phone and enter the 6-digit code it shows.</p>
          }
          <form [formGroup]="codeForm" (ngSubmit)="submitCode()" novalidate>
            <app-field
              field="code"
              [label]="useRecoveryCode() ? 'Recovery code' : 'Security code'"
              [hint]="
                useRecoveryCode()
                  ? 'For example, 7hq2kd-9xw4pa-m3tz8c-vn5r1e'
                  : 'For example, 123456'
              "
              [problems]="problems"
            >
              @if (useRecoveryCode()) {
                <input
                  appFieldControl
                  class="nhsuk-input nhsuk-input--width-20"
                  name="code"
                  type="text"
                  autocomplete="off"
                  spellcheck="false"
                  formControlName="code"
                />
              } @else {
                <input
                  appFieldControl
                  class="nhsuk-input nhsuk-input--width-10"
                  name="code"
                  type="text"
                  inputmode="numeric"
                  autocomplete="one-time-code"
                  formControlName="code"
                />
              }
            </app-field>
            <button class="nhsuk-button" type="submit" [disabled]="busy()">Continue</button>
          </form>
          <p>
            <button class="app-link-button" type="button" (click)="toggleRecoveryCode()">
              {{
                useRecoveryCode() ? 'Use a code from your authenticator app' : 'Use a recovery code'
              }}
            </button>
          </p>
          <p>
            <button class="app-link-button" type="button" (click)="startAgain()">
              Sign in again
            </button>
          </p>
        } @else {
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
        }
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
  /** Set once the password was right and a security code is needed. */
  protected readonly mfaToken = signal<string | null>(null);
  protected readonly useRecoveryCode = signal(false);
  private readonly fb = inject(FormBuilder).nonNullable;
  protected readonly form = this.fb.group({
    email: ['', [Validators.required, Validators.email]],
    password: ['', Validators.required],
  });
  protected readonly codeForm = this.fb.group({ code: ['', Validators.required] });

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
      const step = await this.session.signIn(email, password);
      if ('mfaToken' in step) {
        this.form.controls.password.reset();
        this.codeForm.reset();
        this.mfaToken.set(step.mfaToken);
        return;
      }
      await this.signedIn();
    } catch (error) {
      // The API gives one answer for every failed sign-in; show it against the e-mail address.
      this.problems.fromApi(error, 'email');
    } finally {
      this.busy.set(false);
    }
  }

  async submitCode(): Promise<void> {
    const token = this.mfaToken();
    const valid = this.problems.check(this.codeForm, {
      code: {
        required: this.useRecoveryCode()
          ? 'Enter one of your recovery codes'
          : 'Enter the security code from your authenticator app',
      },
    });
    if (!valid || !token) return;
    this.busy.set(true);
    try {
      await this.session.completeSignIn(token, this.codeForm.getRawValue().code.trim());
      await this.signedIn();
    } catch (error) {
      this.codeForm.reset();
      this.problems.fromApi(error, 'code');
    } finally {
      this.busy.set(false);
    }
  }

  toggleRecoveryCode(): void {
    this.useRecoveryCode.update((value) => !value);
    this.codeForm.reset();
    this.problems.clear();
  }

  startAgain(): void {
    this.mfaToken.set(null);
    this.useRecoveryCode.set(false);
    this.problems.clear();
  }

  private async signedIn(): Promise<void> {
    await this.router.navigateByUrl(
      this.session.mfaEnrolmentRequired() ? MFA_ENROLMENT_PAGE : safeReturnUrl(this.returnUrl()),
    );
  }
}

/** Only same-site paths, so a crafted link cannot bounce someone to another site after signing in. */
export function safeReturnUrl(url: string | undefined): string {
  return url && url.startsWith('/') && !url.startsWith('//') && !url.startsWith('/\\') ? url : '/';
}
