import { Db } from '../database/db';
import { inChunks } from '../database/query';
import { Injectable } from '@nestjs/common';
import type { EntityManager, SelectQueryBuilder } from 'typeorm';
import {
  ROLE_ORGANISATION_TYPE,
  STUDENT_IMPORT_HEADER,
  labelFor,
  ROLES,
  type ImportLineError,
  type Role,
} from '@ahp/contracts';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { InvitationsService } from '../auth/invitations.service';
import { PasswordService } from '../auth/password.service';
import { SessionsService } from '../auth/sessions.service';
import { forEachRow, readCsv } from '../common/csv/csv';
import { DomainException } from '../common/errors/domain.exception';
import { decodeCursor, pageSize, toPage } from '../common/pagination/page';
import { validatePlain } from '../common/validation/validate-plain';
import { GeoService, type GeocodedPostcode } from '../geo/geo.service';
import { OrganisationEntity } from '../organisations/organisation.entity';
import { StudentImportRowDto } from './dto/student-import-row.dto';
import type {
  CreateUserDto,
  ImportResultDto,
  MeDto,
  StudentProfileInputDto,
  UpdateAllocationDetailsDto,
  UpdateMeDto,
  UserDto,
  UserListQueryDto,
  UserPageDto,
} from './dto/user.dto';
import { loadMe } from './me.query';
import { StudentProfileEntity } from './student-profile.entity';
import { toUserDto } from './user.mapper';
import { UserEntity } from './user.entity';

/** Students a coordinator can import in one file. */
export const MAX_IMPORT_ROWS = 10_000;

const PG_UNIQUE_VIOLATION = '23505';

interface NewUser {
  email: string;
  name: string;
  role: Role;
  organisationId: string | null;
  passwordHash: string | null;
  profile: (StudentProfileInputDto & { home: GeocodedPostcode | null }) | null;
}

@Injectable()
export class UsersService {
  constructor(
    private readonly db: Db,
    private readonly geo: GeoService,
    private readonly passwords: PasswordService,
    private readonly invitations: InvitationsService,
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
  ) {}

  async me(actor: Actor): Promise<MeDto> {
    const me = await loadMe(this.db.manager, actor.id);
    if (!me) throw DomainException.unauthenticated('Your account no longer exists.');
    return me;
  }

  /**
   * Who may create whom: admins anyone; coordinators students of their own university;
   * providers colleagues at their own organisation. Checked here, for every call, whatever the route.
   */
  async create(actor: Actor, dto: CreateUserDto): Promise<UserDto> {
    const organisationId = this.organisationFor(actor, dto.role, dto.organisationId ?? null);
    if (dto.role === 'student' && !dto.studentProfile) {
      throw DomainException.invalidField(
        'studentProfile',
        'studentProfile is required for a student',
      );
    }
    if (dto.role !== 'student' && dto.studentProfile) {
      throw DomainException.invalidField(
        'studentProfile',
        `studentProfile is only for students, not a ${dto.role}`,
      );
    }
    const home = this.geo.geocodeOptional(
      dto.studentProfile?.homePostcode,
      'studentProfile.homePostcode',
    );
    // null, as the schema allows, means no password (an invitation), like leaving it out.
    if (dto.password != null)
      this.passwords.assertAcceptable(dto.password, { email: dto.email, name: dto.name });
    const passwordHash = dto.password != null ? await this.passwords.hash(dto.password) : null;

    const userId = await this.db.transaction(async (em) => {
      await this.assertOrganisationFits(em, organisationId, dto.role);
      const [id] = await this.insertUsers(em, actor, [
        {
          email: dto.email,
          name: dto.name,
          role: dto.role,
          organisationId,
          passwordHash,
          profile: dto.studentProfile ? { ...dto.studentProfile, home } : null,
        },
      ]);
      return id;
    });
    return this.get(actor, userId);
  }

