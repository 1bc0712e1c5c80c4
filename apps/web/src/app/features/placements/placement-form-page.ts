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
import {
  FormBuilder,
  ReactiveFormsModule,
  Validators,
  type AbstractControl,
  type ValidationErrors,
} from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import {
  HOURS_PER_WEEK_MAX,
  PLACEMENT_CAPACITY_MAX,
  PLACEMENT_DESCRIPTION_MAX_LENGTH,
  PLACEMENT_MODELS,
  PLACEMENT_TITLE_MAX_LENGTH,
  REQUIREMENTS,
  SERVICE_TYPES,
  SERVICE_TYPE_MAX_LENGTH,
  SETTINGS,
  YEAR_OF_STUDY_MAX,
  type Placement,
  type PlacementModel,
  type Profession,
  type Requirement,
  type Setting,
} from '@ahp/contracts';
import { PlacementsClient, type PlacementInput } from '../../data-access/placements-client';
import { DateInput, calendarDate } from '../../shared/date-input';
import { PROFESSION_GROUPS } from '../../shared/profession-groups';
import { ErrorSummary } from '../../shared/error-summary';
import { Field, FieldControl, FieldGroup } from '../../shared/field';
import { Radios } from '../../shared/radios';
import { Checkboxes } from '../../shared/checkboxes';
import { FormProblems, type ErrorMessages } from '../../shared/form-problems';

const atLeastOne = (control: AbstractControl): ValidationErrors | null =>
  (control.value as unknown[]).length ? null : { required: true };

const MESSAGES: ErrorMessages = {
  title: {
    required: 'Enter a title',
    maxlength: `The title must be ${PLACEMENT_TITLE_MAX_LENGTH} characters or fewer`,
  },
  description: {
    maxlength: `The description must be ${PLACEMENT_DESCRIPTION_MAX_LENGTH} characters or fewer`,
  },
  professions: { required: 'Choose at least one profession' },
  setting: { required: 'Choose the setting' },
  serviceType: {
    maxlength: `The service type must be ${SERVICE_TYPE_MAX_LENGTH} characters or fewer`,
  },
  model: { required: 'Choose the placement model' },
  postcode: { required: 'Enter the postcode of the site' },
  startDate: {
    required: 'Enter the start date',
    date: 'Enter a real start date, for example 11 1 2027',
  },
  endDate: { required: 'Enter the end date', date: 'Enter a real end date, for example 19 3 2027' },
  applicationDeadline: { date: 'Enter a real date for the application deadline' },
  hoursPerWeek: {
    pattern: 'Enter hours per week as a number, like 37.5',
    min: 'Enter at least 1 hour a week',
    max: `Enter ${HOURS_PER_WEEK_MAX} hours a week or fewer`,
  },
  capacity: {
    required: 'Enter how many students the placement takes',
    pattern: 'Enter the number of seats as a whole number, like 2',
    min: 'A placement needs at least 1 seat',
    max: `A placement can have at most ${PLACEMENT_CAPACITY_MAX} seats`,
  },
};

