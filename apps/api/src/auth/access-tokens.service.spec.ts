import { JwtService } from '@nestjs/jwt';
import type { AppConfig } from '../config/app-config';
import { AccessTokensService, TOKEN_AUDIENCE, TOKEN_ISSUER } from './access-tokens.service';

const options = {
  secret: 'a-test-secret-that-is-long-enough-to-use',
  signOptions: { algorithm: 'HS256' as const, issuer: TOKEN_ISSUER, audience: TOKEN_AUDIENCE },
  verifyOptions: { algorithms: ['HS256' as const], issuer: TOKEN_ISSUER, audience: TOKEN_AUDIENCE },
};
const config = { get: () => 60 } as unknown as AppConfig;
const person = {
  id: '6f1c1a52-9f43-4a8e-9a57-4f0f5f0e7a10',
  role: 'student' as const,
  organisationId: null,
};

describe('AccessTokensService', () => {
  let jwt: JwtService;
  let tokens: AccessTokensService;
  beforeEach(() => {
    jwt = new JwtService(options);
    tokens = new AccessTokensService(jwt, config);
  });
  afterEach(() => jest.useRealTimers());

  it('checks a token once and then knows it, until it expires', async () => {
    const token = await tokens.issue(person, null, 3);
    const { exp } = jwt.decode<{ exp: number }>(token);
    const verify = jest.spyOn(jwt, 'verify');
    const first = tokens.authenticate(`Bearer ${token}`, 'r1');
    const second = tokens.authenticate(`Bearer ${token}`, 'r2');
    expect(verify).toHaveBeenCalledTimes(1);
    expect(first).toEqual({
      actor: {
        id: person.id,
        role: 'student',
        organisationId: null,
        sessionId: null,
        requestId: 'r1',
      },
      tokenVersion: 3,
    });
    expect(second.actor.requestId).toBe('r2');

    jest.useFakeTimers({ now: exp * 1000 - 1 });
    expect(tokens.authenticate(`Bearer ${token}`, 'r3').actor.id).toBe(person.id);
    // At its expiry the remembered token is refused just as a fresh check would refuse it.
    jest.setSystemTime(exp * 1000);
    expect(() => tokens.authenticate(`Bearer ${token}`, 'r4')).toThrow(/expired/);
    expect(() => tokens.authenticate(`Bearer ${token}`, 'r5')).toThrow(/expired/);
  });

  it('never remembers a token that failed, nor lets a changed one through', async () => {
    const token = await tokens.issue(person, null);
    const [header, payload, signature] = token.split('.');
    const forged = Buffer.from(
      JSON.stringify({
        ...JSON.parse(Buffer.from(payload, 'base64url').toString()),
        role: 'admin',
      }),
    ).toString('base64url');
    tokens.authenticate(`Bearer ${token}`, null);
    const verify = jest.spyOn(jwt, 'verify');
    for (let i = 0; i < 2; i++)
      expect(() => tokens.authenticate(`Bearer ${header}.${forged}.${signature}`, null)).toThrow(
        /not valid/,
      );
    expect(verify).toHaveBeenCalledTimes(2);
    const other = new AccessTokensService(
      new JwtService({ ...options, secret: 'another-secret-of-sufficient-length!' }),
      config,
    );
    expect(() => other.authenticate(`Bearer ${token}`, null)).toThrow(/not valid/);
  });

  it('forgets the oldest token when it knows as many as it may', async () => {
    tokens.verifiedLimit = 2;
    const [a, b, c] = await Promise.all(
      ['a', 'b', 'c'].map((_, i) => tokens.issue(person, null, i)),
    );
    const verify = jest.spyOn(jwt, 'verify');
    for (const token of [a, b, c]) tokens.authenticate(`Bearer ${token}`, null);
    expect(verify).toHaveBeenCalledTimes(3);
    tokens.authenticate(`Bearer ${c}`, null);
    tokens.authenticate(`Bearer ${b}`, null);
    expect(verify).toHaveBeenCalledTimes(3);
    tokens.authenticate(`Bearer ${a}`, null);
    expect(verify).toHaveBeenCalledTimes(4);
  });
});
