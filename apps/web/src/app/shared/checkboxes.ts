import {
  ChangeDetectionStrategy,
  Component,
  computed,
  forwardRef,
  input,
  signal,
} from '@angular/core';
import { NG_VALUE_ACCESSOR, type ControlValueAccessor } from '@angular/forms';
import type { CodeLabel } from '@ahp/contracts';

export interface CheckboxGroup {
  label: string;
  items: readonly CodeLabel<string>[];
}

/**
 * NHS.UK checkboxes for choosing several codes, optionally in labelled groups. Holds the chosen
 * codes as an array. The first box's id is `name`, so an error summary link lands on it.
 */
@Component({
  selector: 'app-checkboxes',
  changeDetection: ChangeDetectionStrategy.OnPush,
  providers: [
    { provide: NG_VALUE_ACCESSOR, useExisting: forwardRef(() => Checkboxes), multi: true },
  ],
  template: `
    @for (group of groups(); track group.label; let firstGroup = $first) {
      @if (group.label) {
        <p class="nhsuk-body-s nhsuk-u-margin-bottom-2">
          <strong>{{ group.label }}</strong>
        </p>
      }
      <div class="nhsuk-checkboxes nhsuk-u-margin-bottom-4">
        @for (option of group.items; track option.code; let first = $first) {
          <div class="nhsuk-checkboxes__item">
            <input
              class="nhsuk-checkboxes__input"
              type="checkbox"
              [id]="firstGroup && first ? name() : name() + '-' + option.code"
              [checked]="chosen().includes(option.code)"
              [disabled]="disabled()"
              (change)="toggle(option.code)"
              (blur)="onTouched()"
            />
            <label
              class="nhsuk-label nhsuk-checkboxes__label"
              [for]="firstGroup && first ? name() : name() + '-' + option.code"
              >{{ option.label }}</label
            >
          </div>
        }
      </div>
    }
  `,
})
export class Checkboxes implements ControlValueAccessor {
  readonly name = input.required<string>();
  /** Either a flat list of options or labelled groups of them. */
  readonly options = input.required<readonly CodeLabel<string>[] | readonly CheckboxGroup[]>();

  protected readonly groups = computed<readonly CheckboxGroup[]>(() => {
    const options = this.options();
    return options.length && 'items' in options[0]
      ? (options as readonly CheckboxGroup[])
      : [{ label: '', items: options as readonly CodeLabel<string>[] }];
  });
  protected readonly chosen = signal<string[]>([]);
  protected readonly disabled = signal(false);
  private onChange: (value: string[]) => void = () => undefined;
  protected onTouched: () => void = () => undefined;

  writeValue(value: string[] | null): void {
    this.chosen.set(value ?? []);
  }

  registerOnChange(fn: (value: string[]) => void): void {
    this.onChange = fn;
  }

  registerOnTouched(fn: () => void): void {
    this.onTouched = fn;
  }

  setDisabledState(disabled: boolean): void {
    this.disabled.set(disabled);
  }

  protected toggle(code: string): void {
    const now = this.chosen().includes(code)
      ? this.chosen().filter((c) => c !== code)
      : [...this.chosen(), code];
    this.chosen.set(now);
    this.onChange(now);
  }
}
