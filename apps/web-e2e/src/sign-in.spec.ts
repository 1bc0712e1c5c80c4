import { DEMO, expect, expectAccessible, signIn, test } from './support';

const MENUS = {
  student: ['Home', 'Find placements', 'My applications', 'My placements', 'Your profile'],
  coordinator: [
    'Home',
    'Students',
    'Find placements',
    'Applications',
    'Matches',
    'Allocation rounds',
    'Feedback',
    'Reports',
  ],
  provider: ['Home', 'Manage placements', 'Applications', 'Feedback', 'Reports', 'Colleagues'],
  admin: ['Home', 'Organisations', 'Users', 'Matches', 'Allocation rounds', 'Feedback', 'Reports'],
} as const;

test.describe('signing in and out', () => {
  for (const role of Object.keys(DEMO) as (keyof typeof DEMO)[]) {
    test(`a ${role} signs in, is greeted by name with their menu, and signs out`, async ({
      page,
    }) => {
      await signIn(page, DEMO[role].email);
      const heading = page.getByRole('heading', { level: 1 });
      await expect(heading).toContainText(DEMO[role].name);
      await expect(heading).toContainText(/need(s)? your attention/);
      const menu = page.getByRole('navigation', { name: 'Menu' });
      await expect(menu.getByRole('link')).toHaveText([...MENUS[role]]);
      await expectAccessible(page);

      await page.getByRole('button', { name: 'Sign out' }).click();
      await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
      await expect(page.getByText('You have signed out.')).toBeVisible();
      // The session is gone: going back to the home page asks to sign in again.
      await page.goto('/');
      await expect(page).toHaveURL(/\/sign-in/);
    });
  }

  test('a wrong password is explained in an error summary that takes focus', async ({ page }) => {
    await signIn(page, DEMO.coordinator.email, 'not the password at all');
    const summary = page.locator('.nhsuk-error-summary');
    await expect(summary).toBeFocused();
    await expect(summary.getByRole('heading', { name: 'There is a problem' })).toBeVisible();
    await expect(
      summary.getByRole('link', { name: 'The e-mail address or password is not right.' }),
    ).toBeVisible();
    await expect(page).toHaveTitle(/^Error: Sign in/);
    await expectAccessible(page);
  });

  test('missing answers are caught before anything is sent, each linked to its field', async ({
    page,
  }) => {
    await page.goto('/sign-in');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'Enter your email address' }).click();
    await expect(page.getByLabel('Email address')).toBeFocused();
    await expect(page.getByText('Error: Enter your password')).toBeVisible();
  });

  test('a signed-in person stays signed in across a reload, without the token ever being stored by the page', async ({
    page,
  }) => {
    await signIn(page, DEMO.student.email);
    await expect(page.getByRole('heading', { level: 1 })).toContainText(DEMO.student.name);
    await page.reload();
    await expect(page.getByRole('heading', { level: 1 })).toContainText(DEMO.student.name);
    const stored = await page.evaluate(
      () => JSON.stringify({ ...localStorage, ...sessionStorage }) + document.cookie,
    );
    expect(stored).not.toMatch(/ey[A-Za-z0-9_-]{10,}\./);
  });

  test('a deep link asks for sign-in and then goes where it pointed', async ({ page }) => {
    await page.goto('/students');
    await expect(page).toHaveURL(/\/sign-in\?returnUrl=%2Fstudents/);
    await page.getByLabel('Email address').fill(DEMO.coordinator.email);
    await page.getByLabel('Password').fill('demo-placements-2026');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Students' })).toBeVisible();
  });

  test('the skip link moves keyboard focus to the main content', async ({ page }) => {
    await page.goto('/sign-in');
    // As a person would: the page is on the screen before the first key press. A Tab pressed
    // while the app is still starting lands on nothing.
    await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to main content' });
    await expect(skip).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.locator('main')).toBeFocused();
  });
});
