import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { ROLE_CODES, type Role } from '@ahp/contracts';
import { DomainException } from '../common/errors/domain.exception';
import { AppConfig } from '../config/app-config';
import type { Actor } from './actor';

interface AccessTokenClaims {
  sub: string;
  role: Role;
  org: string | null;
  sid: string | null;
}

export const TOKEN_ISSUER = 'ahp-placements';
export const TOKEN_AUDIENCE = 'ahp-placements-api';

/** Short-lived signed bearer tokens: verified without a database round trip on every request. */
@Injectable()
export class AccessTokensService {
  constructor(
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
  ) {}

  get ttlSeconds(): number {
    return this.config.get('ACCESS_TOKEN_TTL_SECONDS');
  }

  issue(
    user: { id: string; role: Role; organisationId: string | null },
    sessionId: string | null,
  ): Promise<string> {
    const claims: AccessTokenClaims = {
      sub: user.id,
      role: user.role,
      org: user.organisationId,
      sid: sessionId,
    };
    return this.jwt.signAsync(claims, { expiresIn: this.ttlSeconds });
  }

  /** The actor for an `Authorization: Bearer …` header; 401 for anything missing, malformed or expired. */
  authenticate(header: string | undefined, requestId: string | null): Actor {
    if (!header) throw DomainException.unauthenticated();
    const match = /^Bearer\s+([A-Za-z0-9._~+/-]+=*)$/i.exec(header.trim());
    if (!match)
      throw DomainException.unauthenticated('The Authorization header must be "Bearer <token>".');
    let claims: AccessTokenClaims;
    try {
      claims = this.jwt.verify<AccessTokenClaims>(match[1]);
    } catch {
      throw DomainException.unauthenticated(
        'Your session has expired or is not valid. Sign in again.',
        'session_expired',
      );
    }
    if (typeof claims.sub !== 'string' || !ROLE_CODES.includes(claims.role)) {
      throw DomainException.unauthenticated(
        'Your session has expired or is not valid. Sign in again.',
        'session_expired',
      );
    }
    return {
      id: claims.sub,
      role: claims.role,
      organisationId: claims.org ?? null,
      sessionId: claims.sid ?? null,
      requestId,
    };
  }
}
