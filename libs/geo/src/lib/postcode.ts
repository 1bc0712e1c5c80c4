/**
 * UK postcodes: a full postcode ("M13 9PL") or a district alone ("M13"). The inward part's letters
 * never include C, I, K, M, O or V, which catches many typos.
 */
const FULL = /^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][ABD-HJLNP-UW-Z]{2})$/;
const OUTCODE_ONLY = /^[A-Z]{1,2}[0-9][A-Z0-9]?$/;

/** The longest accepted input; anything longer is not a postcode whatever it contains. */
export const POSTCODE_MAX_LENGTH = 10;

export interface Postcode {
  /** The postcode district, e.g. "M13". */
  outcode: string;
  /** The inward code, e.g. "9PL", or null when only a district was given. */
  incode: string | null;
  /** Upper case with one space before the inward code: "M13 9PL", or just "M13". */
  formatted: string;
}

/** Parses a postcode written any usual way ("m139pl", " M13  9PL "); null when it is not one. */
export function parsePostcode(input: string): Postcode | null {
  if (typeof input !== 'string' || input.length > POSTCODE_MAX_LENGTH + 4) return null;
  const compact = input.replace(/\s+/g, '').toUpperCase();
  if (compact.length === 0 || compact.length > 7) return null;
  const full = FULL.exec(compact);
  if (full) {
    const [, outcode, incode] = full;
    return { outcode, incode, formatted: `${outcode} ${incode}` };
  }
  if (OUTCODE_ONLY.test(compact)) {
    return { outcode: compact, incode: null, formatted: compact };
  }
  return null;
}

/** Normalises a postcode for storage and display, or returns null when it is not one. */
export function normalisePostcode(input: string): string | null {
  return parsePostcode(input)?.formatted ?? null;
}

export function isPostcode(input: string): boolean {
  return parsePostcode(input) !== null;
}
