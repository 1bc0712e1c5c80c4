import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import type { AppConfig } from '../config/app-config';
import { DomainException } from '../common/errors/domain.exception';
import { ACCESS_POLICY, type AccessPolicy } from './access-policy';
import { AccessGuard } from './access.guard';
import { AccessTokensService, TOKEN_AUDIENCE, TOKEN_ISSUER } from './access-tokens.service';
import type { SessionsService, TokenState } from './sessions.service';

const jwt = new JwtService({
  secret: 'a-test-secret-that-is-long-enough-to-use',
  signOptions: { algorithm: 'HS256', issuer: TOKEN_ISSUER, audience: TOKEN_AUDIENCE },
  verifyOptions: { algorithms: ['HS256'], issuer: TOKEN_ISSUER, audience: TOKEN_AUDIENCE },
});
const config = {
  get: (key: string) => (key === 'MFA_REQUIRED_ROLES' ? 'admin' : 900),
  isProduction: false,
} as unknown as AppConfig;
const tokens = new AccessTokensService(jwt, config);

/** What the database says about the token's person; each test may change it. */
let state: TokenState | null;
const sessions = { tokenState: async () => state } as unknown as SessionsService;
const live = (role: TokenState['role'] = 'coordinator'): TokenState => ({
  role,
  active: true,
  tokenVersion: 0,
  sessionLive: true,
  mfaEnabled: false,
});

function contextFor(policy: AccessPolicy | undefined, authorization?: string) {
  const handler = () => undefined;
  if (policy) Reflect.defineMetadata(ACCESS_POLICY, policy, handler);
  const request: Record<string, unknown> = {
    headers: authorization ? { authorization } : {},
    id: 'req-1',
    method: 'GET',
    url: '/api/x',
    routeOptions: { url: '/api/x' },
  };
  const context = {
    getHandler: () => handler,
    getClass: () => class {},
    switchToHttp: () => ({ getRequest: () => request }),
  } as unknown as ExecutionContext;
  return { context, request };
}

async function refusal(promise: Promise<unknown>): Promise<DomainException> {
  try {
    await promise;
  } catch (error) {
    return error as DomainException;
  }
  throw new Error('expected a refusal');
}

describe(AccessGuard.name, () => {
  const sut = new AccessGuard(new Reflector(), tokens, sessions, config);
  beforeEach(() => (state = live()));

  it('refuses a route that declares no policy, even with a valid token', async () => {
    const token = await tokens.issue({ id: 'u1', role: 'admin', organisationId: null }, null);
    await expect(sut.canActivate(contextFor(undefined, `Bearer ${token}`).context)).rejects.toThrow(
      DomainException,
    );
  });

  it('lets anyone through a public route', async () => {
    await expect(sut.canActivate(contextFor({ kind: 'public' }).context)).resolves.toBe(true);
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
    await expect(sut.canActivate(context)).resolves.toBe(true);
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
    const error = await refusal(
      sut.canActivate(contextFor({ kind: 'roles', roles: ['admin'] }, `Bearer ${token}`).context),
    );
    expect(error.getStatus()).toBe(403);
  });

  it('answers 401 for an expired token', async () => {
    const expired = jwt.sign(
      { sub: 'u1', role: 'admin', org: null, sid: null },
      { expiresIn: -10 },
    );
    const error = await refusal(
      sut.canActivate(contextFor({ kind: 'roles', roles: ['admin'] }, `Bearer ${expired}`).context),
    );
    expect(error.getStatus()).toBe(401);
    expect(error.code).toBe('session_expired');
  });

  it('answers 401 for a token signed with another secret', async () => {
    const other = new JwtService({ secret: 'another-secret-entirely-and-long-enough' });
    const forged = other.sign(
      { sub: 'u1', role: 'admin' },
      { issuer: TOKEN_ISSUER, audience: TOKEN_AUDIENCE },
    );
    await expect(
      sut.canActivate(contextFor({ kind: 'roles', roles: ['admin'] }, `Bearer ${forged}`).context),
    ).rejects.toThrow(DomainException);
  });

  it.each([
    ['the person is gone', () => (state = null)],
    ['the person is no longer active', () => (state = { ...live(), active: false })],
    [
      'the password changed since the token was issued',
      () => (state = { ...live(), tokenVersion: 1 }),
    ],
    ['its web session was signed out', () => (state = { ...live(), sessionLive: false })],
  ])('answers 401 for a well-signed token when %s', async (_, arrange) => {
    arrange();
    const token = await tokens.issue({ id: 'u1', role: 'coordinator', organisationId: 'o' }, 's');
    const error = await refusal(
      sut.canActivate(
        contextFor({ kind: 'roles', roles: ['coordinator'] }, `Bearer ${token}`).context,
      ),
    );
    expect(error.getStatus()).toBe(401);
    expect(error.code).toBe('session_expired');
  });

  it('keeps a person who must set up two-step verification to the routes that let them', async () => {
    state = live('admin');
    const token = await tokens.issue({ id: 'u1', role: 'admin', organisationId: null }, null);
    const error = await refusal(
      sut.canActivate(contextFor({ kind: 'roles', roles: ['admin'] }, `Bearer ${token}`).context),
    );
    expect(error.getStatus()).toBe(403);

    state = { ...live('admin'), mfaEnabled: true };
    await expect(
      sut.canActivate(contextFor({ kind: 'roles', roles: ['admin'] }, `Bearer ${token}`).context),
    ).resolves.toBe(true);
  });
});
