import {
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import PgBoss from 'pg-boss';
import type { EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { queryRows } from '../database/query';

export const QUEUES = ['email', 'maintenance', 'allocation', 'feedback'] as const;
export type QueueName = (typeof QUEUES)[number];
/** How long a stopping process waits for running jobs (see main.ts for the whole shutdown). */
export const JOBS_SHUTDOWN_TIMEOUT_MS = 20_000;

export interface EnqueueOptions {
  /** Seconds before the first retry; later retries back off exponentially. */
  retryDelay?: number;
  retryLimit?: number;
}

/**
 * Background jobs on pg-boss: the queue lives in the same PostgreSQL, so a job can be inserted in
 * the transaction that causes it (it exists if and only if the change committed), and several API
 * processes share the work without any job running twice.
 */
@Injectable()
export class JobsService implements OnModuleInit, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger(JobsService.name);
  readonly boss: PgBoss;
  /** This process's worker on each queue it works. */
  private readonly workers = new Map<QueueName, string>();

  constructor(private readonly config: AppConfig) {
    this.boss = new PgBoss({
      connectionString: config.get('DATABASE_URL'),
      schema: 'pgboss',
      max: 3,
      application_name: 'ahp-placements-jobs',
      // Keep finished jobs a week for troubleshooting, then let pg-boss delete them.
      deleteAfterDays: 7,
    });
    this.boss.on('error', (error) => this.logger.error({ err: error }, 'Job queue error'));
  }

  async onModuleInit(): Promise<void> {
    await this.boss.start();
    for (const name of QUEUES) {
      await this.boss.createQueue(name);
    }
  }

  private stopping?: Promise<void>;

  /**
   * First step of shutting down, before the HTTP server stops: take no new jobs. Jobs still
   * queued stay queued for another process (or the next start); running ones carry on.
   */
  async beforeApplicationShutdown(): Promise<void> {
    for (const name of QUEUES) await this.boss.offWork(name).catch(() => undefined);
  }

  /**
   * Waits up to JOBS_SHUTDOWN_TIMEOUT_MS for running handlers to finish, then closes pg-boss
   * (which marks any handler still running as failed, so it is retried elsewhere). Must happen
   * before the database pool closes, which handlers use: app.setup.ts calls it once the HTTP
   * server has closed, as Nest's own shutdown hooks give no order between this and TypeORM's.
   */
  stop(): Promise<void> {
    this.stopping ??= this.boss.stop({
      graceful: true,
      timeout: JOBS_SHUTDOWN_TIMEOUT_MS,
      wait: true,
    });
    return this.stopping;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  /** Inserts jobs as part of the caller's transaction: they exist if and only if it commits. */
  async enqueue(
    em: EntityManager,
    queue: QueueName,
    data: object[],
    options: EnqueueOptions = {},
  ): Promise<void> {
    if (data.length === 0) return;
    const jobs = data.map((item) => ({
      name: queue,
      data: item,
      retryLimit: options.retryLimit ?? 10,
      retryDelay: options.retryDelay ?? 30,
      retryBackoff: true,
    }));
    await this.boss.insert(jobs, {
      db: {
        executeSql: async (text: string, values: unknown[]) => ({
          rows: await queryRows(em, text, values),
        }),
      },
    });
  }

  /**
   * Runs a queue's job on a cron schedule (Europe/London time). pg-boss keeps one schedule per
   * queue in the database, so several API processes still make one job per tick.
   */
  async schedule(queue: QueueName, cron: string): Promise<void> {
    if (!this.config.get('JOBS_ENABLED')) return;
    await this.boss.schedule(queue, cron, {}, { tz: 'Europe/London', retryLimit: 2 });
  }

  /**
   * Runs `handler` for each job of a queue in this process (unless JOBS_ENABLED is false). Jobs
   * are fetched in batches and handled a few at a time, so a backlog (say, invitations for an
   * imported cohort) drains in seconds rather than one job per polling interval. A job whose
   * handler throws is failed on its own and retried later with back-off; the rest complete.
   */
  async work<T extends object>(
    queue: QueueName,
    handler: (data: T) => Promise<void>,
    options: { batchSize?: number; concurrency?: number } = {},
  ): Promise<void> {
    if (!this.config.get('JOBS_ENABLED')) return;
    const { batchSize = 20, concurrency = 4 } = options;
    const workerId = await this.boss.work<T>(
      queue,
      { batchSize, pollingIntervalSeconds: this.config.get('JOB_POLL_INTERVAL_SECONDS') },
      async (jobs) => {
        let next = 0;
        const lane = async () => {
          while (next < jobs.length) {
            const job = jobs[next++];
            try {
              await handler(job.data);
            } catch (error) {
              this.logger.warn(
                { err: error, queue, jobId: job.id },
                'Job failed; it will be retried',
              );
              // If even that fails (the database is down), pg-boss retries the job once it
              // expires; the other jobs of the batch must not fail with it.
              await this.boss
                .fail(queue, job.id, {
                  message: error instanceof Error ? error.message : String(error),
                })
                .catch((failed: unknown) =>
                  this.logger.warn(
                    { err: failed, queue, jobId: job.id },
                    'Could not record a failed job',
                  ),
                );
            }
          }
        };
        await Promise.all(Array.from({ length: Math.min(concurrency, jobs.length) }, lane));
      },
    );
    this.workers.set(queue, workerId);
  }

  /**
   * Asks this process's worker on `queue` to look for jobs now rather than at its next poll, for
   * a job someone is waiting for (it was just committed). Another process may still take it
   * first; without a worker here (JOBS_ENABLED false) the job waits for one elsewhere.
   */
  wake(queue: QueueName): void {
    const workerId = this.workers.get(queue);
    if (workerId) this.boss.notifyWorker(workerId);
  }
}
