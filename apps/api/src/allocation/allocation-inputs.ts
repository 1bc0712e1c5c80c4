import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { AllocationInput, PlacementInput, StudentInput } from '@ahp/matching';
import { queryRows } from '../database/query';

/** The part of a round that decides who and what take part. */
export interface RoundScope {
  universityIds: string[] | null;
  startFrom: string;
  startTo: string;
  professions: string[];
  /** This round's own earlier proposals, which a new run replaces (their seats count as free). */
  roundId: string | null;
}

export interface LoadedInputs {
  input: Omit<AllocationInput, 'seed' | 'policy'>;
}

/**
 * Reads everything an allocation round feeds the engine, as of now, in the caller's transaction
 * (which it must be: the sort memory it sets lasts until that transaction ends): the universities'
 * students (profession, year, home, travel limit, compliance, priority, dates already taken), the
 * placements starting in the window with their seats still free (seats held by other proposals
 * count as taken), the students' live applications as preferences in their order, and the
 * providers' rankings. This round's own still-proposed matches are treated as if they were not
 * there, so a re-run (or a comparison) sees what the first run saw. Every list is in a fixed
 * order, so the same data always gives the same input (and fingerprint).
 *
 * Applications and busy dates are joined to the round's scope in SQL, not filtered by lists of
 * the ids read before: given 20,000 student ids, PostgreSQL expected one application and probed
 * an index 200,000 times, where hash joins read each table once.
 */
