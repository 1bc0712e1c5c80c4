import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  input,
  linkedSignal,
  resource,
  signal,
  type OnInit,
} from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import {
  ROLES,
  USER_STATUSES,
  type Organisation,
  type Role,
  type User,
  type UserStatus,
} from '@ahp/contracts';
import { Session } from '../../core/session';
import { OrganisationsClient } from '../../data-access/organisations-client';
import { UsersClient } from '../../data-access/users-client';
import { LabelPipe } from '../../shared/label-pipe';
import { pagedList } from '../../shared/paged-list';
import { AUDIENCES, type Audience } from './audiences';

interface Filters {
  q: string;
  status: UserStatus | '';
  role: Role | '';
}

@Component({
  selector: 'app-people-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, RouterLink, LabelPipe],
  template: `
    @let view = config();
    @if (added()) {
      <div class="nhsuk-inset-text" role="status">
        <span class="nhsuk-u-visually-hidden">Information: </span>
        <p>{{ added() }}</p>
      </div>
    }
    @if (erased()) {
      <div class="nhsuk-inset-text" role="status">
        <span class="nhsuk-u-visually-hidden">Information: </span>
        <p>{{ erased() }}'s record has been erased.</p>
      </div>
    }
    @if (mfaReset()) {
      <div class="nhsuk-inset-text" role="status">
        <span class="nhsuk-u-visually-hidden">Information: </span>
        <p>
          {{ mfaReset() }}'s two-step verification has been reset. They have been signed out and
          told by e-mail.
        </p>
      </div>
    }
    <h1 class="nhsuk-heading-l">{{ view.title }}</h1>
    <p>
      <a
        class="nhsuk-button nhsuk-u-margin-bottom-2 nhsuk-u-margin-right-3"
        [routerLink]="view.addLink"
        >{{ view.addLabel }}</a
      >
      @if (view.importLink) {
        <a
          class="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-2"
          [routerLink]="view.importLink"
          >Import {{ view.noun.many }} from a CSV file</a
        >
      }
    </p>

    <form
      class="nhsuk-u-margin-bottom-5"
      (ngSubmit)="applyFilters()"
      role="search"
      [attr.aria-label]="'Filter ' + view.noun.many"
    >
      <div class="nhsuk-grid-row">
        <div class="nhsuk-grid-column-one-third">
          <div class="nhsuk-form-group">
            <label class="nhsuk-label" for="filter-q">Name or email address</label>
            <input class="nhsuk-input" id="filter-q" name="q" type="search" [(ngModel)]="draft.q" />
          </div>
        </div>
        @if (!view.role) {
          <div class="nhsuk-grid-column-one-quarter">
            <div class="nhsuk-form-group">
              <label class="nhsuk-label" for="filter-role">Role</label>
              <select class="nhsuk-select" id="filter-role" name="role" [(ngModel)]="draft.role">
                <option value="">Any role</option>
                @for (role of roles; track role.code) {
                  <option [value]="role.code">{{ role.label }}</option>
                }
              </select>
            </div>
          </div>
        }
        <div class="nhsuk-grid-column-one-quarter">
          <div class="nhsuk-form-group">
            <label class="nhsuk-label" for="filter-status">Account</label>
            <select
              class="nhsuk-select"
              id="filter-status"
              name="status"
              [(ngModel)]="draft.status"
            >
              <option value="">Any</option>
              @for (status of statuses; track status.code) {
                <option [value]="status.code">{{ status.label }}</option>
              }
            </select>
          </div>
        </div>
      </div>
      <button class="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-0" type="submit">
        Apply filters
      </button>
    </form>

    @if (people.loading() && people.items().length === 0) {
      <p aria-live="polite">Loading {{ view.noun.many }}…</p>
    } @else if (people.error()) {
      <div class="nhsuk-warning-callout">
        <h2 class="nhsuk-warning-callout__label">
          <span role="text"
            ><span class="nhsuk-u-visually-hidden">Important: </span>Could not load
            {{ view.noun.many }}</span
          >
        </h2>
        <p>{{ people.error() }}</p>
        <button
          class="nhsuk-button nhsuk-button--secondary"
          type="button"
          (click)="people.reload()"
        >
          Try again
        </button>
      </div>
    } @else if (people.items().length === 0) {
      <p>No {{ view.noun.many }} match these filters.</p>
    } @else {
      <table class="nhsuk-table">
        <caption class="nhsuk-table__caption nhsuk-u-visually-hidden">
          {{
            view.title
          }}
        </caption>
        <thead class="nhsuk-table__head">
          <tr class="nhsuk-table__row">
            <th class="nhsuk-table__header" scope="col">Name</th>
            @if (!view.role) {
              <th class="nhsuk-table__header" scope="col">Role</th>
              <th class="nhsuk-table__header" scope="col">Organisation</th>
            }
            @if (view.role === 'student') {
              <th class="nhsuk-table__header" scope="col">Profession</th>
              <th class="nhsuk-table__header" scope="col">Year</th>
              <th class="nhsuk-table__header" scope="col">Home postcode</th>
            }
            <th class="nhsuk-table__header" scope="col">Account</th>
            <th class="nhsuk-table__header" scope="col">
              <span class="nhsuk-u-visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody class="nhsuk-table__body">
          @for (person of people.items(); track person.id) {
            <tr class="nhsuk-table__row">
              <td class="nhsuk-table__cell">
                {{ person.name }}<br /><span class="nhsuk-body-s">{{ person.email }}</span>
              </td>
              @if (!view.role) {
                <td class="nhsuk-table__cell">{{ person.role | label: 'role' }}</td>
                <td class="nhsuk-table__cell">{{ organisationName(person.organisationId) }}</td>
              }
              @if (view.role === 'student') {
                <td class="nhsuk-table__cell">
                  {{ person.studentProfile?.profession | label: 'profession' }}
                </td>
                <td class="nhsuk-table__cell">{{ person.studentProfile?.yearOfStudy }}</td>
                <td class="nhsuk-table__cell">
                  {{ person.studentProfile?.homePostcode ?? 'Not given' }}
                </td>
              }
              <td class="nhsuk-table__cell">
                <strong
                  class="nhsuk-tag"
                  [class.nhsuk-tag--grey]="person.status === 'invited'"
                  [class.nhsuk-tag--green]="person.status === 'active'"
                  [class.nhsuk-tag--white]="person.status === 'erased'"
                  >{{ person.status | label: 'userStatus' }}</strong
                >
              </td>
              <td class="nhsuk-table__cell app-table-actions">
                @if (
                  audience() === 'admin' && person.role === 'student' && person.status !== 'erased'
                ) {
                  <a [routerLink]="['/admin/users', person.id, 'erase']"
                    >Erase<span class="nhsuk-u-visually-hidden">
                      {{ person.name }}'s record</span
                    ></a
                  >
                }
                @if (audience() === 'admin' && person.status === 'active' && person.id !== myId()) {
                  <a
                    class="nhsuk-u-margin-left-2"
                    [routerLink]="['/admin/users', person.id, 'two-step-verification', 'reset']"
                    >Reset two-step<span class="nhsuk-u-visually-hidden">
                      verification for {{ person.name }}</span
                    ></a
                  >
                }
                @if (person.status === 'invited') {
                  @if (reinvited().has(person.id)) {
                    <span role="status">Invitation sent</span>
                  } @else {
                    <button
                      class="nhsuk-button nhsuk-button--secondary nhsuk-button--small nhsuk-u-margin-bottom-0"
                      type="button"
                      (click)="reinvite(person)"
                    >
                      Send invitation again<span class="nhsuk-u-visually-hidden">
                        to {{ person.name }}</span
                      >
                    </button>
                  }
                }
              </td>
            </tr>
          }
        </tbody>
      </table>
      @if (people.hasMore()) {
        <button
          class="nhsuk-button nhsuk-button--secondary"
          type="button"
          [disabled]="people.loading()"
          (click)="people.showMore()"
        >
          Show more {{ view.noun.many }}
        </button>
      }
    }
  `,
})
export class PeoplePage implements OnInit {
  readonly audience = input.required<Audience>();
  /** From the address (e.g. a home page link to invited students). */
  readonly status = input<string>();
  readonly added = input<string>();
  readonly erased = input<string>();
  readonly mfaReset = input<string>();

