import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { STUDENT_IMPORT_HEADER, type ImportResult } from '@ahp/contracts';
import { UsersClient } from '../../data-access/users-client';
import { ErrorSummary } from '../../shared/error-summary';
import { FormProblems } from '../../shared/form-problems';

const MAX_FILE_BYTES = 4 * 1024 * 1024;

@Component({
  selector: 'app-import-students-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, ErrorSummary],
  template: `
    <div class="nhsuk-grid-row">
      <div class="nhsuk-grid-column-two-thirds">
        <div class="nhsuk-back-link">
          <a class="nhsuk-back-link__link" routerLink="/students">Back to students</a>
        </div>
        <app-error-summary [problems]="problems.list()" />
        <h1 class="nhsuk-heading-l">Import students from a CSV file</h1>
        @if (result(); as done) {
          @if (done.created > 0) {
            <div class="nhsuk-panel nhsuk-u-margin-bottom-5" role="status">
              <h2 class="nhsuk-panel__title">
                {{ done.created }} {{ done.created === 1 ? 'student' : 'students' }} imported
              </h2>
              <div class="nhsuk-panel__body">
                Each has been sent an invitation to choose a password.
              </div>
            </div>
            <p><a routerLink="/students">View your students</a></p>
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
        <p>The file needs a header row with these columns, then one student per line:</p>
        <pre class="nhsuk-body-s"><code>{{ header }}</code></pre>
        <p>
          <code>profession</code> is a code such as <code>occupational_therapy</code>;
          <code>yearOfStudy</code> is 1 to 4; <code>homePostcode</code> and
          <code>maxTravelKm</code> may be left empty. If any line has a problem, nothing is imported
          and every problem is listed, so you can fix the file and upload it again.
        </p>
        <p>
          <a href="/templates/students.csv" download="students.csv">Download a template (CSV)</a>
        </p>
        <form (submit)="upload($event)" novalidate>
          <div
            class="nhsuk-form-group"
            [class.nhsuk-form-group--error]="problems.messageFor('file')"
          >
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
          <button class="nhsuk-button" type="submit" [disabled]="busy()">Import students</button>
        </form>
      </div>
    </div>
  `,
})
export class ImportStudentsPage {
  private readonly users = inject(UsersClient);
  protected readonly header = STUDENT_IMPORT_HEADER.join(',');
  protected readonly problems = new FormProblems();
  protected readonly busy = signal(false);
  protected readonly result = signal<ImportResult | null>(null);
  protected readonly lineErrors = signal<ImportResult['errors']>([]);
  private file: File | null = null;

  choose(event: Event): void {
    this.file = (event.target as HTMLInputElement).files?.[0] ?? null;
  }

  async upload(event: Event): Promise<void> {
    event.preventDefault();
    this.result.set(null);
    this.lineErrors.set([]);
    if (!this.file)
      return this.problems.list.set([{ field: 'file', message: 'Choose a CSV file to import' }]);
    if (this.file.size > MAX_FILE_BYTES)
      return this.problems.list.set([
        { field: 'file', message: 'The file must be smaller than 4 MB' },
      ]);
    this.busy.set(true);
    try {
      const result = await this.users.importStudents(await this.file.text());
      this.result.set(result);
      this.lineErrors.set(result.errors);
      this.problems.list.set(
        result.errors.length
          ? [
              {
                field: 'file',
                message: `The file has ${result.errors.length} ${result.errors.length === 1 ? 'problem' : 'problems'}; nothing was imported`,
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
