import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AllocationRounds1764028800000 implements MigrationInterface {
  name = 'AllocationRounds1764028800000';

  async up(db: QueryRunner): Promise<void> {
    // What an allocation round needs to know about a student beyond their applications: which
    // placement requirements they have met (DBS, occupational health, …) and whether they are
    // allocated first (reasonable adjustments, caring responsibilities), as the coordinator records.
    await db.query(`ALTER TABLE student_profile
      ADD COLUMN compliance text[] NOT NULL DEFAULT '{}',
      ADD COLUMN allocation_priority smallint NOT NULL DEFAULT 0
        CONSTRAINT student_profile_allocation_priority_check CHECK (allocation_priority BETWEEN 0 AND 10)`);

    await db.query(`
      CREATE TABLE allocation_round (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL CONSTRAINT allocation_round_name_check CHECK (char_length(name) BETWEEN 1 AND 200),
        -- The coordinator's university for their rounds; null for an admin's round.
        organisation_id uuid CONSTRAINT allocation_round_organisation_fkey REFERENCES organisation (id),
        -- The universities whose students take part; null means every university.
        university_ids uuid[],
        start_from date NOT NULL,
        start_to date NOT NULL,
        professions text[] NOT NULL DEFAULT '{}',
        seed text CONSTRAINT allocation_round_seed_check CHECK (char_length(seed) <= 100),
        policy text NOT NULL DEFAULT 'stable' CONSTRAINT allocation_round_policy_check CHECK (policy IN ('stable', 'welfare')),
        status text NOT NULL DEFAULT 'draft'
          CONSTRAINT allocation_round_status_check CHECK (status IN ('draft', 'running', 'proposed', 'approved', 'failed')),
        phase text,
        run_count integer NOT NULL DEFAULT 0,
        inputs_fingerprint text,
        students integer,
        placements integer,
        matched integer,
        unmatched jsonb NOT NULL DEFAULT '[]',
        rank_counts integer[] NOT NULL DEFAULT '{}',
        duration_ms integer,
        error text,
        created_by uuid CONSTRAINT allocation_round_created_by_fkey REFERENCES app_user (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        ran_by uuid CONSTRAINT allocation_round_ran_by_fkey REFERENCES app_user (id) ON DELETE SET NULL,
        ran_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT allocation_round_window_check CHECK (start_to >= start_from)
      )`);
    await db.query(
      `CREATE INDEX allocation_round_organisation_idx ON allocation_round (organisation_id, created_at DESC, id)`,
    );

    // A proposal remembers its round, which run of it made it, and the rank the student got.
    await db.query(`ALTER TABLE placement_match
      ADD COLUMN round_id uuid CONSTRAINT placement_match_round_fkey REFERENCES allocation_round (id) ON DELETE RESTRICT,
      ADD COLUMN round_run integer,
      ADD COLUMN student_rank smallint`);
    await db.query(
      `CREATE INDEX placement_match_round_idx ON placement_match (round_id, round_run, status) WHERE round_id IS NOT NULL`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX placement_match_round_idx`);
    await db.query(
      `ALTER TABLE placement_match DROP COLUMN round_id, DROP COLUMN round_run, DROP COLUMN student_rank`,
    );
    await db.query(`DROP TABLE allocation_round`);
    await db.query(
      `ALTER TABLE student_profile DROP COLUMN compliance, DROP COLUMN allocation_priority`,
    );
  }
}
