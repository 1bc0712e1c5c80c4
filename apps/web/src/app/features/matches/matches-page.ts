import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { Router, RouterLink } from '@angular/router';
import { MATCH_STATUSES, type BulkResult, type Match } from '@ahp/contracts';
import { apiError } from '../../core/api-error';
import { MatchingClient } from '../../data-access/matching-client';
import { LabelPipe, UkDatePipe } from '../../shared/label-pipe';
import { LoadError } from '../../shared/notices';
import { pagedList } from '../../shared/paged-list';
import { StatusFilter, knownStatus } from '../../shared/status-filter';
import { StatusTag } from '../../shared/status-tag';

interface Outcome {
  decision: 'approve' | 'reject';
  succeeded: number;
  failed: { name: string; message: string }[];
}

/**
 * Matches a coordinator (or admin) decides on: proposed ones to approve or reject, one at a time or
 * several at once, and the approved ones to cancel or complete later from each match's page.
 */
@Component({
  selector: 'app-matches-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, LabelPipe, UkDatePipe, LoadError, StatusFilter, StatusTag],
  template: `
    <h1 class="nhsuk-heading-l">Matches</h1>
    <p>
      A provider's offer becomes a placement once you approve it. Approving checks that seats are
      left and that the student has no other placement on the same dates.
    </p>
    @if (outcome(); as o) {
      <div
        [class]="o.failed.length ? 'nhsuk-error-summary' : 'nhsuk-inset-text'"
        tabindex="-1"
        data-testid="bulk-outcome"
      >
        <div role="status">
          <h2 [class]="o.failed.length ? 'nhsuk-error-summary__heading' : 'nhsuk-heading-s'">
            {{ o.succeeded }} {{ o.succeeded === 1 ? 'match' : 'matches' }}
            {{ o.decision === 'approve' ? 'approved' : 'rejected' }}
            @if (o.failed.length) {
              , {{ o.failed.length }} could not be
              {{ o.decision === 'approve' ? 'approved' : 'rejected' }}
            }
          </h2>
          @if (o.failed.length) {
            <ul class="nhsuk-list nhsuk-error-summary__list">
              @for (failure of o.failed; track $index) {
                <li>{{ failure.name }}: {{ failure.message }}</li>
              }
            </ul>
          }
        </div>
      </div>
    }
    <app-status-filter
      what="matches"
      [options]="statuses"
      [value]="validStatus() ?? ''"
      (apply)="filter($event)"
    />
    @if (matches.loading() && matches.items().length === 0) {
      <p aria-live="polite">Loading matches…</p>
    } @else if (matches.error()) {
      <app-load-error
        heading="Could not load matches"
        [message]="matches.error()"
        (retry)="matches.reload()"
      />
    } @else if (matches.items().length === 0) {
      <p>
        {{
          validStatus() === 'proposed'
            ? 'No offers are waiting for approval.'
            : 'There are no matches' + (validStatus() ? ' with that status.' : '.')
        }}
      </p>
    } @else {
      @if (decidable().length) {
        <div class="nhsuk-button-group">
          <button
            class="nhsuk-button nhsuk-u-margin-bottom-2"
            type="button"
            [disabled]="busy() || selected().size === 0"
            (click)="decideSelected('approve')"
          >
            Approve selected ({{ selected().size }})
          </button>
          <button
            class="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-2"
            type="button"
            [disabled]="busy() || selected().size === 0"
            (click)="decideSelected('reject')"
          >
            Reject selected ({{ selected().size }})
          </button>
        </div>
      }
      <table class="nhsuk-table">
        <caption class="nhsuk-table__caption nhsuk-u-visually-hidden">
          Matches, soonest placement first
        </caption>
        <thead class="nhsuk-table__head">
          <tr class="nhsuk-table__row">
            @if (decidable().length) {
              <th class="nhsuk-table__header app-checkbox-cell" scope="col">
                <div class="nhsuk-checkboxes nhsuk-checkboxes--small">
                  <div class="nhsuk-checkboxes__item">
                    <input
                      class="nhsuk-checkboxes__input"
                      id="select-all"
                      type="checkbox"
                      [checked]="allSelected()"
                      (change)="selectAll($any($event.target).checked)"
                    />
                    <label class="nhsuk-label nhsuk-checkboxes__label" for="select-all"
                      ><span class="nhsuk-u-visually-hidden"
                        >Select every proposed match</span
                      ></label
                    >
                  </div>
                </div>
              </th>
            }
            <th class="nhsuk-table__header" scope="col">Student</th>
            <th class="nhsuk-table__header" scope="col">Placement</th>
            <th class="nhsuk-table__header" scope="col">Dates</th>
            <th class="nhsuk-table__header nhsuk-table__header--numeric" scope="col">Distance</th>
            <th class="nhsuk-table__header" scope="col">Status</th>
            <th class="nhsuk-table__header" scope="col">
              <span class="nhsuk-u-visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody class="nhsuk-table__body">
          @for (match of matches.items(); track match.id) {
            <tr class="nhsuk-table__row" data-testid="match-row">
              @if (decidable().length) {
                <td class="nhsuk-table__cell app-checkbox-cell">
                  @if (match.status === 'proposed') {
                    <div class="nhsuk-checkboxes nhsuk-checkboxes--small">
                      <div class="nhsuk-checkboxes__item">
                        <input
                          class="nhsuk-checkboxes__input"
                          type="checkbox"
                          [id]="'select-' + match.id"
                          [checked]="selected().has(match.id)"
                          (change)="toggle(match.id, $any($event.target).checked)"
                        />
                        <label
                          class="nhsuk-label nhsuk-checkboxes__label"
                          [for]="'select-' + match.id"
                          ><span class="nhsuk-u-visually-hidden"
                            >Select {{ match.student.name }}, {{ match.placement.title }}</span
                          ></label
                        >
                      </div>
                    </div>
                  }
                </td>
              }
              <td class="nhsuk-table__cell">
                {{ match.student.name }}<br /><span class="nhsuk-body-s"
                  >{{ match.student.profession | label: 'profession' }}, year
                  {{ match.student.yearOfStudy }}</span
                >
              </td>
              <td class="nhsuk-table__cell">
                <a [routerLink]="['/matches', match.id]">{{ match.placement.title }}</a
                ><br /><span class="nhsuk-body-s">{{ match.placement.providerName }}</span>
              </td>
              <td class="nhsuk-table__cell">
                {{ match.startDate | ukDate }} to {{ match.endDate | ukDate }}
              </td>
              <td class="nhsuk-table__cell nhsuk-table__cell--numeric">
                {{ match.distanceKm === null ? 'Not known' : match.distanceKm + ' km' }}
              </td>
              <td class="nhsuk-table__cell">
                <app-status-tag kind="match" [status]="match.status" />
              </td>
              <td class="nhsuk-table__cell app-table-actions">
                @if (match.status === 'proposed') {
                  <button
                    class="nhsuk-button nhsuk-button--small nhsuk-u-margin-bottom-1"
                    type="button"
                    [disabled]="busy()"
                    (click)="approve(match)"
                  >
                    Approve<span class="nhsuk-u-visually-hidden">
                      {{ match.student.name }}, {{ match.placement.title }}</span
                    >
                  </button>
                  <br />
                  <a [routerLink]="['/matches', match.id, 'reject']"
                    >Reject<span class="nhsuk-u-visually-hidden">
                      {{ match.student.name }}, {{ match.placement.title }}</span
                    ></a
                  >
                }
              </td>
            </tr>
          }
        </tbody>
      </table>
      @if (matches.hasMore()) {
        <button
          class="nhsuk-button nhsuk-button--secondary"
          type="button"
          [disabled]="matches.loading()"
          (click)="matches.showMore()"
        >
          Show more matches
        </button>
      }
    }
  `,
})
export class MatchesPage {
  /** From the address: `/matches?status=proposed`. */
  readonly status = input<string>('');

