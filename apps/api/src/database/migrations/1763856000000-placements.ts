import type { MigrationInterface, QueryRunner } from 'typeorm';

// Frozen copies of the code lists as this migration was written; later changes are new migrations.
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
const SETTINGS = ['mental_health', 'learning_disability', 'autism'];
const MODELS = ['one_to_one', 'peer', 'long_arm', 'role_emerging', 'virtual', 'split'];
const REGIONS = [
  'north_east_yorkshire',
  'north_west',
  'midlands',
  'east_of_england',
  'london',
  'south_east',
  'south_west',
];
const REQUIREMENTS = [
  'enhanced_dbs',
  'occupational_health',
  'mandatory_training',
  'driving_licence',
  'immunisations',
  'breakaway_training',
];
const list = (values: string[]) => values.map((v) => `'${v}'`).join(', ');

export class Placements1763856000000 implements MigrationInterface {
  name = 'Placements1763856000000';

  async up(db: QueryRunner): Promise<void> {
    // Great-circle distance in km; SQL-language and immutable, so the planner inlines it.
    await db.query(`
      CREATE FUNCTION distance_km(lat1 double precision, lng1 double precision, lat2 double precision, lng2 double precision)
      RETURNS double precision LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
        SELECT 2 * 6371.0088 * asin(least(1, sqrt(
          power(sin(radians(lat2 - lat1) / 2), 2) +
          cos(radians(lat1)) * cos(radians(lat2)) * power(sin(radians(lng2 - lng1) / 2), 2))))
      $$`);

    await db.query(`
      CREATE TABLE placement (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        provider_id uuid NOT NULL,
        provider_type text NOT NULL DEFAULT 'provider' CONSTRAINT placement_provider_type_check CHECK (provider_type = 'provider'),
        title varchar(200) NOT NULL,
        description text CONSTRAINT placement_description_length_check CHECK (char_length(description) <= 5000),
        professions text[] NOT NULL CONSTRAINT placement_professions_check
          CHECK (cardinality(professions) BETWEEN 1 AND 14 AND professions <@ ARRAY[${list(PROFESSIONS)}]::text[]),
        setting text NOT NULL CONSTRAINT placement_setting_check CHECK (setting IN (${list(SETTINGS)})),
        service_type varchar(100),
        model text NOT NULL CONSTRAINT placement_model_check CHECK (model IN (${list(MODELS)})),
        region text NOT NULL CONSTRAINT placement_region_check CHECK (region IN (${list(REGIONS)})),
        postcode varchar(8) NOT NULL,
        latitude double precision NOT NULL,
        longitude double precision NOT NULL,
        -- The site as a unit vector from the Earth's centre. The dot product of two such vectors
        -- falls as the great-circle distance grows, so searches filter and order by it with three
        -- multiplications a row instead of the trigonometry of the haversine formula.
        ux double precision GENERATED ALWAYS AS (cos(radians(latitude)) * cos(radians(longitude))) STORED,
        uy double precision GENERATED ALWAYS AS (cos(radians(latitude)) * sin(radians(longitude))) STORED,
        uz double precision GENERATED ALWAYS AS (sin(radians(latitude))) STORED,
        start_date date NOT NULL,
        end_date date NOT NULL,
        hours_per_week numeric(4,1) CONSTRAINT placement_hours_check CHECK (hours_per_week > 0 AND hours_per_week <= 60),
        capacity integer NOT NULL CONSTRAINT placement_capacity_check CHECK (capacity BETWEEN 1 AND 200),
        -- Maintained in the same transaction as every match approval or cancellation; the check is
        -- the database's own guarantee that a placement is never over-filled.
        approved_count integer NOT NULL DEFAULT 0,
        min_year_of_study smallint NOT NULL DEFAULT 1 CONSTRAINT placement_min_year_check CHECK (min_year_of_study BETWEEN 1 AND 4),
        requirements text[] NOT NULL DEFAULT '{}' CONSTRAINT placement_requirements_check
          CHECK (requirements <@ ARRAY[${list(REQUIREMENTS)}]::text[]),
        application_deadline date,
        status text NOT NULL DEFAULT 'draft' CONSTRAINT placement_status_check CHECK (status IN ('draft', 'published', 'closed', 'cancelled')),
        cancellation_reason text,
        published_at timestamptz,
        closed_at timestamptz,
        cancelled_at timestamptz,
        created_by uuid CONSTRAINT placement_created_by_fkey REFERENCES app_user (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        search_vector tsvector GENERATED ALWAYS AS (
          setweight(to_tsvector('english', title), 'A') ||
          setweight(to_tsvector('english', coalesce(service_type, '')), 'B') ||
          setweight(to_tsvector('english', coalesce(description, '')), 'C')
        ) STORED,
        CONSTRAINT placement_provider_fkey FOREIGN KEY (provider_id, provider_type) REFERENCES organisation (id, type) ON DELETE RESTRICT,
        CONSTRAINT placement_dates_check CHECK (end_date >= start_date),
        CONSTRAINT placement_deadline_check CHECK (application_deadline IS NULL OR application_deadline <= start_date),
        CONSTRAINT placement_approved_count_check CHECK (approved_count >= 0 AND approved_count <= capacity),
        CONSTRAINT placement_cancellation_check CHECK ((status = 'cancelled') = (cancellation_reason IS NOT NULL))
      )`);

    // Indexes for each search filter (see docs/search.md for the EXPLAIN plans they were chosen by).
    await db.query(
      // Covering the common filters too, so a search in start-date order (with a profession,
      // setting, region or common words) walks this index alone until it has a page.
      `CREATE INDEX placement_published_start_idx ON placement (start_date, id)
         INCLUDE (professions, setting, region, search_vector) WHERE status = 'published'`,
    );
    await db.query(
      `CREATE INDEX placement_provider_idx ON placement (provider_id, start_date, id)`,
    );
    // Covering: a search near a postcode finds, filters and orders its candidates from this index
    // alone (an index-only scan) and reads the table for just the page it returns.
    await db.query(
      `CREATE INDEX placement_published_location_idx ON placement USING gist (point(longitude, latitude))
         INCLUDE (id, professions, setting, region, start_date, ux, uy, uz) WHERE status = 'published'`,
    );
    // One location index per profession: "physiotherapy near LS6" scans only physiotherapy
    // placements near LS6 rather than every placement there. A search names its profession as a
    // literal (a checked code, never user text) so the planner can pick the right one.
    for (const profession of PROFESSIONS) {
      await db.query(
        `CREATE INDEX placement_near_${profession}_idx ON placement USING gist (point(longitude, latitude))
           INCLUDE (id, setting, region, start_date, ux, uy, uz)
           WHERE status = 'published' AND professions @> ARRAY['${profession}']::text[]`,
      );
    }
    await db.query(
      `CREATE INDEX placement_professions_idx ON placement USING gin (professions) WHERE status = 'published'`,
    );
    await db.query(
      `CREATE INDEX placement_search_idx ON placement USING gin (search_vector) WHERE status = 'published'`,
    );
    await db.query(
      `CREATE INDEX placement_published_setting_idx ON placement (setting, start_date, id) WHERE status = 'published'`,
    );
    await db.query(
      `CREATE INDEX placement_published_region_idx ON placement (region, start_date, id) WHERE status = 'published'`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE placement`);
    await db.query(
      `DROP FUNCTION distance_km(double precision, double precision, double precision, double precision)`,
    );
  }
}
