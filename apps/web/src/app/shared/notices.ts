import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import { apiError } from '../core/api-error';

/** What just happened ("Your application has been sent"), read out by screen readers. */
@Component({
  selector: 'app-done-notice',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (message()) {
      <div class="nhsuk-inset-text" role="status">
        <span class="nhsuk-u-visually-hidden">Information: </span>
        <p>{{ message() }}</p>
      </div>
    }
  `,
})
export class DoneNotice {
  readonly message = input<string | null | undefined>();
}

/** A list or record that could not be loaded, with what went wrong and a way to try again. */
@Component({
  selector: 'app-load-error',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="nhsuk-warning-callout">
      <h2 class="nhsuk-warning-callout__label">
        <span role="text"
          ><span class="nhsuk-u-visually-hidden">Important: </span>{{ heading() }}</span
        >
      </h2>
      <p>{{ message() }}</p>
      <button class="nhsuk-button nhsuk-button--secondary" type="button" (click)="retry.emit()">
        Try again
      </button>
    </div>
  `,
})
export class LoadError {
  readonly heading = input.required<string>();
  readonly message = input.required<string | null>();
  readonly retry = output<void>();
}

/**
 * The heading and explanation of a page whose record could not be loaded: "not found" for a 404
 * (removed, or a wrong link), otherwise what went wrong.
 */
@Component({
  selector: 'app-record-error',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1 class="nhsuk-heading-l">{{ notFound() ? missing() : failed() }}</h1>
    <p>{{ notFound() ? 'It may have been removed, or the link may be wrong.' : message() }}</p>
  `,
})
export class RecordError {
  readonly error = input.required<unknown>();
  /** The heading for a 404, e.g. "Placement not found". */
  readonly missing = input.required<string>();
  /** The heading for any other failure, e.g. "The placement could not be loaded". */
  readonly failed = input.required<string>();
  protected readonly notFound = computed(() => apiError(this.error()).statusCode === 404);
  protected readonly message = computed(() => apiError(this.error()).message);
}
