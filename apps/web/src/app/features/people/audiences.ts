import type { Role } from '@ahp/contracts';

/** The three views of "people": an admin's everyone, a coordinator's students, a provider's colleagues. */
export type Audience = 'admin' | 'coordinator' | 'provider';

export interface AudienceView {
  title: string;
  noun: { one: string; many: string };
  /** The only role this audience lists and adds, when there is one. */
  role: Role | null;
  listLink: string;
  addLink: string;
  addLabel: string;
  importLink: string | null;
}

export const AUDIENCES: Record<Audience, AudienceView> = {
  admin: {
    title: 'Users',
    noun: { one: 'person', many: 'people' },
    role: null,
    listLink: '/admin/users',
    addLink: '/admin/users/new',
    addLabel: 'Add a person',
    importLink: null,
  },
  coordinator: {
    title: 'Students',
    noun: { one: 'student', many: 'students' },
    role: 'student',
    listLink: '/students',
    addLink: '/students/new',
    addLabel: 'Add a student',
    importLink: '/students/import',
  },
  provider: {
    title: 'Colleagues',
    noun: { one: 'colleague', many: 'colleagues' },
    role: 'provider',
    listLink: '/colleagues',
    addLink: '/colleagues/new',
    addLabel: 'Add a colleague',
    importLink: null,
  },
};
