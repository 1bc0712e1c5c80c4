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
