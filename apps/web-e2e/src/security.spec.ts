import { Secret, TOTP } from 'otpauth';
import { DEMO, apiAs, expect, expectAccessible, signIn, test } from './support';

const PASSWORD = 'lantern-orchard-47-quietly';

/** The code an authenticator app would show for this key now, or `steps` periods of 30 s later. */
function code(secret: string, steps = 0): string {
  return new TOTP({
    secret: Secret.fromBase32(secret),
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
  }).generate({ timestamp: Date.now() + steps * 30_000 });
}

const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

test.describe('account security', () => {
  test('an admin sets up two-step verification, then signs in with a password and a security code', async ({
    page,
    request,
  }) => {
    const email = `second.admin.${unique()}@ahp-placements.example`;
    const admin = await apiAs(request, DEMO.admin.email);
    await admin.post('/api/users', {
      email,
      name: 'Jordan Ellis',
      role: 'admin',
      password: PASSWORD,
    });

    await signIn(page, email, PASSWORD, true);
    await page.goto('/profile');
    await page.getByRole('link', { name: 'Two-step verification' }).click();
    await expect(
      page.getByRole('heading', { level: 1, name: 'Two-step verification' }),
    ).toBeVisible();
    await page.getByRole('button', { name: 'Set up two-step verification' }).click();

    await expect(
      page.getByRole('heading', { level: 1, name: 'Set up your authenticator app' }),
    ).toBeVisible();
    const qr = page.getByRole('img', { name: /QR code for setting up two-step verification/ });
    await expect(qr).toBeVisible();
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    expect(await qr.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(100);
    const secret = (await page.getByTestId('mfa-secret').innerText()).replace(/\s/g, '');
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Confirm' }).click();
    await expect(page.locator('.nhsuk-error-summary')).toContainText(
      'Enter the security code from your authenticator app',
    );
    await page.getByLabel('Security code').fill(code(secret));
    await page.getByRole('button', { name: 'Confirm' }).click();

    await expect(
      page.getByRole('heading', { level: 1, name: 'Save your recovery codes' }),
    ).toBeVisible();
    const recoveryCodes = await page
      .getByRole('list', { name: 'Recovery codes' })
      .getByRole('listitem')
      .allInnerTexts();
    expect(recoveryCodes).toHaveLength(10);
    await expectAccessible(page);
    await page.getByRole('button', { name: 'I have saved these codes' }).click();
    await expect(page.getByText('Two-step verification is on.')).toBeVisible();
    await expect(page.getByText('Recovery codes left')).toBeVisible();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();

    // The password alone is not enough any more.
    await signIn(page, email, PASSWORD, false);
    await expect(
      page.getByRole('heading', { level: 1, name: 'Enter your security code' }),
    ).toBeVisible();
    await expectAccessible(page);
    await page.getByLabel('Security code').fill('000000' === code(secret, 1) ? '111111' : '000000');
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(page.locator('.nhsuk-error-summary')).toContainText(
      'The security code is not right',
    );
    // The code for the next 30 seconds: the one used to confirm cannot be used again.
    await page.getByLabel('Security code').fill(code(secret, 1));
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText('attention');
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Jordan Ellis');

    // A recovery code works once, in place of the app.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn(page, email, PASSWORD, false);
    await page.getByRole('button', { name: 'Use a recovery code' }).click();
    await page.getByLabel('Recovery code').fill(recoveryCodes[0].trim());
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText('attention');
  });

  test('an admin resets the two-step verification of someone who lost their phone and codes', async ({
    page,
    request,
  }) => {
    const email = `lost.phone.${unique()}@ahp-placements.example`;
    const name = `Morgan Reyes ${unique()}`;
    const admin = await apiAs(request, DEMO.admin.email);
    const provider = await apiAs(request, DEMO.provider.email);
    await admin.post('/api/users', {
      email,
      name,
      role: 'provider',
      organisationId: provider.user.organisationId,
      password: PASSWORD,
    });
    // They set up two-step verification (through the API here: the web journey is above).
    const login = await request.post('/api/auth/login', { data: { email, password: PASSWORD } });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const headers = { authorization: `Bearer ${accessToken}` };
    const enrol = await request.post('/api/me/mfa/enrol', { headers, data: {} });
    const { secret } = (await enrol.json()) as { secret: string };
    const confirm = await request.post('/api/me/mfa/confirm', {
      headers,
      data: { code: code(secret) },
    });
    expect(confirm.status()).toBe(200);

    await signIn(page, DEMO.admin.email);
    await page.goto('/admin/users');
    await page.getByLabel('Name or email address').fill(name);
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByRole('link', { name: `Reset two-step verification for ${name}` }).click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText(
      `Reset ${name}'s two-step verification?`,
    );
    await page.getByRole('button', { name: 'Reset two-step verification' }).click();
    await expect(page.locator('.nhsuk-error-summary')).toContainText(
      'Say why, and how you checked who they are',
    );
    await expectAccessible(page);
    await page
      .getByLabel('Why, and how you checked who they are')
      .fill('Lost phone and recovery codes; identity checked by a video call with their manager');
    await page.getByRole('button', { name: 'Reset two-step verification' }).click();
    await expect(page.getByRole('status')).toContainText(
      `${name}'s two-step verification has been reset.`,
    );
    // Their old session is over; the password alone signs them in, and they are told why.
    expect((await request.get('/api/me', { headers })).status()).toBe(401);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn(page, email, PASSWORD, true);
    const told = await request.post('/api/auth/login', { data: { email, password: PASSWORD } });
    const fresh = (await told.json()) as { accessToken: string };
    const notifications = await request.get('/api/notifications', {
      headers: { authorization: `Bearer ${fresh.accessToken}` },
    });
    expect(await notifications.text()).toContain('Your two-step verification was reset');
  });

  test('a person changes their password, and only the new one works afterwards', async ({
    page,
    request,
  }) => {
    const email = `placement.lead.${unique()}@northdale-mh.nhs.example`;
    const provider = await apiAs(request, DEMO.provider.email);
    await provider.post('/api/users', {
      email,
      name: 'Morgan Hale',
      role: 'provider',
      password: PASSWORD,
    });

    await signIn(page, email, PASSWORD, true);
    await page.goto('/profile');
    await page.getByRole('link', { name: 'Change your password' }).click();
    await expect(
      page.getByRole('heading', { level: 1, name: 'Change your password' }),
    ).toBeVisible();
    await expectAccessible(page);

    const newPassword = 'copper-meadow-82-gently';
    await page.getByLabel('Current password').fill('not my password at all');
    await page.getByLabel('New password', { exact: true }).fill(newPassword);
    await page.getByLabel('Type the new password again').fill(newPassword);
    await page.getByRole('button', { name: 'Change password' }).click();
    await expect(page.locator('.nhsuk-error-summary')).toBeFocused();
    await expect(page.locator('.nhsuk-error-summary')).toContainText(
      'Your current password is not right.',
    );
    await expectAccessible(page);

    await page.getByLabel('Current password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Change password' }).click();
    await expect(page.getByText('Your password has been changed.')).toBeVisible();
    await expect(page.getByRole('heading', { level: 1, name: 'Your profile' })).toBeVisible();
    // Still signed in here, with the new token.
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Morgan Hale');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn(page, email, PASSWORD, false);
    await expect(page.locator('.nhsuk-error-summary')).toContainText(
      'The e-mail address or password is not right.',
    );
    await signIn(page, email, newPassword, true);
  });
});
