import { ChangeDetectionStrategy, Component, forwardRef, input, signal } from '@angular/core';
import {
  NG_VALUE_ACCESSOR,
  type AbstractControl,
  type ControlValueAccessor,
  type ValidationErrors,
} from '@angular/forms';

/** What the control holds when the three boxes do not make a real date. */
export const INCOMPLETE_DATE = 'incomplete';

/** Passes an empty value or a real YYYY-MM-DD date. */
export function calendarDate(control: AbstractControl): ValidationErrors | null {
  const value = control.value as string;
  if (!value) return null;
  if (value === INCOMPLETE_DATE || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return { date: true };
  return null;
}

/**
 * The NHS.UK date input: day, month and year boxes, holding a 'YYYY-MM-DD' string (or
 * INCOMPLETE_DATE while the boxes do not make a real date, which `calendarDate` reports).
 * The day box takes `inputId`, so an error summary link lands in it.
 */
@Component({
  selector: 'app-date-input',
  changeDetection: ChangeDetectionStrategy.OnPush,
  providers: [
    { provide: NG_VALUE_ACCESSOR, useExisting: forwardRef(() => DateInput), multi: true },
  ],
  template: `
    <div class="nhsuk-date-input">
      @for (part of parts; track part.key; let first = $first) {
        <div class="nhsuk-date-input__item">
          <div class="nhsuk-form-group">
            <label
              class="nhsuk-label nhsuk-date-input__label"
              [for]="first ? inputId() : inputId() + '-' + part.key"
              >{{ part.label }}</label
            >
            <input
              class="nhsuk-input nhsuk-date-input__input"
              [class]="part.width"
              [class.nhsuk-input--error]="invalid()"
              [id]="first ? inputId() : inputId() + '-' + part.key"
              type="text"
              inputmode="numeric"
              [value]="values[part.key]()"
              [disabled]="disabled()"
              (input)="update(part.key, $event)"
              (blur)="touch()"
            />
          </div>
        </div>
      }
    </div>
  `,
})
export class DateInput implements ControlValueAccessor {
  readonly inputId = input.required<string>();
  readonly invalid = input(false);

  protected readonly parts = [
    { key: 'day', label: 'Day', width: 'nhsuk-input--width-2' },
    { key: 'month', label: 'Month', width: 'nhsuk-input--width-2' },
    { key: 'year', label: 'Year', width: 'nhsuk-input--width-4' },
  ] as const;
  protected readonly values = { day: signal(''), month: signal(''), year: signal('') };
  protected readonly disabled = signal(false);
  private onChange: (value: string) => void = () => undefined;
  private onTouched: () => void = () => undefined;

  writeValue(value: string | null): void {
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value ?? '');
    this.values.year.set(match ? match[1] : '');
    this.values.month.set(match ? String(Number(match[2])) : '');
    this.values.day.set(match ? String(Number(match[3])) : '');
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

  protected update(part: 'day' | 'month' | 'year', event: Event): void {
    const text = (event.target as HTMLInputElement).value.trim();
    this.values[part].set(text);
    const { day, month, year } = this.values;
    this.onChange(toIsoDate(day(), month(), year()));
  }

  protected touch(): void {
    this.onTouched();
  }
}

/** '' when all three are empty; the ISO date when they make a real one; INCOMPLETE_DATE otherwise. */
export function toIsoDate(day: string, month: string, year: string): string {
  if (!day && !month && !year) return '';
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year))
    return INCOMPLETE_DATE;
  const [d, m, y] = [Number(day), Number(month), Number(year)];
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d)
    return INCOMPLETE_DATE;
  return `${year}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}
