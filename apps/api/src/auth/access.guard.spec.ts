import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import type { AppConfig } from '../config/app-config';
import { DomainException } from '../common/errors/domain.exception';
import { ACCESS_POLICY, type AccessPolicy } from './access-policy';
import { AccessGuard } from './access.guard';
import { AccessTokensService, TOKEN_AUDIENCE, TOKEN_ISSUER } from './access-tokens.service';

const jwt = new JwtService({
  secret: 'a-test-secret-that-is-long-enough-to-use',
  signOptions: { algorithm: 'HS256', issuer: TOKEN_ISSUER, audience: TOKEN_AUDIENCE },
  verifyOptions: { algorithms: ['HS256'], issuer: TOKEN_ISSUER, audience: TOKEN_AUDIENCE },
});
const config = { get: () => 900 } as unknown as AppConfig;
const tokens = new AccessTokensService(jwt, config);

function contextFor(policy: AccessPolicy | undefined, authorization?: string) {
  const handler = () => undefined;
  if (policy) Reflect.defineMetadata(ACCESS_POLICY, policy, handler);
  const request: Record<string, unknown> = {
    headers: authorization ? { authorization } : {},
    id: 'req-1',
    method: 'GET',
    url: '/api/x',
  };
  const context = {
    getHandler: () => handler,
    getClass: () => class {},
    switchToHttp: () => ({ getRequest: () => request }),
  } as unknown as ExecutionContext;
  return { context, request };
}

describe(AccessGuard.name, () => {
  const sut = new AccessGuard(new Reflector(), tokens);

  it('refuses a route that declares no policy, even with a valid token', async () => {
    const token = await tokens.issue({ id: 'u1', role: 'admin', organisationId: null }, null);
    expect(() => sut.canActivate(contextFor(undefined, `Bearer ${token}`).context)).toThrow(
      DomainException,
    );
  });

  it('lets anyone through a public route', () => {
    expect(sut.canActivate(contextFor({ kind: 'public' }).context)).toBe(true);
  });

  it('attaches the actor for an allowed role', async () => {
    const token = await tokens.issue(
      { id: 'u1', role: 'coordinator', organisationId: 'org-1' },
      'session-1',
    );
    const { context, request } = contextFor(
      { kind: 'roles', roles: ['coordinator'] },
      `Bearer ${token}`,
    );
    expect(sut.canActivate(context)).toBe(true);
    expect(request.actor).toEqual({
      id: 'u1',
      role: 'coordinator',
      organisationId: 'org-1',
      sessionId: 'session-1',
      requestId: 'req-1',
    });
  });

  it('answers 403 for a role the route does not allow', async () => {
    const token = await tokens.issue({ id: 'u1', role: 'student', organisationId: 'org-1' }, null);
    try {
      sut.canActivate(contextFor({ kind: 'roles', roles: ['admin'] }, `Bearer ${token}`).context);
      throw new Error('expected a refusal');
    } catch (error) {
      expect((error as DomainException).getStatus()).toBe(403);
    }
  });

  it('answers 401 for an expired token', () => {
    const expired = jwt.sign(
      { sub: 'u1', role: 'admin', org: null, sid: null },
      { expiresIn: -10 },
    );
    try {
      sut.canActivate(contextFor({ kind: 'roles', roles: ['admin'] }, `Bearer ${expired}`).context);
      throw new Error('expected a refusal');
    } catch (error) {
      expect((error as DomainException).getStatus()).toBe(401);
      expect((error as DomainException).code).toBe('session_expired');
    }
  });

  it('answers 401 for a token signed with another secret', () => {
    const other = new JwtService({ secret: 'another-secret-entirely-and-long-enough' });
    const forged = other.sign(
      { sub: 'u1', role: 'admin' },
      { issuer: TOKEN_ISSUER, audience: TOKEN_AUDIENCE },
    );
    expect(() =>
      sut.canActivate(contextFor({ kind: 'roles', roles: ['admin'] }, `Bearer ${forged}`).context),
    ).toThrow(DomainException);
  });
});