export async function loadInputs(em: EntityManager, scope: RoundScope): Promise<LoadedInputs> {
  // PostgreSQL's own choice of plans (the connections are set to generic plans, for the
  // prepared hot reads): a generic plan cannot see that the optional filters are off, and
  // guessed a handful of applications where there are 200,000, which made reading them three
  // times slower. ('auto', not custom plans always: the foreign-key checks of the proposals
  // written later in this transaction would then be planned again for every row.) And 200,000
  // applications take about 22 MB to sort; the default 4 MB sorted them on disk.
  await em.query(
    `SELECT set_config('plan_cache_mode', 'auto', true), set_config('work_mem', '64MB', true)`,
  );
  // Lists of codes come as JSON, which the driver parses natively: its parser for PostgreSQL
  // arrays took 7 µs a value, 150 ms of a 20,000-student round's loading.
  const students = await queryRows<{
    id: string;
    profession: string;
    year_of_study: number;
    home_latitude: number | null;
    home_longitude: number | null;
    max_travel_km: number | null;
    compliance: string[];
    allocation_priority: number;
  }>(
    em,
    `SELECT u.id, sp.profession, sp.year_of_study, sp.home_latitude, sp.home_longitude,
            sp.max_travel_km, to_json(sp.compliance) AS compliance, sp.allocation_priority
       FROM app_user u JOIN student_profile sp ON sp.user_id = u.id
      WHERE u.role = 'student'
        AND ($1::uuid[] IS NULL OR u.organisation_id = ANY ($1))
        AND (cardinality($2::text[]) = 0 OR sp.profession = ANY ($2))
      ORDER BY u.id`,
    [scope.universityIds, scope.professions],
  );
  const placements = await queryRows<{
    id: string;
    professions: string[];
    free: number;
    start_date: string;
    end_date: string;
    min_year_of_study: number;
    latitude: number;
    longitude: number;
    requirements: string[];
  }>(
    em,
    `SELECT p.id, to_json(p.professions) AS professions, p.start_date, p.end_date,
            p.min_year_of_study, p.latitude, p.longitude, to_json(p.requirements) AS requirements,
            greatest(0, p.capacity - p.approved_count - (
              SELECT count(*) FROM placement_match m
               WHERE m.placement_id = p.id AND m.status = 'proposed'
                 AND m.round_id IS DISTINCT FROM $4))::int AS free
       FROM placement p
      WHERE p.status IN ('published', 'closed') AND p.start_date BETWEEN $1 AND $2
        AND (cardinality($3::text[]) = 0 OR p.professions && $3)
      ORDER BY p.id`,
    [scope.startFrom, scope.startTo, scope.professions, scope.roundId],
  );
  const applications = await queryRows<{
    student_id: string;
    placement_id: string;
    provider_rank: number | null;
  }>(
    em,
    `SELECT a.student_id, a.placement_id, a.provider_rank
       FROM application a
       JOIN app_user u ON u.id = a.student_id
       JOIN student_profile sp ON sp.user_id = a.student_id
       JOIN placement p ON p.id = a.placement_id
      WHERE a.status IN ('submitted', 'offered')
        AND u.role = 'student'
        AND ($1::uuid[] IS NULL OR u.organisation_id = ANY ($1))
        AND (cardinality($2::text[]) = 0 OR sp.profession = ANY ($2))
        AND p.status IN ('published', 'closed') AND p.start_date BETWEEN $3 AND $4
        AND (cardinality($2::text[]) = 0 OR p.professions && $2)
        -- Any other live match for the pair (a provider's offer, an approval) takes it out of
        -- the round; this round's own proposals do not, as a new run replaces them.
        AND NOT EXISTS (SELECT 1 FROM placement_match m WHERE m.student_id = a.student_id
              AND m.placement_id = a.placement_id AND m.status IN ('proposed', 'approved', 'completed')
              AND NOT (m.round_id IS NOT DISTINCT FROM $5 AND m.status = 'proposed'))
      ORDER BY a.student_id, a.rank, a.created_at, a.id`,
    [scope.universityIds, scope.professions, scope.startFrom, scope.startTo, scope.roundId],
  );
  const busy = await queryRows<{ student_id: string; start_date: string; end_date: string }>(
    em,
    `SELECT m.student_id, m.start_date, m.end_date
       FROM placement_match m
       JOIN app_user u ON u.id = m.student_id
       JOIN student_profile sp ON sp.user_id = m.student_id
      WHERE m.status IN ('approved', 'completed')
        AND ($1::uuid[] IS NULL OR u.organisation_id = ANY ($1))
        AND (cardinality($2::text[]) = 0 OR sp.profession = ANY ($2))
      ORDER BY m.student_id, m.start_date, m.end_date`,
    [scope.universityIds, scope.professions],
  );

  // Each statement sees the data as of its own start: a student or placement added between
  // them must not reach the engine through an application alone (it would be an unknown id).
  const placementIds = new Set(placements.map((p) => p.id));
  const busyOf = new Map<string, { startDate: string; endDate: string }[]>();
  for (const row of busy) {
    const list = busyOf.get(row.student_id) ?? [];
    list.push({ startDate: row.start_date, endDate: row.end_date });
    busyOf.set(row.student_id, list);
  }
  // Applications come grouped by student: one lookup per student rather than per application.
  const studentAt = new Map(students.map((s, i) => [s.id, i]));
  const preferenceLists: string[][] = students.map(() => []);
  const rankedBy = new Map<string, { studentId: string; rank: number }[]>();
  for (let row = 0; row < applications.length; ) {
    const studentId = applications[row].student_id;
    const s = studentAt.get(studentId);
    for (; row < applications.length && applications[row].student_id === studentId; row++) {
      const application = applications[row];
      if (s === undefined || !placementIds.has(application.placement_id)) continue;
      preferenceLists[s].push(application.placement_id);
      if (application.provider_rank !== null) {
        const ranked = rankedBy.get(application.placement_id) ?? [];
        ranked.push({ studentId, rank: application.provider_rank });
        rankedBy.set(application.placement_id, ranked);
      }
    }
  }

  return {
    input: {
      students: students.map(
        (s): StudentInput => ({
          id: s.id,
          profession: s.profession,
          yearOfStudy: s.year_of_study,
          ...(s.home_latitude !== null && s.home_longitude !== null
            ? { location: { lat: s.home_latitude, lng: s.home_longitude } }
            : {}),
          ...(s.max_travel_km !== null ? { maxTravelKm: s.max_travel_km } : {}),
          compliance: s.compliance,
          priority: s.allocation_priority,
          busy: busyOf.get(s.id) ?? [],
        }),
      ),
      placements: placements.map(
        (p): PlacementInput => ({
          id: p.id,
          professions: p.professions,
          capacity: p.free,
          startDate: p.start_date,
          endDate: p.end_date,
          minYearOfStudy: p.min_year_of_study,
          location: { lat: p.latitude, lng: p.longitude },
          requirements: p.requirements,
        }),
      ),
      preferences: students.map((s, i) => ({ studentId: s.id, placementIds: preferenceLists[i] })),
      rankings: [...rankedBy.entries()]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([placementId, ranked]) => ({
          placementId,
          studentIds: ranked
            .sort((x, y) => x.rank - y.rank || (x.studentId < y.studentId ? -1 : 1))
            .map((r) => r.studentId),
        })),
    },
  };
}

/** SHA-256 of the engine's inputs: two runs with equal fingerprints and seeds give equal results. */
export function fingerprint(input: LoadedInputs['input']): string {
  return createHash('sha256').update(JSON.stringify(input)).digest('hex');
}
