import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { labelFor, PROFESSIONS, type Application, type Page } from '@ahp/contracts';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { DomainException } from '../common/errors/domain.exception';
import { decodeCursor, pageSize, toPage } from '../common/pagination/page';
import { AppConfig } from '../config/app-config';
import { Db } from '../database/db';
import { preparedRowsOn } from '../database/prepared';
import { queryRows } from '../database/query';
import { MatchesService } from '../matches/matches.service';
import { NotificationsService } from '../notifications/notifications.service';
import type {
  ApplicationListQueryDto,
  CreateApplicationDto,
  DecisionReasonDto,
  MatchDto,
  PlacementRankingResultDto,
} from './dto/application.dto';
import {
  APPLICATION_COLUMNS,
  APPLICATION_FROM,
  VIEW_COLUMNS,
  toApplication,
  visibleTo,
  type ApplicationRow,
} from './views';

const LIVE = `('submitted', 'offered')`;

interface PlacementForApplying {
  id: string;
  title: string;
  provider_id: string;
  status: string;
  professions: string[];
  min_year_of_study: number;
  capacity: number;
  approved_count: number;
  application_deadline: string | null;
  deadline_passed: boolean;
}

@Injectable()
export class ApplicationsService {
  constructor(
    private readonly db: Db,
    private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
    private readonly matches: MatchesService,
  ) {}

  // ---- reading ---------------------------------------------------------------------------------

  /** Students see their own (in their order of preference); providers those to their placements; coordinators their students'. */
  async list(actor: Actor, query: ApplicationListQueryDto): Promise<Page<Application>> {
    const limit = pageSize(query);
    const params: unknown[] = [];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const where = [visibleTo(actor, 'a', param)];
    if (query.placementId) where.push(`a.placement_id = ${param(query.placementId)}`);
    if (query.status) where.push(`a.status = ${param(query.status)}`);
    // Students read theirs in preference order; everyone else oldest first.
    const byRank = actor.role === 'student';
    const sortKey = byRank ? 'a.rank' : 'a.created_at';
    const after = decodeCursor(query.cursor, 2);
    if (after) {
      const cast = byRank ? 'int' : 'timestamptz';
      where.push(`(${sortKey}, a.id) > (${param(after[0])}::${cast}, ${param(after[1])}::uuid)`);
    }
    const sql = `SELECT ${APPLICATION_COLUMNS}, ${VIEW_COLUMNS} FROM ${APPLICATION_FROM}
        WHERE ${where.join(' AND ')} ORDER BY ${sortKey}, a.id LIMIT ${param(limit + 1)}`;
    // A student's own list, the busiest, is a prepared statement (its plan, the student's
    // applications off (student_id, rank, id), never depends on the values; planning the joins
    // took 2.6 ms a call). Other lists are planned for their organisation each time.
    const rows = byRank
      ? await preparedRowsOn<ApplicationRow>(this.db.manager, sql, params)
      : await queryRows<ApplicationRow>(this.db.manager, sql, params);
    return toPage(
      rows,
      limit,
      (row) => [byRank ? row.rank : row.created_at.toISOString(), row.id],
      (row) => toApplication(row, actor),
    );
  }

  async get(actor: Actor, id: string): Promise<Application> {
    const row = await this.find(this.db.manager, actor, id, false);
    if (!row) throw DomainException.notFound('Application');
    return toApplication(row, actor);
  }

  // ---- students --------------------------------------------------------------------------------

