import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { ADJUSTMENTS_MAX_LENGTH, MAX_TRAVEL_KM_LIMIT, NAME_MAX_LENGTH } from '@ahp/contracts';
import { Session } from '../../core/session';
import { UsersClient } from '../../data-access/users-client';
import { ErrorSummary } from '../../shared/error-summary';
import { Field, FieldControl } from '../../shared/field';
import { FormProblems } from '../../shared/form-problems';
import { LabelPipe } from '../../shared/label-pipe';
import { saveFile } from '../../shared/save-file';

@Component({
  selector: 'app-profile-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, RouterLink, ErrorSummary, Field, FieldControl, LabelPipe],
  template: `
    @let user = session.user();
    <div class="nhsuk-grid-row">
      <div class="nhsuk-grid-column-two-thirds">
        @if (passwordChanged()) {
          <div class="nhsuk-inset-text" role="status">
            <span class="nhsuk-u-visually-hidden">Information: </span>
            <p>Your password has been changed. You have been signed out everywhere else.</p>
          </div>
        }
        @if (saved()) {
          <div class="nhsuk-inset-text" role="status">
            <span class="nhsuk-u-visually-hidden">Information: </span>
            <p>Your details have been saved.</p>
          </div>
        }
        <app-error-summary [problems]="problems.list()" />
        <h1 class="nhsuk-heading-l">Your profile</h1>
        @if (user) {
          <dl class="nhsuk-summary-list">
            <div class="nhsuk-summary-list__row">
              <dt class="nhsuk-summary-list__key">Email address</dt>
              <dd class="nhsuk-summary-list__value">{{ user.email }}</dd>
            </div>
            @if (user.organisation) {
              <div class="nhsuk-summary-list__row">
                <dt class="nhsuk-summary-list__key">Organisation</dt>
                <dd class="nhsuk-summary-list__value">{{ user.organisation.name }}</dd>
              </div>
            }
            @if (user.studentProfile; as profile) {
              <div class="nhsuk-summary-list__row">
                <dt class="nhsuk-summary-list__key">Profession</dt>
                <dd class="nhsuk-summary-list__value">
                  {{ profile.profession | label: 'profession' }}
                </dd>
              </div>
              <div class="nhsuk-summary-list__row">
                <dt class="nhsuk-summary-list__key">Year of study</dt>
                <dd class="nhsuk-summary-list__value">Year {{ profile.yearOfStudy }}</dd>
              </div>
            }
          </dl>
          <form [formGroup]="form" (ngSubmit)="save()" novalidate>
            <app-field field="name" label="Full name" [problems]="problems">
              <input
                appFieldControl
                class="nhsuk-input"
                name="name"
                type="text"
                autocomplete="name"
                formControlName="name"
              />
            </app-field>
            @if (user.studentProfile) {
              <ng-container formGroupName="studentProfile">
                <app-field
                  field="studentProfile.homePostcode"
                  label="Home postcode"
                  hint="Used to sort placements by distance from home. The district, such as LS6, is enough."
                  [problems]="problems"
                >
                  <input
                    appFieldControl
                    class="nhsuk-input nhsuk-input--width-10"
                    name="homePostcode"
                    type="text"
                    autocomplete="postal-code"
                    formControlName="homePostcode"
                  />
                </app-field>
                <app-field
                  field="studentProfile.maxTravelKm"
                  label="Furthest you can travel to a placement, in kilometres"
                  hint="Leave empty for no limit."
                  [problems]="problems"
                >
                  <input
                    appFieldControl
                    class="nhsuk-input nhsuk-input--width-4"
                    name="maxTravelKm"
                    type="text"
                    inputmode="numeric"
                    formControlName="maxTravelKm"
                  />
                </app-field>
                <app-field
                  field="studentProfile.reasonableAdjustments"
                  label="Reasonable adjustments (optional)"
                  hint="Anything a placement should put in place for you. Only you, your placement coordinator and providers you choose to share it with when you apply can see this."
                  [problems]="problems"
                >
                  <textarea
                    appFieldControl="textarea"
                    class="nhsuk-textarea"
                    name="reasonableAdjustments"
                    rows="4"
                    formControlName="reasonableAdjustments"
                  ></textarea>
                </app-field>
              </ng-container>
            }
            <button class="nhsuk-button" type="submit" [disabled]="busy()">Save changes</button>
          </form>
          <h2 class="nhsuk-heading-m">Signing in</h2>
          <ul class="nhsuk-list">
            <li><a routerLink="/profile/change-password">Change your password</a></li>
            <li><a routerLink="/profile/two-step-verification">Two-step verification</a></li>
          </ul>
          <h2 class="nhsuk-heading-m">Your data</h2>
          <p>
            Download everything this service holds about you (your details, applications,
            placements, feedback and activity) as a JSON file.
          </p>
          @if (downloadFailed()) {
            <p class="nhsuk-error-message" role="alert">
              <span class="nhsuk-u-visually-hidden">Error: </span>Your data could not be downloaded.
              Try again in a moment.
            </p>
          }
          <button
            class="nhsuk-button nhsuk-button--secondary"
            type="button"
            [attr.aria-disabled]="downloading() || null"
            (click)="downloadData()"
          >
            Download your data
          </button>
        }
      </div>
    </div>
  `,
})
export class ProfilePage {
  /** Set (from the address) after the password was changed. */
  readonly passwordChanged = input<string>();
  protected readonly session = inject(Session);
  private readonly users = inject(UsersClient);
  protected readonly problems = new FormProblems();
  protected readonly busy = signal(false);
  protected readonly saved = signal(false);
  protected readonly downloading = signal(false);
  protected readonly downloadFailed = signal(false);
  private readonly user = this.session.user();
  private readonly fb = inject(FormBuilder).nonNullable;
  protected readonly form = this.fb.group({
    name: [this.user?.name ?? '', [Validators.required, Validators.maxLength(NAME_MAX_LENGTH)]],
    studentProfile: this.fb.group({
      homePostcode: [this.user?.studentProfile?.homePostcode ?? ''],
      maxTravelKm: [
        this.user?.studentProfile?.maxTravelKm?.toString() ?? '',
        [Validators.pattern(/^\s*\d*\s*$/), Validators.min(1), Validators.max(MAX_TRAVEL_KM_LIMIT)],
      ],
      reasonableAdjustments: [
        this.user?.studentProfile?.reasonableAdjustments ?? '',
        [Validators.maxLength(ADJUSTMENTS_MAX_LENGTH)],
      ],
    }),
  });

