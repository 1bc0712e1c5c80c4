import type { OrganisationType, Profession, Region, Role, UserStatus } from '@ahp/contracts';

/** Request bodies the web app sends; the response types come from @ahp/contracts. */
export interface NewOrganisation {
  name: string;
  type: OrganisationType;
  region: Region;
  postcode?: string;
}

export interface NewPerson {
  email: string;
  name: string;
  role: Role;
  organisationId?: string;
  studentProfile?: {
    profession: Profession;
    yearOfStudy: number;
    homePostcode?: string;
    maxTravelKm?: number;
  };
}

export interface PersonQuery {
  role?: Role;
  status?: UserStatus;
  organisationId?: string;
  q?: string;
  cursor?: string;
  limit?: number;
}

export interface OrganisationQuery {
  type?: OrganisationType;
  region?: Region;
  q?: string;
  cursor?: string;
  limit?: number;
}

/** Drops empty values so they are not sent as `?q=`. */
export function params(query: object): Record<string, string> {
  return Object.fromEntries(
    Object.entries(query)
      .filter(([, value]) => value !== undefined && value !== null && value !== '')
      .map(([key, value]) => [key, String(value)]),
  );
}
