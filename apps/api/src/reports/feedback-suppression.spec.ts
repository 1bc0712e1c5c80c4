import { hiddenPeriods, quarterOf, type FeedbackCell } from './feedback-suppression';

const cell = (placementId: string, month: string, responses: number): FeedbackCell => ({
  placementId,
  month,
  responses,
});

describe(hiddenPeriods.name, () => {
  it('names quarters YYYY-Qn', () => {
    expect(['2027-01', '2027-03', '2027-04', '2027-12'].map(quarterOf)).toEqual([
      '2027-Q1',
      '2027-Q1',
      '2027-Q2',
      '2027-Q4',
    ]);
  });

  it('hides nothing when every period has at least three responses', () => {
    const cells = [cell('a', '2027-01', 3), cell('a', '2027-05', 4)];
    expect(hiddenPeriods(cells, 'month')).toEqual(new Set());
  });

  it('hides a period under three responses, and the smallest other one beside it', () => {
    const cells = [cell('a', '2027-01', 5), cell('a', '2027-05', 1), cell('a', '2027-09', 4)];
    // May alone could be read off the all-time total minus January and September.
    expect(hiddenPeriods(cells, 'month')).toEqual(new Set(['2027-05', '2027-09']));
  });

  it('hides months that a visible quarter would give away', () => {
    // January 5 and February 1 make Q1 6; with April 3 the series pass alone would hide
    // February and April and show January, and Q1 − January = February.
    const cells = [cell('a', '2027-01', 5), cell('a', '2027-02', 1), cell('a', '2027-04', 3)];
    expect(hiddenPeriods(cells, 'month')).toEqual(new Set(['2027-01', '2027-02', '2027-04']));
    expect(hiddenPeriods(cells, 'quarter')).toEqual(new Set());
  });

  it('applies the same rule to one placement’s series', () => {
    const cells = [cell('a', '2027-01', 2), cell('b', '2027-01', 4)];
    expect(hiddenPeriods(cells, 'month')).toEqual(new Set());
    expect(hiddenPeriods(cells, 'month', new Set(['a']))).toEqual(new Set(['2027-01']));
  });

  it('hides a placement’s period that the provider’s total for that period would give away', () => {
    // Provider-wide January is 5 and visible; placement a's 4 would give b's 1 away.
    const cells = [cell('a', '2027-01', 4), cell('b', '2027-01', 1)];
    expect(hiddenPeriods(cells, 'month')).toEqual(new Set());
    expect(hiddenPeriods(cells, 'month', new Set(['a']))).toEqual(new Set(['2027-01']));
    expect(hiddenPeriods(cells, 'month', new Set(['b']))).toEqual(new Set(['2027-01']));
  });

  it('shows a placement’s period when the rest of the provider’s period holds three or more', () => {
    const cells = [cell('a', '2027-01', 4), cell('b', '2027-01', 3)];
    expect(hiddenPeriods(cells, 'month', new Set(['a']))).toEqual(new Set());
  });

  it('judges a view of several placements by the hidden placements inside and outside it', () => {
    // January: a 1, b 1 and d 4 are hidden together (6); c 5 is visible.
    const cells = [
      cell('a', '2027-01', 1),
      cell('b', '2027-01', 1),
      cell('c', '2027-01', 5),
      cell('d', '2027-01', 4),
    ];
    // {a, c} less c would be a's single response.
    expect(hiddenPeriods(cells, 'month', new Set(['a', 'c']))).toEqual(new Set(['2027-01']));
    // {a, b, d} holds every hidden placement: 6 responses, none of them singled out.
    expect(hiddenPeriods(cells, 'month', new Set(['a', 'b', 'd']))).toEqual(new Set());
    // {c} leaves a, b and d outside, 6 together.
    expect(hiddenPeriods(cells, 'month', new Set(['c']))).toEqual(new Set());
    // The whole provider is no narrowing at all.
    expect(hiddenPeriods(cells, 'month')).toEqual(new Set());
  });
});
