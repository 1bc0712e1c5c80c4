import type { EntityManager } from 'typeorm';
import { EDUCATOR_DOMAIN_CODES, FEEDBACK_THEME_CODES } from '@ahp/contracts';
import { distanceKm as kmBetween } from '@ahp/geo';
import { queryRows } from '../database/query';
import { DEMO_FIXED_STUDENT, DEMO_STUDENT_PAST_PLACEMENT } from '../demo/demo-data';

/** Past placements end before this day; the current ones start after it. */
const PAST_BEFORE = '2026-12-01';

/** Providers whose students are less happy, so the quality report has something to flag. */
const STRUGGLING_PROVIDERS = ['Mersey Vale Care NHS Trust'];

const COMMENTS: Record<'good' | 'mixed' | 'poor', string[]> = {
  good: [
    'A welcoming team who involved me in ward rounds and care planning from the first week.',
    'Weekly supervision was protected and my educator helped me reflect on every session.',
    'I led groups by the end and felt trusted. I would go back as a newly qualified practitioner.',
    'Great variety of cases and plenty of joint working with nursing and psychology.',
  ],
  mixed: [
    'Good learning once I settled in, but the first week had no clear induction plan.',
    'Supervision sometimes moved at short notice; the team were supportive in between.',
    'Interesting caseload, though there was no desk space and the IT access took two weeks.',
  ],
  poor: [
    'My educator left in week two and cover was patchy; I spent a lot of time shadowing without feedback.',
    'There was no induction and I did not have a login for the first three weeks.',
    'The team were stretched and students were an afterthought. Not recommended until staffing improves.',
  ],
};

interface PastPlacement {
  id: string;
  title: string;
  provider_id: string;
  provider_name: string;
  professions: string[];
  start_date: string;
  end_date: string;
  capacity: number;
  min_year_of_study: number;
  hours_per_week: string | null;
  lat: number;
  lng: number;
}

interface Candidate {
  id: string;
  email: string;
  university_id: string;
  profession: string;
  year_of_study: number;
  lat: number;
  lng: number;
  max_travel_km: number | null;
}

interface PastMatch {
  studentId: string;
  placementId: string;
  status: 'approved' | 'completed';
  k: number;
}

/**
 * Last year's placements, completed, with both sides' feedback: what the feedback pages, the
 * practice hours tracker, the quality flags and the reports show on a first visit. Deterministic.
 * The fixed demo student finished a placement a fortnight ago: their educator has recorded hours,
 * and their own feedback is waiting ("Give feedback" on My placements).
 */
