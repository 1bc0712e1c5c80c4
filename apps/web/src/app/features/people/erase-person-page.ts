import { ChangeDetectionStrategy, Component, inject, input, resource, signal } from '@angular/core';
import { Router, RouterLink } from '@angular/router';
import type { User } from '@ahp/contracts';
import { UsersClient } from '../../data-access/users-client';
import { ErrorSummary } from '../../shared/error-summary';
import { FormProblems } from '../../shared/form-problems';
import { RecordError } from '../../shared/notices';

/** An admin's confirmation step before erasing a student's record (UK GDPR article 17). */
@Component({
  selector: 'app-erase-person-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, ErrorSummary, RecordError],
  template: `
    <div class="nhsuk-grid-row">
      <div class="nhsuk-grid-column-two-thirds">
        <app-error-summary [problems]="problems.list()" />
        @if (person.hasValue()) {
          @let p = person.value();
          @if (p.role !== 'student' || p.status === 'erased') {
            <h1 class="nhsuk-heading-l">This record cannot be erased here</h1>
            <p>
              Only students' records can be erased, once.
              <a routerLink="/admin/users">Back to users</a>
            </p>
          } @else {
            <h1 class="nhsuk-heading-l">
              <span class="nhsuk-caption-l">{{ p.email }}</span>
              Erase {{ p.name }}'s record?
            </h1>
            <div class="nhsuk-warning-callout">
              <h2 class="nhsuk-warning-callout__label">
                <span role="text"
                  ><span class="nhsuk-u-visually-hidden">Important: </span>This cannot be
                  undone</span
                >
              </h2>
              <ul>
                <li>
                  their name, e-mail address, home postcode and reasonable adjustments are removed
                </li>
                <li>
                  applications still open are withdrawn, offers are turned down and placements that
                  have not yet ended are cancelled, freeing the seats
                </li>
                <li>
                  their feedback stays only in the totals, without their comments; past placements
                  stay in capacity figures, no longer linked to them
                </li>
              </ul>
            </div>
            <div
              class="nhsuk-form-group"
              [class.nhsuk-form-group--error]="problems.messageFor('confirmed')"
            >
              <div class="nhsuk-checkboxes">
                @if (problems.messageFor('confirmed')) {
                  <span class="nhsuk-error-message" id="confirmed-error">
                    <span class="nhsuk-u-visually-hidden">Error:</span>
                    {{ problems.messageFor('confirmed') }}
                  </span>
                }
                <div class="nhsuk-checkboxes__item">
                  <input
                    class="nhsuk-checkboxes__input"
                    id="confirmed"
                    type="checkbox"
                    [checked]="confirmed()"
                    [attr.aria-describedby]="
                      problems.messageFor('confirmed') ? 'confirmed-error' : null
                    "
                    (change)="confirmed.set($any($event.target).checked)"
                  />
                  <label class="nhsuk-label nhsuk-checkboxes__label" for="confirmed">
                    The student or their university has asked for this record to be erased
                  </label>
                </div>
              </div>
            </div>
            <div class="nhsuk-button-group">
              <button
                class="nhsuk-button nhsuk-button--warning"
                type="button"
                [disabled]="busy()"
                (click)="erase(p)"
              >
                Erase student
              </button>
              <a class="nhsuk-link" routerLink="/admin/users">No, go back</a>
            </div>
          }
        } @else if (person.error()) {
          <app-record-error
            [error]="person.error()"
            missing="Person not found"
            failed="This person could not be loaded"
          />
        } @else {
          <p aria-live="polite">Loading…</p>
        }
      </div>
    </div>
  `,
})
export class ErasePersonPage {
  readonly id = input.required<string>();

  private readonly users = inject(UsersClient);
  private readonly router = inject(Router);
  protected readonly problems = new FormProblems();
  protected readonly busy = signal(false);
  protected readonly confirmed = signal(false);
  protected readonly person = resource({
    params: () => ({ id: this.id() }),
    loader: ({ params }) => this.users.get(params.id),
  });

  async erase(person: User): Promise<void> {
    if (!this.confirmed()) {
      this.problems.list.set([
        { field: 'confirmed', message: 'Confirm that erasure has been asked for' },
      ]);
      return;
    }
    this.busy.set(true);
    try {
      await this.users.erase(person.id);
      await this.router.navigate(['/admin/users'], { queryParams: { erased: person.name } });
    } catch (error) {
      this.problems.fromApi(error);
    } finally {
      this.busy.set(false);
    }
  }
}
