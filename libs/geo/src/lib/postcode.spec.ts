import { isPostcode, normalisePostcode, parsePostcode } from './postcode';

describe('parsePostcode', () => {
  it.each([
    ['M13 9PL', 'M13 9PL', 'M13', '9PL'],
    ['m139pl', 'M13 9PL', 'M13', '9PL'],
    ['  sw1a   1aa ', 'SW1A 1AA', 'SW1A', '1AA'],
    ['LS2 9JT', 'LS2 9JT', 'LS2', '9JT'],
    ['CF10 3NQ', 'CF10 3NQ', 'CF10', '3NQ'],
    ['W1A 0AX', 'W1A 0AX', 'W1A', '0AX'],
  ])('reads %p as %p', (input, formatted, outcode, incode) => {
    expect(parsePostcode(input)).toEqual({ formatted, outcode, incode });
  });

  it('accepts a district on its own', () => {
    expect(parsePostcode('ls6')).toEqual({ formatted: 'LS6', outcode: 'LS6', incode: null });
  });

  it.each([
    '',
    '   ',
    'HELLO',
    '12345',
    'M13 9PLX',
    'M13 9CI',
    'Q',
    'SW1A 1AAA',
    'M13-9PL',
    'x'.repeat(500),
  ])('rejects %p', (input) => {
    expect(parsePostcode(input)).toBeNull();
    expect(isPostcode(input)).toBe(false);
    expect(normalisePostcode(input)).toBeNull();
  });

  it('rejects inward codes with letters Royal Mail never uses', () => {
    for (const letter of ['C', 'I', 'K', 'M', 'O', 'V']) {
      expect(parsePostcode(`M13 9${letter}L`)).toBeNull();
    }
  });
});
