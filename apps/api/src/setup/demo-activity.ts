import type { EntityManager } from 'typeorm';
import { REQUIREMENT_CODES } from '@ahp/contracts';
import { queryRows } from '../database/query';
import { DEMO_FIXED_STUDENT } from '../demo/demo-data';

const STATEMENTS = [
  'I have a particular interest in recovery-focused practice and would value the chance to work alongside a multidisciplinary team.',
  'Before my course I worked as a healthcare assistant on a learning disability unit, and I would like to build on that experience.',
  'This placement would let me practise assessment and group work with adults, which my previous placements have not offered.',
  'I am keen to learn how the team adapts communication for autistic people and their families.',
  null,
];

const DECLINE_REASONS = [
  'We have had more applicants than seats and have offered places to students with a community module.',
  'Our practice educator is only able to supervise final-year students this term.',
];

interface Choice {
  student_id: string;
  email: string;
  placement_id: string;
  start_date: string;
  end_date: string;
  capacity: number;
  choice: number;
}

/**
 * Applications and matches for the demo, so that every role's pages have something in them on
 * the first visit: about two students in three have applied to up to three nearby placements
 * they are eligible for; some have been offered places awaiting their coordinator's approval,
 * some approved, some declined. Deterministic: it depends only on the demo data, never on chance.
 * The fixed demo student has two applications waiting for providers and nothing approved, so the
 * walk-through (and the browser tests) start from a clean calendar.
 */
