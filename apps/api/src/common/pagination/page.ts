import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import type { Page } from '@ahp/contracts';
import { IntField } from '../validation/fields';
import { DomainException } from '../errors/domain.exception';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export class PageQueryDto {
  @IntField({
    optional: true,
    min: 1,
    max: MAX_PAGE_SIZE,
    fromQuery: true,
    description: `Items per page (default ${DEFAULT_PAGE_SIZE})`,
  })
  limit?: number;

  @ApiPropertyOptional({ description: 'The nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  cursor?: string;
}

/**
 * Keyset pagination: the cursor is the sort key of the last item returned, so the next page is
 * "rows after this key" on an index, never OFFSET (which re-reads every skipped row).
 * Cursors are opaque to clients: base64url of a JSON array of the key's values.
 */
export function encodeCursor(key: readonly (string | number | null)[]): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

export function decodeCursor(
  cursor: string | undefined,
  arity: number,
): (string | number | null)[] | null {
  if (cursor === undefined || cursor === '') return null;
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(key) &&
      key.length === arity &&
      key.every((part) => part === null || typeof part === 'string' || typeof part === 'number')
    ) {
      return key;
    }
  } catch {
    // fall through to the error below
  }
  throw DomainException.invalidField('cursor', 'cursor is not one this API gave out');
}

/** Fetch `limit + 1` rows; this trims the extra one and builds the next cursor from the last kept row. */
export function toPage<Row, Item>(
  rows: Row[],
  limit: number,
  keyOf: (row: Row) => readonly (string | number | null)[],
  map: (row: Row) => Item,
): Page<Item> {
  const hasMore = rows.length > limit;
  const kept = hasMore ? rows.slice(0, limit) : rows;
  return {
    items: kept.map(map),
    nextCursor: hasMore && kept.length ? encodeCursor(keyOf(kept[kept.length - 1])) : null,
  };
}

export function pageSize(query: PageQueryDto): number {
  return query.limit ?? DEFAULT_PAGE_SIZE;
}
