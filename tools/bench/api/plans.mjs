// EXPLAIN (ANALYZE, BUFFERS) of the queries behind each endpoint of the load mix, on the
// benchmark's data, with values taken from the people and targets the run used. The SQL is
// written as the services build it (apps/api/src/**.service.ts and applications/views.ts);
// writes are explained inside a transaction that is rolled back.
import pg from 'pg';

const VIEW_JOINS = (x) => `
  JOIN placement p ON p.id = ${x}.placement_id
  JOIN organisation po ON po.id = p.provider_id
  JOIN app_user u ON u.id = ${x}.student_id
  JOIN organisation uo ON uo.id = u.organisation_id
  JOIN student_profile sp ON sp.user_id = u.id`;
const VIEW_COLUMNS = `
  p.title AS p_title, p.provider_id AS p_provider_id, po.name AS p_provider_name, p.postcode AS p_postcode,
  p.start_date AS p_start_date, p.end_date AS p_end_date, p.status AS p_status,
  u.name AS s_name, u.email AS s_email, u.organisation_id AS s_university_id, uo.name AS s_university_name,
  sp.profession AS s_profession, sp.year_of_study AS s_year, sp.home_postcode AS s_home_postcode,
  sp.reasonable_adjustments AS s_adjustments`;
const APPLICATION_FROM = `application a ${VIEW_JOINS('a')}
  LEFT JOIN LATERAL (
    SELECT id AS match_id, status AS match_status FROM placement_match
     WHERE application_id = a.id ORDER BY created_at DESC LIMIT 1
  ) am ON true`;
const MATCH_COLUMNS = `m.id, m.student_id, m.placement_id, m.application_id, m.university_id,
  m.provider_id, m.source, m.status, m.start_date, m.end_date, m.reason, m.decided_at,
  m.created_at, m.updated_at, m.round_id, a.share_adjustments, ${VIEW_COLUMNS},
  CASE WHEN sp.home_latitude IS NULL THEN NULL
       ELSE distance_km(sp.home_latitude, sp.home_longitude, p.latitude, p.longitude) END AS distance_km`;
const APPLICATION_COLUMNS = `a.id, a.student_id, a.placement_id, a.status, a.rank, a.statement,
  a.share_adjustments, a.provider_rank, a.decline_reason, a.created_at, a.updated_at,
  am.match_id, am.match_status`;
const MATCH_OWN_COLUMNS = `id, student_id, placement_id, application_id, university_id, provider_id,
  source, status, start_date, end_date, reason, decided_at, created_at, updated_at, round_id`;
const MATCH_JOINS = `LEFT JOIN application a ON a.id = m.application_id ${VIEW_JOINS('m')}`;
const MATCH_FROM = `placement_match m ${MATCH_JOINS}`;
const PLACEMENT_COLUMNS = `
  p.id, p.provider_id, o.name AS provider_name, p.title, p.description, p.professions, p.setting,
  p.service_type, p.model, p.region, p.postcode, p.latitude, p.longitude, p.start_date, p.end_date,
  p.hours_per_week, p.capacity, p.approved_count, p.min_year_of_study, p.requirements,
  p.application_deadline, p.status, p.cancellation_reason, p.published_at, p.closed_at,
  p.cancelled_at, p.created_by, p.created_at, p.updated_at`;

