import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';

const COUNT = new Intl.NumberFormat('en-GB');

/** "You have 1,990 characters remaining", "You have 3 characters too many". */
export function charactersLeft(length: number, max: number): string {
  const left = max - length;
  const n = Math.abs(left);
  const noun = n === 1 ? 'character' : 'characters';
  return left >= 0
    ? `You have ${COUNT.format(n)} ${noun} remaining`
    : `You have ${COUNT.format(n)} ${noun} too many`;
}

/**
 * The NHS.UK character count's message under a textarea, kept up to date as the person types
 * (the field's hint states the limit once; this says where they are against it).
 */
@Component({
  selector: 'app-character-count',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div
      class="app-character-count nhsuk-u-margin-bottom-0"
      [class.nhsuk-hint]="!over()"
      [class.nhsuk-error-message]="over()"
      aria-live="polite"
    >
      {{ message() }}
    </div>
  `,
})
export class CharacterCount {
  readonly length = input.required<number>();
  readonly max = input.required<number>();
  protected readonly over = computed(() => this.length() > this.max());
  protected readonly message = computed(() => charactersLeft(this.length(), this.max()));
}
