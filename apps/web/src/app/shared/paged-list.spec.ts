import { Injector, runInInjectionContext, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import type { Page } from '@ahp/contracts';
import { pagedList } from './paged-list';

describe(pagedList.name, () => {
  const settle = () => TestBed.tick();
  const wait = () => new Promise((resolve) => setTimeout(resolve));

  it('loads page after page with the cursor, and starts again when the query changes', async () => {
    const query = signal('a');
    const load = jest.fn(
      async (q: string, cursor: string | undefined): Promise<Page<string>> =>
        cursor
          ? { items: [`${q}3`], nextCursor: null }
          : { items: [`${q}1`, `${q}2`], nextCursor: 'next' },
    );
    const list = runInInjectionContext(TestBed.inject(Injector), () =>
      pagedList(() => query(), load),
    );
    settle();
    await wait();
    settle();
    expect(list.items()).toEqual(['a1', 'a2']);
    expect(list.hasMore()).toBe(true);

    list.showMore();
    settle();
    await wait();
    settle();
    expect(list.items()).toEqual(['a1', 'a2', 'a3']);
    expect(list.hasMore()).toBe(false);
    expect(load).toHaveBeenLastCalledWith('a', 'next');

    query.set('b');
    settle();
    await wait();
    settle();
    expect(list.items()).toEqual(['b1', 'b2']);
    expect(load).toHaveBeenLastCalledWith('b', undefined);
  });

  it('reports a failed load in words', async () => {
    const list = runInInjectionContext(TestBed.inject(Injector), () =>
      pagedList(
        () => ({}),
        () => Promise.reject(new Error('boom')),
      ),
    );
    settle();
    await wait();
    settle();
    expect(list.error()).toMatch(/Something went wrong/);
  });
});
