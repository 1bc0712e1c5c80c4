import { HttpErrorResponse } from '@angular/common/http';
import { TestBed } from '@angular/core/testing';
import { RecordError } from './notices';

describe(RecordError.name, () => {
  const render = async (error: unknown) => {
    const fixture = TestBed.createComponent(RecordError);
    fixture.componentRef.setInput('error', error);
    fixture.componentRef.setInput('missing', 'Placement not found');
    fixture.componentRef.setInput('failed', 'The placement could not be loaded');
    await fixture.whenStable();
    const element: HTMLElement = fixture.nativeElement;
    return { heading: element.querySelector('h1')?.textContent?.trim(), text: element.textContent };
  };

  it('says the record was not found for a 404', async () => {
    const { heading, text } = await render(
      new HttpErrorResponse({ status: 404, error: { message: 'Placement not found.' } }),
    );
    expect(heading).toBe('Placement not found');
    expect(text).toContain('It may have been removed, or the link may be wrong.');
  });

  it("otherwise says it could not be loaded, with the API's explanation", async () => {
    const { heading, text } = await render(
      new HttpErrorResponse({
        status: 503,
        error: { statusCode: 503, message: 'The database cannot be reached.' },
      }),
    );
    expect(heading).toBe('The placement could not be loaded');
    expect(text).toContain('The database cannot be reached.');
    expect((await render(new HttpErrorResponse({ status: 0 }))).text).toContain(
      'The service could not be reached.',
    );
  });
});
