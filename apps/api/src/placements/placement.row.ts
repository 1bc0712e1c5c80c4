import { PlacementEntity } from './placement.entity';

/** A placement row as raw SQL returns it (snake_case), plus the columns searches add. */
export interface PlacementRow {
  id: string;
  provider_id: string;
  provider_name: string;
  title: string;
  description: string | null;
  professions: PlacementEntity['professions'];
  setting: PlacementEntity['setting'];
  service_type: string | null;
  model: PlacementEntity['model'];
  region: PlacementEntity['region'];
  postcode: string;
  latitude: number;
  longitude: number;
  start_date: string;
  end_date: string;
  hours_per_week: string | null;
  capacity: number;
  approved_count: number;
  min_year_of_study: number;
  requirements: PlacementEntity['requirements'];
  application_deadline: string | null;
  status: PlacementEntity['status'];
  cancellation_reason: string | null;
  published_at: Date | null;
  closed_at: Date | null;
  cancelled_at: Date | null;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
  distance_km?: number;
  rank?: number;
}

/** The columns every placement query selects (never the search vector). */
export const PLACEMENT_COLUMNS = `
  p.id, p.provider_id, o.name AS provider_name, p.title, p.description, p.professions, p.setting,
  p.service_type, p.model, p.region, p.postcode, p.latitude, p.longitude, p.start_date, p.end_date,
  p.hours_per_week, p.capacity, p.approved_count, p.min_year_of_study, p.requirements,
  p.application_deadline, p.status, p.cancellation_reason, p.published_at, p.closed_at,
  p.cancelled_at, p.created_by, p.created_at, p.updated_at`;

export function placementFromRow(row: PlacementRow): PlacementEntity {
  return Object.assign(new PlacementEntity(), {
    id: row.id,
    providerId: row.provider_id,
    title: row.title,
    description: row.description,
    professions: row.professions,
    setting: row.setting,
    serviceType: row.service_type,
    model: row.model,
    region: row.region,
    postcode: row.postcode,
    latitude: row.latitude,
    longitude: row.longitude,
    startDate: row.start_date,
    endDate: row.end_date,
    hoursPerWeek: row.hours_per_week === null ? null : Number(row.hours_per_week),
    capacity: row.capacity,
    approvedCount: row.approved_count,
    minYearOfStudy: row.min_year_of_study,
    requirements: row.requirements,
    applicationDeadline: row.application_deadline,
    status: row.status,
    cancellationReason: row.cancellation_reason,
    publishedAt: row.published_at,
    closedAt: row.closed_at,
    cancelledAt: row.cancelled_at,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  });
}
