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
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import {
  MAX_TRAVEL_KM_LIMIT,
  NAME_MAX_LENGTH,
  PROFESSIONS,
  ROLES,
  ROLE_ORGANISATION_TYPE,
  YEAR_OF_STUDY_MAX,
  type Profession,
  type Role,
} from '@ahp/contracts';
import { apiError } from '../../core/api-error';
import { OrganisationsClient } from '../../data-access/organisations-client';
import { UsersClient } from '../../data-access/users-client';
import type { NewPerson } from '../../data-access/api-types';
import { ErrorSummary } from '../../shared/error-summary';
import { Field, FieldControl, FieldGroup } from '../../shared/field';
import { Radios } from '../../shared/radios';
import { FormProblems, type ErrorMessages } from '../../shared/form-problems';
import { AUDIENCES, type Audience } from './audiences';

const MESSAGES: ErrorMessages = {
  role: { required: 'Choose a role' },
  organisationId: { required: 'Choose an organisation' },
  name: {
    required: 'Enter their full name',
    maxlength: `Name must be ${NAME_MAX_LENGTH} characters or fewer`,
  },
  email: {
    required: 'Enter their email address',
    email: 'Enter an email address like name@example.ac.uk',
  },
  'studentProfile.profession': { required: 'Choose their profession' },
  'studentProfile.yearOfStudy': { required: 'Choose their year of study' },
  'studentProfile.maxTravelKm': {
    pattern: 'Enter the distance as a whole number of kilometres, like 40',
    min: 'Enter a distance of at least 1 km',
    max: `Enter a distance of ${MAX_TRAVEL_KM_LIMIT} km or less`,
  },
};

@Component({
  selector: 'app-new-person-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, RouterLink, ErrorSummary, Field, FieldControl, FieldGroup, Radios],
  template: `
    @let view = config();
    <div class="nhsuk-grid-row">
      <div class="nhsuk-grid-column-two-thirds">
        <div class="nhsuk-back-link">
          <a class="nhsuk-back-link__link" [routerLink]="view.listLink"
            >Back to {{ view.title.toLowerCase() }}</a
          >
        </div>
        <app-error-summary [problems]="problems.list()" />
        <h1 class="nhsuk-heading-l">{{ view.addLabel }}</h1>
        <p>They will be e-mailed an invitation to choose their own password.</p>
        <form [formGroup]="form" (ngSubmit)="save()" novalidate>
          @if (!view.role) {
            <app-field-group
              field="role"
              label="Role"
              hint="What they will do on the platform"
              [bold]="true"
              [problems]="problems"
            >
              <app-radios name="role" [options]="roles" formControlName="role" />
            </app-field-group>
            @if (organisationType(); as type) {
              <app-field
                field="organisationId"
                [label]="type === 'university' ? 'University' : 'Placement provider'"
                [bold]="true"
                [problems]="problems"
              >
                <select
                  appFieldControl="select"
                  class="nhsuk-select"
                  name="organisationId"
                  formControlName="organisationId"
                >
                  <option value="">Choose…</option>
                  @for (organisation of organisationChoices(); track organisation.id) {
                    <option [value]="organisation.id">{{ organisation.name }}</option>
                  }
                </select>
              </app-field>
            }
          }
          <app-field field="name" label="Full name" [bold]="true" [problems]="problems">
            <input
              appFieldControl
              class="nhsuk-input"
              name="name"
              type="text"
              autocomplete="off"
              formControlName="name"
            />
          </app-field>
          <app-field field="email" label="Email address" [bold]="true" [problems]="problems">
            <input
              appFieldControl
              class="nhsuk-input"
              name="email"
              type="email"
              autocomplete="off"
              spellcheck="false"
              formControlName="email"
            />
          </app-field>
          @if (role() === 'student') {
            <ng-container formGroupName="studentProfile">
              <app-field
                field="studentProfile.profession"
                label="Profession"
                [bold]="true"
                [problems]="problems"
              >
                <select
                  appFieldControl="select"
                  class="nhsuk-select"
                  name="profession"
                  formControlName="profession"
                >
                  <option value="">Choose…</option>
                  <optgroup label="Common in mental health services">
                    @for (profession of mentalHealthProfessions; track profession.code) {
                      <option [value]="profession.code">{{ profession.label }}</option>
                    }
                  </optgroup>
                  <optgroup label="Other Allied Health Professions">
                    @for (profession of otherProfessions; track profession.code) {
                      <option [value]="profession.code">{{ profession.label }}</option>
                    }
                  </optgroup>
                </select>
              </app-field>
              <app-field
                field="studentProfile.yearOfStudy"
                label="Year of study"
                [bold]="true"
                [problems]="problems"
              >
                <select
                  appFieldControl="select"
                  class="nhsuk-select"
                  name="yearOfStudy"
                  formControlName="yearOfStudy"
                >
                  <option value="">Choose…</option>
                  @for (year of years; track year) {
                    <option [value]="year">Year {{ year }}</option>
                  }
                </select>
              </app-field>
              <app-field
                field="studentProfile.homePostcode"
                label="Home postcode (optional)"
                hint="Used to sort placements by distance from home"
                [bold]="true"
                [problems]="problems"
              >
                <input
                  appFieldControl
                  class="nhsuk-input nhsuk-input--width-10"
                  name="homePostcode"
                  type="text"
                  autocomplete="off"
                  formControlName="homePostcode"
                />
              </app-field>
              <app-field
                field="studentProfile.maxTravelKm"
                label="Furthest they can travel, in kilometres (optional)"
                [bold]="true"
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
            </ng-container>
          }
          <button class="nhsuk-button" type="submit" [disabled]="busy()">
            {{ view.addLabel }} and send invitation
          </button>
        </form>
      </div>
    </div>
  `,
})
export class NewPersonPage {
  readonly audience = input.required<Audience>();

