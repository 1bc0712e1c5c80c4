import { DomainException } from '../errors/domain.exception';
import { readCsv } from './csv';

const shape = { required: ['email', 'name'], optional: ['year'], maxRows: 3 };

describe(readCsv.name, () => {
  it('reads rows keyed by the header, with their file line numbers', () => {
    const result = readCsv(
      '\uFEFFemail,name\n a@x.example , Ann \n\n"b@x.example","Smith, Bo"\n',
      shape,
    );
    expect(result.errors).toEqual([]);
    expect(result.rows).toEqual([
      { line: 2, values: { email: 'a@x.example', name: 'Ann' } },
      { line: 4, values: { email: 'b@x.example', name: 'Smith, Bo' } },
    ]);
  });

  it('accepts optional columns in any order', () => {
    expect(readCsv('year,name,email\n2,Ann,a@x.example', shape).rows[0].values).toEqual({
      year: '2',
      name: 'Ann',
      email: 'a@x.example',
    });
  });

  it('lists rows with the wrong number of cells as line errors', () => {
    const result = readCsv('email,name\na@x.example\nb@x.example,Bo,extra', shape);
    expect(result.rows).toEqual([]);
    expect(result.errors).toEqual([
      { line: 2, message: 'has 1 values; the header has 2' },
      { line: 3, message: 'has 3 values; the header has 2' },
    ]);
  });

  it.each([
    ['that never arrived', undefined, 400],
    ['empty', '', 400],
    ['missing a column', 'email\na@x.example', 400],
    ['with an unknown column', 'email,name,role\na,b,c', 400],
    ['with a repeated column', 'email,name,name\na,b,c', 400],
    ['too long', 'email,name\na,1\nb,2\nc,3\nd,4', 400],
    ['broken quoting', 'email,name\n"a,b', 400],
  ])('refuses a file %s', (_, body, status) => {
    try {
      readCsv(body, shape);
      throw new Error('expected readCsv to throw');
    } catch (error) {
      expect(error).toBeInstanceOf(DomainException);
      expect((error as DomainException).getStatus()).toBe(status);
    }
  });
});
