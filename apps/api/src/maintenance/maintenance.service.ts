import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { Db } from '../database/db';
import { queryRows } from '../database/query';
import { JobsService } from '../jobs/jobs.service';

export interface MaintenanceReport {
  idempotencyKeysDeleted: number;
}

/**
 * Housekeeping that runs every hour on the job queue (once across all API processes): forgets
 * Idempotency-Keys once their retention has passed.
 */
@Injectable()
export class MaintenanceService implements OnApplicationBootstrap {
  private readonly logger = new Logger(MaintenanceService.name);

  constructor(
    private readonly db: Db,
    private readonly jobs: JobsService,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.jobs.schedule('maintenance', '17 * * * *');
    await this.jobs.work('maintenance', async () => {
      await this.run();
    });
  }

  async run(): Promise<MaintenanceReport> {
    const hours = this.config.get('IDEMPOTENCY_KEY_RETENTION_HOURS');
    const [{ deleted }] = await queryRows<{ deleted: number }>(
      this.db.manager,
      `WITH gone AS (DELETE FROM idempotency_key WHERE created_at < now() - make_interval(hours => $1) RETURNING 1)
       SELECT count(*)::int AS deleted FROM gone`,
      [hours],
    );
    const report = { idempotencyKeysDeleted: deleted };
    if (deleted) this.logger.log(report, 'Housekeeping done');
    return report;
  }
}
