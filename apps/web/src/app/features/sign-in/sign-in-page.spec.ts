import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { SignInPage } from './sign-in-page';

const me = {
  id: 'u1',
  email: 'alex@example.org',
  name: 'Alex',
  role: 'admin',
  organisationId: null,
  status: 'active',
  createdAt: '2026-01-01T00:00:00Z',
  organisation: null,
};

describe(SignInPage.name, () => {
  let fixture: ComponentFixture<SignInPage>;
  let http: HttpTestingController;
  const page = () => fixture.nativeElement as HTMLElement;
  const settle = async () => {
    await new Promise((resolve) => setTimeout(resolve));
    await fixture.whenStable();
  };
  const type = (id: string, value: string) => {
    const input = page().querySelector<HTMLInputElement>(`#${id}`) as HTMLInputElement;
    input.value = value;
    input.dispatchEvent(new Event('input'));
  };
  const button = (name: string) =>
    [...page().querySelectorAll('button')].find(
      (b) => b.textContent?.trim() === name,
    ) as HTMLButtonElement;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(SignInPage);
    document.body.appendChild(fixture.nativeElement);
    await fixture.whenStable();
  });
  afterEach(() => {
    http.verify();
    fixture.nativeElement.remove();
  });

  it('asks for a security code after the password, or a recovery code instead, then continues', async () => {
    const navigate = jest.spyOn(TestBed.inject(Router), 'navigateByUrl').mockResolvedValue(true);
    type('email', 'alex@example.org');
    type('password', 'a long password');
    button('Sign in').click();
    http
      .expectOne('/api/auth/login')
      .flush({ mfaRequired: true, mfaToken: 'challenge-1', expiresIn: 300 });
    await settle();
    expect(page().querySelector('h1')?.textContent).toContain('Enter your security code');
    expect(page().querySelector('label[for="code"]')?.textContent).toBe('Security code');

    button('Use a recovery code').click();
    await settle();
    expect(page().querySelector('label[for="code"]')?.textContent).toBe('Recovery code');

    button('Continue').click();
    await settle();
    expect(page().querySelector('.nhsuk-error-summary')?.textContent).toContain(
      'Enter one of your recovery codes',
    );

    type('code', 'aaaaaa-bbbbbb-cccccc-dddddd');
    button('Continue').click();
    const second = http.expectOne('/api/auth/login/mfa');
    expect(second.request.body).toEqual({
      mfaToken: 'challenge-1',
      code: 'aaaaaa-bbbbbb-cccccc-dddddd',
    });
    second.flush(
      { statusCode: 401, error: 'Unauthorized', message: 'The security code is not right.' },
      { status: 401, statusText: 'Unauthorized' },
    );
    await settle();
    expect(page().querySelector('.nhsuk-error-summary')?.textContent).toContain(
      'The security code is not right.',
    );

    type('code', 'eeeeee-ffffff-gggggg-hhhhhh');
    button('Continue').click();
    http.expectOne('/api/auth/login/mfa').flush({ accessToken: 't', expiresIn: 900, user: me });
    await settle();
    expect(navigate).toHaveBeenCalledWith('/');
  });

  it('goes straight to setting up two-step verification when the role requires it', async () => {
    const navigate = jest.spyOn(TestBed.inject(Router), 'navigateByUrl').mockResolvedValue(true);
    type('email', 'alex@example.org');
    type('password', 'a long password');
    button('Sign in').click();
    http
      .expectOne('/api/auth/login')
      .flush({ accessToken: 't', expiresIn: 900, user: me, mfaEnrolmentRequired: true });
    await settle();
    expect(navigate).toHaveBeenCalledWith('/profile/two-step-verification');
  });
});
