import type { OrganisationType, Profession, Region, Requirement, Role, UserStatus } from './domain';

export const PASSWORD_MIN_LENGTH = 12;
/** argon2 accepts longer input, but nobody types more and it bounds hashing cost. */
export const PASSWORD_MAX_LENGTH = 128;
export const NAME_MAX_LENGTH = 200;
export const EMAIL_MAX_LENGTH = 254;

export interface Organisation {
  id: string;
  name: string;
  type: OrganisationType;
  region: Region;
  postcode: string | null;
  createdAt: string;
}

export interface StudentProfile {
  profession: Profession;
  yearOfStudy: number;
  homePostcode: string | null;
  maxTravelKm: number | null;
  /** Private to the student, their coordinators and admins; shared with a provider only per application. */
  reasonableAdjustments: string | null;
  /** Placement requirements the student has met, as their coordinator records them. */
  compliance: Requirement[];
  /** Above 0: allocated first in allocation rounds (reasonable adjustments, caring responsibilities). */
  allocationPriority: number;
  /** Practice hours completed before placements were recorded here (set by the coordinator). */
  priorPracticeHours: number;
}

export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
  organisationId: string | null;
  status: UserStatus;
  createdAt: string;
  /** Students only. */
  studentProfile?: StudentProfile;
}

export interface Me extends User {
  organisation: Pick<Organisation, 'id' | 'name' | 'type' | 'region'> | null;
}

export interface LoginResponse {
  accessToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
  user: Me;
}

export interface InvitationDetails {
  email: string;
  name: string;
  organisationName: string | null;
  expiresAt: string;
}

/** Something on the home page that needs the signed-in person's attention. */
export interface AttentionItem {
  code: string;
  count: number;
  message: string;
  link: string | null;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export const STUDENT_IMPORT_HEADER = [
  'email',
  'name',
  'profession',
  'yearOfStudy',
  'homePostcode',
  'maxTravelKm',
] as const;
