import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tells every API process, by NOTIFY on the channel `token_state`, whenever something the access
 * guard checks changes: a person's role, status or token version, a session's revocation or
 * expiry, a two-step verification being confirmed or removed. Each process keeps the guard's
 * answers for a short while and forgets a person's the moment their notification arrives
 * (auth/token-state.cache.ts). The payload is the person's id, or `*` after a TRUNCATE.
 * NOTIFY is transactional: it is delivered when (and only if) the change commits.
 */
export class TokenStateNotify1764547200000 implements MigrationInterface {
  name = 'TokenStateNotify1764547200000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE FUNCTION notify_token_state() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_LEVEL = 'STATEMENT' THEN
          PERFORM pg_notify('token_state', '*');
        ELSIF TG_TABLE_NAME = 'app_user' THEN
          PERFORM pg_notify('token_state', (CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END)::text);
        ELSE
          PERFORM pg_notify('token_state',
            (CASE WHEN TG_OP = 'DELETE' THEN OLD.user_id ELSE NEW.user_id END)::text);
        END IF;
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE TRIGGER app_user_token_state AFTER UPDATE OF role, status, token_version ON app_user
        FOR EACH ROW WHEN (OLD.role IS DISTINCT FROM NEW.role OR OLD.status IS DISTINCT FROM NEW.status
                           OR OLD.token_version IS DISTINCT FROM NEW.token_version)
        EXECUTE FUNCTION notify_token_state()`);
    await db.query(`
      CREATE TRIGGER user_session_token_state AFTER UPDATE OF revoked_at, expires_at ON user_session
        FOR EACH ROW WHEN (OLD.revoked_at IS DISTINCT FROM NEW.revoked_at
                           OR OLD.expires_at IS DISTINCT FROM NEW.expires_at)
        EXECUTE FUNCTION notify_token_state()`);
    await db.query(`
      CREATE TRIGGER user_mfa_token_state AFTER INSERT OR UPDATE OF confirmed_at ON user_mfa
        FOR EACH ROW EXECUTE FUNCTION notify_token_state()`);
    for (const table of ['app_user', 'user_session', 'user_mfa']) {
      await db.query(`
        CREATE TRIGGER ${table}_token_state_delete AFTER DELETE ON ${table}
          FOR EACH ROW EXECUTE FUNCTION notify_token_state()`);
      await db.query(`
        CREATE TRIGGER ${table}_token_state_truncate AFTER TRUNCATE ON ${table}
          FOR EACH STATEMENT EXECUTE FUNCTION notify_token_state()`);
    }
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['app_user', 'user_session', 'user_mfa']) {
      await db.query(`DROP TRIGGER ${table}_token_state_truncate ON ${table}`);
      await db.query(`DROP TRIGGER ${table}_token_state_delete ON ${table}`);
    }
    await db.query(`DROP TRIGGER user_mfa_token_state ON user_mfa`);
    await db.query(`DROP TRIGGER user_session_token_state ON user_session`);
    await db.query(`DROP TRIGGER app_user_token_state ON app_user`);
    await db.query(`DROP FUNCTION notify_token_state()`);
  }
}
