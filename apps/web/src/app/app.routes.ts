import type { Route, Routes } from '@angular/router';
import type { Role } from '@ahp/contracts';
import { hasRole, roleIs, signedIn, signedOut } from './core/guards';
import type { Decision } from './features/decisions/decision-page';

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
    pathMatch: 'full',
    canMatch: [signedOut],
    title: 'Sign in',
    loadComponent: () => import('./features/sign-in/sign-in-page').then((m) => m.SignInPage),
  },
  { path: 'sign-in', pathMatch: 'full', redirectTo: '' },
  {
    path: 'accept-invitation',
    pathMatch: 'full',
    title: 'Choose a password',
    loadComponent: () =>
      import('./features/accept-invitation/accept-invitation-page').then(
        (m) => m.AcceptInvitationPage,
      ),
  },
  {
    path: 'profile',
    pathMatch: 'full',
    canMatch: [signedIn],
    title: 'Your profile',
    loadComponent: () => import('./features/profile/profile-page').then((m) => m.ProfilePage),
  },
  {
    path: 'profile/change-password',
    pathMatch: 'full',
    canMatch: [signedIn],
    title: 'Change your password',
    loadComponent: () =>
      import('./features/security/change-password-page').then((m) => m.ChangePasswordPage),
  },
  {
    path: 'profile/two-step-verification',
    pathMatch: 'full',
    canMatch: [signedIn],
    title: 'Two-step verification',
    loadComponent: () => import('./features/security/two-step-page').then((m) => m.TwoStepPage),
  },
  {
    path: 'admin/organisations',
    pathMatch: 'full',
    canMatch: [hasRole('admin')],
    title: 'Organisations',
    loadComponent: () =>
      import('./features/admin/organisations-page').then((m) => m.OrganisationsPage),
  },
  {
    path: 'admin/organisations/new',
    pathMatch: 'full',
    canMatch: [hasRole('admin')],
    title: 'Add an organisation',
    loadComponent: () =>
      import('./features/admin/new-organisation-page').then((m) => m.NewOrganisationPage),
  },
  ...peopleRoutes('admin/users', 'admin', 'Users', 'Add a person'),
  ...peopleRoutes('students', 'coordinator', 'Students', 'Add a student'),
  {
    path: 'students/import',
    pathMatch: 'full',
    canMatch: [hasRole('coordinator')],
    title: 'Import students',
    loadComponent: () =>
      import('./features/people/import-students-page').then((m) => m.ImportStudentsPage),
  },
  ...peopleRoutes('colleagues', 'provider', 'Colleagues', 'Add a colleague'),
  {
    path: 'placements',
    pathMatch: 'full',
    canMatch: [hasRole('student', 'coordinator', 'admin')],
    title: 'Find placements',
    loadComponent: () =>
      import('./features/placements/find-placements-page').then((m) => m.FindPlacementsPage),
  },
  {
    path: 'placements/:id',
    pathMatch: 'full',
    canMatch: [signedIn],
    title: 'Placement',
    loadComponent: () =>
      import('./features/placements/placement-page').then((m) => m.PlacementPage),
  },
  {
    path: 'placements/:id/edit',
    pathMatch: 'full',
    canMatch: [hasRole('provider')],
    title: 'Edit placement',
    loadComponent: () =>
      import('./features/placements/placement-form-page').then((m) => m.PlacementFormPage),
  },
  ...(['publish', 'close', 'cancel'] as const).map(
    (change): Route => ({
      path: `placements/:id/${change}`,
      pathMatch: 'full',
      canMatch: [hasRole('provider', 'admin')],
      title: { publish: 'Publish placement', close: 'Close placement', cancel: 'Cancel placement' }[
        change
      ],
      data: { change },
      loadComponent: () =>
        import('./features/placements/change-status-page').then((m) => m.ChangeStatusPage),
    }),
  ),
  {
    path: 'placements/:id/apply',
    pathMatch: 'full',
    canMatch: [hasRole('student')],
    title: 'Apply for a placement',
    loadComponent: () => import('./features/applications/apply-page').then((m) => m.ApplyPage),
  },
  {
    path: 'placements/:id/applications',
    pathMatch: 'full',
    canMatch: [hasRole('provider')],
    title: 'Applications to a placement',
    loadComponent: () =>
      import('./features/applications/placement-applications-page').then(
        (m) => m.PlacementApplicationsPage,
      ),
  },
  // One address, two pages: a student's own applications, or everyone else's view across placements.
  {
    path: 'applications',
    pathMatch: 'full',
    canMatch: [roleIs('student')],
    title: 'My applications',
    loadComponent: () =>
      import('./features/applications/my-applications-page').then((m) => m.MyApplicationsPage),
  },
  {
    path: 'applications',
    pathMatch: 'full',
    canMatch: [hasRole('provider', 'coordinator', 'admin')],
    title: 'Applications',
    loadComponent: () =>
      import('./features/applications/applications-overview-page').then(
        (m) => m.ApplicationsOverviewPage,
      ),
  },
  decisionRoute('applications/:id/withdraw', 'withdraw', 'Withdraw application', ['student']),
  decisionRoute('applications/:id/decline', 'decline', 'Decline application', ['provider']),
  {
    path: 'matches',
    pathMatch: 'full',
    canMatch: [hasRole('coordinator', 'admin', 'provider')],
    title: 'Matches',
    loadComponent: () => import('./features/matches/matches-page').then((m) => m.MatchesPage),
  },
  {
    path: 'matches/:id',
    pathMatch: 'full',
    canMatch: [signedIn],
    title: 'Match',
    loadComponent: () => import('./features/matches/match-page').then((m) => m.MatchPage),
  },
  {
    path: 'matches/:id/educator-feedback',
    pathMatch: 'full',
    canMatch: [hasRole('provider')],
    title: 'Give educator feedback',
    loadComponent: () =>
      import('./features/feedback/educator-feedback-page').then((m) => m.EducatorFeedbackPage),
  },
  decisionRoute('matches/:id/reject', 'reject', 'Reject offer', [
    'coordinator',
    'provider',
    'admin',
  ]),
  decisionRoute('matches/:id/cancel', 'cancel', 'Cancel placement', [
    'coordinator',
    'provider',
    'admin',
  ]),
  decisionRoute('matches/:id/complete', 'complete', 'Complete placement', [
    'coordinator',
    'provider',
  ]),
  {
    path: 'allocation-rounds',
    pathMatch: 'full',
    canMatch: [hasRole('coordinator', 'admin')],
    title: 'Allocation rounds',
    loadComponent: () => import('./features/allocation/rounds-page').then((m) => m.RoundsPage),
  },
  {
    path: 'allocation-rounds/new',
    pathMatch: 'full',
    canMatch: [hasRole('coordinator', 'admin')],
    title: 'Create an allocation round',
    loadComponent: () => import('./features/allocation/new-round-page').then((m) => m.NewRoundPage),
  },
  {
    path: 'allocation-rounds/:id',
    pathMatch: 'full',
    canMatch: [hasRole('coordinator', 'admin')],
    title: 'Allocation round',
    loadComponent: () => import('./features/allocation/round-page').then((m) => m.RoundPage),
  },
  {
    path: 'my-placements',
    pathMatch: 'full',
    canMatch: [hasRole('student')],
    title: 'My placements',
    loadComponent: () =>
      import('./features/matches/my-placements-page').then((m) => m.MyPlacementsPage),
  },
  {
    path: 'my-placements/:matchId/feedback',
    pathMatch: 'full',
    canMatch: [hasRole('student')],
    title: 'Give feedback',
    loadComponent: () =>
      import('./features/feedback/student-feedback-page').then((m) => m.StudentFeedbackPage),
  },
  // One address, two pages: a provider sees feedback only added up; coordinators and admins in full.
  {
    path: 'feedback',
    pathMatch: 'full',
    canMatch: [roleIs('provider')],
    title: 'Feedback from students',
    loadComponent: () =>
      import('./features/feedback/provider-feedback-page').then((m) => m.ProviderFeedbackPage),
  },
  {
    path: 'feedback',
    pathMatch: 'full',
    canMatch: [hasRole('coordinator', 'admin')],
    title: 'Feedback',
    loadComponent: () => import('./features/feedback/feedback-page').then((m) => m.FeedbackPage),
  },
  {
    path: 'reports',
    pathMatch: 'full',
    canMatch: [hasRole('coordinator', 'provider', 'admin')],
    title: 'Reports',
    loadComponent: () => import('./features/reports/reports-page').then((m) => m.ReportsPage),
  },
  {
    path: 'notifications',
    pathMatch: 'full',
    canMatch: [signedIn],
    title: 'Notifications',
    loadComponent: () =>
      import('./features/notifications/notifications-page').then((m) => m.NotificationsPage),
  },
  {
    path: 'manage-placements',
    pathMatch: 'full',
    canMatch: [hasRole('provider')],
    title: 'Manage placements',
    loadComponent: () =>
      import('./features/placements/manage-placements-page').then((m) => m.ManagePlacementsPage),
  },
  {
    path: 'manage-placements/new',
    pathMatch: 'full',
    canMatch: [hasRole('provider')],
    title: 'Post a placement',
    loadComponent: () =>
      import('./features/placements/placement-form-page').then((m) => m.PlacementFormPage),
  },
  {
    path: 'manage-placements/import',
    pathMatch: 'full',
    canMatch: [hasRole('provider')],
    title: 'Import placements',
    loadComponent: () =>
      import('./features/placements/import-placements-page').then((m) => m.ImportPlacementsPage),
  },
  {
    path: 'about',
    pathMatch: 'full',
    title: 'About',
    loadComponent: () => import('./features/about/about-page').then((m) => m.AboutPage),
  },
  {
    path: '**',
    pathMatch: 'full',
    title: 'Page not found',
    loadComponent: () => import('./features/not-found/not-found-page').then((m) => m.NotFoundPage),
  },
];

