import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  resource,
  signal,
} from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { ROUND_NAME_MAX_LENGTH, ROUND_SEED_MAX_LENGTH, type Profession } from '@ahp/contracts';
import { Session } from '../../core/session';
import { AllocationClient } from '../../data-access/allocation-client';
import { OrganisationsClient } from '../../data-access/organisations-client';
import { Checkboxes } from '../../shared/checkboxes';
import { DateInput, calendarDate } from '../../shared/date-input';
import { ErrorSummary } from '../../shared/error-summary';
import { Field, FieldControl, FieldGroup } from '../../shared/field';
import { FormProblems, type ErrorMessages } from '../../shared/form-problems';
import { PROFESSION_GROUPS } from '../../shared/profession-groups';

const MESSAGES: ErrorMessages = {
  name: {
    required: 'Enter a name for the round',
    maxlength: `The name must be ${ROUND_NAME_MAX_LENGTH} characters or fewer`,
  },
  startFrom: { required: 'Enter the first start date', date: 'Enter a real date, like 1 3 2027' },
  startTo: { required: 'Enter the last start date', date: 'Enter a real date, like 30 4 2027' },
  seed: { maxlength: `The seed must be ${ROUND_SEED_MAX_LENGTH} characters or fewer` },
};

/** Create a round: its name, the window of placement start dates, professions and a seed. */
@Component({
  selector: 'app-new-round-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    ReactiveFormsModule,
    RouterLink,
    ErrorSummary,
    Field,
    FieldControl,
    FieldGroup,
    DateInput,
    Checkboxes,
  ],
  template: `
    <div class="nhsuk-back-link">
      <a class="nhsuk-back-link__link" routerLink="/allocation-rounds">Back to allocation rounds</a>
    </div>
    <div class="nhsuk-grid-row">
      <div class="nhsuk-grid-column-two-thirds">
        <app-error-summary [problems]="problems.list()" />
        <h1 class="nhsuk-heading-l">Create an allocation round</h1>
        <form [formGroup]="form" (ngSubmit)="save()" novalidate>
          <app-field field="name" label="Name" [bold]="true" [problems]="problems">
            <input
              appFieldControl
              class="nhsuk-input"
              name="name"
              type="text"
              formControlName="name"
            />
          </app-field>
          <app-field-group
            field="startFrom"
            label="Placements starting from"
            hint="For example, 1 3 2027"
            [bold]="true"
            [problems]="problems"
          >
            <app-date-input
              inputId="startFrom"
              formControlName="startFrom"
              [invalid]="!!problems.messageFor('startFrom')"
            />
          </app-field-group>
          <app-field-group
            field="startTo"
            label="Placements starting up to"
            hint="For example, 30 4 2027"
            [bold]="true"
            [problems]="problems"
          >
            <app-date-input
              inputId="startTo"
              formControlName="startTo"
              [invalid]="!!problems.messageFor('startTo')"
            />
          </app-field-group>
          <app-field-group
            field="professions"
            label="Professions (optional)"
            hint="Leave all unticked to include every profession."
            [bold]="true"
            [problems]="problems"
          >
            <app-checkboxes
              name="professions"
              [options]="professionGroups"
              formControlName="professions"
            />
          </app-field-group>
          @if (isAdmin()) {
            <app-field-group
              field="universityIds"
              label="Universities (optional)"
              hint="Whose students take part. Leave all unticked to include every university."
              [bold]="true"
              [problems]="problems"
            >
              <app-checkboxes
                name="universityIds"
                [options]="universityGroups()"
                formControlName="universityIds"
              />
            </app-field-group>
          }
          <app-field
            field="seed"
            label="Lottery seed (optional)"
            hint="Ties between equally ranked students are broken by a lottery drawn from this. The same seed and the same applications give the same result. Leave it empty and one is chosen and recorded."
            [bold]="true"
            [problems]="problems"
          >
            <input
              appFieldControl
              class="nhsuk-input nhsuk-input--width-20"
              name="seed"
              type="text"
              formControlName="seed"
            />
          </app-field>
          <button class="nhsuk-button" type="submit" [disabled]="busy()">Create round</button>
        </form>
      </div>
    </div>
  `,
})
export class NewRoundPage {
  private readonly client = inject(AllocationClient);
  private readonly organisations = inject(OrganisationsClient);
  private readonly router = inject(Router);
  private readonly session = inject(Session);
  protected readonly problems = new FormProblems();
  protected readonly busy = signal(false);
  protected readonly professionGroups = PROFESSION_GROUPS;
  protected readonly isAdmin = computed(() => this.session.role() === 'admin');
  private readonly universities = resource({
    params: () => (this.isAdmin() ? {} : undefined),
    loader: () => this.organisations.all({ type: 'university' }),
  });
  protected readonly universityGroups = computed(() => [
    {
      label: '',
      items: (this.universities.hasValue() ? this.universities.value() : []).map((u) => ({
        code: u.id,
        label: u.name,
      })),
    },
  ]);
  protected readonly form = inject(FormBuilder).nonNullable.group({
    name: ['', [Validators.required, Validators.maxLength(ROUND_NAME_MAX_LENGTH)]],
    startFrom: ['', [Validators.required, calendarDate]],
    startTo: ['', [Validators.required, calendarDate]],
    professions: [[] as Profession[]],
    universityIds: [[] as string[]],
    seed: ['', [Validators.maxLength(ROUND_SEED_MAX_LENGTH)]],
  });

  async save(): Promise<void> {
    if (!this.problems.check(this.form, MESSAGES)) return;
    const v = this.form.getRawValue();
    this.busy.set(true);
    try {
      const round = await this.client.create({
        name: v.name.trim(),
        startFrom: v.startFrom,
        startTo: v.startTo,
        ...(v.professions.length ? { professions: v.professions } : {}),
        ...(v.seed.trim() ? { seed: v.seed.trim() } : {}),
        ...(this.isAdmin() && v.universityIds.length ? { universityIds: v.universityIds } : {}),
      });
      await this.router.navigate(['/allocation-rounds', round.id], {
        queryParams: { done: 'created' },
      });
    } catch (error) {
      this.problems.fromApi(error);
    } finally {
      this.busy.set(false);
    }
  }
}
