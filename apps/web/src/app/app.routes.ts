import type { Routes } from '@angular/router';
import { hasRole, signedIn, signedOut } from './core/guards';

/** Every feature is its own lazily loaded chunk; the first download holds only the shell. */
export const appRoutes: Routes = [
  {
    path: '',
    pathMatch: 'full',
    canMatch: [signedIn],
    title: 'Home',
    loadComponent: () => import('./features/home/home-page').then((m) => m.HomePage),
  },
  {
    path: 'sign-in',
    canMatch: [signedOut],
    title: 'Sign in',
    loadComponent: () => import('./features/sign-in/sign-in-page').then((m) => m.SignInPage),
  },
  { path: 'sign-in', redirectTo: '' },
  {
    path: 'accept-invitation',
    title: 'Choose a password',
    loadComponent: () =>
      import('./features/accept-invitation/accept-invitation-page').then(
        (m) => m.AcceptInvitationPage,
      ),
  },
  {
    path: 'profile',
    canMatch: [signedIn],
    title: 'Your profile',
    loadComponent: () => import('./features/profile/profile-page').then((m) => m.ProfilePage),
  },
  {
    path: 'admin/organisations',
    canMatch: [hasRole('admin')],
    title: 'Organisations',
    loadComponent: () =>
      import('./features/admin/organisations-page').then((m) => m.OrganisationsPage),
  },
  {
    path: 'admin/organisations/new',
    canMatch: [hasRole('admin')],
    title: 'Add an organisation',
    loadComponent: () =>
      import('./features/admin/new-organisation-page').then((m) => m.NewOrganisationPage),
  },
  ...peopleRoutes('admin/users', 'admin', 'Users', 'Add a person'),
  ...peopleRoutes('students', 'coordinator', 'Students', 'Add a student'),
  {
    path: 'students/import',
    canMatch: [hasRole('coordinator')],
    title: 'Import students',
    loadComponent: () =>
      import('./features/people/import-students-page').then((m) => m.ImportStudentsPage),
  },
  ...peopleRoutes('colleagues', 'provider', 'Colleagues', 'Add a colleague'),
  {
    path: 'about',
    title: 'About',
    loadComponent: () => import('./features/about/about-page').then((m) => m.AboutPage),
  },
  {
    path: '**',
    title: 'Page not found',
    loadComponent: () => import('./features/not-found/not-found-page').then((m) => m.NotFoundPage),
  },
];

function peopleRoutes(
  path: string,
  audience: 'admin' | 'coordinator' | 'provider',
  title: string,
  addTitle: string,
): Routes {
  return [
    {
      path,
      canMatch: [hasRole(audience)],
      title,
      data: { audience },
      loadComponent: () => import('./features/people/people-page').then((m) => m.PeoplePage),
    },
    {
      path: `${path}/new`,
      canMatch: [hasRole(audience)],
      title: addTitle,
      data: { audience },
      loadComponent: () => import('./features/people/new-person-page').then((m) => m.NewPersonPage),
    },
  ];
}
