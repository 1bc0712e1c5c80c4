import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { Session } from '../../core/session';
import { apiError } from '../../core/api-error';
import { ErrorSummary } from '../../shared/error-summary';
import { Field, FieldControl } from '../../shared/field';
import { FormProblems } from '../../shared/form-problems';
import { LoadError } from '../../shared/notices';
import { SecurityClient, type MfaEnrolment, type MfaStatus } from './security-client';

type View = 'status' | 'scan' | 'codes' | 'regenerate' | 'turn-off';

/** The base32 secret in groups of four, easier to copy by hand; apps ignore the spaces. */
export function groupSecret(secret: string): string {
  return secret.replace(/(.{4})(?=.)/g, '$1 ');
}

/**
 * Two-step verification: set up an authenticator app (scan the QR code or type the key, then
 * confirm with a code), save the recovery codes, get new ones, or turn it off.
 */
@Component({
  selector: 'app-two-step-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, RouterLink, ErrorSummary, Field, FieldControl, LoadError],
  template: `
    <div class="nhsuk-grid-row">
      <div class="nhsuk-grid-column-two-thirds">
        <app-error-summary [problems]="problems.list()" />
        @switch (view()) {
          @case ('scan') {
            @if (enrolment(); as setup) {
              <h1 class="nhsuk-heading-l">Set up your authenticator app</h1>
              <ol class="nhsuk-list nhsuk-list--number">
                <li>
                  Install an authenticator app on your phone, such as Microsoft Authenticator or
                  Google Authenticator, if you do not have one.
                </li>
                <li>In the app, add an account and scan this QR code.</li>
              </ol>
              <img
                class="nhsuk-u-margin-bottom-4"
                [src]="setup.qrCode"
                width="264"
                height="264"
                alt="QR code for setting up two-step verification. If you cannot scan it, enter the setup key below instead."
              />
              <h2 class="nhsuk-heading-s">If you cannot scan the QR code</h2>
              <p>Choose to enter a setup key in your app, and type this key:</p>
              <p>
                <code class="nhsuk-u-font-size-24" data-testid="mfa-secret">{{
                  grouped(setup.secret)
                }}</code>
              </p>
              <p class="nhsuk-body-s">It is time-based, for the account {{ email() }}.</p>
              <form [formGroup]="confirmForm" (ngSubmit)="confirm()" novalidate>
                <app-field
                  field="code"
                  label="Security code"
                  hint="Enter the 6-digit code your app now shows for AHP Placements"
                  [problems]="problems"
                >
                  <input
                    appFieldControl
                    class="nhsuk-input nhsuk-input--width-10"
                    name="code"
                    type="text"
                    inputmode="numeric"
                    autocomplete="one-time-code"
                    formControlName="code"
                  />
                </app-field>
                <button class="nhsuk-button" type="submit" [disabled]="busy()">Confirm</button>
              </form>
            }
          }
          @case ('codes') {
            <h1 class="nhsuk-heading-l">Save your recovery codes</h1>
            <div class="nhsuk-warning-callout">
              <h2 class="nhsuk-warning-callout__label">
                <span role="text"
                  ><span class="nhsuk-u-visually-hidden">Important: </span>You will not see these
                  codes again</span
                >
              </h2>
              <p>
                If you lose your phone, each of these codes lets you sign in once instead of a
                security code. Print them or keep them in a password manager, somewhere only you can
                reach.
              </p>
            </div>
            <ol class="nhsuk-list nhsuk-list--number" aria-label="Recovery codes">
              @for (code of recoveryCodes(); track code) {
                <li>
                  <code>{{ code }}</code>
                </li>
              }
            </ol>
            <button class="nhsuk-button" type="button" (click)="codesSaved()">
              I have saved these codes
            </button>
          }
          @case ('regenerate') {
            <h1 class="nhsuk-heading-l">Get new recovery codes</h1>
            <p>Your old recovery codes will stop working.</p>
            <form [formGroup]="regenerateForm" (ngSubmit)="regenerate()" novalidate>
              <app-field
                field="code"
                label="Security code"
                hint="The 6-digit code from your authenticator app"
                [problems]="problems"
              >
                <input
                  appFieldControl
                  class="nhsuk-input nhsuk-input--width-10"
                  name="code"
                  type="text"
                  inputmode="numeric"
                  autocomplete="one-time-code"
                  formControlName="code"
                />
              </app-field>
              <button class="nhsuk-button" type="submit" [disabled]="busy()">
                Get new recovery codes
              </button>
            </form>
            <p><button class="app-link-button" type="button" (click)="back()">Cancel</button></p>
          }
          @case ('turn-off') {
            <h1 class="nhsuk-heading-l">Turn off two-step verification</h1>
            <p>You will sign in with just your password. Your recovery codes will stop working.</p>
            <form [formGroup]="turnOffForm" (ngSubmit)="turnOff()" novalidate>
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
              <app-field
                field="code"
                label="Security code"
                hint="The 6-digit code from your authenticator app, or a recovery code"
                [problems]="problems"
              >
                <input
                  appFieldControl
                  class="nhsuk-input nhsuk-input--width-20"
                  name="code"
                  type="text"
                  autocomplete="one-time-code"
                  spellcheck="false"
                  formControlName="code"
                />
              </app-field>
              <button class="nhsuk-button nhsuk-button--warning" type="submit" [disabled]="busy()">
                Turn off two-step verification
              </button>
            </form>
            <p><button class="app-link-button" type="button" (click)="back()">Cancel</button></p>
          }
          @default {
            <h1 class="nhsuk-heading-l">Two-step verification</h1>
            @if (notice(); as message) {
              <div class="nhsuk-inset-text" role="status">
                <span class="nhsuk-u-visually-hidden">Information: </span>
                <p>{{ message }}</p>
              </div>
            }
            @if (loadError(); as message) {
              <app-load-error
                heading="Your settings could not be loaded"
                [message]="message"
                (retry)="load()"
              />
            } @else if (status(); as current) {
              @if (current.enabled) {
                <p>
                  <strong class="nhsuk-tag nhsuk-tag--green">On</strong>
                  When you sign in, you enter your password and then a security code from your
                  authenticator app.
                </p>
                <dl class="nhsuk-summary-list">
                  <div class="nhsuk-summary-list__row">
                    <dt class="nhsuk-summary-list__key">Recovery codes left</dt>
                    <dd class="nhsuk-summary-list__value">{{ current.recoveryCodesLeft }}</dd>
                  </div>
                </dl>
                <button
                  class="nhsuk-button nhsuk-button--secondary"
                  type="button"
                  (click)="show('regenerate')"
                >
                  Get new recovery codes
                </button>
                @if (current.required) {
                  <p>Your role must use two-step verification, so it cannot be turned off.</p>
                } @else {
                  <p>
                    <button class="app-link-button" type="button" (click)="show('turn-off')">
                      Turn off two-step verification
                    </button>
                  </p>
                }
              } @else {
                @if (current.required) {
                  <div class="nhsuk-warning-callout">
                    <h2 class="nhsuk-warning-callout__label">
                      <span role="text"
                        ><span class="nhsuk-u-visually-hidden">Important: </span>Set this up to
                        continue</span
                      >
                    </h2>
                    <p>
                      Your role can see other people's personal information, so you must use
                      two-step verification. You cannot use the rest of the service until it is set
                      up.
                    </p>
                  </div>
                } @else {
                  <p>
                    <strong class="nhsuk-tag nhsuk-tag--grey">Off</strong>
                    Protect your account with a security code from an app on your phone as well as
                    your password.
                  </p>
                }
                <button class="nhsuk-button" type="button" [disabled]="busy()" (click)="start()">
                  Set up two-step verification
                </button>
              }
              @if (!current.enrolmentRequired) {
                <p><a routerLink="/profile">Back to your profile</a></p>
              }
            } @else {
              <p aria-live="polite">Loading…</p>
            }
          }
        }
      </div>
    </div>
  `,
})
export class TwoStepPage {
  private readonly client = inject(SecurityClient);
  private readonly session = inject(Session);
  private readonly router = inject(Router);
  private readonly fb = inject(FormBuilder).nonNullable;
  protected readonly problems = new FormProblems();
  protected readonly busy = signal(false);
  protected readonly view = signal<View>('status');
  protected readonly status = signal<MfaStatus | null>(null);
  protected readonly loadError = signal<string | null>(null);
  protected readonly notice = signal<string | null>(null);
  protected readonly enrolment = signal<MfaEnrolment | null>(null);
  protected readonly recoveryCodes = signal<string[]>([]);
  protected readonly email = () => this.session.user()?.email ?? '';
  protected readonly grouped = groupSecret;
  protected readonly confirmForm = this.fb.group({ code: ['', Validators.required] });
  protected readonly regenerateForm = this.fb.group({ code: ['', Validators.required] });
  protected readonly turnOffForm = this.fb.group({
    password: ['', Validators.required],
    code: ['', Validators.required],
  });
  /** Whether finishing set-up should take the person on to the rest of the service. */
  private wasRequired = false;