  private readonly users = inject(UsersClient);
  private readonly organisations = inject(OrganisationsClient);
  private readonly router = inject(Router);
  private readonly fb = inject(FormBuilder).nonNullable;
  protected readonly config = computed(() => AUDIENCES[this.audience()]);
  protected readonly problems = new FormProblems();
  protected readonly busy = signal(false);
  protected readonly roles = ROLES;
  protected readonly mentalHealthProfessions = PROFESSIONS.filter((p) => p.commonInMentalHealth);
  protected readonly otherProfessions = PROFESSIONS.filter((p) => !p.commonInMentalHealth);
  protected readonly years = Array.from({ length: YEAR_OF_STUDY_MAX }, (_, i) => i + 1);

  protected readonly form = this.fb.group({
    role: ['' as Role | '', Validators.required],
    organisationId: ['', Validators.required],
    name: ['', [Validators.required, Validators.maxLength(NAME_MAX_LENGTH)]],
    email: ['', [Validators.required, Validators.email]],
    studentProfile: this.fb.group({
      profession: ['' as Profession | '', Validators.required],
      yearOfStudy: ['', Validators.required],
      homePostcode: [''],
      maxTravelKm: [
        '',
        [Validators.pattern(/^\s*\d*\s*$/), Validators.min(1), Validators.max(MAX_TRAVEL_KM_LIMIT)],
      ],
    }),
  });

  private readonly chosenRole = toSignal(this.form.controls.role.valueChanges, {
    initialValue: '' as Role | '',
  });
  protected readonly role = computed<Role | ''>(() => this.config().role ?? this.chosenRole());
  protected readonly organisationType = computed(() => {
    const role = this.role();
    return role && !this.config().role ? ROLE_ORGANISATION_TYPE[role] : null;
  });
  private readonly allOrganisations = resource({
    params: () => (this.config().role ? null : true),
    loader: ({ params }) => (params ? this.organisations.all() : Promise.resolve([])),
  });
  protected readonly organisationChoices = computed(() =>
    (this.allOrganisations.hasValue() ? this.allOrganisations.value() : []).filter(
      (o) => o.type === this.organisationType(),
    ),
  );

  constructor() {
    // Only the questions that apply are checked and sent.
    effect(() => {
      const role = this.role();
      const fixed = this.config().role !== null;
      const { controls } = this.form;
      toggle(controls.role, !fixed);
      toggle(controls.organisationId, !fixed && !!role && role !== 'admin');
      toggle(controls.studentProfile, role === 'student');
      if (
        this.organisationType() &&
        !this.organisationChoices().some((o) => o.id === controls.organisationId.value)
      ) {
        controls.organisationId.setValue('', { emitEvent: false });
      }
    });
  }

  async save(): Promise<void> {
    if (!this.problems.check(this.form, MESSAGES)) return;
    const value = this.form.getRawValue();
    const role = this.role() as Role;
    const person: NewPerson = {
      email: value.email.trim(),
      name: value.name.trim(),
      role,
      ...(this.form.controls.organisationId.enabled
        ? { organisationId: value.organisationId }
        : {}),
    };
    if (role === 'student') {
      const profile = value.studentProfile;
      person.studentProfile = {
        profession: profile.profession as Profession,
        yearOfStudy: Number(profile.yearOfStudy),
        ...(profile.homePostcode.trim() ? { homePostcode: profile.homePostcode.trim() } : {}),
        ...(profile.maxTravelKm.trim() ? { maxTravelKm: Number(profile.maxTravelKm) } : {}),
      };
    }
    this.busy.set(true);
    try {
      const created = await this.users.create(person);
      await this.router.navigate([this.config().listLink], {
        queryParams: { added: `${created.name} has been added and sent an invitation.` },
      });
    } catch (error) {
      this.problems.fromApi(error, apiError(error).code === 'email_taken' ? 'email' : '');
    } finally {
      this.busy.set(false);
    }
  }
}

function toggle(
  control: { enable(o?: object): void; disable(o?: object): void; enabled: boolean },
  on: boolean,
): void {
  if (on && !control.enabled) control.enable({ emitEvent: false });
  if (!on && control.enabled) control.disable({ emitEvent: false });
}
