import type { Role } from '@ahp/contracts';

export interface NavItem {
  label: string;
  link: string;
}

/**
 * The header menu for each role, in the words PRODUCT.md gives. Only pages that exist are listed;
 * the rest of each role's menu arrives with the features behind it.
 */
export const NAVIGATION: Record<Role, NavItem[]> = {
  student: [
    { label: 'Find placements', link: '/placements' },
    { label: 'My applications', link: '/applications' },
    { label: 'My placements', link: '/my-placements' },
    { label: 'Your profile', link: '/profile' },
  ],
  coordinator: [
    { label: 'Students', link: '/students' },
    { label: 'Find placements', link: '/placements' },
    { label: 'Applications', link: '/applications' },
    { label: 'Matches', link: '/matches' },
    { label: 'Allocation rounds', link: '/allocation-rounds' },
    { label: 'Feedback', link: '/feedback' },
    { label: 'Reports', link: '/reports' },
  ],
  provider: [
    { label: 'Manage placements', link: '/manage-placements' },
    { label: 'Applications', link: '/applications' },
    { label: 'Feedback', link: '/feedback' },
    { label: 'Reports', link: '/reports' },
    { label: 'Colleagues', link: '/colleagues' },
  ],
  admin: [
    { label: 'Organisations', link: '/admin/organisations' },
    { label: 'Users', link: '/admin/users' },
    { label: 'Matches', link: '/matches' },
    { label: 'Allocation rounds', link: '/allocation-rounds' },
    { label: 'Feedback', link: '/feedback' },
    { label: 'Reports', link: '/reports' },
  ],
};

export function navigationFor(role: Role | null): NavItem[] {
  return role ? [{ label: 'Home', link: '/' }, ...NAVIGATION[role]] : [];
}
