import { TestBed } from '@angular/core/testing';
import { Router, UrlSegment, UrlTree, provideRouter, type Route } from '@angular/router';
import type { Me } from '@ahp/contracts';
import { safeReturnUrl } from '../features/sign-in/sign-in-page';
import { MFA_ENROLMENT_PAGE, hasRole, roleIs, signedIn, signedOut } from './guards';
import { Session } from './session';

describe('route guards', () => {
  const user = signalUser();
  let enrolmentRequired = false;
  function signalUser() {
    let current: Me | null = null;
    return { get: () => current, set: (value: Me | null) => (current = value) };
  }
  const run = (guard: (route: Route, segments: UrlSegment[]) => unknown, path = 'students') =>
    TestBed.runInInjectionContext(() => guard({}, [new UrlSegment(path, {})]));

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        {
          provide: Session,
          useValue: { user: () => user.get(), mfaEnrolmentRequired: () => enrolmentRequired },
        },
      ],
    });
    user.set(null);
    enrolmentRequired = false;
  });

  it('sends someone who is not signed in to sign in, remembering where they were going', () => {
    const result = run(signedIn) as UrlTree;
    expect(TestBed.inject(Router).serializeUrl(result)).toBe('/sign-in?returnUrl=%2Fstudents');
  });

  it('lets the right role in and sends others home', () => {
    user.set({ role: 'coordinator' } as Me);
    expect(run(hasRole('coordinator'))).toBe(true);
    const result = run(hasRole('admin')) as UrlTree;
    expect(TestBed.inject(Router).serializeUrl(result)).toBe('/');
  });

  it('lets another role fall through to the next route with the same path', () => {
    user.set({ role: 'provider' } as Me);
    expect(run(roleIs('provider'))).toBe(true);
    expect(run(roleIs('student'))).toBe(false);
    user.set(null);
    const result = run(roleIs('student')) as UrlTree;
    expect(TestBed.inject(Router).serializeUrl(result)).toBe('/sign-in?returnUrl=%2Fstudents');
  });

  it('keeps someone who must set up two-step verification on that page until they have', () => {
    user.set({ role: 'admin' } as Me);
    enrolmentRequired = true;
    const url = (result: unknown) => TestBed.inject(Router).serializeUrl(result as UrlTree);
    expect(url(run(signedIn))).toBe(MFA_ENROLMENT_PAGE);
    expect(url(run(hasRole('admin')))).toBe(MFA_ENROLMENT_PAGE);
    expect(url(run(roleIs('admin')))).toBe(MFA_ENROLMENT_PAGE);
    expect(run(signedIn, 'profile/two-step-verification')).toBe(true);
    enrolmentRequired = false;
    expect(run(signedIn)).toBe(true);
  });

  it('keeps signed-in people off the sign-in page', () => {
    expect(run(signedOut)).toBe(true);
    user.set({ role: 'student' } as Me);
    expect(TestBed.inject(Router).serializeUrl(run(signedOut) as UrlTree)).toBe('/');
  });
});

describe(safeReturnUrl.name, () => {
  it.each([
    ['/students', '/students'],
    [undefined, '/'],
    ['https://evil.example/', '/'],
    ['//evil.example', '/'],
    ['/\\evil.example', '/'],
  ])('turns %p into %p', (input, expected) => {
    expect(safeReturnUrl(input)).toBe(expected);
  });
});
