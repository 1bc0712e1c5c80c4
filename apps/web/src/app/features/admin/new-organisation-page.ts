import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { ORGANISATION_TYPES, REGIONS, type OrganisationType, type Region } from '@ahp/contracts';
import { OrganisationsClient } from '../../data-access/organisations-client';
import { ErrorSummary } from '../../shared/error-summary';
import { Field, FieldControl, FieldGroup } from '../../shared/field';
import { Radios } from '../../shared/radios';
import { FormProblems } from '../../shared/form-problems';

@Component({
  selector: 'app-new-organisation-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, RouterLink, ErrorSummary, Field, FieldControl, FieldGroup, Radios],
  template: `
    <div class="nhsuk-grid-row">
      <div class="nhsuk-grid-column-two-thirds">
        <div class="nhsuk-back-link">
          <a class="nhsuk-back-link__link" routerLink="/admin/organisations"
            >Back to organisations</a
          >
        </div>
        <app-error-summary [problems]="problems.list()" />
        <h1 class="nhsuk-heading-l">Add an organisation</h1>
        <form [formGroup]="form" (ngSubmit)="save()" novalidate>
          <app-field field="name" label="Name" [bold]="true" [problems]="problems">
            <input
              appFieldControl
              class="nhsuk-input"
              name="name"
              type="text"
              autocomplete="organization"
              formControlName="name"
            />
          </app-field>
          <app-field-group field="type" label="Type" [bold]="true" [problems]="problems">
            <app-radios name="type" [options]="types" formControlName="type" />
          </app-field-group>
          <app-field field="region" label="NHS England region" [bold]="true" [problems]="problems">
            <select
              appFieldControl="select"
              class="nhsuk-select"
              name="region"
              formControlName="region"
            >
              <option value="">Choose…</option>
              @for (region of regions; track region.code) {
                <option [value]="region.code">{{ region.label }}</option>
              }
            </select>
          </app-field>
          <app-field
            field="postcode"
            label="Postcode (optional)"
            hint="Of the main site, for example LS2 9JT"
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
          <button class="nhsuk-button" type="submit" [disabled]="busy()">Add organisation</button>
        </form>
      </div>
    </div>
  `,
})
export class NewOrganisationPage {
  private readonly client = inject(OrganisationsClient);
  private readonly router = inject(Router);
  protected readonly types = ORGANISATION_TYPES;
  protected readonly regions = REGIONS;
  protected readonly problems = new FormProblems();
  protected readonly busy = signal(false);
  protected readonly form = inject(FormBuilder).nonNullable.group({
    name: ['', [Validators.required, Validators.maxLength(200)]],
    type: ['' as OrganisationType | '', Validators.required],
    region: ['' as Region | '', Validators.required],
    postcode: [''],
  });

  async save(): Promise<void> {
    const valid = this.problems.check(this.form, {
      name: {
        required: 'Enter the organisation’s name',
        maxlength: 'Name must be 200 characters or fewer',
      },
      type: { required: 'Choose whether it is a university or a placement provider' },
      region: { required: 'Choose the NHS England region' },
    });
    if (!valid) return;
    const { name, type, region, postcode } = this.form.getRawValue();
    this.busy.set(true);
    try {
      const created = await this.client.create({
        name: name.trim(),
        type: type as OrganisationType,
        region: region as Region,
        ...(postcode.trim() ? { postcode: postcode.trim() } : {}),
      });
      await this.router.navigate(['/admin/organisations'], {
        queryParams: { added: created.name },
      });
    } catch (error) {
      this.problems.fromApi(error, 'name');
    } finally {
      this.busy.set(false);
    }
  }
}
