import { Db } from '../database/db';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { PasswordService } from '../auth/password.service';
import { AppConfig } from '../config/app-config';
import { GeoService } from '../geo/geo.service';
import { OrganisationEntity } from '../organisations/organisation.entity';
import { StudentProfileEntity } from '../users/student-profile.entity';
import { UserEntity } from '../users/user.entity';
import {
  DEMO_ADMIN,
  DEMO_FIXED_STUDENT,
  DEMO_ORGANISATIONS,
  DEMO_PASSWORD,
  DEMO_SIGN_INS,
  demoPastPlacements,
  demoPlacements,
  demoStudents,
} from '../demo/demo-data';
import { PlacementEntity } from '../placements/placement.entity';
import { loadDemoActivity } from './demo-activity';
import { loadDemoHistory } from './demo-history';

/** Held while setting up, so two processes starting together do not both create the first admin. */
const SETUP_LOCK_KEY = 728_311_903;

/**
 * First-start work: the first admin from ADMIN_EMAIL/ADMIN_PASSWORD, and (when DEMO_DATA is on)
 * the demo data set, loaded once into an empty database.
 */
@Injectable()
export class SetupService implements OnApplicationBootstrap {
  private readonly logger = new Logger(SetupService.name);

  constructor(
    private readonly db: Db,
    private readonly config: AppConfig,
    private readonly passwords: PasswordService,
    private readonly geo: GeoService,
    private readonly audit: AuditService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.db.transaction(async (em) => {
      await em.query('SELECT pg_advisory_xact_lock($1)', [SETUP_LOCK_KEY]);
      await this.createFirstAdmin(em);
      if (this.config.get('DEMO_DATA')) await this.loadDemoData(em);
    });
  }

  /** The demo accounts to print when the server is ready, or null when not in demo mode. */
  demoSignIns(): { role: string; email: string }[] | null {
    if (!this.config.get('DEMO_DATA')) return null;
    return Object.entries(DEMO_SIGN_INS).map(([role, email]) => ({ role, email }));
  }

  get demoPassword(): string {
    return DEMO_PASSWORD;
  }

  private async createFirstAdmin(em: EntityManager): Promise<void> {
    const email = this.config.get('ADMIN_EMAIL')?.trim().toLowerCase();
    const password = this.config.get('ADMIN_PASSWORD');
    if (!email && !password) return;
    if (!email || !password)
      throw new Error(
        'Set both ADMIN_EMAIL and ADMIN_PASSWORD to create the first admin, or neither.',
      );
    if (await em.exists(UserEntity, { where: { role: 'admin' } })) return;
    const problem = this.passwords.problemWith(password, { email });
    if (problem) throw new Error(`ADMIN_PASSWORD is not acceptable: ${problem}.`);
    if (await em.exists(UserEntity, { where: { email } })) {
      throw new Error(`ADMIN_EMAIL ${email} already belongs to a user who is not an admin.`);
    }
    const result = await em.insert(UserEntity, {
      email,
      name: 'Administrator',
      role: 'admin',
      organisationId: null,
      status: 'active',
      passwordHash: await this.passwords.hash(password),
      passwordChangedAt: new Date(),
    });
    await this.audit.record(em, null, {
      action: 'user.created',
      entityType: 'user',
      entityId: String(result.identifiers[0].id),
      after: { role: 'admin', status: 'active', source: 'ADMIN_EMAIL' },
    });
    this.logger.log(`Created the first admin, ${email}`);
  }

