import { DEMO, expect, expectAccessible, signIn, test } from './support';

test.describe('placements', () => {
  test('a provider posts and publishes a placement; a student finds it near home and opens it', async ({
    page,
  }) => {
    await signIn(page, DEMO.provider.email);
    await page
      .getByRole('navigation', { name: 'Menu' })
      .getByRole('link', { name: 'Manage placements' })
      .click();
    await expect(page.getByRole('heading', { level: 1, name: 'Manage placements' })).toBeVisible();
    await expect(page.getByRole('table')).toBeVisible();
    await expectAccessible(page);

    await page.getByRole('link', { name: 'Post a placement' }).click();
    await page.getByRole('button', { name: 'Save as draft' }).click();
    const summary = page.locator('.nhsuk-error-summary');
    await expect(summary).toContainText('Enter a title');
    await expect(summary).toContainText('Choose at least one profession');
    await expectAccessible(page);

    await page.getByLabel('Title').fill('Kirkstall recovery college: occupational therapy');
    await page.getByLabel('Occupational therapy').check();
    await page.getByLabel('Mental health').check();
    await page.getByLabel('Service type (optional)').fill('Community');
    await page.getByLabel('Peer (2:1 or more)').check();
    await page.getByLabel('Postcode of the site').fill('LS5 3AA');
    const dates: [string, string, string, string][] = [
      ['Start date', '1', '3', '2027'],
      ['End date', '23', '4', '2027'],
      ['Application deadline (optional)', '1', '2', '2027'],
    ];
    for (const [legend, day, month, year] of dates) {
      const group = page.getByRole('group', { name: legend });
      await group.getByLabel('Day').fill(day);
      await group.getByLabel('Month').fill(month);
      await group.getByLabel('Year').fill(year);
    }
    await page.getByLabel('Seats').fill('2');
    await page.getByLabel('Hours per week (optional)').fill('37.5');
    await page.getByLabel('Enhanced DBS check').check();
    await page
      .getByLabel('Description (optional)')
      .fill('Co-producing recovery courses with people who use mental health services.');
    await page.getByRole('button', { name: 'Save as draft' }).click();

    await expect(page.getByText('saved as a draft')).toBeVisible();
    await expect(page.getByRole('heading', { level: 1 })).toContainText(
      'Kirkstall recovery college',
    );
    await expectAccessible(page);
    await page.getByRole('link', { name: 'Publish' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Publish this placement?');
    await page.getByRole('button', { name: 'Yes, publish it' }).click();
    await expect(page.getByText('The placement has been published.')).toBeVisible();
    await expect(page.getByText('Published', { exact: true })).toBeVisible();
    await page.getByRole('button', { name: 'Sign out' }).click();

    await signIn(page, DEMO.student.email);
    await page
      .getByRole('navigation', { name: 'Menu' })
      .getByRole('link', { name: 'Find placements' })
      .click();
    // A student starts from their own profession, near their home postcode.
    await expect(page.getByLabel('Profession')).toHaveValue('occupational_therapy');
    await expect(page.getByLabel('Near postcode')).not.toHaveValue('');
    await expect(page.getByText(/placements?, nearest first/)).toBeVisible();
    const distances = await page
      .locator('app-placement-card')
      .filter({ hasText: 'Distance' })
      .locator('dd')
      .filter({ hasText: / km$/ })
      .allInnerTexts();
    const kms = distances.map((text) => Number.parseFloat(text));
    expect(kms.length).toBeGreaterThan(1);
    expect(kms).toEqual([...kms].sort((a, b) => a - b));
    await expectAccessible(page);

    await page.getByLabel('Keywords').fill('Kirkstall');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    const card = page
      .locator('app-placement-card')
      .filter({ hasText: 'Kirkstall recovery college' });
    await expect(card).toBeVisible();
    await expect(card).toContainText('Seats left');
    await expect(card).toContainText('2 of 2');
    await expect(card).toContainText(/\d+(\.\d)? km/);
    await card.getByRole('link', { name: /Kirkstall recovery college/ }).click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText(
      'Kirkstall recovery college: occupational therapy',
    );
    await expect(page.getByText('1 March 2027 to 23 April 2027')).toBeVisible();
    await expect(page.getByText('Peer (2:1 or more)')).toBeVisible();
    await expect(page.getByRole('link', { name: 'Edit' })).toHaveCount(0);
    await expectAccessible(page);
    await page.getByRole('link', { name: 'Back' }).click();
    await expect(page.getByLabel('Keywords')).toHaveValue('Kirkstall');
  });

  test('a provider cancels a placement, giving a reason', async ({ page }) => {
    await signIn(page, DEMO.provider.email);
    await page.goto('/manage-placements');
    await page.getByLabel('Status').selectOption({ label: 'Published' });
    await page.getByRole('button', { name: 'Apply filter' }).click();
    // Wait for the filtered list to replace the full one before choosing from it.
    await expect(page.getByRole('table')).not.toContainText('Draft');
    const first = page.getByRole('table').getByRole('link').first();
    const title = await first.innerText();
    await first.click();
    await page.getByRole('link', { name: 'Cancel placement' }).click();
    await page.getByRole('button', { name: 'Cancel placement' }).click();
    await expect(page.locator('.nhsuk-error-summary')).toContainText(
      'Say why the placement is being cancelled',
    );
    await page
      .getByLabel('Why is it being cancelled?')
      .fill('The practice educator has moved to another service.');
    await page.getByRole('button', { name: 'Cancel placement' }).click();
    await expect(page.getByText('The placement has been cancelled.')).toBeVisible();
    await expect(page.getByRole('heading', { level: 1 })).toContainText(title);
    await expect(
      page.getByText('The practice educator has moved to another service.'),
    ).toBeVisible();
    await expect(page.getByRole('link', { name: 'Cancel placement' })).toHaveCount(0);
  });

  test('a provider imports placements from CSV and sees every bad line', async ({ page }) => {
    await signIn(page, DEMO.provider.email);
    await page.goto('/manage-placements/import');
    await expectAccessible(page);
    const header = 'title,professions,setting,model,postcode,startDate,endDate,capacity';
    const bad = [
      header,
      'Good,dietetics,autism,virtual,LS7,2027-05-03,2027-06-25,1',
      'Bad,nursing,autism,virtual,LS7,2027-06-25,2027-05-03,0',
    ].join('\n');
    await page
      .getByLabel('CSV file')
      .setInputFiles({ name: 'placements.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
    await page.getByRole('button', { name: 'Import placements' }).click();
    await expect(
      page.getByRole('heading', { name: 'Nothing was imported: fix these lines and try again' }),
    ).toBeVisible();
    await expect(page.getByRole('row', { name: /^3 / })).toContainText('professions');
    const good = [
      header,
      'Imported autism outreach,speech_language_therapy;occupational_therapy,autism,peer,HG1,2027-05-03,2027-06-25,2',
    ].join('\n');
    await page
      .getByLabel('CSV file')
      .setInputFiles({ name: 'placements.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
    await page.getByLabel('Publish them straight away').check();
    await page.getByRole('button', { name: 'Import placements' }).click();
    await expect(page.getByRole('heading', { name: '1 placement imported' })).toBeVisible();
    await page.getByRole('link', { name: 'Manage your placements' }).click();
    await expect(page.getByRole('row', { name: /Imported autism outreach/ })).toContainText(
      'Published',
    );
  });

  test('a coordinator searches by setting and region, and is told plainly when nothing matches', async ({
    page,
  }) => {
    await signIn(page, DEMO.coordinator.email);
    await page
      .getByRole('navigation', { name: 'Menu' })
      .getByRole('link', { name: 'Find placements' })
      .click();
    await page.getByLabel('Setting').selectOption({ label: 'Autism' });
    await page.getByLabel('NHS England region').selectOption({ label: 'North East and Yorkshire' });
    await page.getByRole('button', { name: 'Apply filters' }).click();
    const cards = page.locator('app-placement-card');
    await expect(cards.first()).toBeVisible();
    for (const text of await cards.allInnerTexts()) expect(text).toContain('Autism');
    await page.getByLabel('Keywords').fill('zebra xylophone');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect(page.getByRole('heading', { name: 'No placements match' })).toBeVisible();
    await page.getByLabel('Keywords').fill('');
    await page.getByLabel('Near postcode').fill('ZZ9 9ZZ');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect(page.getByRole('alert')).toContainText(
      'ZZ9 9ZZ is not a postcode district we know',
    );
  });
});
