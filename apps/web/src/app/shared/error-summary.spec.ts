import { TestBed } from '@angular/core/testing';
import { Title } from '@angular/platform-browser';
import { ErrorSummary } from './error-summary';

describe(ErrorSummary.name, () => {
  it('shows nothing when there is no problem', async () => {
    const fixture = TestBed.createComponent(ErrorSummary);
    fixture.componentRef.setInput('problems', []);
    await fixture.whenStable();
    expect(fixture.nativeElement.querySelector('.nhsuk-error-summary')).toBeNull();
  });

  it('lists problems linked to their fields, takes focus and marks the page title', async () => {
    document.body.insertAdjacentHTML('beforeend', '<input id="studentProfile-homePostcode" />');
    TestBed.inject(Title).setTitle('Add a student – AHP Placements');
    const fixture = TestBed.createComponent(ErrorSummary);
    document.body.appendChild(fixture.nativeElement);
    fixture.componentRef.setInput('problems', [
      { field: 'studentProfile.homePostcode', message: 'Enter a real postcode' },
      { field: '', message: 'Something else went wrong' },
    ]);
    await fixture.whenStable();

    const summary: HTMLElement = fixture.nativeElement.querySelector('.nhsuk-error-summary');
    expect(summary.querySelector('h2')?.textContent).toBe('There is a problem');
    const link: HTMLAnchorElement = summary.querySelector('a') as HTMLAnchorElement;
    expect(link.getAttribute('href')).toBe('#studentProfile-homePostcode');
    expect(summary.textContent).toContain('Something else went wrong');
    expect(document.activeElement).toBe(summary);
    expect(TestBed.inject(Title).getTitle()).toBe('Error: Add a student – AHP Placements');

    link.click();
    expect(document.activeElement?.id).toBe('studentProfile-homePostcode');
  });
});
