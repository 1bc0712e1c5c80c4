import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';

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
  const name = prepare
    ? `q_${createHash('sha1').update(sql).digest('hex').slice(0, 24)}`
    : undefined;
  const result = await pool.query({ name, text: sql, values: params });
  return result.rows as T[];
}
