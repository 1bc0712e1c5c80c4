import { CanActivate, ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { DomainException } from '../common/errors/domain.exception';
import { ACCESS_POLICY, type AccessPolicy } from './access-policy';
import { AccessTokensService } from './access-tokens.service';

/** Global guard: authenticates bearer tokens and applies each route's declared policy. */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly logger = new Logger(AccessGuard.name);

  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: AccessTokensService,
  ) {}

  canActivate(context: ExecutionContext): boolean {
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

    const actor = this.tokens.authenticate(
      request.headers.authorization,
      String(request.id ?? '') || null,
    );
    request.actor = actor;
    if (!policy.roles.includes(actor.role)) {
      throw DomainException.forbidden(`This is not available to your role (${actor.role}).`);
    }
    return true;
  }
}
