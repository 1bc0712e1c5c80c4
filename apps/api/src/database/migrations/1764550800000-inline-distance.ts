import type { MigrationInterface, QueryRunner } from 'typeorm';

const SIGNATURE = `distance_km(lat1 double precision, lng1 double precision, lat2 double precision, lng2 double precision)`;
const HAVERSINE = `2 * 6371.0088 * asin(least(1, sqrt(
          power(sin(radians(lat2 - lat1) / 2), 2) +
          cos(radians(lat1)) * cos(radians(lat2)) * power(sin(radians(lng2 - lng1) / 2), 2))))`;

/**
 * distance_km was STRICT with a body that uses least(), which is not strict, so PostgreSQL could
 * not inline it: every call went through the SQL-function executor, about 30 µs a row, which was
 * a third of the coordinator's match list (21 rows). Not STRICT, with the nulls handled in the
 * body, it is inlined into the calling query; its answers, nulls included, are unchanged.
 */
export class InlineDistance1764550800000 implements MigrationInterface {
  name = 'InlineDistance1764550800000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE OR REPLACE FUNCTION ${SIGNATURE}
      RETURNS double precision LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT CASE WHEN lat1 IS NULL OR lng1 IS NULL OR lat2 IS NULL OR lng2 IS NULL THEN NULL
               ELSE ${HAVERSINE} END
      $$`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE OR REPLACE FUNCTION ${SIGNATURE}
      RETURNS double precision LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
        SELECT ${HAVERSINE}
      $$`);
  }
}
