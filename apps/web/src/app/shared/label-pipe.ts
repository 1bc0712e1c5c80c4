import { Pipe, type PipeTransform } from '@angular/core';
import {
  ORGANISATION_TYPES,
  PROFESSIONS,
  REGIONS,
  ROLES,
  USER_STATUSES,
  labelFor,
  type CodeLabel,
} from '@ahp/contracts';

const LISTS: Record<string, readonly CodeLabel<string>[]> = {
  profession: PROFESSIONS,
  region: REGIONS,
  role: ROLES,
  organisationType: ORGANISATION_TYPES,
  userStatus: USER_STATUSES,
};

/** Shows a code in words: `{{ user.role | label: 'role' }}` → "Placement coordinator". */
@Pipe({ name: 'label' })
export class LabelPipe implements PipeTransform {
  transform(code: string | null | undefined, list: keyof typeof LISTS & string): string {
    if (!code) return '';
    return labelFor(LISTS[list] ?? [], code);
  }
}
