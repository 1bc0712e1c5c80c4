// The national-scale data set for the API load benchmark, loaded straight into PostgreSQL with
// set-based SQL (generate_series, unnest, INSERT … SELECT): 60 universities, 400 provider
// organisations, 100,000 students, 20,000 placements, 500,000 applications, about 10,000
// matches from offers (approved, proposed and rejected) and students' feedback on 60% of the
// approved ones. The schema comes from the API's own
// migrations (the caller starts the API on the empty database first); this fills it so that every
// derived column and invariant the app relies on holds:
//   - placement ux/uy/uz and search_vector are generated columns, so PostgreSQL computes them;
//   - placement.approved_count = the placement's approved (or completed) matches, ≤ capacity;
//   - a student's live (submitted or offered) applications are ranked 1..n, at most 10 of them,
//     never two live ones to the same placement, only to published placements that take their
//     profession and year;
//   - an offered application has its proposed or approved match; a rejected match's application
//     is declined; a student holds at most one match, so approved dates never overlap;
//   - at every placement, approved + proposed matches ≤ capacity, so every proposed match can be
//     approved during the benchmark.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SERVICES } from '../lib/services.mjs';

export const DATA_VERSION = 'api-bench-data-v3';
export const BENCH_PASSWORD = 'bench-api-load-password-2026';

export const COUNTS = {
  universities: 60,
  coordinatorsPerUniversity: 3,
  providers: 400,
  providerUsersPerProvider: 2,
  students: 100_000,
  placements: 20_000,
  applications: 500_000,
};

// Rough shares of AHP students by profession (the large professions first).
const PROFESSION_WEIGHTS = [
  ['occupational_therapy', 0.22],
  ['physiotherapy', 0.2],
  ['paramedicine', 0.1],
  ['speech_language_therapy', 0.1],
  ['radiography', 0.08],
  ['dietetics', 0.06],
  ['operating_department_practice', 0.05],
  ['podiatry', 0.04],
  ['art_therapy', 0.04],
  ['music_therapy', 0.03],
  ['drama_therapy', 0.03],
  ['orthoptics', 0.02],
  ['osteopathy', 0.02],
  ['prosthetics_orthotics', 0.01],
];
const MODELS = [
  'one_to_one',
  'one_to_one',
  'one_to_one',
  'peer',
  'long_arm',
  'split',
  'role_emerging',
  'virtual',
];
const INWARD_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';

/** English postcode districts with their centres (the platform's own directory). */
export function englishOutcodes(root) {
  return readFileSync(join(root, 'libs/geo/data/uk-outcodes.csv'), 'utf8')
    .split('\n')
    .slice(1)
    .map((line) => line.split(','))
    .filter(
      ([code, lat]) =>
        code &&
        Number(lat) < 55.8 &&
        Number(lat) > 50 &&
        !/^(CF|SA|LL|LD|NP|SY2[0-5]|TD|DG|EH|G\d|KA|ML|FK|KY|DD|PH|AB|IV|KW|HS|ZE|PA|BT|JE|GY|IM)/.test(
          code,
        ),
    )
    .map(([code, lat, lng]) => ({ code, lat: Number(lat), lng: Number(lng) }));
}

/** A rough NHS England region for a point: good enough for filters and reports in a benchmark. */
const REGION_OF = (lat, lng) => `CASE
  WHEN ${lat} >= 53.3 AND ${lng} >= -1.9 THEN 'north_east_yorkshire'
  WHEN ${lat} >= 53.3 THEN 'north_west'
  WHEN ${lat} >= 52.0 AND ${lng} >= 0.0 THEN 'east_of_england'
  WHEN ${lat} >= 52.0 THEN 'midlands'
  WHEN ${lat} BETWEEN 51.28 AND 51.70 AND ${lng} BETWEEN -0.51 AND 0.33 THEN 'london'
  WHEN ${lng} < -1.5 THEN 'south_west'
  WHEN ${lng} > 0.0 AND ${lat} > 51.75 THEN 'east_of_england'
  ELSE 'south_east' END`;

