import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type Type } from '@angular/core';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { ApplyPage } from '../applications/apply-page';
import { PlacementApplicationsPage } from '../applications/placement-applications-page';
import { ChangeStatusPage } from './change-status-page';

/**
 * Pages about one placement tell "not found" (a 404: removed, or a wrong link) from a failure to
 * load it, which says what went wrong instead of claiming the placement does not exist.
 */
const pages: [string, Type<unknown>, Record<string, string>][] = [
  ['the apply page', ApplyPage, {}],
  ['the change-status page', ChangeStatusPage, { change: 'cancel' }],
  ["a placement's applications page", PlacementApplicationsPage, {}],
];

describe.each(pages)('%s, when its placement cannot be loaded', (_, component, inputs) => {
  let fixture: ComponentFixture<unknown>;
  let http: HttpTestingController;
  const page = () => fixture.nativeElement as HTMLElement;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(component);
    fixture.componentRef.setInput('id', 'p1');
    for (const [name, value] of Object.entries(inputs)) fixture.componentRef.setInput(name, value);
    TestBed.tick();
  });
  afterEach(() => {
    // Other reads a page makes (its applications, say) are not what these tests are about.
    http.match(() => true);
    http.verify();
  });

  /** Answers the placement's read, then renders the page. */
  const answer = async (status: number, body: object | null) => {
    http.expectOne('/api/placements/p1').flush(body, { status, statusText: 'Error' });
    await new Promise((resolve) => setTimeout(resolve));
    // Not whenStable(): a page's other reads are left pending, and it would wait for them.
    fixture.detectChanges();
  };

  it('says the placement was not found for a 404', async () => {
    await answer(404, { statusCode: 404, error: 'Not Found', message: 'Placement not found' });
    expect(page().querySelector('h1')?.textContent?.trim()).toBe('Placement not found');
    expect(page().textContent).toContain('It may have been removed, or the link may be wrong.');
  });

  it('says it could not be loaded, and why, for any other failure', async () => {
    await answer(503, {
      statusCode: 503,
      error: 'Service Unavailable',
      message: 'The database is not reachable',
    });
    expect(page().querySelector('h1')?.textContent?.trim()).toBe(
      'The placement could not be loaded',
    );
    expect(page().textContent).toContain('The database is not reachable');
    expect(page().textContent).not.toContain('Placement not found');
  });
});
