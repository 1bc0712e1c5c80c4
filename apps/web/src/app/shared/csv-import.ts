import { ChangeDetectionStrategy, Component, input, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { ImportResult } from '@ahp/contracts';
import { ErrorSummary } from './error-summary';
import { FormProblems } from './form-problems';

const MAX_FILE_BYTES = 16 * 1024 * 1024;

/**
 * Uploading a CSV file to an all-or-nothing import: the file picker, then either a panel saying
 * how many were imported or a table of every bad line. The page around it explains the columns
 * (projected content) and says where the file goes (`upload`).
 */
@Component({
  selector: 'app-csv-import',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, ErrorSummary],
  template: `
    <app-error-summary [problems]="problems.list()" />
    <h1 class="nhsuk-heading-l">{{ heading() }}</h1>
    @if (result(); as done) {
      @if (done.created > 0) {
        <div class="nhsuk-panel nhsuk-u-margin-bottom-5" role="status">
          <h2 class="nhsuk-panel__title">
            {{ done.created }} {{ done.created === 1 ? noun().one : noun().many }} imported
          </h2>
          @if (doneText()) {
            <div class="nhsuk-panel__body">{{ doneText() }}</div>
          }
        </div>
        <p>
          <a [routerLink]="doneLink()">{{ doneLabel() }}</a>
        </p>
      }
    }
    @if (lineErrors().length) {
      <h2 class="nhsuk-heading-m">Nothing was imported: fix these lines and try again</h2>
      <table class="nhsuk-table">
        <caption class="nhsuk-table__caption nhsuk-u-visually-hidden">
          Problems in the file, by line
        </caption>
        <thead class="nhsuk-table__head">
          <tr class="nhsuk-table__row">
            <th class="nhsuk-table__header" scope="col">Line</th>
            <th class="nhsuk-table__header" scope="col">Problem</th>
          </tr>
        </thead>
        <tbody class="nhsuk-table__body">
          @for (error of lineErrors(); track error.line + error.message) {
            <tr class="nhsuk-table__row">
              <td class="nhsuk-table__cell">{{ error.line }}</td>
              <td class="nhsuk-table__cell">{{ error.message }}</td>
            </tr>
          }
        </tbody>
      </table>
    }
    <ng-content />
    <p><a [href]="templateHref()" [attr.download]="templateName()">Download a template (CSV)</a></p>
    <form (submit)="send($event)" novalidate>
      <div class="nhsuk-form-group" [class.nhsuk-form-group--error]="problems.messageFor('file')">
        <label class="nhsuk-label nhsuk-label--s" for="file">CSV file</label>
        @if (problems.messageFor('file'); as message) {
          <span class="nhsuk-error-message" id="file-error"
            ><span class="nhsuk-u-visually-hidden">Error:</span> {{ message }}</span
          >
        }
        <input
          class="nhsuk-file-upload app-import-file"
          id="file"
          name="file"
          type="file"
          accept=".csv,text/csv"
          (change)="choose($event)"
          [attr.aria-describedby]="problems.messageFor('file') ? 'file-error' : null"
        />
      </div>
      <ng-content select="[appImportOptions]" />
      <button class="nhsuk-button" type="submit" [disabled]="busy()">
        Import {{ noun().many }}
      </button>
    </form>
  `,
})
export class CsvImport {
  readonly heading = input.required<string>();
  readonly noun = input.required<{ one: string; many: string }>();
  readonly templateHref = input.required<string>();
  readonly templateName = input.required<string>();
  readonly upload = input.required<(csv: string) => Promise<ImportResult>>();
  readonly doneText = input<string>('');
  readonly doneLink = input.required<string>();
  readonly doneLabel = input.required<string>();

  protected readonly problems = new FormProblems();
  protected readonly busy = signal(false);
  protected readonly result = signal<ImportResult | null>(null);
  protected readonly lineErrors = signal<ImportResult['errors']>([]);
  private file: File | null = null;

  choose(event: Event): void {
    this.file = (event.target as HTMLInputElement).files?.[0] ?? null;
  }

  async send(event: Event): Promise<void> {
    event.preventDefault();
    this.result.set(null);
    this.lineErrors.set([]);
    if (!this.file)
      return this.problems.list.set([{ field: 'file', message: 'Choose a CSV file to import' }]);
    if (this.file.size > MAX_FILE_BYTES)
      return this.problems.list.set([
        { field: 'file', message: 'The file must be smaller than 16 MB' },
      ]);
    this.busy.set(true);
    try {
      const result = await this.upload()(await this.file.text());
      this.result.set(result);
      this.lineErrors.set(result.errors);
      const count = result.errors.length;
      this.problems.list.set(
        count
          ? [
              {
                field: 'file',
                message: `The file has ${count} ${count === 1 ? 'problem' : 'problems'}; nothing was imported`,
              },
            ]
          : [],
      );
    } catch (error) {
      this.problems.fromApi(error, 'file');
    } finally {
      this.busy.set(false);
    }
  }
}
