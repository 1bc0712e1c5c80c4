import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';

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
