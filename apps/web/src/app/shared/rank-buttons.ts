import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  Injector,
  afterNextRender,
  inject,
  input,
  output,
  signal,
  type WritableSignal,
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
  /** Every press moves the item at once; saving is the page's (see {@link OrderSaver}). */
  readonly move = output<-1 | 1>();

  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);

  go(delta: -1 | 1): void {
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

/**
 * Saves the order of a list as someone reorders it with {@link RankButtons}. Each move shows at
 * once, however fast the presses come; saves go one at a time, and the moves made while one is
 * saving are saved together when it is done (the latest order wins, so the server never ends up
 * with an older one). When a save fails the list goes back to the last order saved.
 */
export class OrderSaver<T> {
  /** True from the first unsaved move until every move is saved (or a save failed). */
  readonly saving = signal(false);
  /** The order the server has: what a failed save goes back to. */
  private saved: readonly T[] = [];
  private pending: readonly T[] | null = null;
  private lastMoved: T | null = null;

  constructor(
    private readonly list: WritableSignal<T[]>,
    private readonly handlers: {
      /** Saves an order (rejects when it could not). */
      save: (order: readonly T[]) => Promise<void>;
      /** Every move is saved: `moved` is the item moved last, `order` the list as saved. */
      done: (moved: T, order: readonly T[]) => void;
      failed: (error: unknown) => void;
    },
  ) {}

  move(index: number, delta: -1 | 1): void {
    const before = this.list();
    const after = moveItem(before, index, delta);
    if (after[index] === before[index]) return;
    if (!this.saving()) this.saved = before;
    this.lastMoved = before[index];
    this.list.set(after);
    this.pending = after;
    if (!this.saving()) void this.flush();
  }

  private async flush(): Promise<void> {
    this.saving.set(true);
    try {
      while (this.pending) {
        const order = this.pending;
        this.pending = null;
        try {
          await this.handlers.save(order);
        } catch (error) {
          this.pending = null;
          this.list.set([...this.saved]);
          this.handlers.failed(error);
          return;
        }
        this.saved = order;
      }
      if (this.lastMoved !== null) this.handlers.done(this.lastMoved, this.saved);
    } finally {
      this.saving.set(false);
    }
  }
}

/** 1 → "1st", 2 → "2nd", 11 → "11th", 23 → "23rd". */
export function ordinal(n: number): string {
  const teen = n % 100 >= 11 && n % 100 <= 13;
  const suffix = teen ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10];
  return `${n}${suffix ?? 'th'}`;
}