  constructor() {
    void this.load();
  }

  async load(): Promise<void> {
    this.loadError.set(null);
    try {
      const status = await this.client.mfaStatus();
      this.status.set(status);
      this.wasRequired = status.enrolmentRequired;
    } catch (error) {
      this.loadError.set(apiError(error).message);
    }
  }

  show(view: View): void {
    this.problems.clear();
    this.notice.set(null);
    this.view.set(view);
  }

  back(): void {
    this.show('status');
  }

  async start(): Promise<void> {
    await this.run(async () => {
      this.enrolment.set(await this.client.startEnrolment());
      this.confirmForm.reset();
      this.show('scan');
    });
  }

  async confirm(): Promise<void> {
    if (!this.problems.check(this.confirmForm, CODE_MESSAGES)) return;
    await this.run(
      async () => {
        this.recoveryCodes.set(
          await this.client.confirmEnrolment(this.confirmForm.getRawValue().code.trim()),
        );
        this.enrolment.set(null);
        this.session.mfaEnrolled();
        this.show('codes');
      },
      () => this.confirmForm.reset(),
    );
  }

  async codesSaved(): Promise<void> {
    this.recoveryCodes.set([]);
    if (this.wasRequired) {
      await this.router.navigateByUrl('/');
      return;
    }
    await this.load();
    this.show('status');
    this.notice.set('Two-step verification is on.');
  }

