import { Db } from '../database/db';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { EARTH_RADIUS_KM, boundingBox } from '@ahp/geo';
import {
  PLACEMENT_IMPORT_MAX_ROWS,
  PLACEMENT_IMPORT_OPTIONAL,
  PLACEMENT_IMPORT_REQUIRED,
  PROFESSION_CODES,
  type ImportLineError,
  type PlacementStatus,
  type Region,
} from '@ahp/contracts';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { forEachRow, readCsv } from '../common/csv/csv';
import { DomainException } from '../common/errors/domain.exception';
import { decodeCursor, pageSize, toPage } from '../common/pagination/page';
import { validatePlain } from '../common/validation/validate-plain';
import { preparedRows, preparedRowsOn } from '../database/prepared';
import { inChunks } from '../database/query';
import { GeoService } from '../geo/geo.service';
import { OrganisationEntity } from '../organisations/organisation.entity';
import type {
  CreatePlacementDto,
  PlacementDto,
  PlacementPageDto,
  PlacementSearchQueryDto,
  UpdatePlacementDto,
} from './dto/placement.dto';
import { MatchesService } from '../matches/matches.service';
import { FeedbackService } from '../feedback/feedback.service';
import { PlacementImportRowDto } from './dto/placement-import-row.dto';
import { toPlacementDto } from './placement.mapper';
import { PlacementEntity } from './placement.entity';
import { PLACEMENT_COLUMNS, placementFromRow, type PlacementRow } from './placement.row';

type Transition = 'publish' | 'close' | 'cancel';

/** The placement lifecycle: draft → published → closed, or cancelled (with a reason) from any of them. */
const TRANSITIONS: Record<
  Transition,
  { from: PlacementStatus[]; to: PlacementStatus; verb: string }
> = {
  publish: { from: ['draft'], to: 'published', verb: 'published' },
  close: { from: ['published'], to: 'closed', verb: 'closed' },
  cancel: { from: ['draft', 'published', 'closed'], to: 'cancelled', verb: 'cancelled' },
};

/** Fields whose changes are kept in the audit log when a placement is edited. */
const EDITABLE: (keyof CreatePlacementDto)[] = [
  'title',
  'description',
  'professions',
  'setting',
  'serviceType',
  'model',
  'postcode',
  'region',
  'startDate',
  'endDate',
  'hoursPerWeek',
  'capacity',
  'minYearOfStudy',
  'requirements',
  'applicationDeadline',
];

/** Fields a placement must always have: PATCH may change them but not clear them. */
const REQUIRED_FIELDS = [
  'title',
  'professions',
  'setting',
  'model',
  'postcode',
  'startDate',
  'endDate',
  'capacity',
  'minYearOfStudy',
  'requirements',
  'region',
] as const;

/** How many placements (in start-date order) a word search walks before using the word index. */
const WORD_WALK = 500;

/** Rows per INSERT when importing: well under PostgreSQL's 65,535 parameters per statement. */