  private readonly client = inject(MatchingClient);
  private readonly router = inject(Router);
  protected readonly statuses = MATCH_STATUSES;
  protected readonly validStatus = computed(() => knownStatus(MATCH_STATUSES, this.status()));
  protected readonly matches = pagedList(
    () => ({ status: this.validStatus() }),
    (query, cursor) => this.client.matches({ ...query, cursor, limit: 50 }),
  );
  protected readonly decidable = computed(() =>
    this.matches.items().filter((match) => match.status === 'proposed'),
  );
  protected readonly selected = signal<ReadonlySet<string>>(new Set());
  protected readonly allSelected = computed(
    () => this.decidable().length > 0 && this.decidable().every((m) => this.selected().has(m.id)),
  );
  protected readonly busy = signal(false);
  protected readonly outcome = signal<Outcome | null>(null);

  filter(status: string): void {
    this.selected.set(new Set());
    this.outcome.set(null);
    void this.router.navigate([], { queryParams: { status: status || null } });
  }

  toggle(id: string, checked: boolean): void {
    const next = new Set(this.selected());
    if (checked) next.add(id);
    else next.delete(id);
    this.selected.set(next);
  }

  selectAll(checked: boolean): void {
    this.selected.set(new Set(checked ? this.decidable().map((m) => m.id) : []));
  }

  async approve(match: Match): Promise<void> {
    await this.run('approve', async () => {
      try {
        await this.client.decide(match.id, 'approve');
        return { succeeded: [match.id], failed: [] };
      } catch (error) {
        const body = apiError(error);
        return {
          succeeded: [],
          failed: [{ matchId: match.id, statusCode: body.statusCode, message: body.message }],
        };
      }
    });
  }

  async decideSelected(decision: 'approve' | 'reject'): Promise<void> {
    const ids = [...this.selected()];
    await this.run(decision, () => this.client.decideMany(ids, decision));
  }

  private async run(
    decision: 'approve' | 'reject',
    work: () => Promise<BulkResult>,
  ): Promise<void> {
    this.busy.set(true);
    this.outcome.set(null);
    const names = new Map(
      this.matches.items().map((m) => [m.id, `${m.student.name}, ${m.placement.title}`]),
    );
    try {
      const result = await work();
      this.outcome.set({
        decision,
        succeeded: result.succeeded.length,
        failed: result.failed.map((f) => ({
          name: names.get(f.matchId) ?? f.matchId,
          message: f.message,
        })),
      });
      this.selected.set(new Set());
      this.matches.reload();
    } catch (error) {
      this.outcome.set({
        decision,
        succeeded: 0,
        failed: [{ name: 'Nothing was changed', message: apiError(error).message }],
      });
    } finally {
      this.busy.set(false);
    }
  }
}
