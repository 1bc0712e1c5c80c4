import { Logger } from '@nestjs/common';
import { types } from 'pg';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

// Calendar dates stay 'YYYY-MM-DD' strings in raw queries too: pg would otherwise turn them into
// Date objects at local midnight, which shift by a day in any time zone west of UTC.
types.setTypeParser(types.builtins.DATE, (value: string) => value);

export interface DatabaseSettings {
  url: string;
  poolSize?: number;
  applicationName?: string;
}

/**
 * The one description of the database, used by the app and by the migration commands.
 * The schema only ever changes through migrations: `synchronize` is off and not configurable.
 */
export function dataSourceOptions(settings: DatabaseSettings): DataSourceOptions {
  return {
    type: 'postgres',
    url: settings.url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migration',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    applicationName: settings.applicationName ?? 'ahp-placements',
    extra: {
      max: settings.poolSize ?? 10,
      // A statement that runs this long is a bug or an attack; fail it rather than pile up.
      statement_timeout: 30_000,
      // Named (prepared) statements are only used for hot reads (see prepared.ts); plan them once
      // per connection rather than re-planning each call, which PostgreSQL otherwise does when
      // its generic plan looks costlier than the custom ones (always, with partial indexes).
      options: '-c plan_cache_mode=force_generic_plan',
      idle_in_transaction_session_timeout: 60_000,
      connectionTimeoutMillis: 5_000,
    },
  };
}

/** Any fixed number works; it only has to be the same in every process that migrates. */
const MIGRATION_LOCK_KEY = 728_311_902;

/**
 * Applies pending migrations while holding an advisory lock, so several API processes starting
 * at once migrate one after another instead of racing.
 */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((migration) => migration.name);
  } finally {
    await runner
      .query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY])
      .catch(() => undefined);
    await runner.release();
  }
}

export async function revertLastMigration(dataSource: DataSource): Promise<void> {
  await dataSource.undoLastMigration({ transaction: 'each' });
}

interface PgPool {
  on(event: 'connect', listener: (client: PgClient) => void): void;
  _clients?: PgClient[];
}
interface PgClient {
  on(event: 'error', listener: (error: Error) => void): void;
}

/**
 * Every connection of the pool gets an 'error' listener of its own. TypeORM listens only while
 * a query runner holds the connection, so a connection the server ends (a restart: "terminating
 * connection due to administrator command") between two uses had nobody listening, and Node
 * ends the process on an unheard 'error'. The failure still reaches whatever query was using
 * the connection; the pool drops the broken client and opens a new one.
 */
export function guardConnections(dataSource: DataSource): void {
  const pool = (dataSource.driver as unknown as { master?: PgPool }).master;
  if (!pool) return;
  const logger = new Logger('Database');
  const guard = (client: PgClient) =>
    client.on('error', (error) => logger.warn(`A database connection failed: ${error.message}`));
  pool.on('connect', guard);
  for (const client of pool._clients ?? []) guard(client);
}
