import { computed, linkedSignal, resource, signal, type Signal } from '@angular/core';
import type { Page } from '@ahp/contracts';
import { apiError } from '../core/api-error';

export interface PagedList<T> {
  /** Everything loaded so far, page after page. */
  readonly items: Signal<T[]>;
  readonly loading: Signal<boolean>;
  /** The error's message when the last load failed. */
  readonly error: Signal<string | null>;
  readonly hasMore: Signal<boolean>;
  showMore(): void;
  /** Loads the list again from its first page. */
  reload(): void;
}

/**
 * A list read a page at a time with the API's cursors, for "Show more" buttons. When the query
 * changes, it starts again from the first page. Must be created in an injection context.
 */
export function pagedList<Q, T>(
  query: () => Q,
  load: (query: Q, cursor: string | undefined) => Promise<Page<T>>,
): PagedList<T> {
  const cursor = linkedSignal<Q, string | undefined>({
    source: query,
    computation: () => undefined,
  });
  const items = signal<T[]>([]);
  const pages = resource({
    // Wrapped: a resource whose params are undefined never loads, and the first page has no cursor.
    params: () => ({ query: query(), cursor: cursor() }),
    loader: async ({ params }) => {
      const page = await load(params.query, params.cursor);
      items.update((loaded) => (params.cursor ? [...loaded, ...page.items] : page.items));
      return page;
    },
  });
  const next = computed(() => (pages.hasValue() ? pages.value().nextCursor : null));
  return {
    items,
    loading: pages.isLoading,
    error: computed(() => (pages.error() ? apiError(pages.error()).message : null)),
    hasMore: computed(() => !!next()),
    showMore: () => cursor.set(next() ?? undefined),
    // From the first page again: reloading a later page would append it a second time.
    reload: () => (cursor() === undefined ? pages.reload() : cursor.set(undefined)),
  };
}

/**
 * Every item of a list, following cursors page by page (for lists that are short by nature, such
 * as one placement's applicants), stopping at `max` items.
 */
export async function loadAll<T>(
  load: (cursor: string | undefined) => Promise<Page<T>>,
  max = 1000,
): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await load(cursor);
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && items.length < max);
  return items;
}
