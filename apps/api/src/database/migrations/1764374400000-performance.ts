import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes found missing by the API load benchmark (docs/performance.md, `npm run bench:api`) on
 * national-scale data: 100,000 students, 20,000 placements, 500,000 applications.
 */
export class Performance1764374400000 implements MigrationInterface {
  name = 'Performance1764374400000';

  async up(db: QueryRunner): Promise<void> {
    // Every application listed or returned looks up the match its offer made (the LATERAL in
    // applications/views.ts): without this, one scan of every match per application row.
    await db.query(
      `CREATE INDEX placement_match_application_idx ON placement_match (application_id, created_at DESC)
         WHERE application_id IS NOT NULL`,
    );
    // A coordinator's (and a provider's) list of matches in start-date order, read off the index.
    await db.query(
      `CREATE INDEX placement_match_university_start_idx ON placement_match (university_id, start_date, id)`,
    );
    await db.query(
      `CREATE INDEX placement_match_provider_start_idx ON placement_match (provider_id, start_date, id)`,
    );
    // Placement ratings (with every search page and placement read): each provider's feedback
    // counts and overall scores, per placement, from the index alone and already in group order.
    await db.query(
      `CREATE INDEX placement_feedback_provider_overall_idx ON placement_feedback (provider_id, placement_id)
         INCLUDE (overall)`,
    );
    // The people of an organisation in one role (who to notify): a university's few coordinators
    // among its thousands of students.
    await db.query(
      `CREATE INDEX app_user_organisation_role_idx ON app_user (organisation_id, role)`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX app_user_organisation_role_idx`);
    await db.query(`DROP INDEX placement_feedback_provider_overall_idx`);
    await db.query(`DROP INDEX placement_match_provider_start_idx`);
    await db.query(`DROP INDEX placement_match_university_start_idx`);
    await db.query(`DROP INDEX placement_match_application_idx`);
  }
}