function decisionRoute(path: string, decision: Decision, title: string, roles: Role[]): Route {
  return {
    path,
    pathMatch: 'full',
    canMatch: [hasRole(...roles)],
    title,
    data: { decision },
    loadComponent: () => import('./features/decisions/decision-page').then((m) => m.DecisionPage),
  };
}

function peopleRoutes(
  path: string,
  audience: 'admin' | 'coordinator' | 'provider',
  title: string,
  addTitle: string,
): Routes {
  return [
    {
      path,
      pathMatch: 'full',
      canMatch: [hasRole(audience)],
      title,
      data: { audience },
      loadComponent: () => import('./features/people/people-page').then((m) => m.PeoplePage),
    },
    ...(audience === 'admin'
      ? [
          {
            path: `${path}/:id/erase`,
            pathMatch: 'full' as const,
            canMatch: [hasRole('admin')],
            title: 'Erase a student’s record',
            loadComponent: () =>
              import('./features/people/erase-person-page').then((m) => m.ErasePersonPage),
          },
          {
            path: `${path}/:id/two-step-verification/reset`,
            pathMatch: 'full' as const,
            canMatch: [hasRole('admin')],
            title: 'Reset someone’s two-step verification',
            loadComponent: () =>
              import('./features/people/reset-two-step-page').then((m) => m.ResetTwoStepPage),
          },
        ]
      : []),
    {
      path: `${path}/new`,
      pathMatch: 'full',
      canMatch: [hasRole(audience)],
      title: addTitle,
      data: { audience },
      loadComponent: () => import('./features/people/new-person-page').then((m) => m.NewPersonPage),
    },
  ];
}
