import type {
  PlacementModel,
  PlacementStatus,
  Profession,
  Region,
  Requirement,
  Setting,
} from './domain';

export const PLACEMENT_TITLE_MAX_LENGTH = 200;
export const PLACEMENT_DESCRIPTION_MAX_LENGTH = 5000;
export const SERVICE_TYPE_MAX_LENGTH = 100;
export const CANCELLATION_REASON_MAX_LENGTH = 1000;
export const PLACEMENT_CAPACITY_MAX = 200;
export const HOURS_PER_WEEK_MAX = 60;
export const RADIUS_KM_MAX = 500;

export interface Placement {
  id: string;
  providerId: string;
  providerName: string;
  title: string;
  description: string | null;
  professions: Profession[];
  setting: Setting;
  serviceType: string | null;
  model: PlacementModel;
  region: Region;
  postcode: string;
  startDate: string;
  endDate: string;
  hoursPerWeek: number | null;
  capacity: number;
  remainingCapacity: number;
  minYearOfStudy: number;
  requirements: Requirement[];
  applicationDeadline: string | null;
  status: PlacementStatus;
  cancellationReason: string | null;
  publishedAt: string | null;
  createdAt: string;
  updatedAt: string;
  /** Only when searching `near` a postcode. */
  distanceKm?: number;
  /** Students' overall rating, only where at least three have given feedback; null otherwise. */
  rating?: PlacementRating | null;
}

export interface PlacementRating {
  /** Average overall rating, 1–5, to 2 decimal places. */
  overall: number;
  responses: number;
}

/** Columns of a placement import file: these first, then any optional field by its API name. */
export const PLACEMENT_IMPORT_REQUIRED = [
  'title',
  'professions',
  'setting',
  'model',
  'postcode',
  'startDate',
  'endDate',
  'capacity',
] as const;

export const PLACEMENT_IMPORT_OPTIONAL = [
  'description',
  'serviceType',
  'region',
  'hoursPerWeek',
  'minYearOfStudy',
  'requirements',
  'applicationDeadline',
] as const;

/** Most rows one import file may hold. */
export const PLACEMENT_IMPORT_MAX_ROWS = 10_000;