/** Posting a new placement (as a draft) or editing one. */
@Component({
  selector: 'app-placement-form-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    ReactiveFormsModule,
    RouterLink,
    ErrorSummary,
    Field,
    FieldGroup,
    FieldControl,
    DateInput,
    Radios,
    Checkboxes,
  ],
  template: `
    <div class="nhsuk-grid-row">
      <div class="nhsuk-grid-column-two-thirds">
        <div class="nhsuk-back-link">
          <a
            class="nhsuk-back-link__link"
            [routerLink]="id() ? ['/placements', id()] : '/manage-placements'"
            >Back</a
          >
        </div>
        <app-error-summary [problems]="problems.list()" />
        <h1 class="nhsuk-heading-l">{{ id() ? 'Edit placement' : 'Post a placement' }}</h1>
        @if (id() && existing.isLoading()) {
          <p aria-live="polite">Loading the placement…</p>
        } @else {
          <form [formGroup]="form" (ngSubmit)="save()" novalidate>
            <app-field
              field="title"
              label="Title"
              hint="What students will see first, for example: Community CAMHS: occupational therapy"
              [bold]="true"
              [problems]="problems"
            >
              <input
                appFieldControl
                class="nhsuk-input"
                name="title"
                type="text"
                formControlName="title"
              />
            </app-field>

            <app-field-group
              field="professions"
              label="Professions"
              hint="Students of which professions can take it? Choose all that apply."
              [bold]="true"
              [problems]="problems"
            >
              <app-checkboxes
                name="professions"
                [options]="professionGroups"
                formControlName="professions"
              />
            </app-field-group>

            <app-field-group field="setting" label="Setting" [bold]="true" [problems]="problems">
              <app-radios name="setting" [options]="settings" formControlName="setting" />
            </app-field-group>

            <app-field
              field="serviceType"
              label="Service type (optional)"
              hint="For example inpatient, community, CAMHS or forensic"
              [bold]="true"
              [problems]="problems"
            >
              <input
                appFieldControl
                class="nhsuk-input"
                name="serviceType"
                type="text"
                list="service-types"
                formControlName="serviceType"
              />
              <datalist id="service-types">
                @for (type of serviceTypes; track type) {
                  <option [value]="type"></option>
                }
              </datalist>
            </app-field>

            <app-field-group
              field="model"
              label="Placement model"
              [bold]="true"
              [problems]="problems"
            >
              <app-radios name="model" [options]="models" formControlName="model" />
            </app-field-group>

            <app-field
              field="postcode"
              label="Postcode of the site"
              [bold]="true"
              [problems]="problems"
            >
              <input
                appFieldControl
                class="nhsuk-input nhsuk-input--width-10"
                name="postcode"
                type="text"
                autocomplete="postal-code"
                formControlName="postcode"
              />
            </app-field>

            <app-field-group
              field="startDate"
              label="Start date"
              hint="For example, 11 1 2027"
              [bold]="true"
              [problems]="problems"
            >
              <app-date-input
                inputId="startDate"
                formControlName="startDate"
                [invalid]="!!problems.messageFor('startDate')"
              />
            </app-field-group>
            <app-field-group field="endDate" label="End date" [bold]="true" [problems]="problems">
              <app-date-input
                inputId="endDate"
                formControlName="endDate"
                [invalid]="!!problems.messageFor('endDate')"
              />
            </app-field-group>
            <app-field-group
              field="applicationDeadline"
              label="Application deadline (optional)"
              hint="On or before the start date"
              [bold]="true"
              [problems]="problems"
            >
              <app-date-input
                inputId="applicationDeadline"
                formControlName="applicationDeadline"
                [invalid]="!!problems.messageFor('applicationDeadline')"
              />
            </app-field-group>

            <app-field
              field="capacity"
              label="Seats"
              hint="How many students at the same time"
              [bold]="true"
              [problems]="problems"
            >
              <input
                appFieldControl
                class="nhsuk-input nhsuk-input--width-3"
                name="capacity"
                type="text"
                inputmode="numeric"
                formControlName="capacity"
              />
            </app-field>
            <app-field
              field="hoursPerWeek"
              label="Hours per week (optional)"
              [bold]="true"
              [problems]="problems"
            >
              <input
                appFieldControl
                class="nhsuk-input nhsuk-input--width-4"
                name="hoursPerWeek"
                type="text"
                inputmode="decimal"
                formControlName="hoursPerWeek"
              />
            </app-field>
            <app-field
              field="minYearOfStudy"
              label="Lowest year of study"
              [bold]="true"
              [problems]="problems"
            >
              <select
                appFieldControl="select"
                class="nhsuk-select"
                name="minYearOfStudy"
                formControlName="minYearOfStudy"
              >
                @for (year of years; track year) {
                  <option [value]="year">
                    {{ year === 1 ? 'Any year' : 'Year ' + year + ' or later' }}
                  </option>
                }
              </select>
            </app-field>

            <app-field-group
              field="requirements"
              label="Requirements (optional)"
              hint="Checks a student must have completed before starting"
              [bold]="true"
              [problems]="problems"
            >
              <app-checkboxes
                name="requirements"
                [options]="requirementOptions"
                formControlName="requirements"
              />
            </app-field-group>

            <app-field
              field="description"
              label="Description (optional)"
              hint="What the student will do, who supervises them, anything to know before applying"
              [bold]="true"
              [problems]="problems"
            >
              <textarea
                appFieldControl="textarea"
                class="nhsuk-textarea"
                name="description"
                rows="6"
                formControlName="description"
              ></textarea>
            </app-field>

            <button class="nhsuk-button" type="submit" [disabled]="busy()">
              {{ id() ? 'Save changes' : 'Save as draft' }}
            </button>
          </form>
        }
      </div>
    </div>
  `,
})
export class PlacementFormPage {
  /** Present when editing. */
  readonly id = input<string>();

