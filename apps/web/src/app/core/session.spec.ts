import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { LoginResponse } from '@ahp/contracts';
import { Session } from './session';

const response: LoginResponse = {
  accessToken: 'token-1',
  expiresIn: 900,
  user: {
    id: 'u1',
    email: 'sam@uni.example',
    name: 'Sam',
    role: 'student',
    organisationId: 'o1',
    status: 'active',
    createdAt: '2026-01-01T00:00:00Z',
    organisation: { id: 'o1', name: 'Uni', type: 'university', region: 'london' },
  },
};

describe(Session.name, () => {
  let sut: Session;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    sut = TestBed.inject(Session);
    http = TestBed.inject(HttpTestingController);
  });
  afterEach(() => http.verify());

  it('restores a session from the cookie, proving the call comes from the app', async () => {
    const restoring = sut.restore();
    const request = http.expectOne('/api/auth/refresh');
    expect(request.request.method).toBe('POST');
    expect(request.request.headers.get('X-Requested-With')).toBe('ahp-web');
    request.flush(response);
    await restoring;
    expect(sut.user()?.name).toBe('Sam');
    expect(sut.role()).toBe('student');
    expect(sut.accessToken()).toBe('token-1');
  });

  it('is signed out, without failing, when there is no session to restore', async () => {
    const restoring = sut.restore();
    http
      .expectOne('/api/auth/refresh')
      .flush({ statusCode: 401 }, { status: 401, statusText: 'Unauthorized' });
    await restoring;
    expect(sut.user()).toBeNull();
    expect(sut.accessToken()).toBeNull();
  });

  it('shares one refresh between callers that ask at once', async () => {
    const first = sut.refresh();
    const second = sut.refresh();
    http.expectOne('/api/auth/refresh').flush(response);
    expect(await first).toBe(true);
    expect(await second).toBe(true);
  });

  it('signs in and out, forgetting the token even if the server cannot be told', async () => {
    const signingIn = sut.signIn('sam@uni.example', 'secret');
    const login = http.expectOne('/api/auth/login');
    expect(login.request.body).toEqual({ email: 'sam@uni.example', password: 'secret' });
    login.flush(response);
    await signingIn;
    expect(sut.user()?.email).toBe('sam@uni.example');

    const signingOut = sut.signOut();
    http.expectOne('/api/auth/logout').flush(null, { status: 500, statusText: 'Server Error' });
    await expect(signingOut).rejects.toBeTruthy();
    expect(sut.user()).toBeNull();
    expect(sut.accessToken()).toBeNull();
  });

  it('stops after the password when a security code is needed, and finishes with the code', async () => {
    const signingIn = sut.signIn('sam@uni.example', 'secret');
    http
      .expectOne('/api/auth/login')
      .flush({ mfaRequired: true, mfaToken: 'challenge-1', expiresIn: 300 });
    expect(await signingIn).toEqual({ mfaToken: 'challenge-1' });
    expect(sut.user()).toBeNull();
    expect(sut.accessToken()).toBeNull();

    const finishing = sut.completeSignIn('challenge-1', '123456');
    const second = http.expectOne('/api/auth/login/mfa');
    expect(second.request.body).toEqual({ mfaToken: 'challenge-1', code: '123456' });
    second.flush(response);
    expect((await finishing).email).toBe('sam@uni.example');
    expect(sut.accessToken()).toBe('token-1');
  });

  it('remembers that two-step verification must be set up first, until it is', async () => {
    const signingIn = sut.signIn('sam@uni.example', 'secret');
    http.expectOne('/api/auth/login').flush({ ...response, mfaEnrolmentRequired: true });
    await signingIn;
    expect(sut.mfaEnrolmentRequired()).toBe(true);
    sut.mfaEnrolled();
    expect(sut.mfaEnrolmentRequired()).toBe(false);
  });
});
