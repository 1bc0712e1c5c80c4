import { stringify } from 'csv-stringify/sync';

export type ReportFormat = 'json' | 'csv';

/**
 * Whether the caller wants CSV: `?format=` decides when given; otherwise the Accept header, where
 * `text/csv` must be named and preferred over `application/json`. A browser's `*\/*` (or no
 * header) gets JSON, the API's default.
 */
export function wantsCsv(accept: string | undefined, format: ReportFormat | undefined): boolean {
  if (format) return format === 'csv';
  if (!accept) return false;
  let csv = 0;
  let json = -1;
  for (const part of accept.split(',')) {
    const [type, ...parameters] = part.trim().toLowerCase().split(';');
    const qParameter = parameters.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParameter ? Number(qParameter.slice(2)) : 1;
    const quality = Number.isFinite(q) ? q : 0;
    if (type.trim() === 'text/csv') csv = Math.max(csv, quality);
    if (type.trim() === 'application/json') json = Math.max(json, quality);
  }
  return csv > 0 && csv > json;
}

/**
 * One level of nesting is lifted into top-level columns (`averages.induction` → `induction`), so
 * a row reads as one line of a spreadsheet; a null nested object leaves its columns empty.
 */
function flatten(row: object): Record<string, unknown> {
  const flat: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      Object.assign(flat, value);
    } else {
      flat[key] = value;
    }
  }
  return flat;
}

/**
 * The rows as CSV with a header line. The columns are given rather than read from the rows so
 * that the header is the same whether there are no rows or every nested object is null.
 */
export function toCsv(rows: readonly object[], columns: readonly string[]): string {
  return stringify(rows.map(flatten), {
    header: true,
    columns: [...columns],
    cast: { boolean: (value) => (value ? 'true' : 'false') },
    record_delimiter: '\r\n',
  });
}

/** `capacity-by-region-2027-01-31.csv`: what it is and the day it was made. */
export function csvFilename(name: string, today = new Date()): string {
  return `${name}-${today.toISOString().slice(0, 10)}.csv`;
}
