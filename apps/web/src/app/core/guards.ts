import { inject } from '@angular/core';
import { Router, type CanMatchFn, type UrlSegment } from '@angular/router';
import type { Role } from '@ahp/contracts';
import { Session } from './session';

const pathOf = (segments: UrlSegment[]) => `/${segments.map((segment) => segment.path).join('/')}`;

/** Where someone who must set up two-step verification is kept until they have. */
export const MFA_ENROLMENT_PAGE = '/profile/two-step-verification';

/** The enrolment page, for a person who must set up two-step verification first; null otherwise. */
function enrolmentFirst(segments: UrlSegment[]) {
  if (!inject(Session).mfaEnrolmentRequired() || pathOf(segments) === MFA_ENROLMENT_PAGE)
    return null;
  return inject(Router).createUrlTree([MFA_ENROLMENT_PAGE]);
}

/** Pages for signed-in people; anyone else is sent to sign in, and brought back afterwards. */
export const signedIn: CanMatchFn = (_route, segments) => {
  if (inject(Session).user()) return enrolmentFirst(segments) ?? true;
  return inject(Router).createUrlTree(['/sign-in'], {
    queryParams: { returnUrl: pathOf(segments) },
  });
};

/** Pages for some roles only. The API enforces the same rules; this just keeps people on pages that work for them. */
export function hasRole(...roles: Role[]): CanMatchFn {
  return (route, segments) => {
    const user = inject(Session).user();
    if (!user) return signedIn(route, segments);
    const enrolment = enrolmentFirst(segments);
    if (enrolment) return enrolment;
    return roles.includes(user.role) ? true : inject(Router).createUrlTree(['/']);
  };
}

/**
 * Like `hasRole`, but a person of another role falls through to the next route with the same
 * path (one address serving different pages to different roles) instead of being sent home.
 */
export function roleIs(...roles: Role[]): CanMatchFn {
  return (route, segments) => {
    const user = inject(Session).user();
    if (!user) return signedIn(route, segments);
    return enrolmentFirst(segments) ?? roles.includes(user.role);
  };
}

/** The sign-in page is for people who are not signed in. */
export const signedOut: CanMatchFn = () =>
  inject(Session).user() ? inject(Router).createUrlTree(['/']) : true;
