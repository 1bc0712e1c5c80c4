import type { Actor } from '../auth/actor';
import type { Application, Match, PlacementSummary, StudentSummary } from '@ahp/contracts';

/**
 * The joins and columns that describe an application's or match's placement and student, shared
 * by both. `x` is the alias of the application or match row.
 */
export const VIEW_JOINS = (x: string) => `
  JOIN placement p ON p.id = ${x}.placement_id
  JOIN organisation po ON po.id = p.provider_id
  JOIN app_user u ON u.id = ${x}.student_id
  JOIN organisation uo ON uo.id = u.organisation_id
  JOIN student_profile sp ON sp.user_id = u.id`;

export const VIEW_COLUMNS = `
  p.title AS p_title, p.provider_id AS p_provider_id, po.name AS p_provider_name, p.postcode AS p_postcode,
  p.start_date AS p_start_date, p.end_date AS p_end_date, p.status AS p_status,
  u.name AS s_name, u.email AS s_email, u.organisation_id AS s_university_id, uo.name AS s_university_name,
  sp.profession AS s_profession, sp.year_of_study AS s_year, sp.home_postcode AS s_home_postcode,
  sp.reasonable_adjustments AS s_adjustments`;

/**
 * An application's own columns and its match's, named rather than a.* so that the prepared
 * statements reading them survive a later migration adding a column.
 */
export const APPLICATION_COLUMNS = `a.id, a.student_id, a.placement_id, a.status, a.rank, a.statement,
  a.share_adjustments, a.provider_rank, a.decline_reason, a.created_at, a.updated_at,
  am.match_id, am.match_status`;

/** An application with its placement, student and the match its offer made (if any). */
export const APPLICATION_FROM = `application a ${VIEW_JOINS('a')}
  LEFT JOIN LATERAL (
    SELECT id AS match_id, status AS match_status FROM placement_match
     WHERE application_id = a.id ORDER BY created_at DESC LIMIT 1
  ) am ON true`;

export interface ViewRow {
  id: string;
  student_id: string;
  placement_id: string;
  status: string;
  created_at: Date;
  updated_at: Date;
  p_title: string;
  p_provider_id: string;
  p_provider_name: string;
  p_postcode: string;
  p_start_date: string;
  p_end_date: string;
  p_status: string;
  s_name: string;
  s_email: string;
  s_university_id: string;
  s_university_name: string;
  s_profession: StudentSummary['profession'];
  s_year: number;
  s_home_postcode: string | null;
  s_adjustments: string | null;
}

export interface ApplicationRow extends ViewRow {
  rank: number;
  statement: string | null;
  share_adjustments: boolean;
  provider_rank: number | null;
  decline_reason: string | null;
  match_id: string | null;
  match_status: Match['status'] | null;
}

export interface MatchRow extends ViewRow {
  application_id: string | null;
  source: Match['source'];
  start_date: string;
  end_date: string;
  reason: string | null;
  decided_at: Date | null;
  distance_km: number | null;
}

function placementSummary(row: ViewRow): PlacementSummary {
  return {
    id: row.placement_id,
    title: row.p_title,
    providerId: row.p_provider_id,
    providerName: row.p_provider_name,
    postcode: row.p_postcode,
    startDate: row.p_start_date,
    endDate: row.p_end_date,
    status: row.p_status,
  };
}

/**
 * Reasonable adjustments are private to the student and their coordinator (and admins), and
 * reach a provider only when the student chose to share them with this application.
 */
function studentSummary(row: ViewRow, actor: Actor, shared: boolean): StudentSummary {
  const summary: StudentSummary = {
    id: row.student_id,
    name: row.s_name,
    email: row.s_email,
    profession: row.s_profession,
    yearOfStudy: row.s_year,
    universityId: row.s_university_id,
    universityName: row.s_university_name,
    homePostcode: actor.role === 'provider' ? null : row.s_home_postcode,
  };
  const mayKnow =
    actor.role === 'admin' ||
    actor.id === row.student_id ||
    (actor.role === 'coordinator' && actor.organisationId === row.s_university_id) ||
    (actor.role === 'provider' && shared);
  if (mayKnow) summary.reasonableAdjustments = row.s_adjustments;
  return summary;
}

export function toApplication(row: ApplicationRow, actor: Actor): Application {
  return {
    id: row.id,
    status: row.status as Application['status'],
    placementId: row.placement_id,
    studentId: row.student_id,
    rank: row.rank,
    statement: row.statement,
    shareAdjustments: row.share_adjustments,
    providerRank: actor.role === 'student' ? null : row.provider_rank,
    declineReason: row.decline_reason,
    match: row.match_id ? { id: row.match_id, status: row.match_status as Match['status'] } : null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    placement: placementSummary(row),
    student: studentSummary(row, actor, row.share_adjustments),
  };
}

export function toMatch(
  row: MatchRow & { share_adjustments?: boolean | null },
  actor: Actor,
): Match {
  return {
    id: row.id,
    status: row.status as Match['status'],
    source: row.source,
    studentId: row.student_id,
    placementId: row.placement_id,
    applicationId: row.application_id,
    startDate: row.start_date,
    endDate: row.end_date,
    reason: row.reason,
    decidedAt: row.decided_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    placement: placementSummary(row),
    student: studentSummary(row, actor, row.share_adjustments ?? false),
    distanceKm:
      row.distance_km === null || actor.role === 'provider'
        ? null
        : Math.round(row.distance_km * 10) / 10,
  };
}

/** Which applications or matches the actor may see, as a condition on the joined row. */
export function visibleTo(actor: Actor, x: string, param: (value: unknown) => string): string {
  switch (actor.role) {
    case 'admin':
      return 'TRUE';
    case 'student':
      return `${x}.student_id = ${param(actor.id)}`;
    case 'provider':
      return `p.provider_id = ${param(actor.organisationId)}`;
    case 'coordinator':
      return `u.organisation_id = ${param(actor.organisationId)}`;
  }
}