export async function loadDemoActivity(
  em: EntityManager,
): Promise<{ applications: number; offers: number; approved: number }> {
  // What allocation rounds check: most students have every pre-placement check done; about one in
  // eight is still waiting for a driving licence and breakaway training; a few are allocated
  // first (reasonable adjustments or caring responsibilities).
  await em.query(
    `UPDATE student_profile sp SET
        compliance = CASE WHEN n % 8 = 5 THEN $1::text[] ELSE $2::text[] END,
        allocation_priority = CASE WHEN n % 25 = 7 THEN 1 ELSE 0 END
       FROM (SELECT u.id, row_number() OVER (ORDER BY u.email)::int AS n FROM app_user u WHERE u.role = 'student') s
      WHERE sp.user_id = s.id`,
    [
      REQUIREMENT_CODES.filter(
        (code) => code !== 'driving_licence' && code !== 'breakaway_training',
      ),
      [...REQUIREMENT_CODES],
    ],
  );
  const choices = await queryRows<Choice>(
    em,
    `SELECT * FROM (
       SELECT u.id AS student_id, u.email, p.id AS placement_id, p.start_date, p.end_date, p.capacity,
              row_number() OVER (
                PARTITION BY u.id
                ORDER BY distance_km(sp.home_latitude, sp.home_longitude, p.latitude, p.longitude), p.title, p.start_date
              )::int AS choice
         FROM app_user u
         JOIN student_profile sp ON sp.user_id = u.id
         JOIN placement p ON p.status = 'published'
          AND sp.profession = ANY (p.professions) AND sp.year_of_study >= p.min_year_of_study
          AND (p.application_deadline IS NULL OR p.application_deadline >= current_date)
        WHERE u.role = 'student' AND u.status = 'active' AND sp.home_latitude IS NOT NULL
          AND distance_km(sp.home_latitude, sp.home_longitude, p.latitude, p.longitude) <= coalesce(sp.max_travel_km, 60)
     ) ranked
     WHERE choice <= 3
     ORDER BY email, choice`,
  );
  const byStudent = new Map<string, Choice[]>();
  for (const choice of choices) {
    const list = byStudent.get(choice.email) ?? [];
    list.push(choice);
    byStudent.set(choice.email, list);
  }

  const applications: {
    studentId: string;
    placementId: string;
    rank: number;
    statement: string | null;
    status: string;
    reason: string | null;
  }[] = [];
  const matches: {
    studentId: string;
    placementId: string;
    rank: number;
    status: 'proposed' | 'approved';
  }[] = [];
  const seatsTaken = new Map<string, number>();
  const busy = new Map<string, [string, string][]>();
  const overlaps = (studentId: string, start: string, end: string) =>
    (busy.get(studentId) ?? []).some(([s, e]) => s <= end && start <= e);

  let index = 0;
  for (const [email, list] of byStudent) {
    const fixed = email === DEMO_FIXED_STUDENT.email;
    const n = index++;
    if (!fixed && n % 3 === 2) continue; // not everyone has applied yet
    const mine = fixed ? list.slice(0, 2) : list;
    mine.forEach((choice, i) => {
      let status = 'submitted';
      let reason: string | null = null;
      if (!fixed && i === 0 && (n % 5 === 0 || n % 5 === 1)) {
        const taken = seatsTaken.get(choice.placement_id) ?? 0;
        const approve =
          n % 5 === 0 &&
          taken < choice.capacity &&
          !overlaps(choice.student_id, choice.start_date, choice.end_date);
        if (approve) {
          seatsTaken.set(choice.placement_id, taken + 1);
          busy.set(choice.student_id, [
            ...(busy.get(choice.student_id) ?? []),
            [choice.start_date, choice.end_date],
          ]);
        }
        status = 'offered';
        matches.push({
          studentId: choice.student_id,
          placementId: choice.placement_id,
          rank: i + 1,
          status: approve ? 'approved' : 'proposed',
        });
      } else if (!fixed && i === 1 && n % 7 === 3) {
        status = 'declined';
        reason = DECLINE_REASONS[n % DECLINE_REASONS.length];
      }
      applications.push({
        studentId: choice.student_id,
        placementId: choice.placement_id,
        rank: i + 1,
        statement: STATEMENTS[(n + i) % STATEMENTS.length],
        status,
        reason,
      });
    });
  }

  // Ranks count only live applications, so a declined one drops out and the rest close up.
  const live = new Map<string, number>();
  for (const application of applications) {
    if (application.status === 'declined') continue;
    const rank = (live.get(application.studentId) ?? 0) + 1;
    live.set(application.studentId, rank);
    application.rank = rank;
  }

  await em.query(
    `INSERT INTO application (student_id, placement_id, rank, statement, status, decline_reason, created_at, updated_at)
     SELECT * , now() - interval '3 days', now() - interval '1 day'
       FROM unnest($1::uuid[], $2::uuid[], $3::int[], $4::text[], $5::text[], $6::text[])`,
    [
      applications.map((a) => a.studentId),
      applications.map((a) => a.placementId),
      applications.map((a) => a.rank),
      applications.map((a) => a.statement),
      applications.map((a) => a.status),
      applications.map((a) => a.reason),
    ],
  );
  await em.query(
    `INSERT INTO placement_match (student_id, placement_id, application_id, university_id, provider_id, source, status,
                                 start_date, end_date, decided_at)
     SELECT m.student_id, p.id, a.id, u.organisation_id, p.provider_id, 'offer', m.status, p.start_date, p.end_date,
            CASE WHEN m.status = 'approved' THEN now() - interval '1 day' END
       FROM unnest($1::uuid[], $2::uuid[], $3::text[]) AS m(student_id, placement_id, status)
       JOIN placement p ON p.id = m.placement_id
       JOIN app_user u ON u.id = m.student_id
       JOIN application a ON a.student_id = m.student_id AND a.placement_id = m.placement_id AND a.status = 'offered'`,
    [
      matches.map((m) => m.studentId),
      matches.map((m) => m.placementId),
      matches.map((m) => m.status),
    ],
  );
  // Each match's history, as if the provider's first member of staff offered it and the student's
  // first coordinator approved it, so match pages show who did what.
  await em.query(
    `WITH staff AS (
       SELECT DISTINCT ON (organisation_id, role) organisation_id, role, id
         FROM app_user WHERE role IN ('provider', 'coordinator') AND status = 'active'
        ORDER BY organisation_id, role, created_at, id)
     INSERT INTO audit_event (occurred_at, actor_id, actor_role, action, entity_type, entity_id, organisation_id, before, after)
     SELECT now() - interval '2 days', s.id, 'provider', 'match.proposed', 'match', m.id, m.university_id,
            NULL, jsonb_build_object('status', 'proposed', 'source', 'offer', 'studentId', m.student_id, 'placementId', m.placement_id)
       FROM placement_match m LEFT JOIN staff s ON s.organisation_id = m.provider_id AND s.role = 'provider'
     UNION ALL
     SELECT m.decided_at, s.id, 'coordinator', 'match.approved', 'match', m.id, m.university_id,
            '{"status":"proposed"}'::jsonb, '{"status":"approved"}'::jsonb
       FROM placement_match m LEFT JOIN staff s ON s.organisation_id = m.university_id AND s.role = 'coordinator'
      WHERE m.status = 'approved'
      ORDER BY 1`,
  );
  await em.query(
    `UPDATE placement p SET approved_count = t.taken
       FROM unnest($1::uuid[], $2::int[]) AS t(id, taken) WHERE p.id = t.id`,
    [[...seatsTaken.keys()], [...seatsTaken.values()]],
  );
  return {
    applications: applications.length,
    offers: matches.length,
    approved: matches.filter((m) => m.status === 'approved').length,
  };
}