export async function explainAll(databaseUrl, people) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const out = [];
  const explain = async (label, sql, params = [], { write = false } = {}) => {
    if (write) await client.query('BEGIN');
    try {
      const { rows } = await client.query(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${sql}`, params);
      out.push(`-- ${label}\n${rows.map((r) => r['QUERY PLAN']).join('\n')}\n`);
    } finally {
      if (write) await client.query('ROLLBACK');
    }
  };
  try {
    await client.query(`SET plan_cache_mode = force_generic_plan`);
    const student = people.students[0];
    const coordinatorRow = (
      await client.query(
        `SELECT u.id, u.organisation_id FROM app_user u WHERE u.role = 'coordinator' AND u.organisation_id = $1 LIMIT 1`,
        [people.approveTargets[0].university_id],
      )
    ).rows[0];
    const session = (
      await client.query(`SELECT id, user_id FROM user_session WHERE user_id = $1 LIMIT 1`, [
        student.id,
      ])
    ).rows[0];

    await explain(
      'access guard: token state (a signed-in request its process has not kept the answer for)',
      `SELECT u.role, u.status, u.token_version, s.id IS NOT NULL OR $2::uuid IS NULL AS session_live,
              (extract(epoch FROM s.expires_at - now()) * 1000)::float8 AS session_ms_left,
              EXISTS (SELECT 1 FROM user_mfa m WHERE m.user_id = u.id AND m.confirmed_at IS NOT NULL) AS mfa_enabled
         FROM app_user u
         LEFT JOIN user_session s
           ON s.id = $2::uuid AND s.user_id = u.id AND s.revoked_at IS NULL AND s.expires_at > now()
        WHERE u.id = $1::uuid`,
      [student.id, session?.id ?? null],
    );

    // Search: the inner step (ids and sort keys) for the student's own profession near their home.
    const origin = (
      await client.query(
        `SELECT home_latitude AS lat, home_longitude AS lng FROM student_profile WHERE user_id = $1`,
        [student.id],
      )
    ).rows[0];
    const rad = (d) => (d * Math.PI) / 180;
    const [x, y, z] = [
      Math.cos(rad(origin.lat)) * Math.cos(rad(origin.lng)),
      Math.cos(rad(origin.lat)) * Math.sin(rad(origin.lng)),
      Math.sin(rad(origin.lat)),
    ];
    const km = 25;
    const dLat = km / 111.2;
    const dLng = km / (111.2 * Math.cos(rad(origin.lat)));
    const closeness = `(p.ux * $1 + p.uy * $2 + p.uz * $3)`;
    await explain(
      `search: ${student.profession} near ${student.home_postcode} within ${km} km (whole query)`,
      `SELECT ${PLACEMENT_COLUMNS}, page.sort_key FROM (
         SELECT p.id, -${closeness} AS sort_key FROM placement p
          WHERE p.status = 'published' AND p.professions @> ARRAY['${student.profession}']::text[]
            AND point(p.longitude, p.latitude) <@ box(point($4, $5), point($6, $7)) AND ${closeness} >= $8
          ORDER BY -${closeness} ASC, p.id ASC LIMIT $9) page
         JOIN placement p ON p.id = page.id JOIN organisation o ON o.id = p.provider_id
        ORDER BY page.sort_key, page.id`,
      [
        x,
        y,
        z,
        origin.lng - dLng,
        origin.lat - dLat,
        origin.lng + dLng,
        origin.lat + dLat,
        Math.cos(km / 6371.0088),
        21,
      ],
    );
    const placementId = people.placements[0];
    await explain(
      'placement detail: the row',
      `SELECT ${PLACEMENT_COLUMNS} FROM placement p JOIN organisation o ON o.id = p.provider_id WHERE p.id = $1`,
      [placementId],
    );
    await explain(
      'ratings of a search page (21 placements; a placement read asks for one)',
      `SELECT f.placement_id::text AS key, f.provider_id, count(*)::int AS responses,
              round(avg(f.overall), 2)::float8 AS overall
         FROM (SELECT DISTINCT provider_id FROM placement WHERE id = ANY($1::uuid[])) providers
         CROSS JOIN LATERAL (
           SELECT provider_id, placement_id, overall FROM placement_feedback
            WHERE provider_id = providers.provider_id OFFSET 0
         ) f
        GROUP BY f.provider_id, f.placement_id`,
      [people.placements.slice(0, 21)],
    );
    await explain(
      'my applications (student)',
      `SELECT ${APPLICATION_COLUMNS}, ${VIEW_COLUMNS} FROM ${APPLICATION_FROM}
        WHERE a.student_id = $1 ORDER BY a.rank, a.id LIMIT $2`,
      [student.id, 21],
    );
    for (const status of [null, 'proposed']) {
      await explain(
        `coordinator's matches${status ? ` ?status=${status}` : ''} (as MatchesService.list builds it)`,
        `SELECT ${MATCH_COLUMNS} FROM (
           SELECT ${MATCH_OWN_COLUMNS} FROM placement_match m WHERE m.university_id = $1 ${status ? 'AND m.status = $3' : ''}
            ORDER BY m.start_date, m.id LIMIT $2) m ${MATCH_JOINS}
          WHERE u.organisation_id = $1 ORDER BY m.start_date, m.id`,
        status
          ? [coordinatorRow.organisation_id, 21, status]
          : [coordinatorRow.organisation_id, 21],
      );
    }
    const match = people.approveTargets[people.approveTargets.length - 1];
    await explain(
      'approve: the match, locked',
      `SELECT ${MATCH_COLUMNS} FROM ${MATCH_FROM} WHERE m.id = $1 AND u.organisation_id = $2 AND m.university_id = $2 FOR UPDATE OF m`,
      [match.id, match.university_id],
      { write: true },
    );
    await explain(
      'approve / apply: people of an organisation (who to notify)',
      `SELECT id FROM app_user WHERE organisation_id = $1 AND role = $2`,
      [match.university_id, 'coordinator'],
    );
    const target = people.applyTargets[people.applyTargets.length - 1];
    await explain(
      'apply: live applications of the student',
      `SELECT count(*)::int AS live, count(*) FILTER (WHERE placement_id = $2)::int AS same
         FROM application WHERE student_id = $1 AND status IN ('submitted', 'offered')`,
      [target.student_id, target.placement_id],
    );
    await explain(
      'apply: the application as returned',
      `SELECT ${APPLICATION_COLUMNS}, ${VIEW_COLUMNS} FROM ${APPLICATION_FROM}
        WHERE a.id = (SELECT id FROM application WHERE student_id = $1 LIMIT 1) AND a.student_id = $1`,
      [target.student_id],
    );
  } finally {
    await client.end();
  }
  return out.join('\n');
}
