import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import type { Match, MatchFeedback } from '@ahp/contracts';
import { StudentFeedbackPage } from './student-feedback-page';

const match = {
  id: 'm1',
  status: 'approved',
  startDate: '2027-03-01',
  endDate: '2027-04-30',
  placementId: 'p1',
  studentId: 's1',
  placement: { title: 'Acute adult inpatient ward', providerName: 'Northdale NHS Trust' },
  student: { name: 'Sam Taylor' },
} as unknown as Match;

const nothingYet: MatchFeedback = {
  matchId: 'm1',
  student: null,
  educator: null,
  canGiveStudentFeedback: true,
  canGiveEducatorFeedback: false,
};

describe(StudentFeedbackPage.name, () => {
  let fixture: ComponentFixture<StudentFeedbackPage>;
  let http: HttpTestingController;
  const page = () => fixture.nativeElement as HTMLElement;
  /** Lets the answer's promise chain run, then renders. */
  const settle = async () => {
    await new Promise((resolve) => setTimeout(resolve));
    await fixture.whenStable();
  };

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(StudentFeedbackPage);
    document.body.appendChild(fixture.nativeElement);
    fixture.componentRef.setInput('matchId', 'm1');
    TestBed.tick();
    http.expectOne('/api/matches/m1').flush(match);
    http.expectOne('/api/matches/m1/feedback').flush(nothingYet);
    await fixture.whenStable();
  });
  afterEach(() => {
    http.verify();
    fixture.nativeElement.remove();
  });

  it('asks each question as a fieldset of labelled radios', () => {
    expect(page().querySelector('h1')?.textContent).toContain(
      'Give feedback on Acute adult inpatient ward',
    );
    const legends = [...page().querySelectorAll('legend')].map((l) => l.textContent?.trim());
    expect(legends).toEqual([
      'Induction',
      'Supervision',
      'Facilities',
      'Learning opportunities',
      'Team working',
      'Overall rating',
      'Would you recommend this placement to another student?',
    ]);
    const first = page().querySelector<HTMLInputElement>('#scores-induction');
    expect(first?.type).toBe('radio');
    expect(page().querySelector('label[for="scores-induction-4"]')?.textContent).toBe('4 – Good');
    expect(page().textContent).toContain('You have 2,000 characters remaining');
  });

  it('lists every unanswered question in the error summary, linked to its first radio', async () => {
    page().querySelector<HTMLButtonElement>('button[type="submit"]')?.click();
    await fixture.whenStable();
    const summary = page().querySelector<HTMLElement>('.nhsuk-error-summary');
    expect(document.activeElement).toBe(summary);
    const links = [...(summary?.querySelectorAll('a') ?? [])];
    expect(links.map((a) => a.getAttribute('href'))).toEqual([
      '#scores-induction',
      '#scores-supervision',
      '#scores-facilities',
      '#scores-learningOpportunities',
      '#scores-teamwork',
      '#overall',
      '#wouldRecommend',
    ]);
    links[5].click();
    expect(document.activeElement?.id).toBe('overall');
  });

  it('sends the answers and goes back to My placements, saying it was sent', async () => {
    const navigate = jest.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    const choose = (id: string) => {
      const radio = page().querySelector<HTMLInputElement>(`#${id}`);
      radio?.click();
    };
    for (const theme of [
      'induction',
      'supervision',
      'facilities',
      'learningOpportunities',
      'teamwork',
    ])
      choose(`scores-${theme}-4`);
    choose('overall-5');
    choose('wouldRecommend');
    page().querySelector<HTMLButtonElement>('button[type="submit"]')?.click();
    TestBed.tick();

    const sent = http.expectOne('/api/matches/m1/feedback');
    expect(sent.request.method).toBe('POST');
    expect(sent.request.body).toEqual({
      scores: {
        induction: 4,
        supervision: 4,
        facilities: 4,
        learningOpportunities: 4,
        teamwork: 4,
      },
      overall: 5,
      wouldRecommend: true,
    });
    sent.flush({});
    await settle();
    expect(navigate).toHaveBeenCalledWith(['/my-placements'], {
      queryParams: { done: 'feedback-given' },
    });
  });

  it('shows what the API says is wrong beside the question', async () => {
    const form = (fixture.componentInstance as unknown as { form: { setValue(v: unknown): void } })
      .form;
    form.setValue({
      scores: {
        induction: '4',
        supervision: '4',
        facilities: '4',
        learningOpportunities: '4',
        teamwork: '4',
      },
      overall: '4',
      wouldRecommend: 'no',
      comment: '',
    });
    page().querySelector<HTMLButtonElement>('button[type="submit"]')?.click();
    TestBed.tick();
    http.expectOne('/api/matches/m1/feedback').flush(
      {
        statusCode: 400,
        error: 'Bad Request',
        message: 'Invalid input',
        details: [{ field: 'scores.induction', message: 'Induction must be from 1 to 5' }],
      },
      { status: 400, statusText: 'Bad Request' },
    );
    await settle();
    expect(page().querySelector('.nhsuk-error-summary a')?.getAttribute('href')).toBe(
      '#scores-induction',
    );
    expect(page().querySelector('#scores-induction-error')?.textContent).toContain(
      'Induction must be from 1 to 5',
    );
  });
});