  private async loadDemoData(em: EntityManager): Promise<void> {
    if (await em.exists(OrganisationEntity)) return;
    const started = Date.now();
    // One hash for every demo account: hashing hundreds would take a minute, and they share a password anyway.
    const passwordHash = await this.passwords.hash(DEMO_PASSWORD);

    const organisations = DEMO_ORGANISATIONS.map((org) => {
      const location = this.geo.geocode(org.postcode, `demo organisation ${org.key}`);
      return {
        name: org.name,
        type: org.type,
        region: org.region,
        postcode: location.postcode,
        latitude: location.latitude,
        longitude: location.longitude,
      };
    });
    const orgIds = (await em.insert(OrganisationEntity, organisations)).identifiers.map((i) =>
      String(i.id),
    );
    const orgIdByKey = new Map(DEMO_ORGANISATIONS.map((org, i) => [org.key, orgIds[i]]));

    const staff = DEMO_ORGANISATIONS.flatMap((org) =>
      org.staff.map((person) => ({
        email: `${person.local}@${org.domain}`,
        name: person.name,
        role: org.type === 'university' ? ('coordinator' as const) : ('provider' as const),
        organisationId: orgIdByKey.get(org.key) ?? null,
        status: 'active' as const,
        passwordHash,
        passwordChangedAt: new Date(),
      })),
    );
    const admin = {
      ...DEMO_ADMIN,
      role: 'admin' as const,
      organisationId: null,
      status: 'active' as const,
      passwordHash,
      passwordChangedAt: new Date(),
    };
    const adminExists = await em.exists(UserEntity, { where: { email: DEMO_ADMIN.email } });
    await em.insert(UserEntity, adminExists ? staff : [admin, ...staff]);

    const students = [DEMO_FIXED_STUDENT, ...demoStudents()];
    const studentIds = (
      await em.insert(
        UserEntity,
        students.map((student) => ({
          email: student.email,
          name: student.name,
          role: 'student' as const,
          organisationId: orgIdByKey.get(student.universityKey) ?? null,
          status: student.invited ? ('invited' as const) : ('active' as const),
          passwordHash: student.invited ? null : passwordHash,
          passwordChangedAt: student.invited ? null : new Date(),
        })),
      )
    ).identifiers.map((i) => String(i.id));
    await em.insert(
      StudentProfileEntity,
      students.map((student, i) => {
        const home = this.geo.geocodeOptional(
          student.homePostcode,
          `demo student ${student.email}`,
        );
        return {
          userId: studentIds[i],
          profession: student.profession,
          yearOfStudy: student.yearOfStudy,
          homePostcode: home?.postcode ?? null,
          homeLatitude: home?.latitude ?? null,
          homeLongitude: home?.longitude ?? null,
          maxTravelKm: student.maxTravelKm,
        };
      }),
    );
    const regionByKey = new Map(DEMO_ORGANISATIONS.map((org) => [org.key, org.region]));
    const past = demoPastPlacements();
    const placements = [...demoPlacements(), ...past].map((placement) => {
      const site = this.geo.geocode(
        placement.postcode,
        `demo placement site ${placement.postcode}`,
      );
      const { providerKey, ...fields } = placement;
      return {
        ...fields,
        providerId: orgIdByKey.get(providerKey) as string,
        region: regionByKey.get(providerKey) as PlacementEntity['region'],
        postcode: site.postcode,
        latitude: site.latitude,
        longitude: site.longitude,
        ...(past.includes(placement)
          ? {
              publishedAt: new Date(Date.parse(placement.startDate) - 70 * 86_400_000),
              closedAt: new Date(Date.parse(placement.endDate) + 86_400_000),
            }
          : {
              publishedAt: placement.status === 'draft' ? null : new Date(),
              closedAt: placement.status === 'closed' ? new Date() : null,
            }),
      };
    });
    await em
      .createQueryBuilder()
      .insert()
      .into(PlacementEntity)
      .values(placements)
      .updateEntity(false)
      .execute();

    const activity = await loadDemoActivity(em);
    const history = await loadDemoHistory(em);
    const loaded = {
      organisations: organisations.length,
      staff: staff.length + 1,
      students: students.length,
      placements: placements.length,
      ...activity,
      ...history,
    };
    await this.audit.record(em, null, {
      action: 'demo.loaded',
      entityType: 'system',
      entityId: null,
      after: loaded,
    });
    this.logger.log(
      `Loaded demo data: ${Object.entries(loaded)
        .map(([what, n]) => `${n} ${what}`)
        .join(', ')} in ${Date.now() - started} ms`,
    );
  }
}