export async function loadDemoHistory(
  em: EntityManager,
): Promise<{ pastMatches: number; studentFeedback: number; educatorFeedback: number }> {
  const placements = await queryRows<PastPlacement>(
    em,
    `SELECT p.id, p.title, p.provider_id, o.name AS provider_name, p.professions, p.start_date, p.end_date, p.capacity, p.min_year_of_study,
            p.hours_per_week, p.latitude AS lat, p.longitude AS lng
       FROM placement p JOIN organisation o ON o.id = p.provider_id
      WHERE p.end_date < $1 ORDER BY p.end_date DESC, p.id`,
    [PAST_BEFORE],
  );
  const students = await queryRows<Candidate>(
    em,
    `SELECT u.id, u.email, u.organisation_id AS university_id, sp.profession, sp.year_of_study,
            sp.home_latitude AS lat, sp.home_longitude AS lng, sp.max_travel_km
       FROM app_user u JOIN student_profile sp ON sp.user_id = u.id
      WHERE u.role = 'student' AND u.status = 'active' AND sp.year_of_study >= 2
        AND sp.home_latitude IS NOT NULL
      ORDER BY u.email`,
  );
  const busy = new Map<string, [string, string][]>();
  const free = (studentId: string, start: string, end: string) =>
    (busy.get(studentId) ?? []).every(([s, e]) => e < start || end < s) &&
    (busy.get(studentId)?.length ?? 0) < 2;
  const matches: PastMatch[] = [];
  const take = (student: Candidate, placement: PastPlacement, status: PastMatch['status']) => {
    busy.set(student.id, [
      ...(busy.get(student.id) ?? []),
      [placement.start_date, placement.end_date],
    ]);
    matches.push({ studentId: student.id, placementId: placement.id, status, k: matches.length });
  };

  // The demo student has just finished a community placement: their feedback is due now.
  const sam = students.find((s) => s.email === DEMO_FIXED_STUDENT.email);
  const samsPlacement = placements.find(
    (p) =>
      p.title === DEMO_STUDENT_PAST_PLACEMENT.title &&
      p.start_date === DEMO_STUDENT_PAST_PLACEMENT.startDate,
  );
  if (sam && samsPlacement) take(sam, samsPlacement, 'approved');

  for (const placement of placements) {
    const seats = placement.capacity - matches.filter((m) => m.placementId === placement.id).length;
    const nearby = students
      .filter(
        (s) =>
          s !== sam &&
          placement.professions.includes(s.profession) &&
          s.year_of_study >= placement.min_year_of_study &&
          kmBetween(s, placement) <= (s.max_travel_km ?? 60) &&
          free(s.id, placement.start_date, placement.end_date),
      )
      .sort(
        (a, b) =>
          kmBetween(a, placement) - kmBetween(b, placement) || a.email.localeCompare(b.email),
      );
    for (const student of nearby.slice(0, Math.max(0, seats))) {
      // Placements that ended in the last month may not have been marked complete yet.
      const recent = placement.end_date >= '2026-11-01';
      take(student, placement, recent && matches.length % 3 === 0 ? 'approved' : 'completed');
    }
  }
  if (matches.length === 0) return { pastMatches: 0, studentFeedback: 0, educatorFeedback: 0 };

  const byId = new Map(placements.map((p) => [p.id, p]));
  const rows = matches.map((m) => {
    const placement = byId.get(m.placementId) as PastPlacement;
    const offered = addDays(placement.start_date, -63 + (m.k % 9));
    return {
      ...m,
      placement,
      offered,
      decided: addDays(offered, 2 + ((m.k * 7) % 19)),
    };
  });
  // Offers without application rows: an offered application counts as live (against the
  // student's limit and ranks) for as long as it exists, and these are long finished.
  await em.query(
    `INSERT INTO placement_match (student_id, placement_id, university_id, provider_id, source, status,
                                  start_date, end_date, decided_at, created_at, updated_at)
     SELECT t.student_id, p.id, u.organisation_id, p.provider_id, 'offer', t.status, p.start_date, p.end_date,
            t.decided, t.offered, CASE WHEN t.status = 'completed' THEN p.end_date + 3 ELSE t.decided END
       FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::date[], $5::date[])
         AS t(student_id, placement_id, status, offered, decided)
       JOIN placement p ON p.id = t.placement_id
       JOIN app_user u ON u.id = t.student_id`,
    [
      rows.map((r) => r.studentId),
      rows.map((r) => r.placementId),
      rows.map((r) => r.status),
      rows.map((r) => r.offered),
      rows.map((r) => r.decided),
    ],
  );
  await em.query(
    `UPDATE placement p SET approved_count = t.taken
       FROM (SELECT placement_id, count(*)::int AS taken FROM placement_match
              WHERE status IN ('approved', 'completed') AND end_date < $1 GROUP BY placement_id) t
      WHERE p.id = t.placement_id`,
    [PAST_BEFORE],
  );
  await em.query(
    `WITH staff AS (
       SELECT DISTINCT ON (organisation_id, role) organisation_id, role, id
         FROM app_user WHERE role IN ('provider', 'coordinator') AND status = 'active'
        ORDER BY organisation_id, role, created_at, id),
     past AS (SELECT * FROM placement_match WHERE end_date < $1)
     INSERT INTO audit_event (occurred_at, actor_id, actor_role, action, entity_type, entity_id, organisation_id, before, after)
     SELECT m.created_at, s.id, 'provider', 'match.proposed', 'match', m.id, m.university_id,
            NULL, jsonb_build_object('status', 'proposed', 'source', 'offer', 'studentId', m.student_id, 'placementId', m.placement_id)
       FROM past m LEFT JOIN staff s ON s.organisation_id = m.provider_id AND s.role = 'provider'
     UNION ALL
     SELECT m.decided_at, s.id, 'coordinator', 'match.approved', 'match', m.id, m.university_id,
            '{"status":"proposed"}'::jsonb, '{"status":"approved"}'::jsonb
       FROM past m LEFT JOIN staff s ON s.organisation_id = m.university_id AND s.role = 'coordinator'
     UNION ALL
     SELECT m.updated_at, s.id, 'provider', 'match.completed', 'match', m.id, m.university_id,
            '{"status":"approved"}'::jsonb, '{"status":"completed"}'::jsonb
       FROM past m LEFT JOIN staff s ON s.organisation_id = m.provider_id AND s.role = 'provider'
      WHERE m.status = 'completed'
      ORDER BY 1`,
    [PAST_BEFORE],
  );

  // Students' feedback: most completed placements have it; the demo student's is still to give.
  const given = rows.filter(
    (r) => r.studentId !== sam?.id && (r.status === 'completed' ? r.k % 7 !== 3 : r.k % 2 === 0),
  );
  const feedback = given.map((r) => {
    const base = STRUGGLING_PROVIDERS.includes(r.placement.provider_name) ? 2 : 4;
    const themes = FEEDBACK_THEME_CODES.map((_, i) =>
      clamp(base + [0, 1, 0, -1, 0, 1][(r.k + i) % 6]),
    );
    const overall = clamp(Math.round(themes.reduce((a, b) => a + b, 0) / themes.length));
    const band = overall >= 4 ? 'good' : overall === 3 ? 'mixed' : 'poor';
    return {
      ...r,
      themes,
      overall,
      recommend: overall >= 4 || (overall === 3 && r.k % 2 === 0),
      comment: r.k % 3 === 1 ? null : COMMENTS[band][r.k % COMMENTS[band].length],
      at: addDays(r.placement.end_date, 2 + (r.k % 12)),
    };
  });
  await em.query(
    `INSERT INTO placement_feedback (match_id, student_id, placement_id, provider_id, university_id,
       induction, supervision, facilities, learning_opportunities, teamwork, overall, would_recommend, comment,
       created_at, updated_at)
     SELECT m.id, m.student_id, m.placement_id, m.provider_id, m.university_id,
            parsed.s[1], parsed.s[2], parsed.s[3], parsed.s[4], parsed.s[5], t.overall, t.recommend, t.comment, t.at, t.at
       FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::int[], $5::boolean[], $6::text[], $7::timestamptz[])
         AS t(student_id, placement_id, scores, overall, recommend, comment, at)
       CROSS JOIN LATERAL (SELECT string_to_array(t.scores, ',')::int[] AS s) parsed
       JOIN placement_match m ON m.student_id = t.student_id AND m.placement_id = t.placement_id`,
    [
      feedback.map((f) => f.studentId),
      feedback.map((f) => f.placementId),
      feedback.map((f) => f.themes.join(',')),
      feedback.map((f) => f.overall),
      feedback.map((f) => f.recommend),
      feedback.map((f) => f.comment),
      feedback.map((f) => f.at),
    ],
  );

  // Educators' feedback with practice hours: every completed placement, and the demo student's.
  const assessed = rows.filter((r) => r.status === 'completed' || r.studentId === sam?.id);
  await em.query(
    `WITH staff AS (
       SELECT DISTINCT ON (organisation_id) organisation_id, id FROM app_user
        WHERE role = 'provider' AND status = 'active' ORDER BY organisation_id, created_at, id)
     INSERT INTO educator_feedback (match_id, author_id, student_id, placement_id, provider_id, university_id,
       domains, outcome, comment, practice_hours, created_at, updated_at)
     SELECT m.id, s.id, m.student_id, m.placement_id, m.provider_id, m.university_id,
            t.domains::jsonb, t.outcome, t.comment,
            least(2000, round(((m.end_date - m.start_date + 3) / 7.0) * coalesce(p.hours_per_week, 37.5) * 4) / 4),
            m.end_date + 1, m.end_date + 1
       FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[])
         AS t(student_id, placement_id, domains, outcome, comment)
       JOIN placement_match m ON m.student_id = t.student_id AND m.placement_id = t.placement_id
       JOIN placement p ON p.id = m.placement_id
       LEFT JOIN staff s ON s.organisation_id = m.provider_id`,
    [
      assessed.map((r) => r.studentId),
      assessed.map((r) => r.placementId),
      assessed.map((r) =>
        JSON.stringify(
          Object.fromEntries(EDUCATOR_DOMAIN_CODES.map((d, i) => [d, 3 + ((r.k + i) % 3)])),
        ),
      ),
      assessed.map((r) => (r.k % 17 === 5 ? 'refer' : 'pass')),
      assessed.map((r) =>
        r.k % 17 === 5
          ? 'Needs to show more independence in assessment before the next placement; we have agreed an action plan.'
          : 'Built good rapport with service users and the team, and used supervision well.',
      ),
    ],
  );

  // Hours from before the platform: more for students further through their course.
  await em.query(
    `UPDATE student_profile sp SET prior_practice_hours = CASE sp.year_of_study
        WHEN 2 THEN 150 + (n % 4) * 37.5 WHEN 3 THEN 450 + (n % 5) * 37.5 WHEN 4 THEN 700 + (n % 3) * 37.5 ELSE 0 END
       FROM (SELECT u.id, row_number() OVER (ORDER BY u.email)::int AS n FROM app_user u WHERE u.role = 'student') s
      WHERE sp.user_id = s.id`,
  );

  // The demo student has been asked for their feedback.
  if (sam && samsPlacement) {
    await em.query(
      `UPDATE placement_match SET feedback_requested_at = now() WHERE student_id = $1 AND placement_id = $2`,
      [sam.id, samsPlacement.id],
    );
    await em.query(
      `INSERT INTO notification (user_id, kind, title, body, link)
       SELECT $1, 'feedback.requested', 'How was your placement? ' || p.title,
              'Your placement on ' || p.title || ' has ended. Tell us how it went: your feedback helps future students and the placement team.',
              '/my-placements/' || m.id || '/feedback'
         FROM placement_match m JOIN placement p ON p.id = m.placement_id
        WHERE m.student_id = $1 AND m.placement_id = $2`,
      [sam.id, samsPlacement.id],
    );
  }
  return {
    pastMatches: matches.length,
    studentFeedback: feedback.length,
    educatorFeedback: assessed.length,
  };
}

function clamp(score: number): number {
  return Math.min(5, Math.max(1, score));
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(date) + days * 86_400_000).toISOString().slice(0, 10);
}
