import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  afterRenderEffect,
  effect,
  inject,
  input,
  viewChild,
} from '@angular/core';
import { Title } from '@angular/platform-browser';
import type { FieldError } from '@ahp/contracts';
import { fieldId } from './form-problems';

/**
 * The NHS.UK error summary: appears above the form, takes focus so screen readers announce it,
 * links each problem to its field, and prefixes the page title with "Error: ".
 */
@Component({
  selector: 'app-error-summary',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (problems().length) {
      <div class="nhsuk-error-summary" tabindex="-1" #summary>
        <div role="alert">
          <h2 class="nhsuk-error-summary__heading">There is a problem</h2>
          <div class="nhsuk-error-summary__body">
            <ul class="nhsuk-list nhsuk-error-summary__list">
              @for (problem of problems(); track $index) {
                <li>
                  @if (problem.field) {
                    <a
                      [href]="'#' + id(problem.field)"
                      (click)="focusField($event, problem.field)"
                      >{{ problem.message }}</a
                    >
                  } @else {
                    {{ problem.message }}
                  }
                </li>
              }
            </ul>
          </div>
        </div>
      </div>
    }
  `,
})
export class ErrorSummary {
  readonly problems = input.required<FieldError[]>();
  private readonly summary = viewChild<ElementRef<HTMLElement>>('summary');
  private readonly title = inject(Title);

  constructor() {
    afterRenderEffect(() => {
      if (this.problems().length) this.summary()?.nativeElement.focus();
    });
    effect(() => {
      const current = this.title.getTitle().replace(/^Error: /, '');
      this.title.setTitle(this.problems().length ? `Error: ${current}` : current);
    });
  }

  id(field: string): string {
    return fieldId(field);
  }

  focusField(event: Event, field: string): void {
    const target =
      document.getElementById(fieldId(field)) ??
      document.querySelector<HTMLElement>(`[name="${field}"]`);
    if (!target) return;
    event.preventDefault();
    target.focus();
    target.scrollIntoView({ block: 'center' });
  }
}
