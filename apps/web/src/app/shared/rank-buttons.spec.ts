import { signal } from '@angular/core';
import { OrderSaver, moveItem, ordinal } from './rank-buttons';

describe(moveItem.name, () => {
  it('swaps an item with its neighbour in the direction asked', () => {
    expect(moveItem(['a', 'b', 'c'], 1, -1)).toEqual(['b', 'a', 'c']);
    expect(moveItem(['a', 'b', 'c'], 1, 1)).toEqual(['a', 'c', 'b']);
  });

  it('leaves the list as it was when the item is already at that end, without changing the input', () => {
    const list = ['a', 'b'];
    expect(moveItem(list, 0, -1)).toEqual(['a', 'b']);
    expect(moveItem(list, 1, 1)).toEqual(['a', 'b']);
    expect(moveItem(list, 0, 1)).toEqual(['b', 'a']);
    expect(list).toEqual(['a', 'b']);
  });
});

describe(ordinal.name, () => {
  it('writes English ordinals, teens included', () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111].map(ordinal)).toEqual([
      '1st',
      '2nd',
      '3rd',
      '4th',
      '11th',
      '12th',
      '13th',
      '21st',
      '22nd',
      '23rd',
      '101st',
      '111th',
    ]);
  });
});

describe(OrderSaver.name, () => {
  /** A save the test finishes by hand, one at a time. */
  function harness(items: string[]) {
    const list = signal(items);
    const saves: { order: readonly string[]; finish: () => void; fail: () => void }[] = [];
    const done: string[] = [];
    const failed: unknown[] = [];
    const saver = new OrderSaver(list, {
      save: (order) =>
        new Promise<void>((resolve, reject) =>
          saves.push({ order, finish: resolve, fail: () => reject(new Error('offline')) }),
        ),
      done: (moved, order) => done.push(`${moved} is ${order.indexOf(moved) + 1}`),
      failed: (error) => failed.push(error),
    });
    const settle = () => new Promise((resolve) => setTimeout(resolve));
    return { list, saver, saves, done, failed, settle };
  }

  it('moves at once on every press, and saves the moves made meanwhile together, in order', async () => {
    const h = harness(['a', 'b', 'c', 'd']);
    h.saver.move(3, -1);
    expect(h.list()).toEqual(['a', 'b', 'd', 'c']);
    expect(h.saver.saving()).toBe(true);
    // Two more presses while the first save is out: both show, neither is sent yet.
    h.saver.move(2, -1);
    h.saver.move(1, -1);
    expect(h.list()).toEqual(['d', 'a', 'b', 'c']);
    expect(h.saves.map((s) => s.order)).toEqual([['a', 'b', 'd', 'c']]);

    h.saves[0].finish();
    await h.settle();
    // One more save, with the latest order.
    expect(h.saves.map((s) => s.order)).toEqual([
      ['a', 'b', 'd', 'c'],
      ['d', 'a', 'b', 'c'],
    ]);
    expect(h.done).toEqual([]);
    h.saves[1].finish();
    await h.settle();
    expect(h.done).toEqual(['d is 1']);
    expect(h.saver.saving()).toBe(false);
  });

  it('goes back to the last order saved when a save fails, and drops the moves queued behind it', async () => {
    const h = harness(['a', 'b', 'c']);
    h.saver.move(1, -1);
    h.saves[0].finish();
    await h.settle();
    expect(h.done).toEqual(['b is 1']);

    h.saver.move(2, -1); // b, c, a
    h.saver.move(1, -1); // c, b, a — queued behind the first
    h.saves[1].fail();
    await h.settle();
    expect(h.list()).toEqual(['b', 'a', 'c']);
    expect(h.failed).toHaveLength(1);
    expect(h.saves).toHaveLength(2);
    expect(h.saver.saving()).toBe(false);
  });

  it('ignores a press that cannot move the item', () => {
    const h = harness(['a', 'b']);
    h.saver.move(0, -1);
    h.saver.move(1, 1);
    expect(h.saves).toEqual([]);
    expect(h.saver.saving()).toBe(false);
  });
});
