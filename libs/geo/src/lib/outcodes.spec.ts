import { OutcodeDirectory } from './outcodes';
import { ukOutcodes } from './uk-outcodes';

describe(OutcodeDirectory.name, () => {
  const sut = OutcodeDirectory.fromCsv(
    'outcode,latitude,longitude\nM13,53.46,-2.216\nLS2,53.803,-1.546\n',
  );

  it('locates a full postcode by its district', () => {
    expect(sut.locate('m13 9pl')).toEqual({
      ok: true,
      location: {
        lat: 53.46,
        lng: -2.216,
        postcode: { formatted: 'M13 9PL', outcode: 'M13', incode: '9PL' },
      },
    });
  });

  it('says a well-formed postcode in an unknown district is unknown', () => {
    expect(sut.locate('ZZ9 9ZZ')).toEqual({ ok: false, reason: 'unknown_postcode' });
  });

  it('says malformed input is invalid', () => {
    expect(sut.locate('not a postcode')).toEqual({ ok: false, reason: 'invalid_postcode' });
  });

  it('refuses data without the expected header', () => {
    expect(() => OutcodeDirectory.fromCsv('a,b,c\nM13,1,2')).toThrow(/header/);
  });

  it('names the bad line in malformed data', () => {
    expect(() => OutcodeDirectory.fromCsv('outcode,latitude,longitude\nM13,north,2')).toThrow(
      /line 2/,
    );
  });
});

describe('ukOutcodes', () => {
  it('holds every district of the shipped data set', () => {
    expect(ukOutcodes().size).toBe(2864);
  });

  it.each([
    ['M13 9PL', 53.46, -2.216],
    ['SW1A 1AA', 51.505, -0.132],
    ['LS2 9JT', 53.803, -1.546],
    ['CF10 1AA', 51.475, -3.173],
  ])('places %s where the data source says', (postcode, lat, lng) => {
    const result = ukOutcodes().locate(postcode);
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.location.lat).toBeCloseTo(lat, 2);
      expect(result.location.lng).toBeCloseTo(lng, 2);
    }
  });

  it('has no Northern Ireland districts, whose data is not openly licensed', () => {
    expect(ukOutcodes().locate('BT1 1AA')).toEqual({ ok: false, reason: 'unknown_postcode' });
  });
});
