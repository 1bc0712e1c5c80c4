import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import PgBoss from 'pg-boss';
import type { EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { queryRows } from '../database/query';

export const QUEUES = ['email', 'maintenance', 'allocation', 'feedback'] as const;
export type QueueName = (typeof QUEUES)[number];

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
export class JobsService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(JobsService.name);
  readonly boss: PgBoss;

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

  async onApplicationShutdown(): Promise<void> {
    // Lets running handlers finish (graceful) before the pool closes.
    await this.boss.stop({ graceful: true, timeout: 20_000, wait: true });
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
    await this.boss.work<T>(
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
              await this.boss.fail(queue, job.id, {
                message: error instanceof Error ? error.message : String(error),
              });
            }
          }
        };
        await Promise.all(Array.from({ length: Math.min(concurrency, jobs.length) }, lane));
      },
    );
  }
}
