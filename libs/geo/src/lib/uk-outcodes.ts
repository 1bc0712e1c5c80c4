import csv from '../../data/uk-outcodes.csv';
import { OutcodeDirectory } from './outcodes';

let directory: OutcodeDirectory | undefined;

/** Great Britain's postcode districts (see data/SOURCE.md for origin and licence), parsed on first use. */
export function ukOutcodes(): OutcodeDirectory {
  directory ??= OutcodeDirectory.fromCsv(csv);
  return directory;
}

export const OUTCODE_ATTRIBUTION =
  'Contains OS data © Crown copyright and database right 2025. Contains Royal Mail data © Royal Mail ' +
  'copyright and database right 2025. Source: Office for National Statistics licensed under the Open ' +
  'Government Licence v.3.0.';
