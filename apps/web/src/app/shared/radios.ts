import { ChangeDetectionStrategy, Component, forwardRef, input, signal } from '@angular/core';
import { NG_VALUE_ACCESSOR, type ControlValueAccessor } from '@angular/forms';
import type { CodeLabel } from '@ahp/contracts';

/**
 * NHS.UK radios for choosing one code from a list. The first radio's id is `name`, so an error
 * summary link for the field lands on it. Put it inside an `app-field-group` for the question.
 */
@Component({
  selector: 'app-radios',
  changeDetection: ChangeDetectionStrategy.OnPush,
  providers: [{ provide: NG_VALUE_ACCESSOR, useExisting: forwardRef(() => Radios), multi: true }],
  template: `
    <div class="nhsuk-radios">
      @for (option of options(); track option.code; let first = $first) {
        <div class="nhsuk-radios__item">
          <input
            class="nhsuk-radios__input"
            type="radio"
            [id]="first ? name() : name() + '-' + option.code"
            [name]="name()"
            [value]="option.code"
            [checked]="value() === option.code"
            [disabled]="disabled()"
            (change)="choose(option.code)"
            (blur)="onTouched()"
          />
          <label
            class="nhsuk-label nhsuk-radios__label"
            [for]="first ? name() : name() + '-' + option.code"
            >{{ option.label }}</label
          >
        </div>
      }
    </div>
  `,
})
export class Radios implements ControlValueAccessor {
  readonly name = input.required<string>();
  readonly options = input.required<readonly CodeLabel<string>[]>();

  protected readonly value = signal<string>('');
  protected readonly disabled = signal(false);
  private onChange: (value: string) => void = () => undefined;
  protected onTouched: () => void = () => undefined;

  writeValue(value: string | null): void {
    this.value.set(value ?? '');
  }

  registerOnChange(fn: (value: string) => void): void {
    this.onChange = fn;
  }

  registerOnTouched(fn: () => void): void {
    this.onTouched = fn;
  }

  setDisabledState(disabled: boolean): void {
    this.disabled.set(disabled);
  }

  protected choose(code: string): void {
    this.value.set(code);
    this.onChange(code);
  }
}
