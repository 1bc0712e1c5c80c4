import type { Page } from '@playwright/test';
import {
  DEMO,
  DEMO_PASSWORD,
  apiAs as as,
  expect,
  expectAccessible,
  signIn,
  test,
} from './support';

const SCORES = {
  induction: 4,
  supervision: 5,
  facilities: 3,
  learningOpportunities: 4,
  teamwork: 4,
};

async function openProviderFeedback(page: Page, email: string) {
  await signIn(page, email);
  await page
    .getByRole('navigation', { name: 'Menu' })
    .getByRole('link', { name: 'Feedback' })
    .click();
  await expect(
    page.getByRole('heading', { level: 1, name: 'Feedback from students' }),
  ).toBeVisible();
}

test.describe('feedback on placements', () => {
  test('a student gives feedback, and the provider sees it added up once the third response arrives', async ({
    page,
    request,
  }) => {
    // A provider of its own (so no other placement's feedback affects what it may see), with one
    // three-seat placement.
    const stamp = Date.now();
    const admin = await as(request, DEMO.admin.email);
    const organisation = await admin.post<{ id: string }>('/api/organisations', {
      name: `Calder Valley Wellbeing ${stamp}`,
      type: 'provider',
      region: 'north_east_yorkshire',
    });
    const providerEmail = `placements.${stamp}@calder-wellbeing.example`;
    await admin.post('/api/users', {
      email: providerEmail,
      name: 'Jo Lindqvist',
      role: 'provider',
      organisationId: organisation.id,
      password: DEMO_PASSWORD,
    });
    const provider = await as(request, providerEmail);
    const title = `Calder recovery college: occupational therapy ${stamp}`;
    const placement = await provider.post<{ id: string }>('/api/placements', {
      title,
      professions: ['occupational_therapy'],
      setting: 'mental_health',
      model: 'peer',
      postcode: 'LS6 4QB',
      capacity: 3,
      minYearOfStudy: 1,
      requirements: [],
      startDate: '2030-01-07',
      endDate: '2030-02-22',
    });
    await provider.post(`/api/placements/${placement.id}/publish`);

    // Three students of the demo university get a place: two new ones and the demo student.
    const coordinator = await as(request, DEMO.coordinator.email);
    const others = ['Amira Khan', 'Tom Reilly'].map((name, i) => ({
      name,
      email: `student${i}.${stamp}@student.northdale.ac.example`,
    }));
    for (const student of others)
      await coordinator.post('/api/users', {
        ...student,
        role: 'student',
        organisationId: coordinator.user.organisationId,
        password: DEMO_PASSWORD,
        studentProfile: {
          profession: 'occupational_therapy',
          yearOfStudy: 2,
          homePostcode: 'LS6 2AB',
          maxTravelKm: 40,
        },
      });
    const matchIds: string[] = [];
    for (const email of [...others.map((s) => s.email), DEMO.student.email]) {
      const student = await as(request, email);
      const application = await student.post<{ id: string }>('/api/applications', {
        placementId: placement.id,
      });
      const match = await provider.post<{ id: string }>(
        `/api/applications/${application.id}/offer`,
      );
      await coordinator.post(`/api/matches/${match.id}/approve`);
      matchIds.push(match.id);
    }
    // The two new students give their feedback.
    for (const [i, student] of others.entries()) {
      const api = await as(request, student.email);
      await api.post(`/api/matches/${matchIds[i]}/feedback`, {
        scores: SCORES,
        overall: 4,
        wouldRecommend: true,
        comment: i === 0 ? 'The team made time to teach me every day.' : undefined,
      });
    }

    // With two responses the provider sees no figures for the placement.
    await openProviderFeedback(page, providerEmail);
    const card = page.getByTestId('placement-feedback').filter({ hasText: title });
    await expect(card).toContainText('2 responses from students.');
    await expect(card).toContainText(
      "Fewer than 3 responses, so the figures are hidden to protect students' anonymity",
    );
    await expect(card.getByRole('table')).toHaveCount(0);
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Sign out' }).click();

    // The demo student gives theirs in the browser.
    await signIn(page, DEMO.student.email);
    await page
      .getByRole('navigation', { name: 'Menu' })
      .getByRole('link', { name: 'My placements' })
      .click();
    const mine = page.getByTestId('my-placement').filter({ hasText: title });
    await expect(mine).toContainText('Place confirmed');
    await expect(page.getByTestId('practice-hours')).toContainText('of 1,000 hours');
    await mine.getByRole('link', { name: 'Give feedback' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText(
      `Give feedback on ${title}`,
    );
    await expectAccessible(page);

    // Nothing answered: every question is listed, and each link goes to its first radio.
    await page.getByRole('button', { name: 'Submit feedback' }).click();
    const summary = page.locator('.nhsuk-error-summary');
    await expect(summary).toBeFocused();
    await expect(summary.getByRole('link')).toHaveCount(7);
    await expect(page).toHaveTitle(/^Error: /);
    await expectAccessible(page);
    await summary.getByRole('link', { name: 'Select a score for supervision' }).click();
    await expect(
      page.getByRole('group', { name: 'Supervision' }).getByLabel('1 – Very poor'),
    ).toBeFocused();

    const answers: [string, string][] = [
      ['Induction', '5 – Excellent'],
      ['Supervision', '5 – Excellent'],
      ['Facilities', '4 – Good'],
      ['Learning opportunities', '5 – Excellent'],
      ['Team working', '4 – Good'],
      ['Overall rating', '5 – Excellent'],
      ['Would you recommend this placement to another student?', 'Yes'],
    ];
    for (const [question, answer] of answers)
      await page.getByRole('group', { name: question }).getByLabel(answer, { exact: true }).check();
    const comment = page.getByLabel('Comment (optional)');
    await comment.fill('Supportive educators and plenty of group work.');
    await expect(page.getByText('You have 1,954 characters remaining')).toBeVisible();
    await page.getByRole('button', { name: 'Submit feedback' }).click();

    await expect(page.getByRole('heading', { level: 1, name: 'My placements' })).toBeVisible();
    await expect(page.getByText('Thank you. Your feedback has been sent.')).toBeVisible();
    await expect(mine.getByRole('link', { name: 'Change your feedback' })).toBeVisible();
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Sign out' }).click();

    // Three responses: the provider now sees the averages, the rate and the comments.
    await openProviderFeedback(page, providerEmail);
    await expect(card).toContainText('3 responses from students.');
    await expect(card).not.toContainText('Fewer than 3 responses');
    const averages = card.getByRole('table', { name: `Average scores out of 5: ${title}` });
    await expect(averages.getByRole('row', { name: /Induction/ })).toContainText('4.3');
    await expect(averages.getByRole('row', { name: /Supervision/ })).toContainText('5.0');
    await expect(averages.getByRole('row', { name: /Overall rating/ })).toContainText('4.3');
    await expect(averages.getByRole('row', { name: /Would recommend it/ })).toContainText('100%');
    await expect(card).toContainText('The team made time to teach me every day.');
    await expect(card).toContainText('Supportive educators and plenty of group work.');
    await expect(card).not.toContainText(DEMO.student.name);
    await expectAccessible(page);
  });
});
