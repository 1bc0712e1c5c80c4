import {
  SCORE_OPTIONS,
  feedbackAction,
  formatAverage,
  formatHours,
  formatRate,
  hoursProgress,
  ratingInWords,
  scoreInWords,
} from './feedback-words';

describe('the 1–5 scale in words', () => {
  it('labels each radio with its number and meaning', () => {
    expect(SCORE_OPTIONS).toEqual([
      { code: '1', label: '1 – Very poor' },
      { code: '2', label: '2 – Poor' },
      { code: '3', label: '3 – Adequate' },
      { code: '4', label: '4 – Good' },
      { code: '5', label: '5 – Excellent' },
    ]);
  });

  it('writes a score the same way, and anything off the scale as it is', () => {
    expect(scoreInWords(4)).toBe('4 – Good');
    expect(scoreInWords(1)).toBe('1 – Very poor');
    expect(scoreInWords(0)).toBe('0');
    expect(scoreInWords(3.5)).toBe('3.5');
  });
});

describe('figures', () => {
  it('formats hours with thousands separators and quarter hours', () => {
    expect(formatHours(1000)).toBe('1,000');
    expect(formatHours(37.25)).toBe('37.25');
    expect(formatHours(0)).toBe('0');
  });

  it('formats averages to one decimal place and rates as percentages, with a dash for none', () => {
    expect(formatAverage(4.16)).toBe('4.2');
    expect(formatAverage(4)).toBe('4.0');
    expect(formatAverage(null)).toBe('–');
    expect(formatRate(0.857)).toBe('86%');
    expect(formatRate(1)).toBe('100%');
    expect(formatRate(null)).toBe('–');
  });

  it('says how students rated a placement', () => {
    expect(ratingInWords({ overall: 4.16, responses: 7 })).toBe('Rated 4.2 out of 5 by 7 students');
    expect(ratingInWords({ overall: 5, responses: 1 })).toBe('Rated 5.0 out of 5 by 1 student');
  });
});

describe(hoursProgress.name, () => {
  it('gives hours against the requirement, in words and as a capped percentage', () => {
    expect(hoursProgress({ total: 320, required: 1000 })).toEqual({
      text: '320 of 1,000 hours',
      percent: 32,
      remaining: '680 hours still to complete',
    });
    expect(hoursProgress({ total: 1037.5, required: 1000 })).toEqual({
      text: '1,037.5 of 1,000 hours',
      percent: 100,
      remaining: 'Requirement met',
    });
  });

  it('gives the hours alone where the programme sets its own requirement', () => {
    expect(hoursProgress({ total: 150, required: null })).toEqual({
      text: '150 hours',
      percent: null,
      remaining: null,
    });
  });
});

describe(feedbackAction.name, () => {
  const now = new Date('2027-03-10T12:00:00Z');

  it('offers to give feedback not yet given', () => {
    expect(feedbackAction(null, now)).toBe('give');
    expect(feedbackAction(undefined, now)).toBe('give');
  });

  it('offers to change feedback while the edit window is open, and to view it after', () => {
    expect(feedbackAction({ editableUntil: '2027-03-12T09:00:00Z' }, now)).toBe('change');
    expect(feedbackAction({ editableUntil: '2027-03-10T11:59:59Z' }, now)).toBe('view');
    expect(feedbackAction({ editableUntil: null }, now)).toBe('view');
  });
});
