import { DEMO, apiAs, expect, expectAccessible, signIn, test } from './support';

test.describe('allocation rounds', () => {
  test('a coordinator runs a round, looks at the outcome, compares the policies and approves it; the student sees the result', async ({
    page,
    request,
  }) => {
    // Two one-seat placements in 2029 that only the demo student has applied for.
    const provider = await apiAs(request, DEMO.provider.email);
    const titles = ['Seacroft assertive outreach: OT', 'Gipton crisis house: OT'];
    const ids: string[] = [];
    for (const [i, title] of titles.entries()) {
      const placement = await provider.post<{ id: string }>('/api/placements', {
        title,
        professions: ['occupational_therapy'],
        setting: 'mental_health',
        model: 'one_to_one',
        postcode: 'LS14 6UH',
        capacity: 1,
        minYearOfStudy: 1,
        requirements: [],
        startDate: `2029-0${i + 3}-05`,
        endDate: `2029-0${i + 4}-27`,
      });
      await provider.post(`/api/placements/${placement.id}/publish`);
      ids.push(placement.id);
    }
    const student = await apiAs(request, DEMO.student.email);
    for (const placementId of ids) await student.post('/api/applications', { placementId });

    await signIn(page, DEMO.coordinator.email);
    await page
      .getByRole('navigation', { name: 'Menu' })
      .getByRole('link', { name: 'Allocation rounds' })
      .click();
    await expectAccessible(page);
    await page.getByRole('link', { name: 'Create a round' }).click();
    await page.getByRole('button', { name: 'Create round' }).click();
    await expect(page.locator('.nhsuk-error-summary')).toContainText('Enter a name for the round');
    await page.getByLabel('Name').fill('Spring 2029 occupational therapy');
    for (const [legend, day, month, year] of [
      ['Placements starting from', '1', '1', '2029'],
      ['Placements starting up to', '30', '6', '2029'],
    ]) {
      const group = page.getByRole('group', { name: legend });
      await group.getByLabel('Day').fill(day);
      await group.getByLabel('Month').fill(month);
      await group.getByLabel('Year').fill(year);
    }
    await page.getByLabel('Occupational therapy').check();
    await page.getByLabel('Lottery seed (optional)').fill('spring-2029');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Create round' }).click();

    await expect(page.getByRole('heading', { level: 1 })).toContainText(
      'Spring 2029 occupational therapy',
    );
    await expect(page.getByText('The round has been created.')).toBeVisible();
    await expectAccessible(page);
    // While it runs the page asks only where the round has got; the round itself, which lists
    // every proposal, is read once at the end.
    const reads: string[] = [];
    page.on('request', (request) => {
      const path = new URL(request.url()).pathname;
      if (request.method() === 'GET' && /^\/api\/allocation-rounds\/[^/]+/.test(path)) {
        reads.push(path.endsWith('/progress') ? 'progress' : 'round');
      }
    });
    await page.getByRole('button', { name: 'Run allocation' }).click();
    const outcome = page.getByTestId('round-outcome');
    await expect(outcome).toContainText('students matched', { timeout: 20_000 });
    expect(reads.filter((read) => read === 'round')).toEqual(['round']);
    expect(reads[0]).toBe('progress');
    await expect(page.getByText(/The round has run: 1 of \d+ students matched/)).toBeVisible();
    await expect(
      page.getByRole('table', { name: /Which choice students got: the figures/ }),
    ).toContainText('1st choice');
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Compare stable and welfare' }).click();
    const comparison = page.getByTestId('policy-comparison');
    await expect(comparison.getByRole('row', { name: /Students matched/ })).toContainText('1');
    await expect(comparison.getByRole('row', { name: /Blocking pairs/ })).toBeVisible();

    await page.getByLabel('Find a student').fill(DEMO.student.name);
    const proposals = page.getByTestId('round-proposals');
    await expect(proposals).toContainText(DEMO.student.name);
    await expect(proposals).toContainText(titles[0]);
    await expect(proposals).toContainText('1st');
    await expect(page.getByTestId('round-unmatched')).toContainText(
      'No unmatched student by that name',
    );
    await page.getByRole('button', { name: /Approve all proposals/ }).click();
    await expect(page.getByTestId('round-approval')).toContainText('1 match approved');
    await expect(proposals).toContainText('Approved');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Sign out' }).click();

    await signIn(page, DEMO.student.email);
    await page
      .getByRole('navigation', { name: 'Menu' })
      .getByRole('link', { name: 'My applications' })
      .click();
    const results = page.getByTestId('allocation-results');
    await expect(results).toContainText('Spring 2029 occupational therapy');
    await expect(results).toContainText(`${titles[0]}`);
    await expect(results).toContainText('your 1st choice');
    await expect(results).toContainText('Place confirmed');
    await expectAccessible(page);
  });
});