  async apply(actor: Actor, dto: CreateApplicationDto): Promise<Application> {
    const id = await this.db.transaction(async (em) => {
      // One student's applications are decided one at a time: the limit and the ranks stay right
      // however many requests arrive together.
      const [profile] = await queryRows<{
        profession: string;
        year_of_study: number;
        organisation_id: string;
      }>(
        em,
        `SELECT sp.profession, sp.year_of_study, u.organisation_id
           FROM student_profile sp JOIN app_user u ON u.id = sp.user_id WHERE sp.user_id = $1 FOR UPDATE OF sp`,
        [actor.id],
      );
      if (!profile) throw DomainException.forbidden('Only students with a profile can apply.');
      const [placement] = await queryRows<PlacementForApplying>(
        em,
        `SELECT id, title, provider_id, status, professions, min_year_of_study, capacity, approved_count,
                application_deadline, application_deadline < current_date AS deadline_passed
           FROM placement WHERE id = $1 FOR SHARE`,
        [dto.placementId],
      );
      if (!placement)
        throw DomainException.invalidField(
          'placementId',
          'placementId does not match any placement',
        );
      this.assertCanApply(placement, profile);
      const [{ live, same }] = await queryRows<{ live: number; same: number }>(
        em,
        `SELECT count(*)::int AS live, count(*) FILTER (WHERE placement_id = $2)::int AS same
           FROM application WHERE student_id = $1 AND status IN ${LIVE}`,
        [actor.id, dto.placementId],
      );
      if (same)
        throw DomainException.conflict('conflict', 'You have already applied to this placement.');
      const max = this.config.get('MAX_LIVE_APPLICATIONS');
      if (live >= max) {
        throw DomainException.conflict(
          'conflict',
          `You can hold at most ${max} applications at once. Withdraw one to apply for another.`,
        );
      }
      const rank = Math.min(dto.rank ?? live + 1, live + 1);
      await em.query(
        `UPDATE application SET rank = rank + 1 WHERE student_id = $1 AND status IN ${LIVE} AND rank >= $2`,
        [actor.id, rank],
      );
      const [created] = await queryRows<{ id: string }>(
        em,
        `INSERT INTO application (student_id, placement_id, rank, statement, share_adjustments) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [actor.id, dto.placementId, rank, dto.statement ?? null, dto.shareAdjustments ?? false],
      );
      await this.audit.record(em, actor, {
        action: 'application.submitted',
        entityType: 'application',
        entityId: created.id,
        organisationId: profile.organisation_id,
        after: { status: 'submitted', placementId: dto.placementId, rank },
      });
      await this.notifications.notify(
        em,
        await this.notifications.peopleOf(em, placement.provider_id, 'provider'),
        {
          kind: 'application.submitted',
          title: `New application for ${placement.title}`,
          body: `A ${labelFor(PROFESSIONS, profile.profession).toLowerCase()} student in year ${profile.year_of_study} has applied for ${placement.title}.`,
          link: `/placements/${placement.id}/applications`,
        },
      );
      return created.id;
    });
    return this.get(actor, id);
  }

  /** A student's new order of preference: every live application, most wanted first. */
  async reorder(actor: Actor, applicationIds: string[]): Promise<Page<Application>> {
    await this.db.transaction(async (em) => {
      await em.query(`SELECT 1 FROM student_profile WHERE user_id = $1 FOR UPDATE`, [actor.id]);
      const live = await queryRows<{ id: string }>(
        em,
        `SELECT id FROM application WHERE student_id = $1 AND status IN ${LIVE}`,
        [actor.id],
      );
      const expected = new Set(live.map((row) => row.id));
      if (
        applicationIds.length !== expected.size ||
        !applicationIds.every((id) => expected.has(id))
      ) {
        throw DomainException.invalidField(
          'applicationIds',
          'applicationIds must list each of your submitted or offered applications exactly once',
        );
      }
      await em.query(
        `UPDATE application a SET rank = o.position, updated_at = now()
           FROM unnest($1::uuid[]) WITH ORDINALITY AS o(id, position) WHERE a.id = o.id`,
        [applicationIds],
      );
      await this.audit.record(em, actor, {
        action: 'application.reordered',
        entityType: 'student',
        entityId: actor.id,
        organisationId: actor.organisationId,
        after: { order: applicationIds },
      });
    });
    return this.list(actor, { limit: 100 });
  }

  async withdraw(actor: Actor, id: string): Promise<Application> {
    await this.db.transaction(async (em) => {
      const row = await this.find(em, actor, id, true);
      if (!row || row.student_id !== actor.id) throw DomainException.notFound('Application');
      if (row.status !== 'submitted' && row.status !== 'offered') {
        throw DomainException.conflict('conflict', `This application is already ${row.status}.`);
      }
      if (row.status === 'offered') await this.matches.withdrawOffer(em, actor, id);
      await this.decide(em, actor, row, 'withdrawn', null);
      await this.notifications.notify(
        em,
        await this.notifications.peopleOf(em, row.p_provider_id, 'provider'),
        {
          kind: 'application.withdrawn',
          title: `Application withdrawn: ${row.p_title}`,
          body: `${row.s_name} has withdrawn their application for ${row.p_title}.`,
          link: `/placements/${row.placement_id}/applications`,
        },
      );
    });
    return this.get(actor, id);
  }

  // ---- providers -------------------------------------------------------------------------------

  /** Offers the applicant a place: a proposed match for their coordinator to approve. */
  async offer(actor: Actor, id: string): Promise<MatchDto> {
    const matchId = await this.db.transaction(async (em) => {
      const row = await this.ownApplication(em, actor, id);
      if (row.status !== 'submitted') {
        throw DomainException.conflict(
          'conflict',
          `Only a submitted application can be offered a place; this one is ${row.status}.`,
        );
      }
      const [placement] = await queryRows<{
        status: string;
        capacity: number;
        approved_count: number;
      }>(em, `SELECT status, capacity, approved_count FROM placement WHERE id = $1 FOR SHARE`, [
        row.placement_id,
      ]);
      if (placement.status !== 'published' && placement.status !== 'closed') {
        throw DomainException.conflict(
          'conflict',
          `This placement is ${placement.status}, so no places can be offered.`,
        );
      }
      if (placement.approved_count >= placement.capacity) {
        throw DomainException.conflict(
          'conflict',
          'This placement is full: every seat has an approved student.',
        );
      }
      await em.query(
        `UPDATE application SET status = 'offered', updated_at = now() WHERE id = $1`,
        [id],
      );
      await this.audit.record(em, actor, {
        action: 'application.offered',
        entityType: 'application',
        entityId: id,
        organisationId: row.s_university_id,
        before: { status: 'submitted' },
        after: { status: 'offered' },
      });
      return this.matches.propose(em, actor, {
        studentId: row.student_id,
        placementId: row.placement_id,
        applicationId: id,
        source: 'offer',
      });
    });
    return this.matches.get(actor, matchId);
  }

  async decline(actor: Actor, id: string, dto: DecisionReasonDto): Promise<Application> {
    await this.db.transaction(async (em) => {
      const row = await this.ownApplication(em, actor, id);
      if (row.status !== 'submitted') {
        throw DomainException.conflict(
          'conflict',
          row.status === 'offered'
            ? 'This applicant has been offered a place; reject the proposed match instead.'
            : `This application is already ${row.status}.`,
        );
      }
      await this.decide(em, actor, row, 'declined', dto.reason ?? null);
      await this.notifications.notify(em, [row.student_id], {
        kind: 'application.declined',
        title: `Application not successful: ${row.p_title}`,
        body: `${row.p_provider_name} has declined your application for ${row.p_title}.${dto.reason ? ` They said: ${dto.reason}` : ''}`,
        link: '/applications',
      });
    });
    return this.get(actor, id);
  }

  /** The provider's order of preference among a placement's applicants, used by allocation rounds. */
  async rank(
    actor: Actor,
    placementId: string,
    studentIds: string[],
  ): Promise<PlacementRankingResultDto> {
    return this.db.transaction(async (em) => {
      const [placement] = await queryRows<{ provider_id: string }>(
        em,
        `SELECT provider_id FROM placement WHERE id = $1 FOR UPDATE`,
        [placementId],
      );
      if (
        !placement ||
        actor.role !== 'provider' ||
        placement.provider_id !== actor.organisationId
      ) {
        throw DomainException.notFound('Placement');
      }
      const applicants = await queryRows<{ student_id: string }>(
        em,
        `SELECT student_id FROM application WHERE placement_id = $1 AND status IN ${LIVE}`,
        [placementId],
      );
      const known = new Set(applicants.map((row) => row.student_id));
      const strangers = studentIds.filter((studentId) => !known.has(studentId));
      if (strangers.length) {
        throw DomainException.invalidField(
          'studentIds',
          `studentIds includes ${strangers.length} ${strangers.length === 1 ? 'student who has' : 'students who have'} no live application to this placement`,
        );
      }
      await em.query(
        `UPDATE application SET provider_rank = NULL WHERE placement_id = $1 AND provider_rank IS NOT NULL`,
        [placementId],
      );
      await em.query(
        `UPDATE application a SET provider_rank = o.position
           FROM unnest($2::uuid[]) WITH ORDINALITY AS o(student_id, position)
          WHERE a.placement_id = $1 AND a.student_id = o.student_id AND a.status IN ${LIVE}`,
        [placementId, studentIds],
      );
      await this.audit.record(em, actor, {
        action: 'placement.ranked',
        entityType: 'placement',
        entityId: placementId,
        organisationId: actor.organisationId,
        after: { studentIds },
      });
      return { placementId, studentIds };
    });
  }

  // ---- rules -----------------------------------------------------------------------------------

  private assertCanApply(
    placement: PlacementForApplying,
    profile: { profession: string; year_of_study: number },
  ): void {
    if (placement.status !== 'published') {
      const state = placement.status === 'draft' ? 'not published yet' : placement.status;
      throw DomainException.conflict(
        'conflict',
        `This placement is ${state} and not taking applications.`,
      );
    }
    if (placement.deadline_passed) {
      throw DomainException.conflict(
        'conflict',
        `Applications for this placement closed on ${placement.application_deadline}.`,
      );
    }
    if (!placement.professions.includes(profile.profession)) {
      throw DomainException.conflict(
        'conflict',
        `This placement does not take ${labelFor(PROFESSIONS, profile.profession).toLowerCase()} students.`,
      );
    }
    if (profile.year_of_study < placement.min_year_of_study) {
      throw DomainException.conflict(
        'conflict',
        `This placement is for students in year ${placement.min_year_of_study} or later; you are in year ${profile.year_of_study}.`,
      );
    }
    if (placement.approved_count >= placement.capacity) {
      throw DomainException.conflict('conflict', 'This placement is full.');
    }
  }

  /** An application to one of the actor's own placements, locked; 404 for anyone else's. */
  private async ownApplication(
    em: EntityManager,
    actor: Actor,
    id: string,
  ): Promise<ApplicationRow> {
    const row = await this.find(em, actor, id, true);
    if (!row || actor.role !== 'provider' || row.p_provider_id !== actor.organisationId)
      throw DomainException.notFound('Application');
    return row;
  }

  private async find(
    em: EntityManager,
    actor: Actor,
    id: string,
    lock: boolean,
  ): Promise<ApplicationRow | undefined> {
    const params: unknown[] = [id];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const rows = await preparedRowsOn<ApplicationRow>(
      em,
      `SELECT ${APPLICATION_COLUMNS}, ${VIEW_COLUMNS} FROM ${APPLICATION_FROM}
        WHERE a.id = $1 AND ${visibleTo(actor, 'a', param)} ${lock ? 'FOR UPDATE OF a' : ''}`,
      params,
    );
    return rows[0];
  }

  /** Ends a live application and closes the gap it leaves in the student's order of preference. */
  private async decide(
    em: EntityManager,
    actor: Actor,
    row: ApplicationRow,
    status: 'withdrawn' | 'declined',
    reason: string | null,
  ): Promise<void> {
    await em.query(
      `UPDATE application SET status = $2, decline_reason = $3, updated_at = now() WHERE id = $1`,
      [row.id, status, reason],
    );
    await em.query(
      `UPDATE application a SET rank = r.position
         FROM (SELECT id, row_number() OVER (ORDER BY rank, created_at) AS position
                 FROM application WHERE student_id = $1 AND status IN ${LIVE}) r
        WHERE a.id = r.id AND a.rank <> r.position`,
      [row.student_id],
    );
    await this.audit.record(em, actor, {
      action: `application.${status}`,
      entityType: 'application',
      entityId: row.id,
      organisationId: row.s_university_id,
      before: { status: row.status },
      after: { status },
      reason,
    });
  }
}
