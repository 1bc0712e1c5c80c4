import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { Counter, Gauge } from 'prom-client';
import { AppConfig } from '../config/app-config';
import { MetricsService } from '../metrics/metrics.service';
import { TokenStateCache } from './token-state.cache';

export const TOKEN_STATE_CHANNEL = 'token_state';
/** How often the listener proves to itself that it hears announcements. */
const HEARTBEAT_MS = 5_000;
const RECONNECT_MIN_MS = 500;
const RECONNECT_MAX_MS = 30_000;

/**
 * One connection per API process that LISTENs for `token_state` announcements (see
 * TokenStateCache) and passes them on. It also sends itself a heartbeat through the channel every
 * few seconds: the cache is trusted only while those come back, so a listener that silently stops
 * hearing (a broken connection, or a transaction-mode pooler that cannot carry LISTEN) turns the
 * cache off instead of leaving it stale. When the connection ends, or stays open but no heartbeat
 * has come back for three beats, the cache is emptied and the listener reconnects, with a delay
 * that grows (to 30 s) until a heartbeat comes back again.
 */
@Injectable()
export class TokenStateListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(TokenStateListener.name);
  private client: Client | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private reconnect: NodeJS.Timeout | null = null;
  private delay = RECONNECT_MIN_MS;
  private stopped = false;
  private readonly nonce = `~${randomUUID()}`;
  /** When the current connection was made, and when a heartbeat last came back on it. */
  private connectedAt = 0;
  private heardAt = 0;
  /** Between heartbeats (tests shorten it; it applies from the next connection). */
  heartbeatMs = HEARTBEAT_MS;

  /** How long one proof lasts: kept answers are used only this long after a heartbeat came back. */
  private get trustMs(): number {
    return 3 * this.heartbeatMs;
  }

  constructor(
    private readonly cache: TokenStateCache,
    private readonly config: AppConfig,
    metrics: MetricsService,
  ) {
    new Counter({
      name: 'token_state_cache_lookups_total',
      help: "The access guard's checks of a person and session: answered from this process's cache (hit) or not (miss)",
      labelNames: ['result'] as const,
      registers: [metrics.registry],
      collect() {
        this.reset();
        this.inc({ result: 'hit' }, cache.hits);
        this.inc({ result: 'miss' }, cache.misses);
      },
    });
    new Gauge({
      name: 'token_state_cache_listening',
      help: '1 while this process hears session changes announced by the database (its cache is in use), else 0',
      registers: [metrics.registry],
      aggregator: 'min',
      collect() {
        this.set(cache.usable ? 1 : 0);
      },
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.cache.maxAgeMs > 0) await this.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.cache.distrust();
    if (this.heartbeat) clearInterval(this.heartbeat);
    if (this.reconnect) clearTimeout(this.reconnect);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  /** Whether the listener is connected and its last heartbeat came back in time. */
  get listening(): boolean {
    return this.cache.usable;
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new Client({
      connectionString: this.config.get('DATABASE_URL'),
      application_name: 'ahp-placements-token-state',
      connectionTimeoutMillis: 5_000,
    });
    client.on('notification', ({ channel, payload }) => {
      if (channel !== TOKEN_STATE_CHANNEL || !payload) return;
      if (payload === this.nonce) {
        this.heardAt = Date.now();
        this.delay = RECONNECT_MIN_MS;
        this.cache.trustUntil(this.heardAt + this.trustMs);
      } else if (payload === '*') this.cache.forgetEveryone();
      else if (!payload.startsWith('~')) this.cache.changed(payload);
    });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${TOKEN_STATE_CHANNEL}`);
    } catch (error) {
      this.lost(client, error as Error);
      return;
    }
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.connectedAt = Date.now();
    this.beat();
    this.heartbeat = setInterval(() => this.beat(), this.heartbeatMs);
    this.heartbeat.unref();
  }

  private beat(): void {
    const client = this.client;
    if (!client) return;
    // A connection that stays open but no longer hears its own heartbeats (half-open behind a
    // proxy, or a pooler that does not carry LISTEN) would otherwise leave the cache off for good.
    const silent = Date.now() - Math.max(this.connectedAt, this.heardAt);
    if (silent > this.trustMs) {
      this.lost(client, new Error(`no heartbeat came back for ${Math.round(silent / 1000)} s`));
      return;
    }
    client
      .query('SELECT pg_notify($1, $2)', [TOKEN_STATE_CHANNEL, this.nonce])
      .catch(() => undefined);
  }

  private lost(client: Client, error?: Error): void {
    if (this.client !== null && this.client !== client) return;
    this.client = null;
    this.cache.distrust();
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
    client.removeAllListeners('end');
    client.end().catch(() => undefined);
    if (this.stopped || this.reconnect) return;
    this.logger.warn(
      `Not listening for session changes${error ? ` (${error.message})` : ''}; every request checks the database until it reconnects`,
    );
    this.reconnect = setTimeout(() => {
      this.reconnect = null;
      void this.connect();
    }, this.delay);
    this.reconnect.unref();
    this.delay = Math.min(this.delay * 2, RECONNECT_MAX_MS);
  }
}
