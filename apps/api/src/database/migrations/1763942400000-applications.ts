import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Applications1763942400000 implements MigrationInterface {
  name = 'Applications1763942400000';

  async up(db: QueryRunner): Promise<void> {
    // For the exclusion constraint below: equality on a uuid inside a GiST index.
    await db.query(`CREATE EXTENSION IF NOT EXISTS btree_gist`);

    // Private to the student and their coordinator unless the student shares them with a provider.
    await db.query(`ALTER TABLE student_profile ADD COLUMN reasonable_adjustments text
      CONSTRAINT student_profile_adjustments_length_check CHECK (char_length(reasonable_adjustments) <= 2000)`);

    await db.query(`
      CREATE TABLE application (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        student_id uuid NOT NULL CONSTRAINT application_student_fkey REFERENCES app_user (id) ON DELETE RESTRICT,
        placement_id uuid NOT NULL CONSTRAINT application_placement_fkey REFERENCES placement (id) ON DELETE RESTRICT,
        status text NOT NULL DEFAULT 'submitted'
          CONSTRAINT application_status_check CHECK (status IN ('submitted', 'offered', 'declined', 'withdrawn')),
        rank smallint NOT NULL CONSTRAINT application_rank_check CHECK (rank BETWEEN 1 AND 100),
        statement text CONSTRAINT application_statement_length_check CHECK (char_length(statement) <= 3000),
        share_adjustments boolean NOT NULL DEFAULT false,
        provider_rank smallint CONSTRAINT application_provider_rank_check CHECK (provider_rank >= 1),
        decline_reason text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // One live (submitted or offered) application per student and placement.
    await db.query(
      `CREATE UNIQUE INDEX application_live_key ON application (student_id, placement_id) WHERE status IN ('submitted', 'offered')`,
    );
    await db.query(`CREATE INDEX application_student_idx ON application (student_id, rank, id)`);
    await db.query(
      `CREATE INDEX application_placement_idx ON application (placement_id, created_at, id)`,
    );

    await db.query(`
      CREATE TABLE placement_match (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        student_id uuid NOT NULL CONSTRAINT placement_match_student_fkey REFERENCES app_user (id) ON DELETE RESTRICT,
        placement_id uuid NOT NULL CONSTRAINT placement_match_placement_fkey REFERENCES placement (id) ON DELETE RESTRICT,
        application_id uuid CONSTRAINT placement_match_application_fkey REFERENCES application (id) ON DELETE SET NULL,
        university_id uuid NOT NULL CONSTRAINT placement_match_university_fkey REFERENCES organisation (id),
        provider_id uuid NOT NULL CONSTRAINT placement_match_provider_fkey REFERENCES organisation (id),
        source text NOT NULL CONSTRAINT placement_match_source_check CHECK (source IN ('offer', 'allocation')),
        status text NOT NULL DEFAULT 'proposed'
          CONSTRAINT placement_match_status_check CHECK (status IN ('proposed', 'approved', 'rejected', 'completed', 'cancelled')),
        start_date date NOT NULL,
        end_date date NOT NULL,
        reason text,
        decided_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT placement_match_dates_check CHECK (end_date >= start_date),
        -- A student never holds two approved (or completed) placements whose dates overlap,
        -- however many requests race to approve them.
        CONSTRAINT placement_match_no_overlap EXCLUDE USING gist (
          student_id WITH =, daterange(start_date, end_date, '[]') WITH &&
        ) WHERE (status IN ('approved', 'completed'))
      )`);
    await db.query(
      `CREATE UNIQUE INDEX placement_match_live_key ON placement_match (student_id, placement_id) WHERE status IN ('proposed', 'approved', 'completed')`,
    );
    await db.query(
      `CREATE INDEX placement_match_university_idx ON placement_match (university_id, status, created_at, id)`,
    );
    await db.query(
      `CREATE INDEX placement_match_placement_idx ON placement_match (placement_id, status)`,
    );
    await db.query(
      `CREATE INDEX placement_match_student_idx ON placement_match (student_id, status)`,
    );
    await db.query(
      `CREATE INDEX placement_match_provider_idx ON placement_match (provider_id, status, created_at, id)`,
    );

    await db.query(`
      CREATE TABLE notification (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL CONSTRAINT notification_user_fkey REFERENCES app_user (id) ON DELETE CASCADE,
        kind varchar(50) NOT NULL,
        title varchar(200) NOT NULL,
        body text NOT NULL,
        link varchar(300),
        created_at timestamptz NOT NULL DEFAULT now(),
        read_at timestamptz
      )`);
    await db.query(
      `CREATE INDEX notification_user_idx ON notification (user_id, created_at DESC, id)`,
    );
    await db.query(
      `CREATE INDEX notification_unread_idx ON notification (user_id) WHERE read_at IS NULL`,
    );

    // Idempotency-Key: the first response to a key, stored in the same transaction as its effect.
    await db.query(`
      CREATE TABLE idempotency_key (
        actor_id uuid NOT NULL,
        key varchar(200) NOT NULL,
        method varchar(10) NOT NULL,
        path varchar(500) NOT NULL,
        request_hash bytea NOT NULL,
        status_code smallint,
        response jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT idempotency_key_pkey PRIMARY KEY (actor_id, key)
      )`);
    await db.query(`CREATE INDEX idempotency_key_created_idx ON idempotency_key (created_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE idempotency_key`);
    await db.query(`DROP TABLE notification`);
    await db.query(`DROP TABLE placement_match`);
    await db.query(`DROP TABLE application`);
    await db.query(`ALTER TABLE student_profile DROP COLUMN reasonable_adjustments`);
  }
}
