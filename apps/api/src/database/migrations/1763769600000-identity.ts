import type { MigrationInterface, QueryRunner } from 'typeorm';

// Frozen copies of the code lists as they were when this migration was written: a later change
// to a list is a new migration, never an edit here.
const REGIONS = [
  'north_east_yorkshire',
  'north_west',
  'midlands',
  'east_of_england',
  'london',
  'south_east',
  'south_west',
];
const PROFESSIONS = [
  'art_therapy',
  'drama_therapy',
  'music_therapy',
  'podiatry',
  'dietetics',
  'occupational_therapy',
  'operating_department_practice',
  'orthoptics',
  'osteopathy',
  'paramedicine',
  'physiotherapy',
  'prosthetics_orthotics',
  'radiography',
  'speech_language_therapy',
];
const inList = (values: string[]) => values.map((v) => `'${v}'`).join(', ');

export class Identity1763769600000 implements MigrationInterface {
  name = 'Identity1763769600000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE organisation (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(200) NOT NULL,
        type text NOT NULL CONSTRAINT organisation_type_check CHECK (type IN ('university', 'provider')),
        region text NOT NULL CONSTRAINT organisation_region_check CHECK (region IN (${inList(REGIONS)})),
        postcode varchar(8),
        latitude double precision,
        longitude double precision,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT organisation_location_check CHECK (
          (postcode IS NULL) = (latitude IS NULL) AND (latitude IS NULL) = (longitude IS NULL)
        ),
        -- Lets app_user refer to (id, type) so the database itself keeps roles in the right kind of organisation.
        CONSTRAINT organisation_id_type_key UNIQUE (id, type)
      )`);
    await db.query(`CREATE UNIQUE INDEX organisation_name_key ON organisation (lower(name))`);
    await db.query(`CREATE INDEX organisation_name_idx ON organisation (name, id)`);

    await db.query(`
      CREATE TABLE app_user (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email varchar(254) NOT NULL CONSTRAINT app_user_email_lower_check CHECK (email = lower(email)),
        name varchar(200) NOT NULL,
        role text NOT NULL CONSTRAINT app_user_role_check CHECK (role IN ('student', 'coordinator', 'provider', 'admin')),
        organisation_id uuid,
        organisation_type text GENERATED ALWAYS AS (
          CASE role WHEN 'provider' THEN 'provider' WHEN 'admin' THEN NULL ELSE 'university' END
        ) STORED,
        status text NOT NULL DEFAULT 'invited' CONSTRAINT app_user_status_check CHECK (status IN ('invited', 'active')),
        password_hash text,
        password_changed_at timestamptz,
        last_sign_in_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT app_user_organisation_fkey FOREIGN KEY (organisation_id, organisation_type)
          REFERENCES organisation (id, type) ON DELETE RESTRICT,
        CONSTRAINT app_user_organisation_check CHECK ((role = 'admin') = (organisation_id IS NULL)),
        CONSTRAINT app_user_active_password_check CHECK (status <> 'active' OR password_hash IS NOT NULL)
      )`);
    await db.query(`CREATE UNIQUE INDEX app_user_email_key ON app_user (email)`);
    await db.query(
      `CREATE INDEX app_user_organisation_idx ON app_user (organisation_id, name, id)`,
    );
    await db.query(`CREATE INDEX app_user_name_idx ON app_user (name, id)`);

    await db.query(`
      CREATE TABLE student_profile (
        user_id uuid PRIMARY KEY CONSTRAINT student_profile_user_fkey REFERENCES app_user (id) ON DELETE CASCADE,
        profession text NOT NULL CONSTRAINT student_profile_profession_check CHECK (profession IN (${inList(PROFESSIONS)})),
        year_of_study smallint NOT NULL CONSTRAINT student_profile_year_check CHECK (year_of_study BETWEEN 1 AND 4),
        home_postcode varchar(8),
        home_latitude double precision,
        home_longitude double precision,
        max_travel_km integer CONSTRAINT student_profile_travel_check CHECK (max_travel_km BETWEEN 1 AND 500),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT student_profile_location_check CHECK (
          (home_postcode IS NULL) = (home_latitude IS NULL) AND (home_latitude IS NULL) = (home_longitude IS NULL)
        )
      )`);

    await db.query(`
      CREATE TABLE user_session (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL CONSTRAINT user_session_user_fkey REFERENCES app_user (id) ON DELETE CASCADE,
        token_hash bytea NOT NULL CONSTRAINT user_session_token_key UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        user_agent varchar(300)
      )`);
    await db.query(`CREATE INDEX user_session_user_idx ON user_session (user_id)`);

    await db.query(`
      CREATE TABLE invitation (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL CONSTRAINT invitation_user_fkey REFERENCES app_user (id) ON DELETE CASCADE,
        token_hash bytea NOT NULL CONSTRAINT invitation_token_key UNIQUE,
        created_by uuid CONSTRAINT invitation_created_by_fkey REFERENCES app_user (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        accepted_at timestamptz,
        revoked_at timestamptz
      )`);
    await db.query(`CREATE INDEX invitation_user_idx ON invitation (user_id)`);

    await db.query(`
      CREATE TABLE audit_event (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        occurred_at timestamptz NOT NULL DEFAULT now(),
        actor_id uuid,
        actor_role text,
        action varchar(100) NOT NULL,
        entity_type varchar(50) NOT NULL,
        entity_id uuid,
        organisation_id uuid,
        before jsonb,
        after jsonb,
        reason text,
        request_id varchar(100)
      )`);
    await db.query(
      `CREATE INDEX audit_event_entity_idx ON audit_event (entity_type, entity_id, id)`,
    );
    await db.query(
      `CREATE INDEX audit_event_organisation_idx ON audit_event (organisation_id, id)`,
    );
    await db.query(`
      CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_event is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await db.query(`
      CREATE TRIGGER audit_event_no_change BEFORE UPDATE OR DELETE ON audit_event
        FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()`);
    await db.query(`
      CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
        FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only()`);

    await db.query(`
      CREATE TABLE app_secret (
        name varchar(50) PRIMARY KEY,
        value text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE app_secret`);
    await db.query(`DROP TABLE audit_event`);
    await db.query(`DROP FUNCTION audit_event_append_only()`);
    await db.query(`DROP TABLE invitation`);
    await db.query(`DROP TABLE user_session`);
    await db.query(`DROP TABLE student_profile`);
    await db.query(`DROP TABLE app_user`);
    await db.query(`DROP TABLE organisation`);
  }
}