  async regenerate(): Promise<void> {
    if (!this.problems.check(this.regenerateForm, CODE_MESSAGES)) return;
    await this.run(
      async () => {
        this.recoveryCodes.set(
          await this.client.newRecoveryCodes(this.regenerateForm.getRawValue().code.trim()),
        );
        this.regenerateForm.reset();
        this.show('codes');
      },
      () => this.regenerateForm.reset(),
    );
  }

  async turnOff(): Promise<void> {
    const valid = this.problems.check(this.turnOffForm, {
      password: { required: 'Enter your password' },
      code: { required: 'Enter the security code from your authenticator app, or a recovery code' },
    });
    if (!valid) return;
    await this.run(
      async () => {
        const { password, code } = this.turnOffForm.getRawValue();
        await this.client.turnOff(password, code.trim());
        this.turnOffForm.reset();
        await this.load();
        this.show('status');
        this.notice.set('Two-step verification is off.');
      },
      () => this.turnOffForm.reset(),
    );
  }

  /** Runs an action with the button disabled, showing what the API said if it fails. */
  private async run(action: () => Promise<void>, onError?: () => void): Promise<void> {
    this.busy.set(true);
    try {
      await action();
    } catch (error) {
      onError?.();
      this.problems.fromApi(error, 'code');
    } finally {
      this.busy.set(false);
    }
  }
}

const CODE_MESSAGES = {
  code: { required: 'Enter the security code from your authenticator app' },
};
