import {
  DEMO,
  expect,
  expectAccessible,
  invitationPath,
  latestMailTo,
  signIn,
  test,
} from './support';

test.describe('an admin', () => {
  test('adds an organisation and a coordinator for it, who accepts the invitation and signs in', async ({
    page,
  }) => {
    await signIn(page, DEMO.admin.email);
    await page
      .getByRole('navigation', { name: 'Menu' })
      .getByRole('link', { name: 'Organisations' })
      .click();
    await expect(page.getByRole('heading', { level: 1, name: 'Organisations' })).toBeVisible();
    await expect(page.getByRole('cell', { name: 'University of Northdale' })).toBeVisible();
    await expectAccessible(page);

    await page.getByRole('link', { name: 'Add an organisation' }).click();
    await page.getByRole('button', { name: 'Add organisation' }).click();
    await expect(page.locator('.nhsuk-error-summary')).toContainText(
      'Enter the organisation’s name',
    );
    await expectAccessible(page);
    await page.getByLabel('Name').fill('Riverside University');
    await page.getByLabel('University', { exact: true }).check();
    await page.getByLabel('NHS England region').selectOption({ label: 'East of England' });
    await page.getByLabel('Postcode (optional)').fill('cb2 1tn');
    await page.getByRole('button', { name: 'Add organisation' }).click();
    await expect(page.getByText('Riverside University has been added.')).toBeVisible();
    await expect(
      page.getByRole('row', { name: /Riverside University University East of England CB2 1TN/ }),
    ).toBeVisible();

    await page
      .getByRole('navigation', { name: 'Menu' })
      .getByRole('link', { name: 'Users' })
      .click();
    await page.getByRole('link', { name: 'Add a person' }).click();
    await page.getByLabel('Placement coordinator').check();
    await page
      .getByLabel('University', { exact: true })
      .selectOption({ label: 'Riverside University' });
    await page.getByLabel('Full name').fill('Rosa Whitfield');
    await page.getByLabel('Email address').fill('rosa.whitfield@riverside.ac.example');
    await expectAccessible(page);
    await page.getByRole('button', { name: /Add a person and send invitation/ }).click();
    await expect(
      page.getByText('Rosa Whitfield has been added and sent an invitation.'),
    ).toBeVisible();

    await page.getByRole('button', { name: 'Sign out' }).click();
    const mail = await latestMailTo('rosa.whitfield@riverside.ac.example');
    await page.goto(invitationPath(mail));
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Choose a password');
    await expect(page.getByText('rosa.whitfield@riverside.ac.example')).toBeVisible();
    await expectAccessible(page);
    await page.getByLabel('Password', { exact: true }).fill('tidal-meadow-lantern-58');
    await page.getByLabel('Type the password again').fill('tidal-meadow-lantern-58');
    await page.getByRole('button', { name: 'Save password and sign in' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Rosa Whitfield');
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Riverside University');
  });

  test('is told clearly when an e-mail address is already in use', async ({ page }) => {
    await signIn(page, DEMO.admin.email);
    await page.goto('/admin/users/new');
    await page.getByLabel('Administrator').check();
    await page.getByLabel('Full name').fill('Second Admin');
    await page.getByLabel('Email address').fill(DEMO.coordinator.email);
    await page.getByRole('button', { name: /Add a person and send invitation/ }).click();
    await expect(page.locator('.nhsuk-error-summary')).toContainText('already has an account');
    await expect(page.getByLabel('Email address')).toHaveAttribute('aria-invalid', 'true');
  });
});

test.describe('a coordinator', () => {
  test('imports students from CSV, sees every bad line when there are problems, then imports the fixed file', async ({
    page,
  }) => {
    await signIn(page, DEMO.coordinator.email);
    await page
      .getByRole('navigation', { name: 'Menu' })
      .getByRole('link', { name: 'Students' })
      .click();
    await expectAccessible(page);
    await page.getByRole('link', { name: 'Import students from a CSV file' }).click();

    const header = 'email,name,profession,yearOfStudy,homePostcode,maxTravelKm';
    const bad = [
      header,
      'jo.bloggs@student.northdale.ac.example,Jo Bloggs,occupational_therapy,2,LS6 2AB,30',
      'no-email,Nobody,nursing,9,,',
    ].join('\n');
    await page
      .getByLabel('CSV file')
      .setInputFiles({ name: 'students.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
    await page.getByRole('button', { name: 'Import students' }).click();
    await expect(
      page.getByRole('heading', { name: 'Nothing was imported: fix these lines and try again' }),
    ).toBeVisible();
    await expect(page.getByRole('row', { name: /^3 / })).toContainText('email');
    await expectAccessible(page);

    const good = [
      header,
      'jo.bloggs@student.northdale.ac.example,Jo Bloggs,occupational_therapy,2,LS6 2AB,30',
    ].join('\n');
    await page
      .getByLabel('CSV file')
      .setInputFiles({ name: 'students.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
    await page.getByRole('button', { name: 'Import students' }).click();
    await expect(page.getByRole('heading', { name: '1 student imported' })).toBeVisible();

    await page.getByRole('link', { name: 'View your students' }).click();
    await page.getByLabel('Name or email address').fill('Jo Bloggs');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect(page.getByRole('row', { name: /Jo Bloggs/ })).toContainText('Invited');
  });

  test('adds a student, choosing the profession from a list that marks those common in mental health', async ({
    page,
  }) => {
    await signIn(page, DEMO.coordinator.email);
    await page.goto('/students/new');
    await expect(
      page.locator('optgroup[label="Common in mental health services"] option'),
    ).toHaveCount(8);
    await page.getByLabel('Full name').fill('Mo Farah-Jones');
    await page.getByLabel('Email address').fill('mo.farah-jones@student.northdale.ac.example');
    await page.getByLabel('Profession').selectOption({ label: 'Art therapy' });
    await page.getByLabel('Year of study').selectOption({ label: 'Year 1' });
    await page.getByLabel('Home postcode (optional)').fill('ZZ9 9ZZ');
    await page.getByRole('button', { name: /Add a student and send invitation/ }).click();
    await expect(page.locator('.nhsuk-error-summary')).toContainText(
      'ZZ9 9ZZ is not a postcode district we know',
    );
    await page.getByLabel('Home postcode (optional)').fill('LS7 3JX');
    await page.getByRole('button', { name: /Add a student and send invitation/ }).click();
    await expect(
      page.getByText('Mo Farah-Jones has been added and sent an invitation.'),
    ).toBeVisible();
  });
});

test.describe('a student', () => {
  test('updates their home postcode and travel limit', async ({ page }) => {
    await signIn(page, DEMO.student.email);
    await page
      .getByRole('navigation', { name: 'Menu' })
      .getByRole('link', { name: 'Your profile' })
      .click();
    await expect(page.getByRole('heading', { level: 1, name: 'Your profile' })).toBeVisible();
    await expectAccessible(page);
    await page.getByLabel('Home postcode').fill('ls2 9jt');
    await page.getByLabel(/Furthest you can travel/).fill('55');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect(page.getByText('Your details have been saved.')).toBeVisible();
    await expect(page.getByLabel('Home postcode')).toHaveValue('LS2 9JT');
  });
});
