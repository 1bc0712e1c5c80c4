import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  Injector,
  afterNextRender,
  inject,
  input,
  output,
} from '@angular/core';

/**
 * "Move up" and "Move down" for one item of a ranked list: the keyboard-accessible way to reorder
 * (every button says which item it moves). The row is moved in the page, which drops the focus, so
 * it is put back on the same button, or on the other one when the item reached an end.
 */
@Component({
  selector: 'app-rank-buttons',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'app-rank-buttons' },
  template: `
    <button
      class="nhsuk-button nhsuk-button--secondary nhsuk-button--small"
      type="button"
      data-direction="up"
      [attr.aria-label]="'Move up: ' + name()"
      [disabled]="position() === 1"
      [attr.aria-disabled]="disabled() || null"
      (click)="go(-1)"
    >
      Move up
    </button>
    <button
      class="nhsuk-button nhsuk-button--secondary nhsuk-button--small"
      type="button"
      data-direction="down"
      [attr.aria-label]="'Move down: ' + name()"
      [disabled]="position() === count()"
      [attr.aria-disabled]="disabled() || null"
      (click)="go(1)"
    >
      Move down
    </button>
  `,
})
export class RankButtons {
  /** What is being moved, for screen readers ("Move up: Community mental health team"). */
  readonly name = input.required<string>();
  /** 1-based place in the list. */
  readonly position = input.required<number>();
  readonly count = input.required<number>();
  /**
   * While an earlier move is saved. The buttons stay focusable (aria-disabled, not disabled), so
   * keyboard users keep their place; presses are ignored meanwhile.
   */
  readonly disabled = input(false);
  readonly move = output<-1 | 1>();

  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);

  go(delta: -1 | 1): void {
    if (this.disabled()) return;
    this.move.emit(delta);
    afterNextRender(
      () => {
        const buttons = this.host.nativeElement.querySelectorAll('button');
        const same = buttons[delta < 0 ? 0 : 1];
        const other = buttons[delta < 0 ? 1 : 0];
        (same.disabled ? other : same).focus();
      },
      { injector: this.injector },
    );
  }
}

/** The list with item `index` moved one place by `delta`; the same list when it cannot move. */
export function moveItem<T>(items: readonly T[], index: number, delta: -1 | 1): T[] {
  const target = index + delta;
  const copy = [...items];
  if (target < 0 || target >= copy.length) return copy;
  [copy[index], copy[target]] = [copy[target], copy[index]];
  return copy;
}

/** 1 → "1st", 2 → "2nd", 11 → "11th", 23 → "23rd". */
export function ordinal(n: number): string {
  const teen = n % 100 >= 11 && n % 100 <= 13;
  const suffix = teen ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10];
  return `${n}${suffix ?? 'th'}`;
}
