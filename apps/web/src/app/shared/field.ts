import {
  ChangeDetectionStrategy,
  Component,
  Directive,
  computed,
  inject,
  input,
} from '@angular/core';
import { FormProblems, fieldId } from './form-problems';

/** What a question knows about itself: its name (as the API names it), words and error. */
@Directive()
abstract class Question {
  readonly field = input.required<string>();
  readonly label = input.required<string>();
  readonly hint = input<string>();
  readonly bold = input(false);
  readonly problems = input.required<FormProblems>();

  readonly id = computed(() => fieldId(this.field()));
  readonly error = computed(() => this.problems().messageFor(this.field()));
  readonly describedBy = computed(
    () =>
      [this.hint() ? `${this.id()}-hint` : '', this.error() ? `${this.id()}-error` : '']
        .filter(Boolean)
        .join(' ') || null,
  );
}

/**
 * An NHS.UK form group: label, optional hint, the error message when there is one, and the
 * control projected inside. The control takes `appFieldControl` to get its id, error styling and
 * aria-describedby from here, so pages cannot forget them.
 */
@Component({
  selector: 'app-field',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="nhsuk-form-group" [class.nhsuk-form-group--error]="error()">
      <label class="nhsuk-label" [class.nhsuk-label--s]="bold()" [for]="id()">{{ label() }}</label>
      @if (hint()) {
        <div class="nhsuk-hint" [id]="id() + '-hint'">{{ hint() }}</div>
      }
      @if (error(); as message) {
        <span class="nhsuk-error-message" [id]="id() + '-error'"
          ><span class="nhsuk-u-visually-hidden">Error:</span> {{ message }}</span
        >
      }
      <ng-content />
    </div>
  `,
})
export class Field extends Question {}

/**
 * Several controls answering one question (date boxes, radios, checkboxes): a fieldset whose
 * legend is the question. The first control inside should have the id `fieldId(field)`, so the
 * error summary's link lands on it.
 */
@Component({
  selector: 'app-field-group',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="nhsuk-form-group" [class.nhsuk-form-group--error]="error()">
      <fieldset class="nhsuk-fieldset" [attr.aria-describedby]="describedBy()">
        <legend class="nhsuk-fieldset__legend" [class.nhsuk-fieldset__legend--s]="bold()">
          {{ label() }}
        </legend>
        @if (hint()) {
          <div class="nhsuk-hint" [id]="id() + '-hint'">{{ hint() }}</div>
        }
        @if (error(); as message) {
          <span class="nhsuk-error-message" [id]="id() + '-error'"
            ><span class="nhsuk-u-visually-hidden">Error:</span> {{ message }}</span
          >
        }
        <ng-content />
      </fieldset>
    </div>
  `,
})
export class FieldGroup extends Question {}

@Directive({
  selector: '[appFieldControl]',
  host: {
    '[id]': 'field.id()',
    '[attr.aria-describedby]': 'field.describedBy()',
    '[attr.aria-invalid]': 'field.error() ? "true" : null',
    '[class.nhsuk-input--error]': 'kind() === "input" && !!field.error()',
    '[class.nhsuk-select--error]': 'kind() === "select" && !!field.error()',
    '[class.nhsuk-textarea--error]': 'kind() === "textarea" && !!field.error()',
  },
})
export class FieldControl {
  /** `appFieldControl` alone means an input; `appFieldControl="select"` a select. */
  readonly kindName = input<'' | 'input' | 'select' | 'textarea'>('', { alias: 'appFieldControl' });
  protected readonly kind = computed(() => this.kindName() || 'input');
  protected readonly field = inject(Field);
}
