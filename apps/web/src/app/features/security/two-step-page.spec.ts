import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { Session } from '../../core/session';
import { TwoStepPage, groupSecret } from './two-step-page';

const QR = 'data:image/png;base64,iVBORw0KGgo=';
const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

describe(TwoStepPage.name, () => {
  let fixture: ComponentFixture<TwoStepPage>;
  let http: HttpTestingController;
  const page = () => fixture.nativeElement as HTMLElement;
  const settle = async () => {
    await new Promise((resolve) => setTimeout(resolve));
    await fixture.whenStable();
  };
  const button = (name: string) =>
    [...page().querySelectorAll('button')].find((b) => b.textContent?.trim() === name);

  async function open(status: object): Promise<void> {
    fixture = TestBed.createComponent(TwoStepPage);
    document.body.appendChild(fixture.nativeElement);
    http.expectOne('/api/me/mfa').flush(status);
    await settle();
  }

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])],
    });
    http = TestBed.inject(HttpTestingController);
  });
  afterEach(() => {
    http.verify();
    fixture.nativeElement.remove();
  });

  it('sets up an app: QR code, the key as text, a code to confirm, then the recovery codes once', async () => {
    const session = TestBed.inject(Session);
    session.mfaEnrolmentRequired.set(true);
    const navigate = jest.spyOn(TestBed.inject(Router), 'navigateByUrl').mockResolvedValue(true);
    await open({
      enabled: false,
      required: true,
      enrolmentRequired: true,
      recoveryCodesLeft: null,
    });
    expect(page().textContent).toContain('Set this up to continue');

    button('Set up two-step verification')?.click();
    http
      .expectOne('/api/me/mfa/enrol')
      .flush({ secret: SECRET, otpauthUri: 'otpauth://x', qrCode: QR });
    await settle();
    const img = page().querySelector('img');
    expect(img?.getAttribute('src')).toBe(QR);
    expect(img?.getAttribute('alt')).toContain('QR code');
    expect(page().querySelector('[data-testid="mfa-secret"]')?.textContent?.trim()).toBe(
      groupSecret(SECRET),
    );

    button('Confirm')?.click();
    await settle();
    expect(page().querySelector('.nhsuk-error-summary')?.textContent).toContain(
      'Enter the security code from your authenticator app',
    );
    const input = page().querySelector<HTMLInputElement>('#code') as HTMLInputElement;
    expect(page().querySelector(`label[for="code"]`)?.textContent).toBe('Security code');
    input.value = '123456';
    input.dispatchEvent(new Event('input'));
    button('Confirm')?.click();
    const confirm = http.expectOne('/api/me/mfa/confirm');
    expect(confirm.request.body).toEqual({ code: '123456' });
    confirm.flush({
      recoveryCodes: ['aaaaaa-bbbbbb-cccccc-dddddd', 'eeeeee-ffffff-gggggg-hhhhhh'],
    });
    await settle();
    expect(page().querySelector('h1')?.textContent).toContain('Save your recovery codes');
    expect([...page().querySelectorAll('li code')].map((c) => c.textContent)).toEqual([
      'aaaaaa-bbbbbb-cccccc-dddddd',
      'eeeeee-ffffff-gggggg-hhhhhh',
    ]);
    expect(session.mfaEnrolmentRequired()).toBe(false);

    button('I have saved these codes')?.click();
    await settle();
    expect(navigate).toHaveBeenCalledWith('/');
    expect(page().textContent).not.toContain('aaaaaa-bbbbbb');
  });

  it('offers new recovery codes and turning off, unless the role requires it', async () => {
    await open({ enabled: true, required: true, enrolmentRequired: false, recoveryCodesLeft: 7 });
    expect(page().textContent).toContain('Recovery codes left');
    expect(page().textContent).toContain('cannot be turned off');
    expect(button('Turn off two-step verification')).toBeUndefined();
    expect(button('Get new recovery codes')).toBeDefined();
  });
});

describe(groupSecret.name, () => {
  it('splits the key into groups of four', () => {
    expect(groupSecret('ABCDEFGHIJ')).toBe('ABCD EFGH IJ');
    expect(groupSecret('ABCDEFGH')).toBe('ABCD EFGH');
  });
});
