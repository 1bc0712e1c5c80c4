import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Authentication hardening (issue 7): failed-attempt counters and lockouts kept in the database
 * (so every API process sees the same ones), TOTP second factor with hashed recovery codes, and a
 * per-user token version that makes every access token issued before a password change useless.
 */
export class AuthHardening1764201600000 implements MigrationInterface {
  name = 'AuthHardening1764201600000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE app_user ADD COLUMN token_version integer NOT NULL DEFAULT 0`);

    // One row per thing being guessed at: an account (by the SHA-256 of its e-mail address, so an
    // unknown address behaves exactly like a known one) or an invitation (by its token's hash).
    await db.query(`
      CREATE TABLE auth_failure (
        subject bytea PRIMARY KEY,
        failures integer NOT NULL DEFAULT 0 CONSTRAINT auth_failure_failures_check CHECK (failures >= 0),
        lockouts integer NOT NULL DEFAULT 0 CONSTRAINT auth_failure_lockouts_check CHECK (lockouts >= 0),
        locked_until timestamptz,
        last_failure_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX auth_failure_last_failure_idx ON auth_failure (last_failure_at)`);

    await db.query(`
      CREATE TABLE user_mfa (
        user_id uuid PRIMARY KEY CONSTRAINT user_mfa_user_fkey REFERENCES app_user (id) ON DELETE CASCADE,
        secret_ciphertext bytea NOT NULL,
        confirmed_at timestamptz,
        last_used_step bigint,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);

    await db.query(`
      CREATE TABLE mfa_recovery_code (
        user_id uuid NOT NULL CONSTRAINT mfa_recovery_code_user_fkey REFERENCES app_user (id) ON DELETE CASCADE,
        code_hash bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        used_at timestamptz,
        PRIMARY KEY (user_id, code_hash)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE mfa_recovery_code`);
    await db.query(`DROP TABLE user_mfa`);
    await db.query(`DROP TABLE auth_failure`);
    await db.query(`ALTER TABLE app_user DROP COLUMN token_version`);
  }
}
