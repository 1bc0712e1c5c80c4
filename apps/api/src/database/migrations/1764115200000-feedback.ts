import type { MigrationInterface, QueryRunner } from 'typeorm';

const score = (table: string, column: string) =>
  `${column} smallint NOT NULL CONSTRAINT ${table}_${column}_check CHECK (${column} BETWEEN 1 AND 5)`;

export class Feedback1764115200000 implements MigrationInterface {
  name = 'Feedback1764115200000';

  async up(db: QueryRunner): Promise<void> {
    // The student's feedback on a placement: one per match. The placement, provider and
    // university are copied from the match so that aggregates read one table and survive the
    // student's account being erased (student_id then becomes null).
    await db.query(`
      CREATE TABLE placement_feedback (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        match_id uuid NOT NULL CONSTRAINT placement_feedback_match_fkey REFERENCES placement_match (id) ON DELETE RESTRICT
          CONSTRAINT placement_feedback_match_key UNIQUE,
        student_id uuid CONSTRAINT placement_feedback_student_fkey REFERENCES app_user (id) ON DELETE SET NULL,
        placement_id uuid NOT NULL CONSTRAINT placement_feedback_placement_fkey REFERENCES placement (id) ON DELETE RESTRICT,
        provider_id uuid NOT NULL CONSTRAINT placement_feedback_provider_fkey REFERENCES organisation (id),
        university_id uuid NOT NULL CONSTRAINT placement_feedback_university_fkey REFERENCES organisation (id),
        ${score('placement_feedback', 'induction')},
        ${score('placement_feedback', 'supervision')},
        ${score('placement_feedback', 'facilities')},
        ${score('placement_feedback', 'learning_opportunities')},
        ${score('placement_feedback', 'teamwork')},
        ${score('placement_feedback', 'overall')},
        would_recommend boolean NOT NULL,
        comment text CONSTRAINT placement_feedback_comment_check CHECK (char_length(comment) <= 2000),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(
      `CREATE INDEX placement_feedback_placement_idx ON placement_feedback (placement_id, created_at)`,
    );
    await db.query(
      `CREATE INDEX placement_feedback_provider_idx ON placement_feedback (provider_id, created_at)`,
    );
    await db.query(
      `CREATE INDEX placement_feedback_university_idx ON placement_feedback (university_id, created_at)`,
    );

    // The practice educator's feedback on the student, with the hours the placement gave.
    await db.query(`
      CREATE TABLE educator_feedback (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        match_id uuid NOT NULL CONSTRAINT educator_feedback_match_fkey REFERENCES placement_match (id) ON DELETE RESTRICT
          CONSTRAINT educator_feedback_match_key UNIQUE,
        author_id uuid CONSTRAINT educator_feedback_author_fkey REFERENCES app_user (id) ON DELETE SET NULL,
        student_id uuid CONSTRAINT educator_feedback_student_fkey REFERENCES app_user (id) ON DELETE SET NULL,
        placement_id uuid NOT NULL CONSTRAINT educator_feedback_placement_fkey REFERENCES placement (id) ON DELETE RESTRICT,
        provider_id uuid NOT NULL CONSTRAINT educator_feedback_provider_fkey REFERENCES organisation (id),
        university_id uuid NOT NULL CONSTRAINT educator_feedback_university_fkey REFERENCES organisation (id),
        domains jsonb NOT NULL CONSTRAINT educator_feedback_domains_check CHECK (jsonb_typeof(domains) = 'object'),
        outcome text NOT NULL CONSTRAINT educator_feedback_outcome_check CHECK (outcome IN ('pass', 'refer', 'fail')),
        comment text CONSTRAINT educator_feedback_comment_check CHECK (char_length(comment) <= 2000),
        practice_hours numeric(6,2) CONSTRAINT educator_feedback_hours_check CHECK (practice_hours BETWEEN 0 AND 2000),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(
      `CREATE INDEX educator_feedback_student_idx ON educator_feedback (student_id) WHERE student_id IS NOT NULL`,
    );
    await db.query(
      `CREATE INDEX educator_feedback_university_idx ON educator_feedback (university_id, created_at)`,
    );

    // Feedback requests: sent once when the placement ends, with one reminder.
    await db.query(`ALTER TABLE placement_match
      ADD COLUMN feedback_requested_at timestamptz,
      ADD COLUMN feedback_reminded_at timestamptz`);
    await db.query(
      `CREATE INDEX placement_match_feedback_due_idx ON placement_match (end_date)
        WHERE status IN ('approved', 'completed') AND feedback_reminded_at IS NULL`,
    );

    // Practice hours a student completed before their placements were recorded here.
    await db.query(`ALTER TABLE student_profile
      ADD COLUMN prior_practice_hours numeric(6,1) NOT NULL DEFAULT 0
        CONSTRAINT student_profile_prior_hours_check CHECK (prior_practice_hours BETWEEN 0 AND 5000)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE student_profile DROP COLUMN prior_practice_hours`);
    await db.query(`DROP INDEX placement_match_feedback_due_idx`);
    await db.query(
      `ALTER TABLE placement_match DROP COLUMN feedback_requested_at, DROP COLUMN feedback_reminded_at`,
    );
    await db.query(`DROP TABLE educator_feedback`);
    await db.query(`DROP TABLE placement_feedback`);
  }
}
