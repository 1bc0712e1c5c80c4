import { HttpClient, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { authInterceptor } from './auth.interceptor';
import { Session } from './session';

describe('authInterceptor', () => {
  let http: HttpClient;
  let backend: HttpTestingController;
  let session: { accessToken: jest.Mock; refresh: jest.Mock };
  let router: Router;

  beforeEach(() => {
    session = { accessToken: jest.fn(() => 'old-token'), refresh: jest.fn() };
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
        { provide: Session, useValue: session },
      ],
    });
    http = TestBed.inject(HttpClient);
    backend = TestBed.inject(HttpTestingController);
    router = TestBed.inject(Router);
  });
  afterEach(() => backend.verify());

  it('sends the access token with API calls', async () => {
    const call = firstValueFrom(http.get('/api/me'));
    const request = backend.expectOne('/api/me');
    expect(request.request.headers.get('Authorization')).toBe('Bearer old-token');
    request.flush({});
    await call;
  });

  it('does not add it to sign-in calls or to other sites', async () => {
    const login = firstValueFrom(http.post('/api/auth/login', {}));
    const request = backend.expectOne('/api/auth/login');
    expect(request.request.headers.has('Authorization')).toBe(false);
    request.flush({});
    await login;
    const elsewhere = firstValueFrom(http.get('https://elsewhere.example/api/x'));
    const outside = backend.expectOne('https://elsewhere.example/api/x');
    expect(outside.request.headers.has('Authorization')).toBe(false);
    outside.flush({});
    await elsewhere;
  });

  it('renews an expired token once and retries the call', async () => {
    session.refresh.mockImplementation(async () => {
      session.accessToken.mockReturnValue('new-token');
      return true;
    });
    const call = firstValueFrom(http.get('/api/users'));
    backend
      .expectOne('/api/users')
      .flush({ statusCode: 401 }, { status: 401, statusText: 'Unauthorized' });
    await new Promise((resolve) => setTimeout(resolve));
    const retry = backend.expectOne('/api/users');
    expect(retry.request.headers.get('Authorization')).toBe('Bearer new-token');
    retry.flush({ items: [] });
    await expect(call).resolves.toEqual({ items: [] });
  });

  it('sends the person to sign in when the session has ended', async () => {
    session.refresh.mockResolvedValue(false);
    const navigate = jest.spyOn(router, 'navigate').mockResolvedValue(true);
    const call = firstValueFrom(http.get('/api/users'));
    backend
      .expectOne('/api/users')
      .flush({ statusCode: 401 }, { status: 401, statusText: 'Unauthorized' });
    await expect(call).rejects.toBeTruthy();
    expect(navigate).toHaveBeenCalledWith(
      ['/sign-in'],
      expect.objectContaining({ queryParams: expect.any(Object) }),
    );
  });

  it('passes other errors straight through', async () => {
    const call = firstValueFrom(http.get('/api/users'));
    backend
      .expectOne('/api/users')
      .flush({ statusCode: 403 }, { status: 403, statusText: 'Forbidden' });
    await expect(call).rejects.toMatchObject({ status: 403 });
    expect(session.refresh).not.toHaveBeenCalled();
  });
});
