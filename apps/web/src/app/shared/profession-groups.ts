import { PROFESSIONS } from '@ahp/contracts';
import type { CheckboxGroup } from './checkboxes';

/** The professions as checkboxes, the ones common in mental health services first. */
export const PROFESSION_GROUPS: CheckboxGroup[] = [
  {
    label: 'Common in mental health services',
    items: PROFESSIONS.filter((p) => p.commonInMentalHealth),
  },
  {
    label: 'Other Allied Health Professions',
    items: PROFESSIONS.filter((p) => !p.commonInMentalHealth),
  },
];
