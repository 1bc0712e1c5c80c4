import { ChangeDetectionStrategy, Component, computed, inject, resource } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { QualityRow } from '@ahp/contracts';
import { apiError } from '../../core/api-error';
import { Session } from '../../core/session';
import { FeedbackClient } from '../../data-access/feedback-client';
import { LoadError } from '../../shared/notices';
import { pagedList } from '../../shared/paged-list';
import { EducatorFeedbackView, StudentFeedbackView } from './feedback-views';
import { formatAverage, formatRate } from './feedback-words';

/** A quality report row's standing in words: why it is flagged, or that it is not. */
export function qualityInWords(row: Pick<QualityRow, 'flagged' | 'flags' | 'suppressed'>): string {
  if (row.flagged) return row.flags.length ? row.flags.join('. ') : 'Below the quality thresholds';
  if (row.suppressed) return 'Fewer than 3 responses';
  return 'No concerns';
}

/**
 * Coordinators' and admins' view of placement quality: the quality report (flagged placements
 * and providers first, with why), then students' feedback on placements and educators' feedback
 * on students, in full.
 */
@Component({
  selector: 'app-feedback-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, LoadError, StudentFeedbackView, EducatorFeedbackView],
  template: `
    <h1 class="nhsuk-heading-l">Feedback</h1>
    <h2 class="nhsuk-heading-m">Placement quality</h2>
    @if (quality.hasValue()) {
      @let t = quality.value().thresholds;
      <p>
        A placement or provider is flagged when its overall average falls below
        {{ average(t.minAverage) }} out of 5, or fewer than {{ rate(t.minRecommendRate) }} of
        students would recommend it, once it has at least {{ t.minResponses }} responses. Flagged
        ones are listed first.
      </p>
      @for (table of tables(); track table.caption) {
        <table class="nhsuk-table" [attr.data-testid]="'quality-' + table.kind">
          <caption class="nhsuk-table__caption nhsuk-table__caption--s">
            {{
              table.caption
            }}
          </caption>
          <thead class="nhsuk-table__head">
            <tr class="nhsuk-table__row">
              <th class="nhsuk-table__header" scope="col">{{ table.nameHeading }}</th>
              <th class="nhsuk-table__header nhsuk-table__header--numeric" scope="col">
                Responses
              </th>
              <th class="nhsuk-table__header nhsuk-table__header--numeric" scope="col">
                Overall (out of 5)
              </th>
              <th class="nhsuk-table__header nhsuk-table__header--numeric" scope="col">
                Would recommend
              </th>
              <th class="nhsuk-table__header" scope="col">Quality</th>
            </tr>
          </thead>
          <tbody class="nhsuk-table__body">
            @for (row of table.rows; track row.id) {
              <tr class="nhsuk-table__row">
                <td class="nhsuk-table__cell">
                  @if (row.kind === 'placement') {
                    <a [routerLink]="['/placements', row.id]">{{ row.name }}</a
                    ><br />
                    <span class="nhsuk-body-s">{{ row.providerName }}</span>
                  } @else {
                    {{ row.name }}
                  }
                </td>
                <td class="nhsuk-table__cell nhsuk-table__cell--numeric">{{ row.responses }}</td>
                <td class="nhsuk-table__cell nhsuk-table__cell--numeric">
                  {{ average(row.averages?.overall) }}
                </td>
                <td class="nhsuk-table__cell nhsuk-table__cell--numeric">
                  {{ rate(row.recommendRate) }}
                </td>
                <td class="nhsuk-table__cell">
                  @if (row.flagged) {
                    <strong class="nhsuk-tag nhsuk-tag--red">Flagged</strong><br />
                  }
                  <span class="nhsuk-body-s">{{ inWords(row) }}</span>
                </td>
              </tr>
            } @empty {
              <tr class="nhsuk-table__row">
                <td class="nhsuk-table__cell" colspan="5">
                  {{
                    table.kind === 'placement'
                      ? 'No placement has 3 or more responses yet.'
                      : 'No feedback yet.'
                  }}
                </td>
              </tr>
            }
          </tbody>
        </table>
      }
      @if (hiddenPlacements().length) {
        <details class="nhsuk-details">
          <summary class="nhsuk-details__summary">
            <span class="nhsuk-details__summary-text"
              >Placements with fewer than 3 responses ({{ hiddenPlacements().length }})</span
            >
          </summary>
          <div class="nhsuk-details__text">
            <p>Their figures are hidden to protect students' anonymity.</p>
            <ul class="nhsuk-list">
              @for (row of hiddenPlacements(); track row.id) {
                <li>
                  <a [routerLink]="['/placements', row.id]">{{ row.name }}</a
                  >, {{ row.providerName }}: {{ row.responses }}
                  {{ row.responses === 1 ? 'response' : 'responses' }}
                </li>
              }
            </ul>
          </div>
        </details>
      }
    } @else if (quality.error()) {
      <app-load-error
        heading="Could not load the quality report"
        [message]="qualityError()"
        (retry)="quality.reload()"
      />
    } @else {
      <p aria-live="polite">Loading the quality report…</p>
    }

    <h2 class="nhsuk-heading-m">{{ whose() }} feedback on placements</h2>
    @if (studentFeedback.error()) {
      <app-load-error
        heading="Could not load students' feedback"
        [message]="studentFeedback.error()"
        (retry)="studentFeedback.reload()"
      />
    } @else {
      @for (f of studentFeedback.items(); track f.id) {
        <section class="nhsuk-card" data-testid="student-feedback">
          <div class="nhsuk-card__content">
            <h3 class="nhsuk-card__heading nhsuk-heading-s">
              {{ f.studentName }} on
              <a [routerLink]="['/placements', f.placementId]">{{ f.placementTitle }}</a>
            </h3>
            <p class="nhsuk-body-s">
              {{ f.providerName }}.
              <a [routerLink]="['/matches', f.matchId]"
                >See the placement<span class="nhsuk-u-visually-hidden">
                  of {{ f.studentName }} at {{ f.placementTitle }}</span
                ></a
              >
            </p>
            <app-student-feedback-view [feedback]="f" [compact]="true" />
          </div>
        </section>
      } @empty {
        @if (!studentFeedback.loading()) {
          <p>No student has given feedback yet.</p>
        }
      }
      @if (studentFeedback.loading()) {
        <p aria-live="polite">Loading feedback…</p>
      } @else if (studentFeedback.hasMore()) {
        <button
          class="nhsuk-button nhsuk-button--secondary"
          type="button"
          (click)="studentFeedback.showMore()"
        >
          Show more feedback from students
        </button>
      }
    }

    <h2 class="nhsuk-heading-m">Practice educators' feedback on {{ whom() }}</h2>
    @if (educatorFeedback.error()) {
      <app-load-error
        heading="Could not load educators' feedback"
        [message]="educatorFeedback.error()"
        (retry)="educatorFeedback.reload()"
      />
    } @else {
      @for (f of educatorFeedback.items(); track f.id) {
        <section class="nhsuk-card" data-testid="educator-feedback">
          <div class="nhsuk-card__content">
            <h3 class="nhsuk-card__heading nhsuk-heading-s">
              {{ f.studentName }} at
              <a [routerLink]="['/matches', f.matchId]">{{ f.placementTitle }}</a>
            </h3>
            <p class="nhsuk-body-s">{{ f.providerName }}</p>
            <app-educator-feedback-view [feedback]="f" [compact]="true" />
          </div>
        </section>
      } @empty {
        @if (!educatorFeedback.loading()) {
          <p>No practice educator has given feedback yet.</p>
        }
      }
      @if (educatorFeedback.loading()) {
        <p aria-live="polite">Loading feedback…</p>
      } @else if (educatorFeedback.hasMore()) {
        <button
          class="nhsuk-button nhsuk-button--secondary"
          type="button"
          (click)="educatorFeedback.showMore()"
        >
          Show more feedback from educators
        </button>
      }
    }
  `,
})
export class FeedbackPage {
  private readonly client = inject(FeedbackClient);
  private readonly session = inject(Session);
  protected readonly average = formatAverage;
  protected readonly rate = formatRate;
  protected readonly inWords = qualityInWords;
  protected readonly whose = computed(() =>
    this.session.role() === 'coordinator' ? "Your students'" : "Students'",
  );
  protected readonly whom = computed(() =>
    this.session.role() === 'coordinator' ? 'your students' : 'students',
  );
  protected readonly quality = resource({ loader: () => this.client.quality() });
  protected readonly qualityError = computed(() => apiError(this.quality.error()).message);
  protected readonly tables = computed(() => {
    const items = this.quality.hasValue() ? this.quality.value().items : [];
    return [
      {
        kind: 'provider',
        caption: 'Providers',
        nameHeading: 'Provider',
        rows: items.filter((r) => r.kind === 'provider'),
      },
      {
        kind: 'placement',
        caption: 'Placements',
        nameHeading: 'Placement',
        rows: items.filter((r) => r.kind === 'placement' && !r.suppressed),
      },
    ];
  });
  /** Placements whose figures are hidden, listed apart so the table stays readable. */
  protected readonly hiddenPlacements = computed(() =>
    this.quality.hasValue()
      ? this.quality.value().items.filter((r) => r.kind === 'placement' && r.suppressed)
      : [],
  );
  protected readonly studentFeedback = pagedList(
    () => ({}),
    (_query, cursor) => this.client.studentFeedback({ cursor, limit: 20 }),
  );
  protected readonly educatorFeedback = pagedList(
    () => ({}),
    (_query, cursor) => this.client.educatorFeedback({ cursor, limit: 20 }),
  );
}