  private readonly users = inject(UsersClient);
  private readonly organisations = inject(OrganisationsClient);
  private readonly session = inject(Session);
  protected readonly myId = computed(() => this.session.user()?.id);
  protected readonly roles = ROLES;
  protected readonly statuses = USER_STATUSES;
  protected readonly config = computed(() => AUDIENCES[this.audience()]);

  protected draft: Filters = { q: '', status: '', role: '' };
  private readonly filters = linkedSignal<Filters>(() => ({
    q: '',
    role: '',
    status: toStatus(this.status()),
  }));
  protected readonly reinvited = signal(new Set<string>());

  protected readonly people = pagedList(
    () => ({ ...this.filters(), role: this.config().role ?? this.filters().role }),
    (query, cursor) =>
      this.users.list({
        q: query.q.trim() || undefined,
        status: query.status || undefined,
        role: query.role || undefined,
        cursor,
        limit: 50,
      }),
  );

  private readonly organisationList = resource({
    params: () => ({ role: this.config().role }),
    loader: ({ params: { role } }): Promise<Organisation[]> =>
      role ? Promise.resolve([]) : this.organisations.all(),
  });
  private readonly organisationNames = computed(
    () =>
      new Map(
        (this.organisationList.hasValue() ? this.organisationList.value() : []).map((o) => [
          o.id,
          o.name,
        ]),
      ),
  );

  ngOnInit(): void {
    this.draft = { ...this.filters() };
  }

  organisationName(id: string | null): string {
    return id ? (this.organisationNames().get(id) ?? '') : 'None (administrator)';
  }

  applyFilters(): void {
    this.filters.set({ ...this.draft });
  }

  async reinvite(person: User): Promise<void> {
    await this.users.reinvite(person.id);
    this.reinvited.update((ids) => new Set(ids).add(person.id));
  }
}

function toStatus(value: string | undefined): UserStatus | '' {
  return USER_STATUSES.find((status) => status.code === value)?.code ?? '';
}