/**
 * Fills an empty, migrated database. `client` is a connected pg.Client; `passwordHash` the argon2
 * hash every bench account signs in with. Returns the row counts.
 */
export async function loadData(client, { root, passwordHash, log = console.log }) {
  const q = (sql, params) => client.query(sql, params);
  const step = async (label, work) => {
    const started = performance.now();
    await work();
    log(`  ${label} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  };
  const oc = englishOutcodes(root);
  await q(`SET synchronous_commit = off`);
  await q(`SET maintenance_work_mem = '256MB'`);
  await q(`SET work_mem = '64MB'`);
  await q('BEGIN');
  await q(`SELECT setseed(0.4242)`);
  await q(
    `CREATE TEMP TABLE oc ON COMMIT DROP AS
       SELECT t.n::int AS n, t.code, t.lat, t.lng FROM unnest($1::text[], $2::float8[], $3::float8[]) WITH ORDINALITY AS t(code, lat, lng, n)`,
    [oc.map((o) => o.code), oc.map((o) => o.lat), oc.map((o) => o.lng)],
  );
  const ocCount = oc.length;
  // A full postcode in a district: the outward code and a made-up inward code.
  const postcode = (code, seed) =>
    `${code} || ' ' || (1 + (${seed}) % 9)::text || substr('${INWARD_LETTERS}', 1 + ((${seed}) / 9) % 20, 1) || substr('${INWARD_LETTERS}', 1 + ((${seed}) / 180) % 20, 1)`;
  let cumulative = 0;
  const professions = PROFESSION_WEIGHTS.map(([code, weight]) => {
    const row = [code, cumulative, cumulative + weight];
    cumulative += weight;
    return row;
  });
  professions[professions.length - 1][2] = 1.000001;
  await q(
    `CREATE TEMP TABLE prof ON COMMIT DROP AS
       SELECT * FROM unnest($1::text[], $2::float8[], $3::float8[]) AS t(code, lo, hi)`,
    [professions.map((p) => p[0]), professions.map((p) => p[1]), professions.map((p) => p[2])],
  );

  await step(`${COUNTS.universities} universities, ${COUNTS.providers} providers`, async () => {
    await q(
      `INSERT INTO organisation (name, type, region, postcode, latitude, longitude)
       SELECT CASE WHEN g <= $1::int THEN 'Bench University ' || lpad(g::text, 3, '0')
                   ELSE 'Bench Health NHS Trust ' || lpad((g - $1::int)::text, 3, '0') END,
              CASE WHEN g <= $1::int THEN 'university' ELSE 'provider' END,
              ${REGION_OF('oc.lat', 'oc.lng')}, ${postcode('oc.code', 'g * 7')}, oc.lat, oc.lng
         FROM generate_series(1, $1::int + $2::int) g JOIN oc ON oc.n = 1 + (g * 131) % $3::int`,
      [COUNTS.universities, COUNTS.providers, ocCount],
    );
    await q(`CREATE TEMP TABLE uni ON COMMIT DROP AS
               SELECT id, row_number() OVER (ORDER BY name)::int AS n FROM organisation WHERE type = 'university'`);
    await q(`CREATE TEMP TABLE prov ON COMMIT DROP AS
               SELECT id, row_number() OVER (ORDER BY name)::int AS n FROM organisation WHERE type = 'provider'`);
  });

  await step(
    `${COUNTS.universities * COUNTS.coordinatorsPerUniversity} coordinators, ${COUNTS.providers * COUNTS.providerUsersPerProvider} provider users`,
    () =>
      q(
        `INSERT INTO app_user (email, name, role, organisation_id, status, password_hash, password_changed_at)
         SELECT 'coordinator' || uni.n || '-' || k || '@bench.example', 'Coordinator ' || uni.n || '-' || k,
                'coordinator', uni.id, 'active', $1, now()
           FROM uni, generate_series(1, $2::int) k
         UNION ALL
         SELECT 'provider' || prov.n || '-' || k || '@bench.example', 'Practice Educator ' || prov.n || '-' || k,
                'provider', prov.id, 'active', $1, now()
           FROM prov, generate_series(1, $3::int) k`,
        [passwordHash, COUNTS.coordinatorsPerUniversity, COUNTS.providerUsersPerProvider],
      ),
  );

  await step(`${COUNTS.students.toLocaleString()} students`, async () => {
    // Universities differ in size (a skewed pick); four in five students gave a home postcode.
    await q(
      `CREATE TEMP TABLE st ON COMMIT DROP AS
         SELECT g AS n, gen_random_uuid() AS id,
                1 + floor($2::int * power(random(), 1.3))::int AS uni_n,
                random() AS r_prof, 1 + floor(random() * 3)::int AS year,
                1 + floor(random() * $3::int)::int AS oc_n, random() AS r_home, random() AS r_travel,
                random() AS r_k, random() AS r_match, random() AS r_compliance
           FROM generate_series(1, $1::int) g`,
      [COUNTS.students, COUNTS.universities, ocCount],
    );
    await q(
      `INSERT INTO app_user (id, email, name, role, organisation_id, status, password_hash, password_changed_at, created_at)
       SELECT st.id, 'student' || st.n || '@bench.example', 'Bench Student ' || st.n, 'student', uni.id,
              'active', $1, now(), now() - interval '200 days' * random()
         FROM st JOIN uni ON uni.n = st.uni_n`,
      [passwordHash],
    );
    await q(
      `INSERT INTO student_profile (user_id, profession, year_of_study, home_postcode, home_latitude, home_longitude,
                                    max_travel_km, compliance)
       SELECT st.id, prof.code, st.year,
              CASE WHEN st.r_home < 0.8 THEN ${postcode('oc.code', 'st.n')} END,
              CASE WHEN st.r_home < 0.8 THEN oc.lat END,
              CASE WHEN st.r_home < 0.8 THEN oc.lng END,
              CASE WHEN st.r_travel < 0.3 THEN (20 + floor(st.r_travel * 200))::int END,
              CASE WHEN st.r_compliance < 0.8 THEN ARRAY['enhanced_dbs', 'occupational_health', 'mandatory_training']
                   ELSE ARRAY['enhanced_dbs'] END
         FROM st JOIN prof ON st.r_prof >= prof.lo AND st.r_prof < prof.hi JOIN oc ON oc.n = st.oc_n`,
    );
  });

  await step(`${COUNTS.placements.toLocaleString()} placements`, async () => {
    await q(
      `CREATE TEMP TABLE svc ON COMMIT DROP AS
         SELECT t.n::int AS n, t.title, t.setting, t.service_type
           FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS t(title, setting, service_type, n)`,
      [SERVICES.map((s) => s[0]), SERVICES.map((s) => s[1]), SERVICES.map((s) => s[2])],
    );
    await q(
      `CREATE TEMP TABLE pl ON COMMIT DROP AS
         SELECT g AS n, 1 + floor(random() * $2::int)::int AS prov_n, 1 + floor(random() * $3::int)::int AS oc_n,
                1 + floor(random() * $4::int)::int AS svc_n, random() AS r_p1, random() AS r_p2, random() AS r_two,
                random() AS r_model, random() AS r_cap, random() AS r_year, random() AS r_status,
                floor(random() * 330)::int AS start_offset, 28 + floor(random() * 56)::int AS length
           FROM generate_series(1, $1::int) g`,
      [COUNTS.placements, COUNTS.providers, ocCount, SERVICES.length],
    );
    await q(
      `INSERT INTO placement (provider_id, title, description, professions, setting, service_type, model, region,
                              postcode, latitude, longitude, start_date, end_date, hours_per_week, capacity,
                              min_year_of_study, requirements, status, published_at, closed_at, created_by, created_at)
       SELECT prov.id, svc.title || ', ' || oc.code || ' (' || pl.n || ')',
              'Supervised practice in a ' || lower(svc.service_type) || ' service, with group and individual work.',
              CASE WHEN pl.r_two < 0.3 AND p2.code <> p1.code THEN ARRAY[p1.code, p2.code] ELSE ARRAY[p1.code] END,
              svc.setting, svc.service_type, ($1::text[])[1 + floor(pl.r_model * cardinality($1::text[]))::int],
              ${REGION_OF('oc.lat', 'oc.lng')}, ${postcode('oc.code', 'pl.n')}, oc.lat, oc.lng,
              date '2027-01-04' + pl.start_offset, date '2027-01-04' + pl.start_offset + pl.length, 37.5,
              CASE WHEN pl.r_cap < 0.4 THEN 1 WHEN pl.r_cap < 0.75 THEN 2 WHEN pl.r_cap < 0.92 THEN 3 ELSE 4 END,
              CASE WHEN pl.r_year < 0.85 THEN 1 WHEN pl.r_year < 0.97 THEN 2 ELSE 3 END,
              CASE WHEN pl.r_year < 0.5 THEN ARRAY['enhanced_dbs'] ELSE ARRAY['enhanced_dbs', 'occupational_health'] END,
              CASE WHEN pl.r_status < 0.92 THEN 'published' WHEN pl.r_status < 0.96 THEN 'closed' ELSE 'draft' END,
              CASE WHEN pl.r_status < 0.96 THEN now() - interval '1 day' * (30 + pl.n % 60) END,
              CASE WHEN pl.r_status >= 0.92 AND pl.r_status < 0.96 THEN now() - interval '1 day' * (pl.n % 20) END,
              NULL, now() - interval '1 day' * (90 + pl.n % 60)
         FROM pl
         JOIN prov ON prov.n = pl.prov_n
         JOIN oc ON oc.n = pl.oc_n
         JOIN svc ON svc.n = pl.svc_n
         JOIN prof p1 ON pl.r_p1 >= p1.lo AND pl.r_p1 < p1.hi
         JOIN prof p2 ON pl.r_p2 >= p2.lo AND pl.r_p2 < p2.hi`,
      [MODELS],
    );
  });

  await step(`${COUNTS.applications.toLocaleString()} applications`, async () => {
    // Each student applies to up to 10 published placements of their profession open to their
    // year, popular ones more often (a skewed pick); 8% have not applied yet.
    await q(
      `CREATE TEMP TABLE elig ON COMMIT DROP AS
         SELECT e.profession, e.year, array_agg(p.id ORDER BY p.id) AS ids
           FROM (SELECT pr.profession, y AS year
                   FROM (SELECT DISTINCT unnest(professions) AS profession FROM placement) pr
                   CROSS JOIN generate_series(1, 3) y) e
           JOIN placement p ON p.status = 'published' AND p.professions @> ARRAY[e.profession]
                           AND p.min_year_of_study <= e.year
          GROUP BY e.profession, e.year`,
    );
    await q(
      `CREATE TEMP TABLE app_pick ON COMMIT DROP AS
         SELECT DISTINCT ON (s.user_id, x.placement_id) s.user_id AS student_id, x.placement_id, x.pos, x.r
           FROM (SELECT sp.user_id, sp.profession, sp.year_of_study, st.r_k
                   FROM student_profile sp JOIN st ON st.id = sp.user_id WHERE st.r_k >= 0.08) s
           JOIN elig ON elig.profession = s.profession AND elig.year = s.year_of_study
           CROSS JOIN LATERAL generate_series(1, 1 + floor((s.r_k - 0.08) / 0.92 * 10)::int) g
           CROSS JOIN LATERAL (
             SELECT elig.ids[1 + floor(power(random() + g * 0, 1.6) * cardinality(elig.ids))::int] AS placement_id,
                    g AS pos, random() + g * 0 AS r
           ) x
          ORDER BY s.user_id, x.placement_id, x.pos`,
    );
    await q(
      `INSERT INTO application (student_id, placement_id, status, rank, decline_reason, created_at, updated_at)
       SELECT student_id, placement_id,
              CASE WHEN r < 0.05 THEN 'withdrawn' WHEN r < 0.10 THEN 'declined' ELSE 'submitted' END,
              row_number() OVER (PARTITION BY student_id ORDER BY pos),
              CASE WHEN r >= 0.05 AND r < 0.10 THEN 'Another student was a closer fit.' END,
              now() - interval '1 minute' * floor(random() * 86400), now() - interval '1 minute' * floor(random() * 1440)
         FROM (SELECT * FROM app_pick ORDER BY random() LIMIT $1::int) a`,
      [COUNTS.applications],
    );
  });

  await step('matches from offers', async () => {
    // 13% of students were offered their first choice; at each placement no more offers than
    // seats, so approved + proposed ≤ capacity. 55% approved, 35% waiting for approval, 10% rejected.
    await q(
      `CREATE TEMP TABLE mt ON COMMIT DROP AS
         SELECT c.*, p.provider_id, p.start_date, p.end_date, u.organisation_id AS university_id, random() AS r
           FROM (SELECT c.*, row_number() OVER (PARTITION BY c.placement_id ORDER BY random()) AS seat
                   FROM (SELECT DISTINCT ON (a.student_id) a.id AS application_id, a.student_id, a.placement_id, a.created_at
                           FROM application a JOIN st ON st.id = a.student_id
                          WHERE a.status = 'submitted' AND st.r_match < 0.13
                          ORDER BY a.student_id, a.rank) c) c
           JOIN placement p ON p.id = c.placement_id
           JOIN app_user u ON u.id = c.student_id
          WHERE c.seat <= p.capacity`,
    );
    await q(
      `INSERT INTO placement_match (student_id, placement_id, application_id, university_id, provider_id, source, status,
                                    start_date, end_date, reason, decided_at, created_at, updated_at)
       SELECT student_id, placement_id, application_id, university_id, provider_id, 'offer',
              CASE WHEN r < 0.55 THEN 'approved' WHEN r < 0.9 THEN 'proposed' ELSE 'rejected' END,
              start_date, end_date,
              CASE WHEN r >= 0.9 THEN 'Dates clash with the university timetable.' END,
              CASE WHEN r < 0.55 OR r >= 0.9 THEN created_at + interval '3 days' END,
              created_at + interval '1 day', created_at + interval '3 days'
         FROM mt`,
    );
    await q(
      `UPDATE application a
          SET status = CASE m.status WHEN 'rejected' THEN 'declined' ELSE 'offered' END,
              decline_reason = CASE m.status WHEN 'rejected' THEN m.reason END
         FROM placement_match m WHERE m.application_id = a.id`,
    );
    await q(
      `UPDATE placement p SET approved_count = m.approved
         FROM (SELECT placement_id, count(*)::int AS approved FROM placement_match
                WHERE status IN ('approved', 'completed') GROUP BY placement_id) m
        WHERE m.placement_id = p.id`,
    );
    // Students' feedback on three in five approved placements, so ratings have data to read.
    await q(
      `INSERT INTO placement_feedback (match_id, student_id, placement_id, provider_id, university_id, induction,
                                       supervision, facilities, learning_opportunities, teamwork, overall, would_recommend)
       SELECT id, student_id, placement_id, provider_id, university_id,
              2 + floor(random() * 4)::int, 2 + floor(random() * 4)::int, 2 + floor(random() * 4)::int,
              2 + floor(random() * 4)::int, 2 + floor(random() * 4)::int, 2 + floor(random() * 4)::int, random() < 0.8
         FROM placement_match WHERE status = 'approved' AND random() < 0.6`,
    );
    // Live applications ranked 1..n in each student's order; ended ones after them.
    await q(
      `UPDATE application a SET rank = r.position
         FROM (SELECT id, row_number() OVER (PARTITION BY student_id
                      ORDER BY status IN ('submitted', 'offered') DESC, rank, id) AS position
                 FROM application) r
        WHERE a.id = r.id AND a.rank <> r.position`,
    );
  });
  await q(
    `CREATE TABLE IF NOT EXISTS bench_meta (version text NOT NULL, loaded_at timestamptz NOT NULL DEFAULT now())`,
  );
  await q(`INSERT INTO bench_meta (version) VALUES ($1)`, [DATA_VERSION]);
  await q('COMMIT');
  await step('VACUUM ANALYZE', () => q('VACUUM ANALYZE'));
  return counts(client);
}

export async function counts(client) {
  const { rows } = await client.query(`SELECT
      (SELECT count(*) FROM app_user WHERE role = 'student')::int AS students,
      (SELECT count(*) FROM app_user WHERE role = 'coordinator')::int AS coordinators,
      (SELECT count(*) FROM placement)::int AS placements,
      (SELECT count(*) FROM placement WHERE status = 'published')::int AS published,
      (SELECT count(*) FROM application)::int AS applications,
      (SELECT count(*) FROM application WHERE status IN ('submitted', 'offered'))::int AS live_applications,
      (SELECT count(*) FROM placement_match)::int AS matches,
      (SELECT count(*) FROM placement_match WHERE status = 'approved')::int AS approved,
      (SELECT count(*) FROM placement_match WHERE status = 'proposed')::int AS proposed,
      (SELECT count(*) FROM placement_feedback)::int AS feedback`);
  return rows[0];
}

/** The invariants listed at the top, checked after loading; throws on the first broken one. */
export async function checkInvariants(client) {
  const checks = [
    [
      'approved_count = approved matches',
      `SELECT count(*) FROM placement p WHERE approved_count <> (SELECT count(*) FROM placement_match m
         WHERE m.placement_id = p.id AND m.status IN ('approved', 'completed'))`,
    ],
    [
      'live ranks are 1..n per student',
      `SELECT count(*) FROM (SELECT student_id, max(rank) AS top, count(*) AS n, count(DISTINCT rank) AS d
         FROM application WHERE status IN ('submitted', 'offered') GROUP BY student_id) s WHERE top <> n OR d <> n`,
    ],
    [
      'at most 10 live applications',
      `SELECT count(*) FROM (SELECT student_id FROM application WHERE status IN ('submitted', 'offered')
         GROUP BY student_id HAVING count(*) > 10) s`,
    ],
    [
      'approved + proposed ≤ capacity',
      `SELECT count(*) FROM placement p WHERE capacity < (SELECT count(*) FROM placement_match m
         WHERE m.placement_id = p.id AND m.status IN ('approved', 'completed', 'proposed'))`,
    ],
    [
      'offered applications have a live match',
      `SELECT count(*) FROM application a WHERE a.status = 'offered' AND NOT EXISTS (SELECT 1 FROM placement_match m
         WHERE m.application_id = a.id AND m.status IN ('proposed', 'approved'))`,
    ],
    [
      'applications fit their placement',
      `SELECT count(*) FROM application a JOIN placement p ON p.id = a.placement_id
         JOIN student_profile sp ON sp.user_id = a.student_id
        WHERE NOT (p.professions @> ARRAY[sp.profession]) OR p.min_year_of_study > sp.year_of_study`,
    ],
  ];
  for (const [label, sql] of checks) {
    const { rows } = await client.query(sql);
    if (Number(rows[0].count) !== 0)
      throw new Error(`Loaded data breaks "${label}": ${rows[0].count} rows`);
  }
}
