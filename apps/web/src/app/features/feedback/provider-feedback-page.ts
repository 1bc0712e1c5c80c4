import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  input,
  resource,
} from '@angular/core';
import { RouterLink } from '@angular/router';
import { FEEDBACK_MIN_RESPONSES, type QualityRow } from '@ahp/contracts';
import { apiError } from '../../core/api-error';
import { Session } from '../../core/session';
import { FeedbackClient } from '../../data-access/feedback-client';
import { LoadError } from '../../shared/notices';
import { FeedbackSummaryView } from './feedback-summary-view';

/**
 * One placement's figures from the quality report, with the anonymous comments from its own
 * summary when the figures are shown.
 */
@Component({
  selector: 'app-placement-feedback',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, FeedbackSummaryView],
  template: `
    @let r = row();
    <section class="nhsuk-card" data-testid="placement-feedback">
      <div class="nhsuk-card__content">
        <h3 class="nhsuk-card__heading nhsuk-heading-s">
          <a [routerLink]="['/placements', r.id]">{{ r.name }}</a>
        </h3>
        <app-feedback-summary-view [summary]="figures()" [name]="r.name" />
      </div>
    </section>
  `,
})
export class PlacementFeedback {
  readonly row = input.required<QualityRow>();
  private readonly client = inject(FeedbackClient);
  private readonly summary = resource({
    params: () => (this.row().suppressed ? undefined : { id: this.row().id }),
    loader: ({ params }) => this.client.placementSummary(params.id),
  });
  protected readonly figures = computed(() => ({
    ...this.row(),
    comments: this.summary.hasValue() ? this.summary.value().comments : undefined,
  }));
}

/**
 * A provider's view of what students say about its placements: its organisation as a whole and
 * each placement with feedback, only ever added up, and hidden below three responses.
 */
@Component({
  selector: 'app-provider-feedback-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [LoadError, FeedbackSummaryView, PlacementFeedback],
  template: `
    <h1 class="nhsuk-heading-l">Feedback from students</h1>
    <p>
      Students rate each placement on the five themes of the national education and training survey.
      You see their feedback only added up, and only where a placement, or your organisation as a
      whole, has at least {{ minResponses }} responses, so that no student can be identified.
    </p>
    <h2 class="nhsuk-heading-m">All your placements</h2>
    @if (overall.hasValue()) {
      <app-feedback-summary-view [summary]="overall.value()" [name]="organisationName()" />
    } @else if (overall.error()) {
      <app-load-error
        heading="Could not load the feedback on your organisation"
        [message]="overallError()"
        (retry)="overall.reload()"
      />
    } @else {
      <p aria-live="polite">Loading…</p>
    }
    <h2 class="nhsuk-heading-m">By placement</h2>
    @if (quality.hasValue()) {
      @for (row of placements(); track row.id) {
        <app-placement-feedback [row]="row" />
      } @empty {
        <p>No student has given feedback on your placements yet.</p>
      }
      @if (placements().length) {
        <p class="nhsuk-body-s">Placements without any feedback yet are not listed.</p>
      }
    } @else if (quality.error()) {
      <app-load-error
        heading="Could not load the feedback on your placements"
        [message]="qualityError()"
        (retry)="quality.reload()"
      />
    } @else {
      <p aria-live="polite">Loading…</p>
    }
  `,
})
export class ProviderFeedbackPage {
  private readonly client = inject(FeedbackClient);
  private readonly session = inject(Session);
  protected readonly minResponses = FEEDBACK_MIN_RESPONSES;
  protected readonly organisationName = computed(
    () => this.session.user()?.organisation?.name ?? 'your organisation',
  );
  protected readonly overall = resource({
    params: () => {
      const id = this.session.user()?.organisationId;
      return id ? { id } : undefined;
    },
    loader: ({ params }) => this.client.organisationSummary(params.id),
  });
  protected readonly overallError = computed(() => apiError(this.overall.error()).message);
  protected readonly quality = resource({ loader: () => this.client.quality() });
  protected readonly qualityError = computed(() => apiError(this.quality.error()).message);
  protected readonly placements = computed(() =>
    this.quality.hasValue() ? this.quality.value().items.filter((r) => r.kind === 'placement') : [],
  );
}
