import { DomainException } from '../common/errors/domain.exception';
import { PasswordService } from './password.service';

describe(PasswordService.name, () => {
  const sut = new PasswordService();

  it('hashes with argon2id at OWASP parameters and verifies', async () => {
    const hash = await sut.hash('lantern-orchard-47-quietly');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await sut.verify(hash, 'lantern-orchard-47-quietly')).toBe(true);
    expect(await sut.verify(hash, 'lantern-orchard-47-quietlY')).toBe(false);
    expect(sut.needsRehash(hash)).toBe(false);
  });

  it('answers false, not an error, without a hash or with a corrupt one', async () => {
    expect(await sut.verify(null, 'anything')).toBe(false);
    expect(await sut.verify('not-a-hash', 'anything')).toBe(false);
  });

  it('flags hashes made with weaker parameters for rehashing', () => {
    expect(
      sut.needsRehash('$argon2id$v=19$m=4096,t=1,p=1$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObG'),
    ).toBe(true);
  });

  it.each([
    ['short', 'short'],
    ['common', 'password1234'],
    ['a keyboard walk', 'qwertyuiop12'],
    ['the e-mail address', 'sam.taylor@uni.example'],
    ['the person’s name', 'SamanthaTaylor'],
    ['over-long', 'a'.repeat(129)],
  ])('refuses a %s password', (_, password) => {
    expect(
      sut.problemWith(password, { email: 'sam.taylor@uni.example', name: 'Samantha Taylor' }),
    ).not.toBeNull();
    expect(() =>
      sut.assertAcceptable(password, { email: 'sam.taylor@uni.example', name: 'Samantha Taylor' }),
    ).toThrow(DomainException);
  });

  it.each([
    'lantern-orchard-47-quietly',
    'correct horse battery staple',
    'Tea at 4 by the river Aire',
  ])('accepts %p', (password) => {
    expect(
      sut.problemWith(password, { email: 'sam.taylor@uni.example', name: 'Samantha Taylor' }),
    ).toBeNull();
  });
});
