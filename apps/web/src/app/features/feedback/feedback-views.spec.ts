import { qualityInWords } from './feedback-page';
import { domainRows } from './feedback-views';

describe(domainRows.name, () => {
  it('lists the standard domains in order, then a programme’s own, each score in words', () => {
    expect(domainRows({ reflection: 3, communication: 4, professionalValues: 5 })).toEqual([
      { label: 'Professional values and behaviour', score: '5 – Excellent', value: 5 },
      { label: 'Communication', score: '4 – Good', value: 4 },
      { label: 'reflection', score: '3 – Adequate', value: 3 },
    ]);
  });
});

describe(qualityInWords.name, () => {
  it('gives the reasons for a flag, or says there is none', () => {
    expect(
      qualityInWords({
        flagged: true,
        suppressed: false,
        flags: ['Overall average 2.4 is below 3.0', 'Only 40% would recommend it'],
      }),
    ).toBe('Overall average 2.4 is below 3.0. Only 40% would recommend it');
    expect(qualityInWords({ flagged: true, suppressed: false, flags: [] })).toBe(
      'Below the quality thresholds',
    );
    expect(qualityInWords({ flagged: false, suppressed: true, flags: [] })).toBe(
      'Fewer than 3 responses',
    );
    expect(qualityInWords({ flagged: false, suppressed: false, flags: [] })).toBe('No concerns');
  });
});
