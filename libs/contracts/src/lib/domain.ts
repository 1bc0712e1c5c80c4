/**
 * The platform's vocabulary, shared by the API and the web app. Codes are the lower-case values
 * from PRODUCT.md and the public API; labels are the words shown to people.
 */

export interface CodeLabel<C extends string> {
  readonly code: C;
  readonly label: string;
}

function codes<C extends string>(items: readonly CodeLabel<C>[]): readonly C[] {
  return items.map((item) => item.code);
}

export const PROFESSIONS = [
  { code: 'art_therapy', label: 'Art therapy', commonInMentalHealth: true },
  { code: 'drama_therapy', label: 'Drama therapy', commonInMentalHealth: true },
  { code: 'music_therapy', label: 'Music therapy', commonInMentalHealth: true },
  { code: 'podiatry', label: 'Podiatry', commonInMentalHealth: false },
  { code: 'dietetics', label: 'Dietetics', commonInMentalHealth: true },
  { code: 'occupational_therapy', label: 'Occupational therapy', commonInMentalHealth: true },
  {
    code: 'operating_department_practice',
    label: 'Operating department practice',
    commonInMentalHealth: false,
  },
  { code: 'orthoptics', label: 'Orthoptics', commonInMentalHealth: false },
  { code: 'osteopathy', label: 'Osteopathy', commonInMentalHealth: false },
  { code: 'paramedicine', label: 'Paramedicine', commonInMentalHealth: true },
  { code: 'physiotherapy', label: 'Physiotherapy', commonInMentalHealth: true },
  {
    code: 'prosthetics_orthotics',
    label: 'Prosthetics and orthotics',
    commonInMentalHealth: false,
  },
  { code: 'radiography', label: 'Radiography', commonInMentalHealth: false },
  {
    code: 'speech_language_therapy',
    label: 'Speech and language therapy',
    commonInMentalHealth: true,
  },
] as const;
export type Profession = (typeof PROFESSIONS)[number]['code'];
export const PROFESSION_CODES = codes<Profession>(PROFESSIONS);

export const SETTINGS = [
  { code: 'mental_health', label: 'Mental health' },
  { code: 'learning_disability', label: 'Learning disability' },
  { code: 'autism', label: 'Autism' },
] as const;
export type Setting = (typeof SETTINGS)[number]['code'];
export const SETTING_CODES = codes<Setting>(SETTINGS);

/** Suggested service types; a placement may name another. */
export const SERVICE_TYPES = [
  'Inpatient',
  'Community',
  'CAMHS',
  'Forensic and secure',
  'Older adults',
  'Crisis and home treatment',
  'Early intervention in psychosis',
  'Talking therapies',
  'Community learning disability team',
  'Eating disorders',
  'Perinatal',
  'Rehabilitation',
] as const;

export const PLACEMENT_MODELS = [
  { code: 'one_to_one', label: 'One to one' },
  { code: 'peer', label: 'Peer (2:1 or more)' },
  { code: 'long_arm', label: 'Long-arm supervision' },
  { code: 'role_emerging', label: 'Role-emerging' },
  { code: 'virtual', label: 'Virtual' },
  { code: 'split', label: 'Split' },
] as const;
export type PlacementModel = (typeof PLACEMENT_MODELS)[number]['code'];
export const PLACEMENT_MODEL_CODES = codes<PlacementModel>(PLACEMENT_MODELS);

export const REGIONS = [
  { code: 'north_east_yorkshire', label: 'North East and Yorkshire' },
  { code: 'north_west', label: 'North West' },
  { code: 'midlands', label: 'Midlands' },
  { code: 'east_of_england', label: 'East of England' },
  { code: 'london', label: 'London' },
  { code: 'south_east', label: 'South East' },
  { code: 'south_west', label: 'South West' },
] as const;
export type Region = (typeof REGIONS)[number]['code'];
export const REGION_CODES = codes<Region>(REGIONS);

export const ROLES = [
  { code: 'student', label: 'Student' },
  { code: 'coordinator', label: 'Placement coordinator' },
  { code: 'provider', label: 'Placement provider' },
  { code: 'admin', label: 'Administrator' },
] as const;
export type Role = (typeof ROLES)[number]['code'];
export const ROLE_CODES = codes<Role>(ROLES);

export const ORGANISATION_TYPES = [
  { code: 'university', label: 'University' },
  { code: 'provider', label: 'Placement provider' },
] as const;
export type OrganisationType = (typeof ORGANISATION_TYPES)[number]['code'];
export const ORGANISATION_TYPE_CODES = codes<OrganisationType>(ORGANISATION_TYPES);

/** The organisation type each role belongs to; admins belong to none. */
export const ROLE_ORGANISATION_TYPE: Readonly<Record<Role, OrganisationType | null>> = {
  student: 'university',
  coordinator: 'university',
  provider: 'provider',
  admin: null,
};

export const USER_STATUSES = [
  { code: 'invited', label: 'Invited' },
  { code: 'active', label: 'Active' },
  { code: 'erased', label: 'Erased' },
] as const;
export type UserStatus = (typeof USER_STATUSES)[number]['code'];

export const REQUIREMENTS = [
  { code: 'enhanced_dbs', label: 'Enhanced DBS check' },
  { code: 'occupational_health', label: 'Occupational health clearance' },
  { code: 'mandatory_training', label: 'Mandatory training' },
  { code: 'driving_licence', label: 'Driving licence' },
  { code: 'immunisations', label: 'Immunisations' },
  { code: 'breakaway_training', label: 'Breakaway training' },
] as const;
export type Requirement = (typeof REQUIREMENTS)[number]['code'];
export const REQUIREMENT_CODES = codes<Requirement>(REQUIREMENTS);

export const PLACEMENT_STATUSES = [
  { code: 'draft', label: 'Draft' },
  { code: 'published', label: 'Published' },
  { code: 'closed', label: 'Closed' },
  { code: 'cancelled', label: 'Cancelled' },
] as const;
export type PlacementStatus = (typeof PLACEMENT_STATUSES)[number]['code'];
export const PLACEMENT_STATUS_CODES = codes<PlacementStatus>(PLACEMENT_STATUSES);

export const APPLICATION_STATUSES = [
  { code: 'submitted', label: 'Submitted' },
  { code: 'offered', label: 'Offered' },
  { code: 'declined', label: 'Declined' },
  { code: 'withdrawn', label: 'Withdrawn' },
] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number]['code'];
export const APPLICATION_STATUS_CODES = codes<ApplicationStatus>(APPLICATION_STATUSES);

export const MATCH_STATUSES = [
  { code: 'proposed', label: 'Proposed' },
  { code: 'approved', label: 'Approved' },
  { code: 'rejected', label: 'Rejected' },
  { code: 'completed', label: 'Completed' },
  { code: 'cancelled', label: 'Cancelled' },
] as const;
export type MatchStatus = (typeof MATCH_STATUSES)[number]['code'];
export const MATCH_STATUS_CODES = codes<MatchStatus>(MATCH_STATUSES);

export const YEAR_OF_STUDY_MIN = 1;
export const YEAR_OF_STUDY_MAX = 4;
export const MAX_TRAVEL_KM_LIMIT = 500;

/** Looks up the label for a code in one of the lists above; unknown codes are shown as they are. */
export function labelFor<C extends string>(items: readonly CodeLabel<C>[], code: string): string {
  return items.find((item) => item.code === code)?.label ?? code;
}
