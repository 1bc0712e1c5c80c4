import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { FEEDBACK_EDIT_DAYS } from '@ahp/contracts';
import { Db } from '../database/db';
import { queryRows } from '../database/query';
import { JobsService } from '../jobs/jobs.service';
import { NotificationsService } from '../notifications/notifications.service';

/** Placements that ended longer ago than this when the platform first looks get no request. */
const LOOK_BACK_DAYS = 60;
/** A reminder goes this many days after the request, if the feedback is still missing. */
export const REMINDER_AFTER_DAYS = 7;

export interface FeedbackRequestsReport {
  requested: number;
  reminded: number;
}

interface DueRow {
  id: string;
  student_id: string;
  provider_id: string;
  title: string;
  student_name: string;
  educator_feedback: boolean;
}

/**
 * Asks for feedback when a placement ends: the student (in the app and by e-mail) for theirs,
 * and the provider's people for the educator's feedback on the student; one reminder to the
 * student a week later if theirs is still missing. Runs hourly on the job queue (once across all
 * API processes); each match is claimed by a guarded update, so nobody is asked twice.
 */
@Injectable()
export class FeedbackRequestsService implements OnApplicationBootstrap {
  private readonly logger = new Logger(FeedbackRequestsService.name);

  constructor(
    private readonly db: Db,
    private readonly jobs: JobsService,
    private readonly notifications: NotificationsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.jobs.schedule('feedback', '23 * * * *');
    await this.jobs.work('feedback', async () => {
      await this.run();
    });
  }

  /** Sends what is due now. `today` (YYYY-MM-DD) stands in for the current date in tests. */
  async run(today?: string): Promise<FeedbackRequestsReport> {
    return this.db.transaction(async (em) => {
      const day = today ?? null;
      const requested = await queryRows<DueRow>(
        em,
        `UPDATE placement_match m SET feedback_requested_at = now()
           FROM placement p, app_user u
          WHERE p.id = m.placement_id AND u.id = m.student_id
            AND m.status IN ('approved', 'completed') AND m.feedback_requested_at IS NULL
            AND m.end_date < coalesce($1::date, current_date)
            AND m.end_date >= coalesce($1::date, current_date) - $2::int
         RETURNING m.id, m.student_id, m.provider_id, p.title, u.name AS student_name,
           EXISTS (SELECT 1 FROM educator_feedback e WHERE e.match_id = m.id) AS educator_feedback,
           EXISTS (SELECT 1 FROM placement_feedback f WHERE f.match_id = m.id) AS student_feedback`,
        [day, LOOK_BACK_DAYS],
      );
      for (const match of requested as (DueRow & { student_feedback: boolean })[]) {
        if (!match.student_feedback) {
          await this.notifications.notify(em, [match.student_id], {
            kind: 'feedback.requested',
            title: `How was your placement? ${match.title}`,
            body: `Your placement on ${match.title} has ended. Tell us how it went: your feedback helps future students and the placement team. It takes about 3 minutes, and you can change it for ${FEEDBACK_EDIT_DAYS} days.`,
            link: `/my-placements/${match.id}/feedback`,
          });
        }
        if (!match.educator_feedback) {
          await this.notifications.notify(
            em,
            await this.notifications.peopleOf(em, match.provider_id, 'provider'),
            {
              kind: 'educator_feedback.requested',
              title: `Record feedback on ${match.student_name}`,
              body: `${match.student_name}'s placement on ${match.title} has ended. Record your assessment, the outcome and their practice hours.`,
              link: `/matches/${match.id}/educator-feedback`,
            },
          );
        }
      }
      const reminded = await queryRows<DueRow>(
        em,
        `UPDATE placement_match m SET feedback_reminded_at = now()
           FROM placement p
          WHERE p.id = m.placement_id
            AND m.status IN ('approved', 'completed') AND m.feedback_reminded_at IS NULL
            AND m.feedback_requested_at < now() - make_interval(days => $1)
            AND NOT EXISTS (SELECT 1 FROM placement_feedback f WHERE f.match_id = m.id)
         RETURNING m.id, m.student_id, p.title`,
        [REMINDER_AFTER_DAYS],
      );
      for (const match of reminded) {
        await this.notifications.notify(em, [match.student_id], {
          kind: 'feedback.reminder',
          title: `Reminder: feedback on ${match.title}`,
          body: `We have not yet heard how your placement on ${match.title} went. The provider only ever sees answers combined with at least two other students'.`,
          link: `/my-placements/${match.id}/feedback`,
        });
      }
      const report = { requested: requested.length, reminded: reminded.length };
      if (report.requested || report.reminded) this.logger.log(report, 'Feedback requests sent');
      return report;
    });
  }
}
