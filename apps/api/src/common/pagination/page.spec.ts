import { DomainException } from '../errors/domain.exception';
import { decodeCursor, encodeCursor, toPage } from './page';

describe('cursors', () => {
  it('round-trip the sort key', () => {
    const key = ['Amara Okafor', '6f1c7a52-1111-4a4a-8b8b-000000000001'];
    expect(decodeCursor(encodeCursor(key), 2)).toEqual(key);
  });

  it('mean "from the start" when absent', () => {
    expect(decodeCursor(undefined, 2)).toBeNull();
    expect(decodeCursor('', 2)).toBeNull();
  });

  it.each([
    '%%%',
    encodeCursor(['only one']),
    Buffer.from('{"a":1}').toString('base64url'),
    Buffer.from('[{"x":1},2]').toString('base64url'),
  ])('reject %p as a 400', (cursor) => {
    expect(() => decodeCursor(cursor, 2)).toThrow(DomainException);
  });
});

describe(toPage.name, () => {
  const rows = [1, 2, 3, 4].map((n) => ({ n, name: `row ${n}` }));

  it('returns the first `limit` rows and a cursor at the last one when there are more', () => {
    const page = toPage(
      rows,
      3,
      (row) => [row.name, row.n],
      (row) => row.n,
    );
    expect(page.items).toEqual([1, 2, 3]);
    expect(decodeCursor(page.nextCursor ?? undefined, 2)).toEqual(['row 3', 3]);
  });

  it('returns no cursor on the last page', () => {
    expect(
      toPage(
        rows,
        4,
        (row) => [row.n],
        (row) => row.n,
      ).nextCursor,
    ).toBeNull();
  });
});