@Injectable()
export class PlacementsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly db: Db,
    private readonly geo: GeoService,
    private readonly audit: AuditService,
    private readonly matches: MatchesService,
    private readonly feedback: FeedbackService,
  ) {}

  // ---- reading ---------------------------------------------------------------------------------

  /** Published and closed placements are visible to everyone signed in; drafts and cancelled ones to their provider and admins. */
  async get(actor: Actor, id: string): Promise<PlacementDto> {
    const row = await this.findRow(this.db.manager, id, false);
    if (!row || !this.canSee(actor, row)) throw DomainException.notFound('Placement');
    return this.withRatings([toPlacementDto(placementFromRow(row), row.provider_name)]).then(
      ([dto]) => dto,
    );
  }

  /** Adds students' overall rating to each placement where it may be shown. */
  private async withRatings(placements: PlacementDto[]): Promise<PlacementDto[]> {
    const ratings = await this.feedback.ratings(placements);
    for (const placement of placements) placement.rating = ratings.get(placement.id) ?? null;
    return placements;
  }

  /**
   * Search with every filter of the contract. Keyset pagination throughout: the cursor carries the
   * sort key of the last row (distance when searching near a postcode, otherwise start date; then
   * id), never an offset.
   */
  async search(actor: Actor, query: PlacementSearchQueryDto): Promise<PlacementPageDto> {
    type Row = PlacementRow & { sort_key: string | number };
    let plan = this.buildSearch(actor, query, query.q && !query.near ? 'walk' : 'index');
    let rows = await preparedRows<Row>(this.dataSource, plan.sql, plan.params);
    // Not a full page within the first WORD_WALK placements: the words are rare (or the list ends),
    // so look them up in the word index instead.
    if (plan.strategy === 'walk' && rows.length <= plan.limit) {
      plan = this.buildSearch(actor, query, 'index');
      rows = await preparedRows<Row>(this.dataSource, plan.sql, plan.params);
    }
    const page = toPage(
      rows,
      plan.limit,
      (row) => [row.sort_key, row.id],
      (row) =>
        toPlacementDto(
          placementFromRow(row),
          row.provider_name,
          plan.withDistance ? kmFromCloseness(-Number(row.sort_key)) : undefined,
        ),
    );
    await this.withRatings(page.items);
    return page;
  }

  /** The SQL a search runs (separate so tests can EXPLAIN it). */
  buildSearch(
    actor: Actor,
    query: PlacementSearchQueryDto,
    strategy: 'index' | 'walk' = 'index',
  ): {
    sql: string;
    params: unknown[];
    limit: number;
    withDistance: boolean;
    strategy: 'index' | 'walk';
  } {
    const limit = pageSize(query);
    const params: unknown[] = [];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const where = this.visibility(actor, query, param);

    // A literal, not a parameter, so the per-profession partial indexes can serve the search (the
    // value is one of PROFESSION_CODES: the query DTO accepts nothing else).
    if (query.profession)
      where.push(`p.professions @> ARRAY['${professionCode(query.profession)}']::text[]`);
    if (query.setting) where.push(`p.setting = ${param(query.setting)}`);
    if (query.region) where.push(`p.region = ${param(query.region)}`);
    if (query.startFrom) where.push(`p.start_date >= ${param(query.startFrom)}::date`);
    if (query.startTo) where.push(`p.start_date <= ${param(query.startTo)}::date`);
    if (query.startFrom && query.startTo && query.startFrom > query.startTo) {
      throw DomainException.invalidField('startTo', 'startTo must be on or after startFrom');
    }
    if (query.radiusKm !== undefined && !query.near) {
      throw DomainException.invalidField(
        'radiusKm',
        'radiusKm needs near: the postcode to measure from',
      );
    }

    let closeness: string | null = null;
    if (query.near) {
      const origin = this.geo.geocode(query.near, 'near');
      const [x, y, z] = unitVector(origin.latitude, origin.longitude);
      // Cosine of the angle between the site and the origin: 1 at the origin, falling with distance.
      closeness = `(p.ux * ${param(x)} + p.uy * ${param(y)} + p.uz * ${param(z)})`;
      if (query.radiusKm !== undefined) {
        const box = boundingBox({ lat: origin.latitude, lng: origin.longitude }, query.radiusKm);
        where.push(
          `point(p.longitude, p.latitude) <@ box(point(${param(box.minLng)}, ${param(box.minLat)}), point(${param(box.maxLng)}, ${param(box.maxLat)}))`,
        );
        where.push(`${closeness} >= ${param(Math.cos(query.radiusKm / EARTH_RADIUS_KM))}`);
      }
    }
    // Words filter rather than rank: ranking needs every match's vector read from the table, which
    // for a common word is thousands of rows per request. In start-date order there are two good
    // ways to find a page of matches (see docs/search.md): walk the date index, which carries each
    // placement's words, until a page is found (best for common words), or look the words up in
    // the word index and sort what it finds (best for rare ones). Every search is a prepared
    // statement, which cannot choose between them by the words, so search() tries the walk for a
    // bounded distance and falls back to the word index.
    const words = query.q ? `websearch_to_tsquery('english', ${param(query.q)})` : null;
    if (words && strategy === 'index') where.push(`p.search_vector @@ ${words}`);

    // The order, and the keyset condition that continues it from the cursor.
    const after = decodeCursor(query.cursor, 2);
    let sortKey: string;
    let order: string;
    if (closeness) {
      // Nearest first is largest closeness first; the key is negated so every order is ascending.
      sortKey = `-${closeness}`;
      order = `${sortKey} ASC, p.id ASC`;
      if (after) {
        if (typeof after[0] !== 'number')
          throw DomainException.invalidField('cursor', 'cursor is not one this API gave out');
        where.push(`(${sortKey}, p.id) > (${param(after[0])}::float8, ${param(after[1])}::uuid)`);
      }
    } else {
      sortKey = 'p.start_date';
      order = 'p.start_date ASC, p.id ASC';
      if (after) {
        if (typeof after[0] !== 'string')
          throw DomainException.invalidField('cursor', 'cursor is not one this API gave out');
        where.push(`(p.start_date, p.id) > (${param(after[0])}::date, ${param(after[1])}::uuid)`);
      }
    }

    // Two steps: find the page's ids and sort keys (from an index alone where one covers the
    // filters), then read just those rows. Reading every candidate row to sort them was most of
    // the cost of a search near a postcode.
    const conditions = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const page =
      strategy === 'walk' && words
        ? `SELECT s.id, s.start_date AS sort_key FROM (
             SELECT p.id, p.start_date, p.search_vector FROM placement p ${conditions}
              ORDER BY p.start_date, p.id LIMIT ${param(WORD_WALK)}
           ) s
           WHERE s.search_vector @@ ${words}
           ORDER BY s.start_date, s.id LIMIT ${param(limit + 1)}`
        : `SELECT p.id, ${sortKey} AS sort_key FROM placement p ${conditions}
            ORDER BY ${words && !closeness ? 'p.start_date + 0, p.id' : order}
            LIMIT ${param(limit + 1)}`;
    // (Ordering by start_date + 0 gives the same order but cannot be read off the date index,
    // which keeps the plan for rare words on the word index.)
    const sql = `SELECT ${PLACEMENT_COLUMNS}, page.sort_key
         FROM (${page}) page
         JOIN placement p ON p.id = page.id
         JOIN organisation o ON o.id = p.provider_id
        ORDER BY page.sort_key, page.id`;
    return { sql, params, limit, withDistance: closeness !== null, strategy };
  }

  // ---- writing ---------------------------------------------------------------------------------

  async create(actor: Actor, dto: CreatePlacementDto): Promise<PlacementDto> {
    const provider = await this.ownProvider(actor);
    const values = this.checkedValues(dto, provider.region);
    const id = await this.db.transaction(async (em) => {
      const [placementId] = await this.insert(em, actor, [values], false);
      return placementId;
    });
    return this.get(actor, id);
  }

  /** Edits a draft or published placement; each change to a published one is kept in the audit log. */
  async update(actor: Actor, id: string, dto: UpdatePlacementDto): Promise<PlacementDto> {
    await this.db.transaction(async (em) => {
      const row = await this.findOwned(em, actor, id);
      if (row.status !== 'draft' && row.status !== 'published') {
        throw DomainException.conflict('conflict', `A ${row.status} placement cannot be edited.`);
      }
      for (const field of REQUIRED_FIELDS) {
        if (dto[field] === null)
          throw DomainException.invalidField(field, `${field} cannot be removed`);
      }
      const current = placementFromRow(row);
      const merged = { ...this.asInput(current), ...definedOnly(dto) } as CreatePlacementDto;
      const next = this.checkedValues(
        merged,
        current.region,
        dto.postcode === undefined ? current : undefined,
      );
      if (next.capacity < current.approvedCount) {
        throw DomainException.conflict(
          'conflict',
          `Capacity cannot go below the ${current.approvedCount} places already approved.`,
        );
      }
      const before: Record<string, unknown> = {};
      const after: Record<string, unknown> = {};
      const was = this.asInput(current);
      const will = this.asInput(next);
      for (const field of EDITABLE) {
        const old = was[field] ?? null;
        const now = will[field] ?? null;
        if (JSON.stringify(old) !== JSON.stringify(now)) {
          before[field] = old;
          after[field] = now;
        }
      }
      if (Object.keys(after).length === 0) return;
      await em.update(PlacementEntity, { id }, next);
      await this.audit.record(em, actor, {
        action: 'placement.updated',
        entityType: 'placement',
        entityId: id,
        organisationId: current.providerId,
        before: { status: current.status, ...before },
        after,
      });
    });
    return this.get(actor, id);
  }

  async transition(
    actor: Actor,
    id: string,
    transition: Transition,
    reason?: string,
  ): Promise<PlacementDto> {
    const rule = TRANSITIONS[transition];
    await this.db.transaction(async (em) => {
      const row = await this.findOwned(em, actor, id);
      if (!rule.from.includes(row.status)) {
        throw DomainException.conflict(
          'conflict',
          `This placement is ${row.status}; only a ${rule.from.join(' or ')} placement can be ${rule.verb}.`,
        );
      }
      if (transition === 'publish') {
        const [{ ended }] = await em.query(`SELECT $1::date < current_date AS ended`, [
          row.end_date,
        ]);
        if (ended)
          throw DomainException.conflict(
            'conflict',
            'This placement has already ended, so it cannot be published.',
          );
      }
      const stamp = { publish: 'published_at', close: 'closed_at', cancel: 'cancelled_at' }[
        transition
      ];
      await em.query(
        `UPDATE placement SET status = $2, ${stamp} = now(), cancellation_reason = $3, updated_at = now() WHERE id = $1`,
        [id, rule.to, transition === 'cancel' ? reason : null],
      );
      if (transition === 'cancel')
        await this.matches.cancelForPlacement(em, actor, id, row.title, reason as string);
      await this.audit.record(em, actor, {
        action: `placement.${rule.verb}`,
        entityType: 'placement',
        entityId: id,
        organisationId: row.provider_id,
        before: { status: row.status },
        after: { status: rule.to },
        reason: reason ?? null,
      });
    });
    return this.get(actor, id);
  }

  /**
   * All or nothing: every row is checked (fields, dates, postcodes) before anything is written;
   * any problem means nothing is imported and every bad line is listed.
   */
  async importCsv(
    actor: Actor,
    csv: unknown,
    publish: boolean,
  ): Promise<{ created: number; errors: ImportLineError[] }> {
    const provider = await this.ownProvider(actor);
    const { rows, errors } = readCsv(csv, {
      required: PLACEMENT_IMPORT_REQUIRED,
      optional: PLACEMENT_IMPORT_OPTIONAL,
      maxRows: PLACEMENT_IMPORT_MAX_ROWS,
    });
    const valid: PlacementValues[] = [];
    await forEachRow(rows, (row) => {
      const plain = Object.fromEntries(
        Object.entries(row.values).filter(([, value]) => value !== ''),
      );
      const result = validatePlain(PlacementImportRowDto, plain);
      if (!result.ok) {
        errors.push({ line: row.line, message: result.details.map((d) => d.message).join('; ') });
        return;
      }
      try {
        valid.push(this.checkedValues(result.value, provider.region));
      } catch (error) {
        errors.push({
          line: row.line,
          message: error instanceof DomainException ? error.message : String(error),
        });
      }
    });
    if (errors.length) return { created: 0, errors: errors.sort((a, b) => a.line - b.line) };
    if (publish) {
      const today = new Date().toISOString().slice(0, 10);
      const ended = rows.filter((_, i) => valid[i].endDate < today);
      if (ended.length) {
        return {
          created: 0,
          errors: ended.map((row) => ({
            line: row.line,
            message: 'has already ended, so it cannot be published',
          })),
        };
      }
    }
    await this.db.transaction((em) => this.insert(em, actor, valid, publish));
    return { created: valid.length, errors: [] };
  }

  // ---- rules -----------------------------------------------------------------------------------

  private canSee(actor: Actor, row: PlacementRow): boolean {
    if (actor.role === 'admin') return true;
    if (actor.role === 'provider' && row.provider_id === actor.organisationId) return true;
    return row.status === 'published' || row.status === 'closed';
  }

  /**
   * Who sees which placements in a search. Students and coordinators: published ones. Providers:
   * published ones and all of their own. Admins: everything. The status literal stays in the SQL
   * (not a parameter) so that the partial indexes on published placements can be used.
   */
  private visibility(
    actor: Actor,
    query: PlacementSearchQueryDto,
    param: (value: unknown) => string,
  ): string[] {
    const where: string[] = [];
    if (query.providerId) where.push(`p.provider_id = ${param(query.providerId)}`);
    const status = query.status;
    if (actor.role === 'admin') {
      if (status) where.push(`p.status = '${status}'`);
      return where;
    }
    if (actor.role === 'provider') {
      const own = () => param(actor.organisationId);
      if (status === 'published') where.push(`p.status = 'published'`);
      else if (status) where.push(`p.status = '${status}' AND p.provider_id = ${own()}`);
      else if (query.providerId === actor.organisationId) where.push(`p.provider_id = ${own()}`);
      else where.push(`(p.status = 'published' OR p.provider_id = ${own()})`);
      return where;
    }
    if (status && status !== 'published') {
      throw DomainException.invalidField(
        'status',
        'Students and coordinators can search published placements only',
      );
    }
    where.push(`p.status = 'published'`);
    return where;
  }

  private async ownProvider(actor: Actor): Promise<OrganisationEntity> {
    if (actor.role !== 'provider' || !actor.organisationId) {
      throw DomainException.forbidden('Only placement providers post placements.');
    }
    const provider = await this.db.manager.findOneBy(OrganisationEntity, {
      id: actor.organisationId,
    });
    if (!provider) throw DomainException.forbidden('Your organisation no longer exists.');
    return provider;
  }

  /** The placement, locked for change, if it belongs to the actor's organisation (or the actor is an admin); 404 otherwise. */
  private async findOwned(em: EntityManager, actor: Actor, id: string): Promise<PlacementRow> {
    const row = await this.findRow(em, id, true);
    const owns =
      row &&
      (actor.role === 'admin' ||
        (actor.role === 'provider' && row.provider_id === actor.organisationId));
    if (!row || !owns) throw DomainException.notFound('Placement');
    return row;
  }

  private async findRow(
    em: EntityManager,
    id: string,
    lock: boolean,
  ): Promise<PlacementRow | undefined> {
    // Prepared: by primary key, so planned once per connection rather than on every read.
    const rows = await preparedRowsOn<PlacementRow>(
      em,
      `SELECT ${PLACEMENT_COLUMNS} FROM placement p JOIN organisation o ON o.id = p.provider_id WHERE p.id = $1 ${lock ? 'FOR UPDATE OF p' : ''}`,
      [id],
    );
    return rows[0];
  }

  /**
   * Checks what the field decorators cannot (dates against each other, the postcode against the
   * data) and returns the columns to store. `located` skips geocoding when the postcode is unchanged.
   */
  private checkedValues(
    dto: CreatePlacementDto,
    providerRegion: Region,
    located?: PlacementEntity,
  ): PlacementValues {
    if (dto.endDate < dto.startDate)
      throw DomainException.invalidField('endDate', 'endDate must be on or after startDate');
    if (dto.applicationDeadline && dto.applicationDeadline > dto.startDate) {
      throw DomainException.invalidField(
        'applicationDeadline',
        'applicationDeadline must be on or before startDate',
      );
    }
    const site = located
      ? { postcode: located.postcode, latitude: located.latitude, longitude: located.longitude }
      : this.geo.geocode(dto.postcode, 'postcode');
    return {
      title: dto.title,
      description: dto.description ?? null,
      professions: dto.professions,
      setting: dto.setting,
      serviceType: dto.serviceType ?? null,
      model: dto.model,
      region: dto.region ?? providerRegion,
      postcode: site.postcode,
      latitude: site.latitude,
      longitude: site.longitude,
      startDate: dto.startDate,
      endDate: dto.endDate,
      hoursPerWeek: dto.hoursPerWeek ?? null,
      capacity: dto.capacity,
      minYearOfStudy: dto.minYearOfStudy ?? 1,
      requirements: dto.requirements ?? [],
      applicationDeadline: dto.applicationDeadline ?? null,
    };
  }

  private asInput(placement: PlacementValues): CreatePlacementDto {
    return {
      title: placement.title,
      description: placement.description,
      professions: placement.professions,
      setting: placement.setting,
      serviceType: placement.serviceType,
      model: placement.model,
      postcode: placement.postcode,
      region: placement.region,
      startDate: placement.startDate,
      endDate: placement.endDate,
      hoursPerWeek: placement.hoursPerWeek,
      capacity: placement.capacity,
      minYearOfStudy: placement.minYearOfStudy,
      requirements: placement.requirements,
      applicationDeadline: placement.applicationDeadline,
    };
  }

  private async insert(
    em: EntityManager,
    actor: Actor,
    placements: PlacementValues[],
    publish: boolean,
  ): Promise<string[]> {
    const now = new Date();
    const ids = (
      await inChunks(placements, async (slice) => {
        const result = await em
          .createQueryBuilder()
          .insert()
          .into(PlacementEntity)
          .values(
            slice.map((values) => ({
              ...values,
              providerId: actor.organisationId as string,
              status: publish ? ('published' as const) : ('draft' as const),
              publishedAt: publish ? now : null,
              createdBy: actor.id,
            })),
          )
          .returning(['id'])
          .updateEntity(false)
          .execute();
        return (result.raw as { id: string }[]).map((row) => row.id);
      })
    ).flat();
    await this.audit.recordMany(
      em,
      actor,
      ids.map((id) => ({
        action: publish ? 'placement.created_published' : 'placement.created',
        entityType: 'placement',
        entityId: id,
        organisationId: actor.organisationId,
        after: { status: publish ? 'published' : 'draft' },
      })),
    );
    return ids;
  }
}

