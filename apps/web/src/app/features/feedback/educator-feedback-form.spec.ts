import { TestBed } from '@angular/core/testing';
import { FormBuilder, FormControl } from '@angular/forms';
import type { EducatorFeedback } from '@ahp/contracts';
import { FormProblems } from '../../shared/form-problems';
import {
  EDUCATOR_FEEDBACK_MESSAGES,
  educatorFeedbackForm,
  fromEducatorFeedback,
  otherDomains,
  practiceHoursValidator,
  toEducatorFeedbackInput,
  type EducatorFeedbackValue,
} from './educator-feedback-form';

const ANSWERED: EducatorFeedbackValue = {
  domains: {
    professionalValues: '5',
    communication: '4',
    assessment: '3',
    intervention: '4',
    evaluation: '3',
    leadershipAndLearning: '4',
  },
  outcome: 'pass',
  practiceHours: '150.5',
  comment: '',
};

describe(practiceHoursValidator.name, () => {
  it.each([[''], ['0'], ['150'], ['37.25'], ['37.5'], ['2000']])('passes %p', (value) => {
    expect(practiceHoursValidator(new FormControl(value))).toBeNull();
  });

  it.each([
    ['ten', 'pattern'],
    ['-5', 'pattern'],
    ['1,000', 'pattern'],
    ['2000.25', 'max'],
    ['37.2', 'quarter'],
  ])('refuses %p (%s)', (value, error) => {
    expect(practiceHoursValidator(new FormControl(value))).toEqual({ [error]: true });
  });
});

describe('the educator feedback form', () => {
  it('asks for a score per domain and the outcome, and explains bad hours', () => {
    const form = educatorFeedbackForm(TestBed.inject(FormBuilder));
    form.controls.practiceHours.setValue('12.1');
    const problems = new FormProblems();
    expect(problems.check(form, EDUCATOR_FEEDBACK_MESSAGES)).toBe(false);
    expect(problems.list().map((p) => p.field)).toEqual([
      'domains.professionalValues',
      'domains.communication',
      'domains.assessment',
      'domains.intervention',
      'domains.evaluation',
      'domains.leadershipAndLearning',
      'outcome',
      'practiceHours',
    ]);
    expect(problems.messageFor('domains.professionalValues')).toBe(
      'Select a score for professional values and behaviour',
    );
    expect(problems.messageFor('practiceHours')).toBe(
      'Enter practice hours to the nearest quarter of an hour, like 37.25',
    );
  });

  it('turns the answers into the API body, keeping domains the form does not ask about', () => {
    expect(toEducatorFeedbackInput(ANSWERED, { reflection: 2 })).toEqual({
      domains: {
        reflection: 2,
        professionalValues: 5,
        communication: 4,
        assessment: 3,
        intervention: 4,
        evaluation: 3,
        leadershipAndLearning: 4,
      },
      outcome: 'pass',
      practiceHours: 150.5,
    });
    const noHours = toEducatorFeedbackInput({ ...ANSWERED, practiceHours: ' ', comment: ' Good ' });
    expect('practiceHours' in noHours).toBe(false);
    expect(noHours.comment).toBe('Good');
  });

  it('starts a change from the feedback given', () => {
    const given = {
      domains: {
        ...Object.fromEntries(Object.entries(ANSWERED.domains).map(([k, v]) => [k, Number(v)])),
        reflection: 2,
      },
      outcome: 'pass',
      practiceHours: 150.5,
      comment: null,
    } as unknown as EducatorFeedback;
    expect(fromEducatorFeedback(given)).toEqual(ANSWERED);
    expect(otherDomains(given)).toEqual({ reflection: 2 });
    expect(otherDomains(null)).toEqual({});
  });
});