  async list(actor: Actor, query: UserListQueryDto): Promise<UserPageDto> {
    const limit = pageSize(query);
    const qb = this.visibleUsers(actor)
      .leftJoinAndSelect('user.studentProfile', 'profile')
      .orderBy('user.name', 'ASC')
      .addOrderBy('user.id', 'ASC')
      .take(limit + 1);
    if (query.role) qb.andWhere('user.role = :role', { role: query.role });
    if (query.status) qb.andWhere('user.status = :status', { status: query.status });
    if (query.organisationId)
      qb.andWhere('user.organisationId = :organisationId', {
        organisationId: query.organisationId,
      });
    if (query.q) {
      qb.andWhere('(user.name ILIKE :q OR user.email ILIKE :q)', { q: `%${escapeLike(query.q)}%` });
    }
    const after = decodeCursor(query.cursor, 2);
    if (after)
      qb.andWhere('(user.name, user.id) > (:afterName, :afterId)', {
        afterName: after[0],
        afterId: after[1],
      });
    const rows = await qb.getMany();
    return toPage(rows, limit, (user) => [user.name, user.id], toUserDto);
  }

  async get(actor: Actor, id: string): Promise<UserDto> {
    const user = await this.visibleUsers(actor)
      .leftJoinAndSelect('user.studentProfile', 'profile')
      .andWhere('user.id = :id', { id })
      .getOne();
    if (!user) throw DomainException.notFound('User');
    return toUserDto(user);
  }

  /** A student's or anyone's own changes: their name, and a student's home postcode and travel limit. */
  async updateMe(actor: Actor, dto: UpdateMeDto): Promise<MeDto> {
    if (dto.studentProfile && actor.role !== 'student') {
      throw DomainException.invalidField('studentProfile', 'Only students have a student profile');
    }
    const homePostcode = dto.studentProfile?.homePostcode;
    const home = homePostcode
      ? this.geo.geocode(homePostcode, 'studentProfile.homePostcode')
      : null;
    await this.db.transaction(async (em) => {
      if (dto.name !== undefined) await em.update(UserEntity, { id: actor.id }, { name: dto.name });
      if (dto.studentProfile) {
        const changes: Partial<StudentProfileEntity> = {};
        if (homePostcode !== undefined) {
          Object.assign(changes, {
            homePostcode: home?.postcode ?? null,
            homeLatitude: home?.latitude ?? null,
            homeLongitude: home?.longitude ?? null,
          });
        }
        if (dto.studentProfile.maxTravelKm !== undefined)
          changes.maxTravelKm = dto.studentProfile.maxTravelKm ?? null;
        if (dto.studentProfile.reasonableAdjustments !== undefined)
          changes.reasonableAdjustments = dto.studentProfile.reasonableAdjustments ?? null;
        if (Object.keys(changes).length)
          await em.update(StudentProfileEntity, { userId: actor.id }, changes);
      }
      await this.audit.record(em, actor, {
        action: 'user.profile_updated',
        entityType: 'user',
        entityId: actor.id,
        organisationId: actor.organisationId,
        after: {
          fields: [
            ...(dto.name !== undefined ? ['name'] : []),
            ...Object.keys(dto.studentProfile ?? {}).map((k) => `studentProfile.${k}`),
          ],
        },
      });
    });
    return this.me(actor);
  }

  /**
   * A coordinator (of the student's university) or an admin records what allocation rounds need
   * to know: the requirements the student has met and whether they are allocated first.
   */
  async updateAllocationDetails(
    actor: Actor,
    id: string,
    dto: UpdateAllocationDetailsDto,
  ): Promise<UserDto> {
    const user = await this.visibleUsers(actor)
      .leftJoinAndSelect('user.studentProfile', 'profile')
      .andWhere('user.id = :id', { id })
      .getOne();
    if (!user) throw DomainException.notFound('User');
    if (!user.studentProfile) throw DomainException.notFound('Student');
    if (
      actor.role !== 'admin' &&
      !(actor.role === 'coordinator' && user.organisationId === actor.organisationId)
    ) {
      throw DomainException.forbidden("Only the student's placement coordinator can change this.");
    }
    const changes: Partial<StudentProfileEntity> = {};
    if (dto.compliance !== undefined) changes.compliance = [...(dto.compliance ?? [])].sort();
    if (dto.allocationPriority !== undefined)
      changes.allocationPriority = dto.allocationPriority ?? 0;
    if (dto.priorPracticeHours !== undefined)
      changes.priorPracticeHours = dto.priorPracticeHours ?? 0;
    await this.db.transaction(async (em) => {
      if (Object.keys(changes).length) {
        await em.update(StudentProfileEntity, { userId: id }, changes);
      }
      await this.audit.record(em, actor, {
        action: 'user.allocation_details_updated',
        entityType: 'user',
        entityId: id,
        organisationId: user.organisationId,
        before: {
          compliance: user.studentProfile?.compliance,
          allocationPriority: user.studentProfile?.allocationPriority,
          priorPracticeHours: user.studentProfile?.priorPracticeHours,
        },
        after: changes,
      });
    });
    return this.get(actor, id);
  }

