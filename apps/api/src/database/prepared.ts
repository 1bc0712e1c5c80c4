import { createHash } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';

/**
 * Runs a read as a named prepared statement straight on the pool. PostgreSQL then plans each
 * distinct statement once per connection instead of on every call, which for a search with
 * several partial indexes is most of the work (about 1 ms of planning against well under 1 ms of
 * execution). The SQL text must hold values only as $n parameters: each distinct text becomes
 * a statement kept for the life of the connection. With `prepare` false the statement is planned
 * for its actual values each time, for queries whose best plan depends on them (text search:
 * a common word is best found by walking the date index, a rare one through the text index).
 */
export async function preparedRows<T>(
  dataSource: DataSource,
  sql: string,
  params: unknown[],
  prepare = true,
): Promise<T[]> {
  const pool = (dataSource.driver as unknown as { master: Pool }).master;
  const name = prepare ? statementName(sql) : undefined;
  const result = await pool.query({ name, text: sql, values: params });
  return result.rows as T[];
}

/**
 * Like preparedRows, on the manager's connection: inside the current transaction when there is
 * one (so it sees that transaction's writes and its locks hold), otherwise on a pooled connection.
 * For hot reads whose plan does not depend on the values: a lookup by primary key, or a page read
 * off an index in its order. Planning their six-way joins took 2–10 ms a call; running them well
 * under 1 ms (docs/performance.md).
 */
export async function preparedRowsOn<T>(
  em: EntityManager,
  sql: string,
  params: unknown[],
): Promise<T[]> {
  const query = { name: statementName(sql), text: sql, values: params };
  if (!em.queryRunner) {
    // No transaction: straight on the pool, as preparedRows does (a TypeORM query runner per read
    // costs more than the read).
    const pool = (em.connection.driver as unknown as { master: Pool }).master;
    return (await pool.query(query)).rows as T[];
  }
  const client = (await em.queryRunner.connect()) as PoolClient;
  return (await client.query(query)).rows as T[];
}

const names = new Map<string, string>();

function statementName(sql: string): string {
  let name = names.get(sql);
  if (!name) {
    name = `q_${createHash('sha1').update(sql).digest('hex').slice(0, 24)}`;
    if (names.size < 10_000) names.set(sql, name);
  }
  return name;
}
