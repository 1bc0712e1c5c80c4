import { JoinNonEmptyPipe, LabelPipe, UkDatePipe, WhoAndWherePipe } from './label-pipe';

describe('display pipes', () => {
  it('shows codes in words', () => {
    expect(new LabelPipe().transform('long_arm', 'model')).toBe('Long-arm supervision');
    expect(new LabelPipe().transform('enhanced_dbs', 'requirement')).toBe('Enhanced DBS check');
    expect(new LabelPipe().transform(null, 'setting')).toBe('');
  });

  it('writes dates as NHS.UK does, whatever the time zone', () => {
    expect(new UkDatePipe().transform('2027-02-01')).toBe('1 February 2027');
    expect(new UkDatePipe().transform(null)).toBe('');
  });

  it('joins only the parts that are there', () => {
    expect(new JoinNonEmptyPipe().transform(['Mental health', null, 'Inpatient'])).toBe(
      'Mental health, Inpatient',
    );
  });

  it('says who someone is and where', () => {
    const pipe = new WhoAndWherePipe();
    expect(
      pipe.transform({
        role: 'coordinator',
        organisation: { id: 'o', name: 'Uni', type: 'university', region: 'london' },
      }),
    ).toBe('Placement coordinator, Uni');
    expect(pipe.transform({ role: 'admin', organisation: null })).toBe('Administrator');
  });
});
