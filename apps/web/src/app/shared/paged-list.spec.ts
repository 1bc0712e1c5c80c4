import { Injector, runInInjectionContext, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import type { Page } from '@ahp/contracts';
import { loadAll, pagedList } from './paged-list';

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

  it('reloads from the first page, without repeating what was shown', async () => {
    let version = 1;
    const load = jest.fn(
      async (_q: unknown, cursor: string | undefined): Promise<Page<string>> =>
        cursor
          ? { items: [`v${version}-3`], nextCursor: null }
          : { items: [`v${version}-1`, `v${version}-2`], nextCursor: 'next' },
    );
    const list = runInInjectionContext(TestBed.inject(Injector), () => pagedList(() => ({}), load));
    const step = async () => {
      settle();
      await wait();
      settle();
    };
    await step();
    list.showMore();
    await step();
    expect(list.items()).toEqual(['v1-1', 'v1-2', 'v1-3']);

    version = 2;
    list.reload();
    await step();
    expect(list.items()).toEqual(['v2-1', 'v2-2']);
    expect(load).toHaveBeenLastCalledWith({}, undefined);

    version = 3;
    list.reload();
    await step();
    expect(list.items()).toEqual(['v3-1', 'v3-2']);
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

describe(loadAll.name, () => {
  it('follows the cursors to the end', async () => {
    const pages: Record<string, { items: number[]; nextCursor: string | null }> = {
      first: { items: [1, 2], nextCursor: 'b' },
      b: { items: [3, 4], nextCursor: 'c' },
      c: { items: [5], nextCursor: null },
    };
    const asked: (string | undefined)[] = [];
    const items = await loadAll(async (cursor) => {
      asked.push(cursor);
      return pages[cursor ?? 'first'];
    });
    expect(items).toEqual([1, 2, 3, 4, 5]);
    expect(asked).toEqual([undefined, 'b', 'c']);
  });

  it('stops once it has the most it was asked for', async () => {
    let calls = 0;
    const items = await loadAll(async () => {
      calls += 1;
      return { items: [calls, calls], nextCursor: 'more' };
    }, 5);
    expect(items).toHaveLength(6);
    expect(calls).toBe(3);
  });
});
