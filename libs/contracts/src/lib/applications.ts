import type { ApplicationStatus, MatchStatus, Profession } from './domain';

export const STATEMENT_MAX_LENGTH = 3000;
export const DECISION_REASON_MAX_LENGTH = 1000;
export const ADJUSTMENTS_MAX_LENGTH = 2000;
/** Default for MAX_LIVE_APPLICATIONS: how many submitted or offered applications a student may hold. */
export const DEFAULT_MAX_LIVE_APPLICATIONS = 10;

export const MATCH_SOURCES = ['offer', 'allocation'] as const;
export type MatchSource = (typeof MATCH_SOURCES)[number];

export interface PlacementSummary {
  id: string;
  title: string;
  providerId: string;
  providerName: string;
  postcode: string;
  startDate: string;
  endDate: string;
  status: string;
}

export interface StudentSummary {
  id: string;
  name: string;
  email: string;
  profession: Profession;
  yearOfStudy: number;
  universityId: string;
  universityName: string;
  homePostcode: string | null;
  /** Only for the student's coordinator, or a provider the student has shared them with. */
  reasonableAdjustments?: string | null;
}

export interface Application {
  id: string;
  status: ApplicationStatus;
  placementId: string;
  studentId: string;
  rank: number;
  statement: string | null;
  shareAdjustments: boolean;
  providerRank: number | null;
  declineReason: string | null;
  /** The match an offer made from this application, if there is one. */
  match: { id: string; status: MatchStatus } | null;
  createdAt: string;
  updatedAt: string;
  placement: PlacementSummary;
  student: StudentSummary;
}

export interface Match {
  id: string;
  status: MatchStatus;
  source: MatchSource;
  studentId: string;
  placementId: string;
  applicationId: string | null;
  startDate: string;
  endDate: string;
  reason: string | null;
  decidedAt: string | null;
  createdAt: string;
  updatedAt: string;
  placement: PlacementSummary;
  student: StudentSummary;
  /** From the student's home postcode to the placement, when the home postcode is known. */
  distanceKm: number | null;
}

export interface BulkResult {
  succeeded: string[];
  failed: { matchId: string; statusCode: number; message: string }[];
}

export interface Notification {
  id: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  createdAt: string;
  read: boolean;
}

export interface NotificationPage {
  items: Notification[];
  nextCursor: string | null;
  unread: number;
}
