import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sign-in rate limits counted in the database, so that every API process (API_WORKERS, replicas
 * behind a load balancer) shares one count per address instead of each allowing the limit.
 * UNLOGGED: a counter that lasts a minute is not worth writing ahead to the log, and after a
 * crash PostgreSQL empties the table, which only forgets the last minute's attempts.
 */
export class RateLimits1764460800000 implements MigrationInterface {
  name = 'RateLimits1764460800000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE UNLOGGED TABLE rate_limit (
        key text NOT NULL,
        throttler text NOT NULL,
        hits integer NOT NULL CONSTRAINT rate_limit_hits_check CHECK (hits > 0),
        window_ends_at timestamptz NOT NULL,
        blocked_until timestamptz,
        PRIMARY KEY (key, throttler)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE rate_limit`);
  }
}
