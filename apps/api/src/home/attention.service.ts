import { Db } from '../database/db';
import { Injectable } from '@nestjs/common';
import type { AttentionItem, Role } from '@ahp/contracts';
import type { Actor } from '../auth/actor';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

interface AttentionCheck {
  code: string;
  roles: Role[];
  /** Counts what needs attention; $1 is the actor's organisation, or the actor for `self` checks. */
  sql: string;
  scope: 'organisation' | 'self' | 'everything';
  message: (count: number) => string;
  link: string | null;
}

/**
 * What the home page lists under "What needs your attention", one count per check. Each feature
 * adds its own checks here; every query is scoped to the caller's organisation (or themself).
 */
const CHECKS: AttentionCheck[] = [
  {
    code: 'organisations_without_users',
    roles: ['admin'],
    scope: 'everything',
    sql: `SELECT count(*) FROM organisation o WHERE NOT EXISTS (SELECT 1 FROM app_user u WHERE u.organisation_id = o.id)`,
    message: (n) => `${plural(n, 'organisation has', 'organisations have')} no users yet`,
    link: '/admin/organisations',
  },
  {
    code: 'staff_invited',
    roles: ['admin'],
    scope: 'everything',
    sql: `SELECT count(*) FROM app_user WHERE status = 'invited' AND role <> 'student'`,
    message: (n) =>
      `${plural(n, 'coordinator or provider has', 'coordinators and providers have')} not yet set up their account`,
    link: '/admin/users?status=invited',
  },
  {
    code: 'students_invited',
    roles: ['coordinator'],
    scope: 'organisation',
    sql: `SELECT count(*) FROM app_user WHERE organisation_id = $1 AND role = 'student' AND status = 'invited'`,
    message: (n) => `${plural(n, 'student has', 'students have')} not yet set up their account`,
    link: '/students?status=invited',
  },
  {
    code: 'students_without_home_postcode',
    roles: ['coordinator'],
    scope: 'organisation',
    sql: `SELECT count(*) FROM app_user u JOIN student_profile p ON p.user_id = u.id WHERE u.organisation_id = $1 AND p.home_postcode IS NULL`,
    message: (n) =>
      `${plural(n, 'student has', 'students have')} no home postcode, so distances cannot be shown to them`,
    link: '/students',
  },
  {
    code: 'matches_awaiting_approval',
    roles: ['coordinator'],
    scope: 'organisation',
    sql: `SELECT count(*) FROM placement_match WHERE university_id = $1 AND status = 'proposed'`,
    message: (n) =>
      `${plural(n, 'offered placement is', 'offered placements are')} waiting for your approval`,
    link: '/matches?status=proposed',
  },
  {
    code: 'applications_to_review',
    roles: ['provider'],
    scope: 'organisation',
    sql: `SELECT count(*) FROM application a JOIN placement p ON p.id = a.placement_id WHERE p.provider_id = $1 AND a.status = 'submitted'`,
    message: (n) => `${plural(n, 'application is', 'applications are')} waiting for your decision`,
    link: '/applications?status=submitted',
  },
  {
    code: 'colleagues_invited',
    roles: ['provider'],
    scope: 'organisation',
    sql: `SELECT count(*) FROM app_user WHERE organisation_id = $1 AND status = 'invited'`,
    message: (n) => `${plural(n, 'colleague has', 'colleagues have')} not yet set up their account`,
    link: '/colleagues?status=invited',
  },
  {
    code: 'placements_in_draft',
    roles: ['provider'],
    scope: 'organisation',
    sql: `SELECT count(*) FROM placement WHERE provider_id = $1 AND status = 'draft' AND end_date >= current_date`,
    message: (n) =>
      `${plural(n, 'placement is', 'placements are')} still drafts that students cannot see`,
    link: '/manage-placements',
  },
  {
    code: 'educator_feedback_to_give',
    roles: ['provider'],
    scope: 'organisation',
    sql: `SELECT count(*) FROM placement_match m WHERE m.provider_id = $1 AND m.status IN ('approved', 'completed')
            AND m.end_date < current_date AND m.end_date >= current_date - 90
            AND NOT EXISTS (SELECT 1 FROM educator_feedback f WHERE f.match_id = m.id)`,
    message: (n) =>
      `${plural(n, 'student has', 'students have')} finished a placement and need${n === 1 ? 's' : ''} your educator feedback`,
    link: '/feedback',
  },
  {
    code: 'feedback_to_give',
    roles: ['student'],
    scope: 'self',
    sql: `SELECT count(*) FROM placement_match m WHERE m.student_id = $1 AND m.status IN ('approved', 'completed')
            AND m.end_date < current_date AND m.end_date >= current_date - 90
            AND NOT EXISTS (SELECT 1 FROM placement_feedback f WHERE f.match_id = m.id)`,
    message: (n) =>
      `Tell us how ${n === 1 ? 'your placement' : `your ${n} placements`} went: give feedback`,
    link: '/my-placements',
  },
  {
    code: 'profile_home_postcode',
    roles: ['student'],
    scope: 'self',
    sql: `SELECT count(*) FROM student_profile WHERE user_id = $1 AND home_postcode IS NULL`,
    message: () => 'Add your home postcode so that placements can be sorted by distance from home',
    link: '/profile',
  },
];

@Injectable()
export class AttentionService {
  constructor(private readonly db: Db) {}

  async itemsFor(actor: Actor): Promise<AttentionItem[]> {
    const checks = CHECKS.filter((check) => check.roles.includes(actor.role));
    const counts = await Promise.all(
      checks.map(async (check) => {
        const params = { organisation: [actor.organisationId], self: [actor.id], everything: [] }[
          check.scope
        ];
        const rows: { count: string }[] = await this.db.manager.query(check.sql, params);
        return Number(rows[0].count);
      }),
    );
    return checks.flatMap((check, i) =>
      counts[i]
        ? [
            {
              code: check.code,
              count: counts[i],
              message: check.message(counts[i]),
              link: check.link,
            },
          ]
        : [],
    );
  }
}
