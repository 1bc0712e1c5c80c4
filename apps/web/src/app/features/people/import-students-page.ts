import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { RouterLink } from '@angular/router';
import { STUDENT_IMPORT_HEADER } from '@ahp/contracts';
import { UsersClient } from '../../data-access/users-client';
import { CsvImport } from '../../shared/csv-import';

@Component({
  selector: 'app-import-students-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, CsvImport],
  template: `
    <div class="nhsuk-grid-row">
      <div class="nhsuk-grid-column-two-thirds">
        <div class="nhsuk-back-link">
          <a class="nhsuk-back-link__link" routerLink="/students">Back to students</a>
        </div>
        <app-csv-import
          heading="Import students from a CSV file"
          [noun]="{ one: 'student', many: 'students' }"
          templateHref="/templates/students.csv"
          templateName="students.csv"
          [upload]="upload"
          doneText="Each has been sent an invitation to choose a password."
          doneLink="/students"
          doneLabel="View your students"
        >
          <p>The file needs a header row with these columns, then one student per line:</p>
          <pre class="nhsuk-body-s"><code>{{ header }}</code></pre>
          <p>
            <code>profession</code> is a code such as <code>occupational_therapy</code>;
            <code>yearOfStudy</code> is 1 to 4; <code>homePostcode</code> and
            <code>maxTravelKm</code> may be left empty. If any line has a problem, nothing is
            imported and every problem is listed, so you can fix the file and upload it again.
          </p>
        </app-csv-import>
      </div>
    </div>
  `,
})
export class ImportStudentsPage {
  private readonly users = inject(UsersClient);
  protected readonly header = STUDENT_IMPORT_HEADER.join(',');
  protected readonly upload = (csv: string) => this.users.importStudents(csv);
}
