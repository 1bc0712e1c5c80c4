import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Privacy1764288000000 implements MigrationInterface {
  name = 'Privacy1764288000000';

  async up(db: QueryRunner): Promise<void> {
    // A student erased at an admin's request (UK GDPR article 17): the row stays so that matches
    // keep their place in capacity history, but it no longer says who the person was.
    await db.query(`ALTER TABLE app_user DROP CONSTRAINT app_user_status_check`);
    await db.query(`ALTER TABLE app_user
      ADD CONSTRAINT app_user_status_check CHECK (status IN ('invited', 'active', 'erased')),
      ADD COLUMN erased_at timestamptz,
      ADD CONSTRAINT app_user_erased_check CHECK ((status = 'erased') = (erased_at IS NOT NULL))`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(
      `ALTER TABLE app_user DROP CONSTRAINT app_user_erased_check, DROP COLUMN erased_at`,
    );
    await db.query(`ALTER TABLE app_user DROP CONSTRAINT app_user_status_check`);
    await db.query(
      `ALTER TABLE app_user ADD CONSTRAINT app_user_status_check CHECK (status IN ('invited', 'active'))`,
    );
  }
}
