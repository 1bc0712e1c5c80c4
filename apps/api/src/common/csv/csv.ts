import { parse } from 'csv-parse/sync';
import type { ImportLineError } from '@ahp/contracts';
import { DomainException } from '../errors/domain.exception';

export interface CsvRow {
  /** The line of the file the record is on (the header is line 1; a quoted multi-line cell counts its last line). */
  line: number;
  values: Record<string, string>;
}

/** Rows checked between pauses: a 10,000-row file then pauses about 40 times. */
const ROWS_PER_TURN = 250;

/**
 * Visits each row, giving the event loop a turn every few hundred rows: checking a large file
 * takes seconds of CPU, and other requests (and the database pool's connection timers) must not
 * wait that long.
 */
export async function forEachRow<T>(rows: readonly T[], visit: (row: T) => void): Promise<void> {
  for (let i = 0; i < rows.length; i++) {
    if (i > 0 && i % ROWS_PER_TURN === 0) await new Promise((next) => setImmediate(next));
    visit(rows[i]);
  }
}

export interface CsvShape {
  required: readonly string[];
  optional?: readonly string[];
  maxRows: number;
}

/**
 * Reads an uploaded CSV file into rows keyed by the header. Problems with the file as a whole
 * (not text, no header, missing or unknown columns, too many rows) are a 400; a row with the
 * wrong number of cells becomes a per-line error, so every bad line can be listed at once.
 */
export function readCsv(
  body: unknown,
  shape: CsvShape,
): { rows: CsvRow[]; errors: ImportLineError[] } {
  if (typeof body !== 'string') {
    throw DomainException.badRequest('validation_failed', 'The file is empty.');
  }
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(body, {
      bom: true,
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
      info: true,
    }) as unknown as typeof records;
  } catch (error) {
    throw DomainException.badRequest(
      'validation_failed',
      `The file is not valid CSV: ${(error as Error).message}`,
    );
  }
  if (records.length === 0)
    throw DomainException.badRequest('validation_failed', 'The file is empty.');

  const header = records[0].record;
  const allowed = new Set([...shape.required, ...(shape.optional ?? [])]);
  const missing = shape.required.filter((column) => !header.includes(column));
  const unknown = header.filter((column) => !allowed.has(column));
  const repeated = header.filter((column, i) => header.indexOf(column) !== i);
  const problems = [
    missing.length ? `missing columns: ${missing.join(', ')}` : '',
    unknown.length ? `unknown columns: ${unknown.join(', ')}` : '',
    repeated.length ? `repeated columns: ${repeated.join(', ')}` : '',
  ].filter(Boolean);
  if (problems.length) {
    throw DomainException.badRequest(
      'validation_failed',
      `The header row has ${problems.join('; ')}. Expected: ${[...shape.required, ...(shape.optional ?? [])].join(',')}`,
    );
  }
  if (records.length - 1 > shape.maxRows) {
    throw DomainException.badRequest(
      'validation_failed',
      `The file has ${records.length - 1} rows; at most ${shape.maxRows} can be imported at once.`,
    );
  }

  const rows: CsvRow[] = [];
  const errors: ImportLineError[] = [];
  records.slice(1).forEach(({ record: cells, info }) => {
    const line = info.lines;
    if (cells.length !== header.length) {
      errors.push({ line, message: `has ${cells.length} values; the header has ${header.length}` });
      return;
    }
    const values: Record<string, string> = {};
    header.forEach((column, i) => (values[column] = cells[i]));
    rows.push({ line, values });
  });
  return { rows, errors };
}
