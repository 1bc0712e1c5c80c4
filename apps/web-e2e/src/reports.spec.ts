import { readFileSync } from 'node:fs';
import { DEMO, expect, expectAccessible, signIn, test } from './support';

test.describe('reports', () => {
  test('a coordinator reads each report as a chart and a table, regroups one and downloads it as CSV', async ({
    page,
  }) => {
    await signIn(page, DEMO.coordinator.email);
    await page
      .getByRole('navigation', { name: 'Menu' })
      .getByRole('link', { name: 'Reports' })
      .click();
    await expect(page.getByRole('heading', { level: 1, name: 'Reports' })).toBeVisible();
    for (const heading of [
      'Capacity against demand',
      'Unmatched students by reason',
      'Time to approval',
      'Feedback by theme over time',
      'Capacity gap',
    ])
      await expect(page.getByRole('heading', { level: 2, name: heading })).toBeVisible();

    const capacity = page.getByTestId('report-capacity');
    await expect(capacity.getByRole('img', { name: /^Bar chart of seats/ })).toBeVisible();
    await expect(
      capacity.getByRole('table', { name: 'Capacity against demand by profession: the figures' }),
    ).toContainText('Occupational therapy');
    await expectAccessible(page);

    await capacity.getByRole('group', { name: 'Group by' }).getByLabel('Region').check();
    const byRegion = capacity.getByRole('table', {
      name: 'Capacity against demand by region: the figures',
    });
    await expect(byRegion).toContainText('North East and Yorkshire');
    await expect(capacity.getByRole('img', { name: /by region/ })).toBeVisible();

    const download = page.waitForEvent('download');
    await capacity.getByRole('button', { name: 'Download CSV of capacity against demand' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/\.csv$/);
    const csv = readFileSync(await file.path(), 'utf8');
    expect(csv.split('\n')[0]).toContain('seats');
    expect(csv).toContain('north_east_yorkshire');

    // Filters apply to every report; a bad date is explained.
    await page.getByRole('group', { name: 'From' }).getByLabel('Day').fill('31');
    await page.getByRole('group', { name: 'From' }).getByLabel('Month').fill('2');
    await page.getByRole('group', { name: 'From' }).getByLabel('Year').fill('2027');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect(page.locator('.nhsuk-error-summary')).toContainText(
      'Enter a real date for "from"',
    );
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.getByRole('combobox', { name: 'Profession' }).selectOption({ label: 'Dietetics' });
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect(page.locator('.nhsuk-error-summary')).toHaveCount(0);
    await expect(
      byRegion.or(capacity.getByText('No placements match these filters.')),
    ).toBeVisible();
  });

  test('a provider sees the reports on its own placements, without unmatched students', async ({
    page,
  }) => {
    await signIn(page, DEMO.provider.email);
    await page
      .getByRole('navigation', { name: 'Menu' })
      .getByRole('link', { name: 'Reports' })
      .click();
    await expect(page.getByText('These reports cover your own placements.')).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Capacity against demand' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Capacity gap' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Unmatched students by reason' })).toHaveCount(
      0,
    );
    await expect(page.getByRole('heading', { name: 'Feedback by theme over time' })).toBeVisible();
    await expectAccessible(page);
  });
});
