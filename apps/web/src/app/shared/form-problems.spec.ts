import { HttpErrorResponse } from '@angular/common/http';
import { FormControl, FormGroup, Validators } from '@angular/forms';
import { FormProblems, fieldId } from './form-problems';

describe(FormProblems.name, () => {
  const form = () =>
    new FormGroup({
      name: new FormControl('', Validators.required),
      email: new FormControl('x', Validators.email),
      studentProfile: new FormGroup({ profession: new FormControl('', Validators.required) }),
      hidden: new FormControl({ value: '', disabled: true }, Validators.required),
    });

  it('lists every problem in field order, with nested fields named as the API names them, skipping disabled ones', () => {
    const sut = new FormProblems();
    const valid = sut.check(form(), {
      name: { required: 'Enter a name' },
      email: { email: 'Enter a real e-mail address' },
      'studentProfile.profession': { required: 'Choose a profession' },
    });
    expect(valid).toBe(false);
    expect(sut.list()).toEqual([
      { field: 'name', message: 'Enter a name' },
      { field: 'email', message: 'Enter a real e-mail address' },
      { field: 'studentProfile.profession', message: 'Choose a profession' },
    ]);
    expect(sut.messageFor('studentProfile.profession')).toBe('Choose a profession');
    expect(sut.messageFor('hidden')).toBeNull();
  });

  it('shows the API’s per-field details, or its message against a chosen field', () => {
    const sut = new FormProblems();
    sut.fromApi(
      new HttpErrorResponse({
        status: 400,
        error: {
          statusCode: 400,
          error: 'Bad Request',
          message: 'x',
          details: [{ field: 'studentProfile.homePostcode', message: 'Unknown postcode' }],
        },
      }),
    );
    expect(sut.list()).toEqual([
      { field: 'studentProfile.homePostcode', message: 'Unknown postcode' },
    ]);

    sut.fromApi(
      new HttpErrorResponse({
        status: 409,
        error: { statusCode: 409, error: 'Conflict', message: 'Already has an account' },
      }),
      'email',
    );
    expect(sut.list()).toEqual([{ field: 'email', message: 'Already has an account' }]);
  });

  it('explains a network failure in words', () => {
    const sut = new FormProblems();
    sut.fromApi(new HttpErrorResponse({ status: 0, error: new ProgressEvent('error') }));
    expect(sut.list()[0].message).toMatch(/could not be reached/);
  });

  it('makes DOM ids from dotted field names', () => {
    expect(fieldId('studentProfile.homePostcode')).toBe('studentProfile-homePostcode');
  });
});
