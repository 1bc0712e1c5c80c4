import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { Db } from '../database/db';
import { queryRows } from '../database/query';
import { JobsService } from '../jobs/jobs.service';

export interface MaintenanceReport {
  idempotencyKeysDeleted: number;
  sessionsDeleted: number;
  invitationsDeleted: number;
  notificationsDeleted: number;
  signInFailuresForgotten: number;
  rateLimitsForgotten: number;
}

/**
 * How long records that only serve their moment are kept (docs/privacy.md): ended sessions and
 * spent invitations for 30 days (long enough to investigate a problem with them), notifications
 * for a year after they were read or two years if never read; counts of failed sign-ins 30 days
 * after the last failure (once any lockout has ended).
 */
export const RETENTION = {
  sessionDays: 30,
  invitationDays: 30,
  signInFailureDays: 30,
  readNotificationDays: 365,
  unreadNotificationDays: 730,
} as const;

/**
 * Housekeeping that runs every hour on the job queue (once across all API processes): forgets
 * Idempotency-Keys, ended sessions, spent invitations and old notifications once their retention
 * has passed.
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
    /** Runs a DELETE and says how many rows it removed. */
    const count = async (sql: string, params: unknown[]) =>
      (
        await queryRows<{ deleted: number }>(
          this.db.manager,
          `WITH gone AS (${sql} RETURNING 1) SELECT count(*)::int AS deleted FROM gone`,
          params,
        )
      )[0].deleted;
    const report: MaintenanceReport = {
      idempotencyKeysDeleted: await count(
        `DELETE FROM idempotency_key WHERE created_at < now() - make_interval(hours => $1)`,
        [this.config.get('IDEMPOTENCY_KEY_RETENTION_HOURS')],
      ),
      sessionsDeleted: await count(
        `DELETE FROM user_session WHERE coalesce(revoked_at, expires_at) < now() - make_interval(days => $1)`,
        [RETENTION.sessionDays],
      ),
      invitationsDeleted: await count(
        `DELETE FROM invitation WHERE coalesce(accepted_at, revoked_at, expires_at) < now() - make_interval(days => $1)
            AND (accepted_at IS NOT NULL OR revoked_at IS NOT NULL OR expires_at < now())`,
        [RETENTION.invitationDays],
      ),
      signInFailuresForgotten: await count(
        `DELETE FROM auth_failure WHERE last_failure_at < now() - make_interval(days => $1)
            AND (locked_until IS NULL OR locked_until < now())`,
        [RETENTION.signInFailureDays],
      ),
      rateLimitsForgotten: await count(
        `DELETE FROM rate_limit WHERE window_ends_at < now()
            AND (blocked_until IS NULL OR blocked_until < now())`,
        [],
      ),
      notificationsDeleted: await count(
        `DELETE FROM notification WHERE (read_at < now() - make_interval(days => $1))
            OR (read_at IS NULL AND created_at < now() - make_interval(days => $2))`,
        [RETENTION.readNotificationDays, RETENTION.unreadNotificationDays],
      ),
    };
    if (Object.values(report).some(Boolean)) this.logger.log(report, 'Housekeeping done');
    return report;
  }
}
