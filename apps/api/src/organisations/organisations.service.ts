import { Db } from '../database/db';
import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { DomainException } from '../common/errors/domain.exception';
import { decodeCursor, pageSize, toPage } from '../common/pagination/page';
import { GeoService } from '../geo/geo.service';
import type {
  CreateOrganisationDto,
  OrganisationDto,
  OrganisationListQueryDto,
  OrganisationPageDto,
} from './dto/organisation.dto';
import { OrganisationEntity } from './organisation.entity';

export function toOrganisationDto(organisation: OrganisationEntity): OrganisationDto {
  return {
    id: organisation.id,
    name: organisation.name,
    type: organisation.type,
    region: organisation.region,
    postcode: organisation.postcode,
    createdAt: organisation.createdAt.toISOString(),
  };
}

/**
 * Universities and providers. Their names, types and regions are not private: every signed-in
 * person may list them (a student needs to see who offers a placement). Only admins create them.
 */
@Injectable()
export class OrganisationsService {
  constructor(
    private readonly db: Db,
    private readonly geo: GeoService,
    private readonly audit: AuditService,
  ) {}

  async create(actor: Actor, dto: CreateOrganisationDto): Promise<OrganisationDto> {
    if (actor.role !== 'admin')
      throw DomainException.forbidden('Only administrators add organisations.');
    const location = this.geo.geocodeOptional(dto.postcode, 'postcode');
    return this.db.transaction(async (em) => {
      const clash = await em
        .getRepository(OrganisationEntity)
        .createQueryBuilder('o')
        .where('lower(o.name) = lower(:name)', { name: dto.name })
        .getExists();
      if (clash)
        throw DomainException.conflict(
          'organisation_name_taken',
          `There is already an organisation called ${dto.name}.`,
        );
      const organisation = em.create(OrganisationEntity, {
        name: dto.name,
        type: dto.type,
        region: dto.region,
        postcode: location?.postcode ?? null,
        latitude: location?.latitude ?? null,
        longitude: location?.longitude ?? null,
      });
      try {
        await em.save(organisation);
      } catch (error) {
        if ((error as { driverError?: { code?: string } }).driverError?.code === '23505') {
          throw DomainException.conflict(
            'organisation_name_taken',
            `There is already an organisation called ${dto.name}.`,
          );
        }
        throw error;
      }
      await this.audit.record(em, actor, {
        action: 'organisation.created',
        entityType: 'organisation',
        entityId: organisation.id,
        organisationId: organisation.id,
        after: { name: organisation.name, type: organisation.type, region: organisation.region },
      });
      return toOrganisationDto(organisation);
    });
  }

  async list(_actor: Actor, query: OrganisationListQueryDto): Promise<OrganisationPageDto> {
    const limit = pageSize(query);
    const qb = this.db.manager
      .getRepository(OrganisationEntity)
      .createQueryBuilder('o')
      .orderBy('o.name', 'ASC')
      .addOrderBy('o.id', 'ASC')
      .take(limit + 1);
    if (query.type) qb.andWhere('o.type = :type', { type: query.type });
    if (query.region) qb.andWhere('o.region = :region', { region: query.region });
    if (query.q)
      qb.andWhere('o.name ILIKE :q', { q: `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` });
    const after = decodeCursor(query.cursor, 2);
    if (after)
      qb.andWhere('(o.name, o.id) > (:afterName, :afterId)', {
        afterName: after[0],
        afterId: after[1],
      });
    return toPage(await qb.getMany(), limit, (o) => [o.name, o.id], toOrganisationDto);
  }

  async get(_actor: Actor, id: string): Promise<OrganisationDto> {
    const organisation = await this.db.manager.getRepository(OrganisationEntity).findOneBy({ id });
    if (!organisation) throw DomainException.notFound('Organisation');
    return toOrganisationDto(organisation);
  }
}
