import type { Locator, Page } from '@playwright/test';
import { gzipSync } from 'node:zlib';
import { DEMO, DEMO_PASSWORD, apiAs, expect, test } from './support';

/** The budget for JavaScript a first visit downloads, compressed (issue 8). */
const INITIAL_JS_BUDGET = 300 * 1024;

/** Collects every JavaScript file the page fetches, with its gzip-compressed size. */
function watchScripts(page: Page): Map<string, number> {
  const scripts = new Map<string, number>();
  page.on('response', async (response) => {
    const url = response.url();
    if (!url.endsWith('.js') || !response.ok()) return;
    try {
      scripts.set(new URL(url).pathname, gzipSync(await response.body(), { level: 9 }).length);
    } catch {
      // A response whose body is gone (a navigation away) was not part of the page.
    }
  });
  return scripts;
}

/** Presses Tab until `target` has focus, as a keyboard user would; fails if it never does. */
async function tabTo(page: Page, target: Locator, limit = 80): Promise<void> {
  for (let i = 0; i < limit; i++) {
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return;
    await page.keyboard.press('Tab');
  }
  await expect(target, `reached by Tab within ${limit} presses`).toBeFocused();
}

test.describe('performance and keyboard budgets', () => {
  test('a first visit downloads under 300 KB of compressed JavaScript, and features load on demand', async ({
    page,
  }) => {
    const scripts = watchScripts(page);
    await page.goto('/sign-in');
    await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
    await page.waitForLoadState('networkidle');
    const initial = new Map(scripts);
    const total = [...initial.values()].reduce((sum, size) => sum + size, 0);
    console.log(
      `Initial JavaScript: ${(total / 1024).toFixed(1)} KB compressed in ${initial.size} files`,
    );
    expect(initial.size).toBeGreaterThan(0);
    expect(total).toBeLessThan(INITIAL_JS_BUDGET);

    // Signing in and opening a feature fetches that feature's own code only then.
    await page.getByLabel('Email address').fill(DEMO.coordinator.email);
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'Reports' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Reports' })).toBeVisible();
    await page.waitForLoadState('networkidle');
    const later = [...scripts.keys()].filter((path) => !initial.has(path));
    expect(later.length).toBeGreaterThan(0);
  });

  test('a student applies and a coordinator approves using only the keyboard', async ({
    page,
    request,
  }) => {
    const title = `Keyboard Court community team ${Date.now()}: occupational therapy`;
    const provider = await apiAs(request, DEMO.provider.email);
    const placement = await provider.post<{ id: string }>('/api/placements', {
      title,
      professions: ['occupational_therapy'],
      setting: 'mental_health',
      model: 'one_to_one',
      postcode: 'LS6 4QB',
      startDate: '2027-11-01',
      endDate: '2027-12-10',
      capacity: 1,
      minYearOfStudy: 1,
      requirements: [],
    });
    await provider.post(`/api/placements/${placement.id}/publish`);

    // The student signs in, finds the placement and applies, with Tab, typing and Enter.
    await page.goto('/sign-in');
    await tabTo(page, page.getByLabel('Email address'));
    await page.keyboard.type(DEMO.student.email);
    await tabTo(page, page.getByLabel('Password'));
    await page.keyboard.type(DEMO_PASSWORD);
    await tabTo(page, page.getByRole('button', { name: 'Sign in' }));
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { level: 1 })).toContainText('attention');
    await page.goto(`/placements/${placement.id}`);
    await tabTo(page, page.getByRole('link', { name: 'Apply', exact: true }));
    await page.keyboard.press('Enter');
    await tabTo(page, page.getByLabel('Why do you want this placement? (optional)'));
    await page.keyboard.type('I would like to work with a community team.');
    await tabTo(page, page.getByRole('button', { name: 'Submit application' }));
    await page.keyboard.press('Enter');
    await expect(page.getByText('Your application has been sent.')).toBeVisible();
    await tabTo(page, page.getByRole('button', { name: 'Sign out' }), 200);
    await page.keyboard.press('Enter');

    // The provider offers the place (through the API); the coordinator approves by keyboard.
    const { items } = await provider.get<{ items: { id: string }[] }>(
      `/api/applications?placementId=${placement.id}`,
    );
    await provider.post(`/api/applications/${items[0].id}/offer`);

    await page.goto('/sign-in');
    await tabTo(page, page.getByLabel('Email address'));
    await page.keyboard.type(DEMO.coordinator.email);
    await tabTo(page, page.getByLabel('Password'));
    await page.keyboard.type(DEMO_PASSWORD);
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { level: 1 })).toContainText('attention');
    await tabTo(page, page.getByRole('link', { name: /waiting for your approval/ }));
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { level: 1, name: 'Matches' })).toBeVisible();
    const row = page.getByTestId('match-row').filter({ hasText: title });
    await tabTo(page, row.getByRole('button', { name: /^Approve/ }), 300);
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('match-row').filter({ hasText: title })).toHaveCount(0);
  });
});