  async downloadData(): Promise<void> {
    if (this.downloading()) return;
    this.downloading.set(true);
    this.downloadFailed.set(false);
    try {
      saveFile(await this.users.exportMyData(), 'my-ahp-placements-data.json');
    } catch {
      this.downloadFailed.set(true);
    } finally {
      this.downloading.set(false);
    }
  }

  async save(): Promise<void> {
    this.saved.set(false);
    const valid = this.problems.check(this.form, {
      name: {
        required: 'Enter your full name',
        maxlength: `Name must be ${NAME_MAX_LENGTH} characters or fewer`,
      },
      'studentProfile.maxTravelKm': {
        pattern: 'Enter the distance as a whole number of kilometres, like 40',
        min: 'Enter a distance of at least 1 km',
        max: `Enter a distance of ${MAX_TRAVEL_KM_LIMIT} km or less`,
      },
      'studentProfile.reasonableAdjustments': {
        maxlength: `Reasonable adjustments must be ${ADJUSTMENTS_MAX_LENGTH} characters or fewer`,
      },
    });
    if (!valid) return;
    const { name, studentProfile } = this.form.getRawValue();
    const { homePostcode, maxTravelKm, reasonableAdjustments } = studentProfile;
    this.busy.set(true);
    try {
      const updated = await this.users.updateMe({
        name: name.trim(),
        ...(this.user?.studentProfile
          ? {
              studentProfile: {
                homePostcode: homePostcode.trim() || null,
                maxTravelKm: maxTravelKm.trim() ? Number(maxTravelKm) : null,
                reasonableAdjustments: reasonableAdjustments.trim() || null,
              },
            }
          : {}),
      });
      this.session.updateUser(updated);
      this.form.controls.studentProfile.patchValue({
        homePostcode: updated.studentProfile?.homePostcode ?? '',
      });
      this.saved.set(true);
      this.problems.clear();
    } catch (error) {
      this.problems.fromApi(error);
    } finally {
      this.busy.set(false);
    }
  }
}
