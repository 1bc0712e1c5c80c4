import { readFileSync } from 'node:fs';
import { DEMO, apiAs, expect, expectAccessible, signIn, test } from './support';

/** A published placement of the demo provider's, for the demo student's profession and year. */
async function publishPlacement(
  request: Parameters<typeof apiAs>[0],
  title: string,
  dates: { startDate: string; endDate: string },
): Promise<string> {
  const provider = await apiAs(request, DEMO.provider.email);
  const placement = await provider.post<{ id: string }>('/api/placements', {
    title,
    professions: ['occupational_therapy'],
    setting: 'mental_health',
    model: 'one_to_one',
    postcode: 'LS6 4QB',
    capacity: 1,
    minYearOfStudy: 1,
    requirements: [],
    ...dates,
  });
  await provider.post(`/api/placements/${placement.id}/publish`);
  return placement.id;
}

test.describe('applications, offers and approval', () => {
  test('a student applies and ranks it, the provider offers, the coordinator approves, and the student is told', async ({
    page,
    request,
  }) => {
    const title = 'Hyde Park early intervention in psychosis: occupational therapy';
    const placementId = await publishPlacement(request, title, {
      startDate: '2027-09-06',
      endDate: '2027-10-29',
    });

    // The student applies from the placement's page.
    await signIn(page, DEMO.student.email);
    await page.goto(`/placements/${placementId}`);
    await page.getByRole('link', { name: 'Apply', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText(`Apply for ${title}`);
    await expectAccessible(page);
    await page
      .getByLabel('Why do you want this placement? (optional)')
      .fill('I want to learn how early intervention teams support people after a first episode.');
    await page.getByRole('button', { name: 'Submit application' }).click();
    await expect(page.getByText('Your application has been sent.')).toBeVisible();

    // It goes last in their order of preference; they move it to the top with the keyboard.
    const rows = page.getByTestId('live-application');
    await expect(rows.last()).toContainText(title);
    const count = await rows.count();
    expect(count).toBeGreaterThan(1);
    await expectAccessible(page);
    const moveUp = page.getByRole('button', { name: `Move up: ${title}` });
    await moveUp.focus();
    for (let i = 1; i < count; i++) {
      await page.keyboard.press('Enter');
      // The row moves at once, saved or not: the next press does not wait for the server (the
      // order is saved behind the presses, one save at a time).
      await expect(rows.nth(count - 1 - i)).toContainText(title);
      // Focus stays with the item being moved (on "Move down" once it reaches the top).
      await expect(
        page.getByRole('button', {
          name: i < count - 1 ? `Move up: ${title}` : `Move down: ${title}`,
        }),
      ).toBeFocused();
    }
    await expect(page.getByText(`${title} is now your 1st choice.`)).toBeAttached();
    await page.reload();
    await expect(rows.first()).toContainText(title);
    await expect(rows.first()).toContainText('1st');
    await page.getByRole('button', { name: 'Sign out' }).click();

    // The provider reads the application and offers a place.
    await signIn(page, DEMO.provider.email);
    await page.goto(`/placements/${placementId}`);
    await page.getByRole('main').getByRole('link', { name: 'Applications', exact: true }).click();
    const applicant = page.getByTestId('applicant').filter({ hasText: DEMO.student.name });
    await expect(applicant).toContainText('Occupational therapy, year 2');
    await applicant.getByText('Statement').click();
    await expect(applicant).toContainText('first episode');
    await expectAccessible(page);
    await applicant.getByRole('button', { name: `Offer a place to ${DEMO.student.name}` }).click();
    await expect(page.getByText(`You have offered ${DEMO.student.name} a place.`)).toBeVisible();
    await expect(applicant).toContainText('Offered – awaiting approval');
    await page.getByRole('button', { name: 'Sign out' }).click();

    // The coordinator approves it among the offers waiting for them.
    await signIn(page, DEMO.coordinator.email);
    await page.getByRole('link', { name: /waiting for your approval/ }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Matches' })).toBeVisible();
    await expect(page.getByLabel('Status')).toHaveValue('proposed');
    const row = page.getByTestId('match-row').filter({ hasText: title });
    await expect(row).toContainText(DEMO.student.name);
    await expect(row).toContainText('6 September 2027 to 29 October 2027');
    await expect(row).toContainText(/\d+(\.\d)? km/);
    await expectAccessible(page);
    await row.getByLabel(`Select ${DEMO.student.name}, ${title}`).check();
    await page.getByRole('button', { name: 'Approve selected (1)' }).click();
    await expect(page.getByTestId('bulk-outcome')).toContainText('1 match approved');
    await expect(page.getByTestId('match-row').filter({ hasText: title })).toHaveCount(0);
    await page.getByRole('button', { name: 'Sign out' }).click();

    // The student sees it on the bell, opens it, and adds the placement to their calendar.
    await signIn(page, DEMO.student.email);
    const bell = page.getByTestId('notification-bell');
    await expect(bell).toContainText(/\d+\s*unread/);
    await bell.click();
    await expectAccessible(page);
    const notification = page
      .getByTestId('notification')
      .filter({ hasText: `Placement approved: ${title}` });
    await expect(notification).toContainText('New');
    const unreadBefore = Number(/(\d+)/.exec(await bell.innerText())?.[1]);
    await notification.getByRole('link').click();
    await expect(page.getByRole('heading', { level: 1, name: 'My placements' })).toBeVisible();
    await expect(bell).toContainText(unreadBefore > 1 ? `${unreadBefore - 1}` : 'Notifications');
    const confirmed = page.getByTestId('my-placement').filter({ hasText: title });
    await expect(confirmed).toContainText('Place confirmed');
    await expectAccessible(page);
    const download = page.waitForEvent('download');
    await confirmed.getByRole('button', { name: `Add to calendar: ${title}` }).click();
    const file = await (await download).path();
    const ics = readFileSync(file, 'utf8');
    expect(ics).toContain('BEGIN:VEVENT');
    expect(ics).toContain(title.slice(0, 40));
  });

  test('a provider declines with a reason, and the student withdraws another application', async ({
    page,
    request,
  }) => {
    const title = 'Armley community learning disability team: occupational therapy';
    const placementId = await publishPlacement(request, title, {
      startDate: '2028-01-10',
      endDate: '2028-02-25',
    });
    const other = 'Bramley autism outreach: occupational therapy';
    const otherId = await publishPlacement(request, other, {
      startDate: '2028-03-06',
      endDate: '2028-04-28',
    });
    const student = await apiAs(request, DEMO.student.email);
    await student.post('/api/applications', { placementId });
    await student.post('/api/applications', { placementId: otherId });

    await signIn(page, DEMO.provider.email);
    await page.goto(`/placements/${placementId}/applications`);
    const applicant = page.getByTestId('applicant').filter({ hasText: DEMO.student.name });
    await applicant.getByRole('link', { name: `Decline ${DEMO.student.name}` }).click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText(
      'Decline this application?',
    );
    await expectAccessible(page);
    await page
      .getByLabel('Why are you declining it? (optional)')
      .fill('The team needs a final-year student for this placement.');
    await page.getByRole('button', { name: 'Decline application' }).click();
    await expect(page.getByText('The application has been declined.')).toBeVisible();
    await expect(page.getByTestId('applicant').filter({ hasText: DEMO.student.name })).toHaveCount(
      0,
    );
    await page.getByRole('button', { name: 'Sign out' }).click();

    await signIn(page, DEMO.student.email);
    await page
      .getByRole('navigation', { name: 'Menu' })
      .getByRole('link', { name: 'My applications' })
      .click();
    await expect(page.getByRole('row', { name: new RegExp(title) })).toContainText(
      'The team needs a final-year student',
    );
    await page.getByRole('link', { name: `Withdraw application to ${other}` }).click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText(
      'Withdraw your application?',
    );
    await page.getByRole('button', { name: 'Withdraw application' }).click();
    await expect(page.getByText('Your application has been withdrawn.')).toBeVisible();
    await expect(page.getByRole('row', { name: new RegExp(other) })).toContainText('Withdrawn');
    await page.goto(`/placements/${otherId}`);
    await expect(page.getByRole('link', { name: 'Apply', exact: true })).toBeVisible();
  });

  test('a coordinator cancels an approved placement, giving a reason, and sees its history', async ({
    page,
  }) => {
    await signIn(page, DEMO.coordinator.email);
    const menu = page.getByRole('navigation', { name: 'Menu' });
    // Their students' applications, across providers.
    await menu.getByRole('link', { name: 'Applications' }).click();
    await page.getByLabel('Status').selectOption({ label: 'Submitted' });
    await page.getByRole('button', { name: 'Apply filter' }).click();
    await expect(page).toHaveURL(/status=submitted/);
    const rows = page.getByRole('table', { name: /Applications/ }).locator('tbody tr');
    await expect(rows.first()).toContainText('Submitted');
    await expectAccessible(page);
    await menu.getByRole('link', { name: 'Matches' }).click();
    await page.getByLabel('Status').selectOption({ label: 'Approved' });
    await page.getByRole('button', { name: 'Apply filter' }).click();
    await expect(page).toHaveURL(/status=approved/);
    const first = page.getByTestId('match-row').first();
    await expect(first).toContainText('Approved');
    await expect(page.getByRole('button', { name: /Approve selected/ })).toHaveCount(0);
    const student = (await first.locator('td').first().innerText()).split('\n')[0];
    await first.getByRole('link').click();

    await expect(page.getByRole('heading', { level: 1 })).toContainText(student);
    const history = page.getByRole('table', { name: /What happened to this match/ });
    await expect(history).toContainText('Approved');
    await expect(history).toContainText('Placement coordinator');
    await expectAccessible(page);
    await page.getByRole('link', { name: 'Cancel placement' }).click();
    await page.getByRole('button', { name: 'Cancel placement' }).click();
    await expect(page.locator('.nhsuk-error-summary')).toContainText(
      'Say why the placement is being cancelled',
    );
    await expectAccessible(page);
    await page
      .getByLabel('Why is it being cancelled?')
      .fill('The student has taken a leave of absence.');
    await page.getByRole('button', { name: 'Cancel placement' }).click();
    await expect(page.getByText('The placement has been cancelled for the student')).toBeVisible();
    await expect(page.locator('strong.nhsuk-tag')).toHaveText('Cancelled');
    await expect(history).toContainText('The student has taken a leave of absence.');
    await expect(page.getByRole('link', { name: 'Cancel placement' })).toHaveCount(0);
  });
});
