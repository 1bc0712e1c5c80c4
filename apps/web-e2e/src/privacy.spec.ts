import { readFileSync } from 'node:fs';
import { DEMO, DEMO_PASSWORD, apiAs, expect, expectAccessible, signIn, test } from './support';

test.describe('personal data', () => {
  test('a student downloads everything held about them', async ({ page }) => {
    await signIn(page, DEMO.student.email);
    await page.getByRole('link', { name: 'Your profile' }).click();
    await expect(page.getByRole('heading', { level: 2, name: 'Your data' })).toBeVisible();
    await expectAccessible(page);
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download your data' }).click();
    const file = await (await download).path();
    const data = JSON.parse(readFileSync(file, 'utf8')) as {
      format: string;
      account: { email: string };
      matches: unknown[];
    };
    expect(data.format).toBe('ahp-placements-export/1');
    expect(data.account.email).toBe(DEMO.student.email);
    expect(data.matches.length).toBeGreaterThan(0);
  });

  test('an admin erases a student’s record after confirming it was asked for', async ({
    page,
    request,
  }) => {
    const admin = await apiAs(request, DEMO.admin.email);
    const coordinator = await apiAs(request, DEMO.coordinator.email);
    const stamp = Date.now();
    const name = `Robin Leaving ${stamp}`;
    await admin.post('/api/users', {
      email: `robin.${stamp}@student.northdale.ac.example`,
      name,
      role: 'student',
      organisationId: coordinator.user.organisationId,
      password: DEMO_PASSWORD,
      studentProfile: { profession: 'physiotherapy', yearOfStudy: 2, homePostcode: 'LS6 2AB' },
    });

    await signIn(page, DEMO.admin.email);
    await page.getByRole('link', { name: 'Users' }).click();
    await page.getByLabel('Name or email address').fill(name);
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByRole('link', { name: `Erase ${name}'s record` }).click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText(`Erase ${name}'s record?`);
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Erase student' }).click();
    await expect(page.getByRole('alert')).toContainText('Confirm that erasure has been asked for');
    await page.getByLabel('The student or their university has asked for this record').check();
    await page.getByRole('button', { name: 'Erase student' }).click();

    await expect(page.getByRole('status')).toContainText(`${name}'s record has been erased.`);
    await page.getByLabel('Name or email address').fill('Erased student');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect(page.getByRole('cell', { name: 'Erased', exact: true }).first()).toBeVisible();
    await expect(page.getByRole('cell').filter({ hasText: name })).toHaveCount(0);
  });
});