  private readonly client = inject(PlacementsClient);
  private readonly router = inject(Router);
  private readonly fb = inject(FormBuilder).nonNullable;
  protected readonly problems = new FormProblems();
  protected readonly busy = signal(false);
  protected readonly settings = SETTINGS;
  protected readonly models = PLACEMENT_MODELS;
  protected readonly serviceTypes = SERVICE_TYPES;
  protected readonly requirementOptions = REQUIREMENTS;
  protected readonly years = Array.from({ length: YEAR_OF_STUDY_MAX }, (_, i) => i + 1);
  protected readonly professionGroups = PROFESSION_GROUPS;

  protected readonly form = this.fb.group({
    title: ['', [Validators.required, Validators.maxLength(PLACEMENT_TITLE_MAX_LENGTH)]],
    professions: [[] as Profession[], atLeastOne],
    setting: ['' as Setting | '', Validators.required],
    serviceType: ['', Validators.maxLength(SERVICE_TYPE_MAX_LENGTH)],
    model: ['' as PlacementModel | '', Validators.required],
    postcode: ['', Validators.required],
    startDate: ['', [Validators.required, calendarDate]],
    endDate: ['', [Validators.required, calendarDate]],
    applicationDeadline: ['', calendarDate],
    capacity: [
      '1',
      [
        Validators.required,
        Validators.pattern(/^\s*\d+\s*$/),
        Validators.min(1),
        Validators.max(PLACEMENT_CAPACITY_MAX),
      ],
    ],
    hoursPerWeek: [
      '',
      [
        Validators.pattern(/^\s*\d+(\.\d)?\s*$/),
        Validators.min(1),
        Validators.max(HOURS_PER_WEEK_MAX),
      ],
    ],
    minYearOfStudy: ['1'],
    requirements: [[] as Requirement[]],
    description: ['', Validators.maxLength(PLACEMENT_DESCRIPTION_MAX_LENGTH)],
  });

  protected readonly existing = resource({
    params: () => (this.id() ? { id: this.id() as string } : undefined),
    loader: ({ params }) => this.client.get(params.id),
  });
  private readonly loaded = computed(() =>
    this.existing.hasValue() ? this.existing.value() : null,
  );

  constructor() {
    effect(() => {
      const placement = this.loaded();
      if (placement) this.fill(placement);
    });
  }

  async save(): Promise<void> {
    if (!this.problems.check(this.form, MESSAGES)) return;
    const v = this.form.getRawValue();
    const body: PlacementInput = {
      title: v.title.trim(),
      description: v.description.trim() || null,
      professions: v.professions,
      setting: v.setting as Setting,
      serviceType: v.serviceType.trim() || null,
      model: v.model as PlacementModel,
      postcode: v.postcode.trim(),
      startDate: v.startDate,
      endDate: v.endDate,
      applicationDeadline: v.applicationDeadline || null,
      capacity: Number(v.capacity),
      hoursPerWeek: v.hoursPerWeek.trim() ? Number(v.hoursPerWeek) : null,
      minYearOfStudy: Number(v.minYearOfStudy),
      requirements: v.requirements,
    };
    this.busy.set(true);
    try {
      const id = this.id();
      const saved = id ? await this.client.update(id, body) : await this.client.create(body);
      await this.router.navigate(['/placements', saved.id], {
        queryParams: { done: id ? 'saved' : 'created' },
      });
    } catch (error) {
      this.problems.fromApi(error);
    } finally {
      this.busy.set(false);
    }
  }

  private fill(p: Placement): void {
    this.form.setValue({
      title: p.title,
      professions: p.professions,
      setting: p.setting,
      serviceType: p.serviceType ?? '',
      model: p.model,
      postcode: p.postcode,
      startDate: p.startDate,
      endDate: p.endDate,
      applicationDeadline: p.applicationDeadline ?? '',
      capacity: String(p.capacity),
      hoursPerWeek: p.hoursPerWeek === null ? '' : String(p.hoursPerWeek),
      minYearOfStudy: String(p.minYearOfStudy),
      requirements: p.requirements,
      description: p.description ?? '',
    });
  }
}
