import type { EntityManager } from 'typeorm';

/**
 * Runs SQL and returns its rows whatever the statement (TypeORM's plain `query` returns
 * `[rows, count]` for UPDATE and DELETE but bare rows otherwise). Uses the manager's transaction
 * when it has one.
 */
export async function queryRows<T>(
  em: EntityManager,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  const runner = em.queryRunner ?? em.connection.createQueryRunner();
  try {
    const result = await runner.query(sql, params, true);
    return result.records as T[];
  } finally {
    if (!em.queryRunner) await runner.release();
  }
}

/**
 * PostgreSQL takes at most 65,535 parameters in one statement: a multi-row INSERT of a few
 * thousand rows with a dozen columns goes over. Bulk writes go through this, a slice at a time.
 */
export const INSERT_CHUNK = 1000;

export async function inChunks<T, R = void>(
  items: readonly T[],
  write: (chunk: T[]) => Promise<R>,
  size = INSERT_CHUNK,
): Promise<R[]> {
  const results: R[] = [];
  for (let start = 0; start < items.length; start += size) {
    results.push(await write(items.slice(start, start + size)));
  }
  return results;
}

/**
 * Runs `work` while the database runs `statement` (already issued), so that the two overlap: work
 * in this process on a machine with more than one core, or other statements on another
 * connection. Resolves with both results once both are done; if either fails it rejects, but
 * only after the statement has finished (the caller's transaction can then roll back at once),
 * and a failed statement is never reported as unhandled.
 */
export async function alongside<T, R>(
  statement: Promise<T>,
  work: () => R | Promise<R>,
): Promise<[T, R]> {
  statement.catch(() => undefined);
  // The statement goes out through a few promise steps: let them finish before work takes over.
  await new Promise((resolve) => setImmediate(resolve));
  let outcome: R;
  try {
    outcome = await work();
  } catch (error) {
    await statement.catch(() => undefined);
    throw error;
  }
  return [await statement, outcome];
}
