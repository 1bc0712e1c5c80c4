import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { PLACEMENT_IMPORT_OPTIONAL, PLACEMENT_IMPORT_REQUIRED } from '@ahp/contracts';
import { PlacementsClient } from '../../data-access/placements-client';
import { CsvImport } from '../../shared/csv-import';

@Component({
  selector: 'app-import-placements-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, RouterLink, CsvImport],
  template: `
    <div class="nhsuk-grid-row">
      <div class="nhsuk-grid-column-two-thirds">
        <div class="nhsuk-back-link">
          <a class="nhsuk-back-link__link" routerLink="/manage-placements"
            >Back to your placements</a
          >
        </div>
        <app-csv-import
          heading="Import placements from a CSV file"
          [noun]="{ one: 'placement', many: 'placements' }"
          templateHref="/templates/placements.csv"
          templateName="placements.csv"
          [upload]="upload"
          [doneText]="
            publish
              ? 'They are published: students can find them now.'
              : 'They are saved as drafts: publish each one when it is ready.'
          "
          doneLink="/manage-placements"
          doneLabel="Manage your placements"
        >
          <p>
            The file needs a header row with at least these columns, then one placement per line:
          </p>
          <pre class="nhsuk-body-s"><code>{{ required }}</code></pre>
          <p>
            You can add any of these columns too: <code>{{ optional }}</code
            >.
          </p>
          <p>
            Use the codes the template shows, such as <code>occupational_therapy</code> or
            <code>mental_health</code>. Separate several professions or requirements with
            semicolons. Dates are written 2027-01-11. If any line has a problem, nothing is imported
            and every problem is listed.
          </p>
          <div class="nhsuk-form-group" appImportOptions>
            <div class="nhsuk-checkboxes">
              <div class="nhsuk-checkboxes__item">
                <input
                  class="nhsuk-checkboxes__input"
                  id="publish"
                  name="publish"
                  type="checkbox"
                  [(ngModel)]="publish"
                />
                <label class="nhsuk-label nhsuk-checkboxes__label" for="publish"
                  >Publish them straight away</label
                >
              </div>
            </div>
          </div>
        </app-csv-import>
      </div>
    </div>
  `,
})
export class ImportPlacementsPage {
  private readonly client = inject(PlacementsClient);
  protected readonly required = PLACEMENT_IMPORT_REQUIRED.join(',');
  protected readonly optional = PLACEMENT_IMPORT_OPTIONAL.join(', ');
  protected publish = false;
  protected readonly upload = (csv: string) => this.client.importCsv(csv, this.publish);
}