  /** Sends a new invitation (the old link stops working) to someone who has not yet set a password. */
  async reinvite(actor: Actor, id: string): Promise<void> {
    const user = await this.get(actor, id);
    if (!this.canManage(actor, user.role, user.organisationId)) throw DomainException.forbidden();
    if (user.status !== 'invited') {
      throw DomainException.conflict('conflict', 'This person has already set up their account.');
    }
    await this.db.transaction(async (em) => {
      await this.invitations.invite(em, actor, [id]);
      await this.audit.record(em, actor, {
        action: 'user.reinvited',
        entityType: 'user',
        entityId: id,
        organisationId: user.organisationId,
      });
    });
  }

  /**
   * All or nothing: every row is checked first (fields, postcodes, e-mails repeated in the file or
   * already registered); any problem means nothing is imported and every bad line is listed.
   */
  async importStudents(
    actor: Actor,
    csv: unknown,
    requestedOrganisationId: string | undefined,
  ): Promise<ImportResultDto> {
    if (actor.role === 'admin' && !requestedOrganisationId) {
      throw DomainException.invalidField(
        'organisationId',
        'organisationId is required: the university to import the students into',
      );
    }
    const organisationId = this.organisationFor(actor, 'student', requestedOrganisationId ?? null);
    const { rows, errors } = readCsv(csv, {
      required: STUDENT_IMPORT_HEADER,
      maxRows: MAX_IMPORT_ROWS,
    });

    const candidates: (NewUser & { line: number })[] = [];
    const firstLineOf = new Map<string, number>();
    await forEachRow(rows, (row) => {
      const plain = Object.fromEntries(
        Object.entries(row.values).filter(([, value]) => value !== ''),
      );
      const result = validatePlain(StudentImportRowDto, plain);
      if (!result.ok) {
        errors.push({ line: row.line, message: result.details.map((d) => d.message).join('; ') });
        return;
      }
      const student = result.value;
      const seenOn = firstLineOf.get(student.email);
      if (seenOn !== undefined) {
        errors.push({
          line: row.line,
          message: `email ${student.email} is also on line ${seenOn}`,
        });
        return;
      }
      firstLineOf.set(student.email, row.line);
      let home: GeocodedPostcode | null = null;
      try {
        home = this.geo.geocodeOptional(student.homePostcode, 'homePostcode');
      } catch (error) {
        errors.push({ line: row.line, message: (error as Error).message });
        return;
      }
      candidates.push({
        line: row.line,
        email: student.email,
        name: student.name,
        role: 'student',
        organisationId,
        passwordHash: null,
        profile: {
          profession: student.profession,
          yearOfStudy: student.yearOfStudy,
          homePostcode: student.homePostcode,
          maxTravelKm: student.maxTravelKm,
          home,
        },
      });
    });

    return this.db.transaction(async (em) => {
      await this.assertOrganisationFits(em, organisationId, 'student');
      const taken = await this.existingEmails(
        em,
        candidates.map((c) => c.email),
      );
      for (const candidate of candidates) {
        if (taken.has(candidate.email))
          errors.push({
            line: candidate.line,
            message: `email ${candidate.email} already has an account`,
          });
      }
      if (errors.length) return { created: 0, errors: sortByLine(errors) };
      await this.insertUsers(em, actor, candidates);
      return { created: candidates.length, errors: [] };
    });
  }

  // ---- rules ---------------------------------------------------------------------------------

  private canManage(actor: Actor, role: Role, organisationId: string | null): boolean {
    switch (actor.role) {
      case 'admin':
        return true;
      case 'coordinator':
        return role === 'student' && organisationId === actor.organisationId;
      case 'provider':
        return role === 'provider' && organisationId === actor.organisationId;
      default:
        return false;
    }
  }

  /** The organisation a new user will belong to, enforcing who may create whom. */
  private organisationFor(actor: Actor, role: Role, requested: string | null): string | null {
    if (actor.role === 'admin') {
      if (role === 'admin') {
        if (requested)
          throw DomainException.invalidField(
            'organisationId',
            'Administrators do not belong to an organisation',
          );
        return null;
      }
      if (!requested)
        throw DomainException.invalidField(
          'organisationId',
          `organisationId is required for a ${role}`,
        );
      return requested;
    }
    const organisationId = requested ?? actor.organisationId;
    if (!this.canManage(actor, role, organisationId)) {
      throw DomainException.forbidden(
        actor.role === 'coordinator'
          ? 'Coordinators can add students to their own university only.'
          : actor.role === 'provider'
            ? 'Providers can add colleagues to their own organisation only.'
            : 'You are not allowed to add people.',
      );
    }
    return organisationId;
  }

