import { SetMetadata, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { applyDecorators } from '@nestjs/common';
import { ROLE_CODES, type Role } from '@ahp/contracts';
import type { FastifyRequest } from 'fastify';
import type { Actor } from './actor';
import { ApiErrorResponseDto } from '../common/http/api-error.dto';

/**
 * Every route declares who may call it. A route without a policy is refused (and the route-table
 * test fails), so forgetting one can never open a route to everyone. Role checks here are only
 * the first gate: services still check each object against the actor.
 */
export const ACCESS_POLICY = 'ahp:access-policy';

export type AccessPolicy = { kind: 'public' } | { kind: 'roles'; roles: readonly Role[] };

export const Public = () => SetMetadata(ACCESS_POLICY, { kind: 'public' } satisfies AccessPolicy);

export const Roles = (...roles: Role[]) =>
  applyDecorators(
    SetMetadata(ACCESS_POLICY, { kind: 'roles', roles } satisfies AccessPolicy),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: 'Not signed in', type: ApiErrorResponseDto }),
    ApiForbiddenResponse({
      description: `Allowed for: ${roles.join(', ')}`,
      type: ApiErrorResponseDto,
    }),
  );

/** Any signed-in person, whatever their role. */
export const SignedIn = () => Roles(...ROLE_CODES);

/** The authenticated caller; only valid on routes with a roles policy. */
export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): Actor => {
  const request = context.switchToHttp().getRequest<FastifyRequest>();
  if (!request.actor) throw new Error('CurrentActor used on a route without authentication');
  return request.actor;
});
