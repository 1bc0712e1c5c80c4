import { Pipe, type PipeTransform } from '@angular/core';
import {
  ALLOCATION_POLICIES,
  ALLOCATION_ROUND_STATUSES,
  APPLICATION_STATUSES,
  MATCH_STATUSES,
  ORGANISATION_TYPES,
  PLACEMENT_MODELS,
  PLACEMENT_STATUSES,
  PROFESSIONS,
  REGIONS,
  REQUIREMENTS,
  ROLES,
  SETTINGS,
  UNMATCHED_REASONS,
  USER_STATUSES,
  labelFor,
  type CodeLabel,
  type Me,
} from '@ahp/contracts';

const LISTS = {
  profession: PROFESSIONS,
  region: REGIONS,
  role: ROLES,
  organisationType: ORGANISATION_TYPES,
  userStatus: USER_STATUSES,
  setting: SETTINGS,
  model: PLACEMENT_MODELS,
  requirement: REQUIREMENTS,
  placementStatus: PLACEMENT_STATUSES,
  applicationStatus: APPLICATION_STATUSES,
  matchStatus: MATCH_STATUSES,
  roundStatus: ALLOCATION_ROUND_STATUSES,
  allocationPolicy: ALLOCATION_POLICIES,
  unmatchedReason: UNMATCHED_REASONS,
} satisfies Record<string, readonly CodeLabel<string>[]>;

export type LabelList = keyof typeof LISTS;

/** Shows a code in words: `{{ user.role | label: 'role' }}` → "Placement coordinator". */
@Pipe({ name: 'label' })
export class LabelPipe implements PipeTransform {
  transform(code: string | null | undefined, list: LabelList): string {
    if (!code) return '';
    return labelFor(LISTS[list] as readonly CodeLabel<string>[], code);
  }
}

const LONG_DATE = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});

/** 'YYYY-MM-DD' → "1 February 2027", as NHS.UK writes dates. */
@Pipe({ name: 'ukDate' })
export class UkDatePipe implements PipeTransform {
  transform(date: string | null | undefined): string {
    if (!date) return '';
    const parsed = new Date(`${date.slice(0, 10)}T00:00:00Z`);
    return Number.isNaN(parsed.getTime()) ? date : LONG_DATE.format(parsed);
  }
}

/** "Placement coordinator, University of Northdale": a person's role and organisation. */
@Pipe({ name: 'whoAndWhere' })
export class WhoAndWherePipe implements PipeTransform {
  transform(user: Pick<Me, 'role' | 'organisation'>): string {
    const role = labelFor(ROLES, user.role);
    return user.organisation ? `${role}, ${user.organisation.name}` : role;
  }
}

/** `[a, b] | joinNonEmpty` → "a, b", leaving out empty parts. */
@Pipe({ name: 'joinNonEmpty' })
export class JoinNonEmptyPipe implements PipeTransform {
  transform(parts: (string | null | undefined)[], separator = ', '): string {
    return parts.filter((part) => !!part).join(separator);
  }
}
