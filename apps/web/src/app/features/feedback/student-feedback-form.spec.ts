import { TestBed } from '@angular/core/testing';
import { FormBuilder } from '@angular/forms';
import type { StudentFeedback } from '@ahp/contracts';
import { FormProblems, fieldId } from '../../shared/form-problems';
import {
  STUDENT_FEEDBACK_MESSAGES,
  fromStudentFeedback,
  studentFeedbackForm,
  toStudentFeedbackInput,
  type StudentFeedbackValue,
} from './student-feedback-form';

const ANSWERED: StudentFeedbackValue = {
  scores: {
    induction: '4',
    supervision: '5',
    facilities: '3',
    learningOpportunities: '4',
    teamwork: '2',
  },
  overall: '4',
  wouldRecommend: 'yes',
  comment: '  A welcoming team.  ',
};

describe('the student feedback form', () => {
  const form = () => studentFeedbackForm(TestBed.inject(FormBuilder));

  it('asks for every score, the overall rating and the recommendation, in the order on the page', () => {
    const problems = new FormProblems();
    expect(problems.check(form(), STUDENT_FEEDBACK_MESSAGES)).toBe(false);
    expect(problems.list()).toEqual([
      { field: 'scores.induction', message: 'Select a score for induction' },
      { field: 'scores.supervision', message: 'Select a score for supervision' },
      { field: 'scores.facilities', message: 'Select a score for facilities' },
      {
        field: 'scores.learningOpportunities',
        message: 'Select a score for learning opportunities',
      },
      { field: 'scores.teamwork', message: 'Select a score for team working' },
      { field: 'overall', message: 'Select your overall rating of the placement' },
      { field: 'wouldRecommend', message: 'Select yes if you would recommend this placement' },
    ]);
    // Each links to the first radio of its question, whose id the radios take from the name.
    expect(fieldId('scores.learningOpportunities')).toBe('scores-learningOpportunities');
  });

  it('passes once answered, and refuses an over-long comment', () => {
    const problems = new FormProblems();
    const f = form();
    f.setValue(ANSWERED);
    expect(problems.check(f, STUDENT_FEEDBACK_MESSAGES)).toBe(true);
    f.controls.comment.setValue('x'.repeat(2001));
    expect(problems.check(f, STUDENT_FEEDBACK_MESSAGES)).toBe(false);
    expect(problems.list()).toEqual([
      { field: 'comment', message: 'Your comment must be 2,000 characters or fewer' },
    ]);
  });

  it('turns the answers into the API body, trimming the comment and leaving it out when empty', () => {
    expect(toStudentFeedbackInput(ANSWERED)).toEqual({
      scores: {
        induction: 4,
        supervision: 5,
        facilities: 3,
        learningOpportunities: 4,
        teamwork: 2,
      },
      overall: 4,
      wouldRecommend: true,
      comment: 'A welcoming team.',
    });
    const input = toStudentFeedbackInput({ ...ANSWERED, wouldRecommend: 'no', comment: '   ' });
    expect(input.wouldRecommend).toBe(false);
    expect('comment' in input).toBe(false);
  });

  it('starts a change from the feedback given', () => {
    const given = {
      scores: {
        induction: 4,
        supervision: 5,
        facilities: 3,
        learningOpportunities: 4,
        teamwork: 2,
      },
      overall: 4,
      wouldRecommend: true,
      comment: 'A welcoming team.',
    } as StudentFeedback;
    expect(fromStudentFeedback(given)).toEqual({ ...ANSWERED, comment: 'A welcoming team.' });
    expect(fromStudentFeedback({ ...given, comment: null }).comment).toBe('');
  });
});