  private async assertOrganisationFits(
    em: EntityManager,
    organisationId: string | null,
    role: Role,
  ): Promise<void> {
    if (!organisationId) return;
    const organisation = await em.findOne(OrganisationEntity, {
      where: { id: organisationId },
      lock: { mode: 'pessimistic_read' },
    });
    if (!organisation)
      throw DomainException.invalidField(
        'organisationId',
        'organisationId does not match any organisation',
      );
    const expected = ROLE_ORGANISATION_TYPE[role];
    if (organisation.type !== expected) {
      throw DomainException.invalidField(
        'organisationId',
        `A ${labelFor(ROLES, role).toLowerCase()} must belong to a ${expected}, and ${organisation.name} is a ${organisation.type}`,
        'organisation_type_mismatch',
      );
    }
  }

  private visibleUsers(actor: Actor): SelectQueryBuilder<UserEntity> {
    const qb = this.db.manager.getRepository(UserEntity).createQueryBuilder('user');
    switch (actor.role) {
      case 'admin':
        return qb.where('TRUE');
      case 'coordinator':
      case 'provider':
        return qb.where('user.organisationId = :own', { own: actor.organisationId });
      default:
        return qb.where('user.id = :self', { self: actor.id });
    }
  }

  private async existingEmails(em: EntityManager, emails: string[]): Promise<Set<string>> {
    if (emails.length === 0) return new Set();
    const rows: { email: string }[] = await em.query(
      `SELECT email FROM app_user WHERE email = ANY($1)`,
      [emails],
    );
    return new Set(rows.map((row) => row.email));
  }

  /** Inserts people with their profiles, invitations (when they have no password) and audit records. */
  private async insertUsers(em: EntityManager, actor: Actor, users: NewUser[]): Promise<string[]> {
    const taken = await this.existingEmails(
      em,
      users.map((user) => user.email),
    );
    if (taken.size)
      throw DomainException.conflict('email_taken', `${[...taken][0]} already has an account.`);
    let ids: string[];
    try {
      const results = await inChunks(users, (slice) =>
        em.insert(
          UserEntity,
          slice.map((user) => ({
            email: user.email,
            name: user.name,
            role: user.role,
            organisationId: user.organisationId,
            passwordHash: user.passwordHash,
            status: user.passwordHash ? ('active' as const) : ('invited' as const),
            passwordChangedAt: user.passwordHash ? new Date() : null,
          })),
        ),
      );
      ids = results.flatMap((result) =>
        result.identifiers.map((identifier) => String(identifier.id)),
      );
    } catch (error) {
      if (
        (error as { driverError?: { code?: string } }).driverError?.code === PG_UNIQUE_VIOLATION
      ) {
        throw DomainException.conflict(
          'email_taken',
          'That e-mail address already has an account.',
        );
      }
      throw error;
    }
    const profiles = users.flatMap((user, i) =>
      user.profile
        ? [
            {
              userId: ids[i],
              profession: user.profile.profession,
              yearOfStudy: user.profile.yearOfStudy,
              homePostcode: user.profile.home?.postcode ?? null,
              homeLatitude: user.profile.home?.latitude ?? null,
              homeLongitude: user.profile.home?.longitude ?? null,
              maxTravelKm: user.profile.maxTravelKm ?? null,
            },
          ]
        : [],
    );
    await inChunks(profiles, (slice) => em.insert(StudentProfileEntity, slice));
    await this.invitations.invite(
      em,
      actor,
      ids.filter((_, i) => !users[i].passwordHash),
    );
    await this.audit.recordMany(
      em,
      actor,
      users.map((user, i) => ({
        action: 'user.created',
        entityType: 'user',
        entityId: ids[i],
        organisationId: user.organisationId,
        after: { role: user.role, status: user.passwordHash ? 'active' : 'invited' },
      })),
    );
    return ids;
  }
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function sortByLine(errors: ImportLineError[]): ImportLineError[] {
  return [...errors].sort((a, b) => a.line - b.line);
}
