import { ChangeDetectionStrategy, Component, input, linkedSignal, output } from '@angular/core';
import { FormsModule } from '@angular/forms';
import type { CodeLabel } from '@ahp/contracts';

/** A one-question filter form ("Status: Any / Submitted / …") above a list. */
@Component({
  selector: 'app-status-filter',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule],
  template: `
    <form
      class="nhsuk-u-margin-bottom-5"
      (ngSubmit)="apply.emit(draft())"
      role="search"
      [attr.aria-label]="'Filter ' + what()"
    >
      <div class="nhsuk-form-group">
        <label class="nhsuk-label" for="filter-status">Status</label>
        <select
          class="nhsuk-select"
          id="filter-status"
          name="status"
          [ngModel]="draft()"
          (ngModelChange)="draft.set($event)"
        >
          <option value="">Any status</option>
          @for (option of options(); track option.code) {
            <option [value]="option.code">{{ option.label }}</option>
          }
        </select>
      </div>
      <button class="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-0" type="submit">
        Apply filter
      </button>
    </form>
  `,
})
export class StatusFilter {
  /** What is being filtered, for the search landmark's name ("applications"). */
  readonly what = input.required<string>();
  readonly options = input.required<readonly CodeLabel<string>[]>();
  /** The filter in force; '' for any. */
  readonly value = input<string>('');
  readonly apply = output<string>();
  protected readonly draft = linkedSignal(() => this.value());
}

/** The status named in the address if it is one of `options`, else undefined (any status). */
export function knownStatus<C extends string>(
  options: readonly CodeLabel<C>[],
  value: string | null | undefined,
): C | undefined {
  return options.find((option) => option.code === value)?.code;
}