type PlacementValues = Pick<
  PlacementEntity,
  | 'title'
  | 'description'
  | 'professions'
  | 'setting'
  | 'serviceType'
  | 'model'
  | 'region'
  | 'postcode'
  | 'latitude'
  | 'longitude'
  | 'startDate'
  | 'endDate'
  | 'hoursPerWeek'
  | 'capacity'
  | 'minYearOfStudy'
  | 'requirements'
  | 'applicationDeadline'
>;

/** The fields a PATCH actually sent (undefined means "leave as it is"; null means "clear"). */
function definedOnly<T extends object>(dto: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(dto).filter(([, value]) => value !== undefined),
  ) as Partial<T>;
}

/** Re-checks that a profession is one of the known codes before it is written into SQL. */
function professionCode(code: string): string {
  if (!(PROFESSION_CODES as readonly string[]).includes(code))
    throw DomainException.invalidField('profession', 'profession is not a known code');
  return code;
}

/** The point on the unit sphere for a latitude and longitude, as stored in placement.ux/uy/uz. */
function unitVector(lat: number, lng: number): [number, number, number] {
  const [phi, lambda] = [(lat * Math.PI) / 180, (lng * Math.PI) / 180];
  return [Math.cos(phi) * Math.cos(lambda), Math.cos(phi) * Math.sin(lambda), Math.sin(phi)];
}

/** Great-circle distance from the cosine of the angle between two unit vectors. */
function kmFromCloseness(cosine: number): number {
  return EARTH_RADIUS_KM * Math.acos(Math.min(1, Math.max(-1, cosine)));
}
