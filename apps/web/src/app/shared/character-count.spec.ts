import { charactersLeft } from './character-count';

describe(charactersLeft.name, () => {
  it('counts down to the limit, then says how far over it is', () => {
    expect(charactersLeft(0, 2000)).toBe('You have 2,000 characters remaining');
    expect(charactersLeft(1999, 2000)).toBe('You have 1 character remaining');
    expect(charactersLeft(2000, 2000)).toBe('You have 0 characters remaining');
    expect(charactersLeft(2001, 2000)).toBe('You have 1 character too many');
    expect(charactersLeft(2010, 2000)).toBe('You have 10 characters too many');
  });
});
