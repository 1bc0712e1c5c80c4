import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import type { CodeLabel } from '@ahp/contracts';

/**
 * A small inline set of radios that changes a view at once ("Group by: Profession / Region"), with
 * its question as the legend.
 */
@Component({
  selector: 'app-choice-radios',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="nhsuk-form-group">
      <fieldset class="nhsuk-fieldset">
        <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{{ legend() }}</legend>
        <div class="nhsuk-radios nhsuk-radios--inline nhsuk-radios--small">
          @for (option of options(); track option.code) {
            <div class="nhsuk-radios__item">
              <input
                class="nhsuk-radios__input"
                type="radio"
                [id]="name() + '-' + option.code"
                [name]="name()"
                [value]="option.code"
                [checked]="value() === option.code"
                (change)="choose.emit(option.code)"
              />
              <label class="nhsuk-label nhsuk-radios__label" [for]="name() + '-' + option.code">{{
                option.label
              }}</label>
            </div>
          }
        </div>
      </fieldset>
    </div>
  `,
})
export class ChoiceRadios {
  readonly legend = input.required<string>();
  readonly name = input.required<string>();
  readonly options = input.required<readonly CodeLabel<string>[]>();
  readonly value = input.required<string>();
  readonly choose = output<string>();
}
