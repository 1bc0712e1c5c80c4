import { CanActivate, ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import type { Role } from '@ahp/contracts';
import { DomainException } from '../common/errors/domain.exception';
import { AppConfig } from '../config/app-config';
import { ACCESS_POLICY, type AccessPolicy } from './access-policy';
import { AccessTokensService } from './access-tokens.service';
import { DURING_MFA_ENROLMENT, mfaRequiredRoles } from './mfa-policy';
import { SessionsService, type TokenState } from './sessions.service';

/** Routes of other modules that a person still has to reach while setting up two-step verification. */
const OPEN_DURING_ENROLMENT = new Set(['GET /api/me']);

export const MFA_ENROLMENT_REQUIRED_MESSAGE =
  'Set up two-step verification for your account before you continue.';

/**
 * Global guard: authenticates bearer tokens and applies each route's declared policy. A token is
 * accepted only while its person is active, it carries their current token version (a password
 * change moves it on) and the web session it was issued for is still live, so signing out or
 * changing the password ends every outstanding access token at once, not 15 minutes later.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly logger = new Logger(AccessGuard.name);
  private readonly mfaRoles: ReadonlySet<Role>;

  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: AccessTokensService,
    private readonly sessions: SessionsService,
    config: AppConfig,
  ) {
    this.mfaRoles = mfaRequiredRoles(config);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const policy = this.reflector.getAllAndOverride<AccessPolicy | undefined>(ACCESS_POLICY, [
      context.getHandler(),
      context.getClass(),
    ]);
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (!policy) {
      this.logger.error(
        `Refusing ${request.method} ${request.url}: the route declares no access policy`,
      );
      throw DomainException.forbidden();
    }
    if (policy.kind === 'public') return true;

    const { actor, tokenVersion } = this.tokens.authenticate(
      request.headers.authorization,
      String(request.id ?? '') || null,
    );
    const state = await this.sessions.tokenState(actor.id, actor.sessionId);
    if (!isCurrent(state, tokenVersion)) {
      throw DomainException.unauthenticated(
        'Your session has ended or is no longer valid. Sign in again.',
        'session_expired',
      );
    }
    request.actor = actor;
    if (!policy.roles.includes(actor.role)) {
      throw DomainException.forbidden(`This is not available to your role (${actor.role}).`);
    }
    if (this.mfaRoles.has(state.role) && !state.mfaEnabled && !this.openDuringEnrolment(context)) {
      throw DomainException.forbidden(MFA_ENROLMENT_REQUIRED_MESSAGE);
    }
    return true;
  }

  private openDuringEnrolment(context: ExecutionContext): boolean {
    if (this.reflector.get<boolean>(DURING_MFA_ENROLMENT, context.getHandler())) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    return OPEN_DURING_ENROLMENT.has(`${request.method} ${request.routeOptions?.url ?? ''}`);
  }
}

function isCurrent(state: TokenState | null, tokenVersion: number): state is TokenState {
  return !!state && state.active && state.sessionLive && state.tokenVersion === tokenVersion;
}
