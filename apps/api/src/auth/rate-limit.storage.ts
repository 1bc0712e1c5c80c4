import type { ThrottlerStorage } from '@nestjs/throttler';
import type { DataSource } from 'typeorm';

/** The record the throttler's guard expects back (its type is not exported by name). */
type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/**
 * Rate-limit counts in PostgreSQL (table rate_limit), shared by every API process: with
 * API_WORKERS or several replicas, an address gets the limit once, not once per process as with
 * the throttler's own in-memory counts.
 *
 * Each key counts hits in a fixed window of `ttl` from its first hit. The hit that goes over the
 * limit blocks the key for `blockDuration`; while blocked every hit is refused (and counted),
 * and the count starts again once both the window and the block are over. One statement per
 * hit, on the pool rather than in any transaction of the request, so that a refused or failed
 * request still counts.
 */
export class DatabaseThrottlerStorage implements ThrottlerStorage {
  constructor(private readonly dataSource: DataSource) {}

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    const [row] = (await this.dataSource.query(
      `INSERT INTO rate_limit AS r (key, throttler, hits, window_ends_at, blocked_until)
       VALUES ($1, $2, 1, now() + $3 * interval '1 millisecond',
               CASE WHEN 1 > $4 THEN now() + $5 * interval '1 millisecond' END)
       ON CONFLICT (key, throttler) DO UPDATE SET
         hits = CASE WHEN r.window_ends_at <= now() AND NOT coalesce(r.blocked_until > now(), false)
                     THEN 1 ELSE r.hits + 1 END,
         window_ends_at = CASE WHEN r.window_ends_at <= now() AND NOT coalesce(r.blocked_until > now(), false)
                               THEN EXCLUDED.window_ends_at ELSE r.window_ends_at END,
         blocked_until = CASE
           WHEN r.blocked_until > now() THEN r.blocked_until
           WHEN (CASE WHEN r.window_ends_at <= now() THEN 1 ELSE r.hits + 1 END) > $4
             THEN now() + $5 * interval '1 millisecond'
         END
       RETURNING r.hits,
                 ceil(extract(epoch FROM r.window_ends_at - now()))::int AS window_seconds,
                 coalesce(r.blocked_until > now(), false) AS blocked,
                 coalesce(ceil(extract(epoch FROM r.blocked_until - now())), 0)::int AS block_seconds`,
      [key, throttlerName, ttl, limit, blockDuration],
    )) as { hits: number; window_seconds: number; blocked: boolean; block_seconds: number }[];
    return {
      totalHits: row.hits,
      timeToExpire: Math.max(0, row.window_seconds),
      isBlocked: row.blocked,
      timeToBlockExpire: row.blocked ? Math.max(0, row.block_seconds) : 0,
    };
  }
}
