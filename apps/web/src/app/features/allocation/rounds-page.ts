import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { RouterLink } from '@angular/router';
import { AllocationClient } from '../../data-access/allocation-client';
import { LabelPipe, UkDatePipe } from '../../shared/label-pipe';
import { LoadError } from '../../shared/notices';
import { pagedList } from '../../shared/paged-list';
import { StatusTag } from '../../shared/status-tag';

/** A coordinator's (or admin's) allocation rounds, newest first. */
@Component({
  selector: 'app-rounds-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, LabelPipe, UkDatePipe, LoadError, StatusTag],
  template: `
    <h1 class="nhsuk-heading-l">Allocation rounds</h1>
    <p>
      A round matches your students to placements starting in a date window, using their ranked
      applications and the providers' rankings. It proposes matches for you to approve; nothing
      changes for students until you do.
    </p>
    <a class="nhsuk-button" routerLink="/allocation-rounds/new">Create a round</a>
    @if (rounds.loading() && rounds.items().length === 0) {
      <p aria-live="polite">Loading rounds…</p>
    } @else if (rounds.error()) {
      <app-load-error
        heading="Could not load the rounds"
        [message]="rounds.error()"
        (retry)="rounds.reload()"
      />
    } @else if (rounds.items().length === 0) {
      <p>There are no rounds yet.</p>
    } @else {
      <table class="nhsuk-table">
        <caption class="nhsuk-table__caption nhsuk-u-visually-hidden">
          Allocation rounds, newest first
        </caption>
        <thead class="nhsuk-table__head">
          <tr class="nhsuk-table__row">
            <th class="nhsuk-table__header" scope="col">Round</th>
            <th class="nhsuk-table__header" scope="col">Placements starting</th>
            <th class="nhsuk-table__header" scope="col">Status</th>
            <th class="nhsuk-table__header nhsuk-table__header--numeric" scope="col">Matched</th>
            <th class="nhsuk-table__header nhsuk-table__header--numeric" scope="col">Unmatched</th>
          </tr>
        </thead>
        <tbody class="nhsuk-table__body">
          @for (round of rounds.items(); track round.id) {
            <tr class="nhsuk-table__row">
              <td class="nhsuk-table__cell">
                <a [routerLink]="['/allocation-rounds', round.id]">{{ round.name }}</a>
                @if (round.professions.length) {
                  <br /><span class="nhsuk-body-s">
                    @for (p of round.professions; track p; let last = $last) {
                      {{ p | label: 'profession' }}{{ last ? '' : ', ' }}
                    }
                  </span>
                }
              </td>
              <td class="nhsuk-table__cell">
                {{ round.startFrom | ukDate }} to {{ round.startTo | ukDate }}
              </td>
              <td class="nhsuk-table__cell">
                <app-status-tag kind="round" [status]="round.status" />
              </td>
              <td class="nhsuk-table__cell nhsuk-table__cell--numeric">
                {{ round.matched ?? '—' }}
              </td>
              <td class="nhsuk-table__cell nhsuk-table__cell--numeric">
                {{ round.unmatchedCount ?? '—' }}
              </td>
            </tr>
          }
        </tbody>
      </table>
      @if (rounds.hasMore()) {
        <button
          class="nhsuk-button nhsuk-button--secondary"
          type="button"
          [disabled]="rounds.loading()"
          (click)="rounds.showMore()"
        >
          Show more rounds
        </button>
      }
    }
  `,
})
export class RoundsPage {
  private readonly client = inject(AllocationClient);
  protected readonly rounds = pagedList(
    () => ({}),
    (_query, cursor) => this.client.list(cursor),
  );
}
