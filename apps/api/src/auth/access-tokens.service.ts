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
  /** The person's token version when this was issued; a password change moves it on. */
  ver?: number;
}

/** A verified access token: who it is for, and what the guard checks against the database. */
export interface VerifiedToken {
  actor: Actor;
  tokenVersion: number;
}

export const TOKEN_ISSUER = 'ahp-placements';
export const TOKEN_AUDIENCE = 'ahp-placements-api';
/** Sign-in challenges have their own audience, so one can never be used as an access token. */
export const MFA_CHALLENGE_AUDIENCE = 'ahp-placements-mfa-challenge';
/** How long a person has to type their code after their password. */
export const MFA_CHALLENGE_TTL_SECONDS = 300;

interface MfaChallengeClaims {
  sub: string;
  ver: number;
  typ: 'mfa';
}

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
    tokenVersion = 0,
  ): Promise<string> {
    const claims: AccessTokenClaims = {
      sub: user.id,
      role: user.role,
      org: user.organisationId,
      sid: sessionId,
      ver: tokenVersion,
    };
    return this.jwt.signAsync(claims, { expiresIn: this.ttlSeconds });
  }

  /** A short-lived signed note that this person got their password right and owes a code. */
  issueMfaChallenge(userId: string, tokenVersion: number): Promise<string> {
    const claims: MfaChallengeClaims = { sub: userId, ver: tokenVersion, typ: 'mfa' };
    return this.jwt.signAsync(claims, {
      audience: MFA_CHALLENGE_AUDIENCE,
      expiresIn: MFA_CHALLENGE_TTL_SECONDS,
    });
  }

  /** Who a sign-in challenge is for, or null if it is not one of ours, or has expired. */
  verifyMfaChallenge(token: string): { userId: string; tokenVersion: number } | null {
    try {
      const claims = this.jwt.verify<MfaChallengeClaims>(token, {
        audience: MFA_CHALLENGE_AUDIENCE,
      });
      if (claims.typ !== 'mfa' || typeof claims.sub !== 'string' || !Number.isInteger(claims.ver))
        return null;
      return { userId: claims.sub, tokenVersion: claims.ver };
    } catch {
      return null;
    }
  }

  /**
   * The actor for an `Authorization: Bearer …` header; 401 for anything missing, malformed or
   * expired. Only the signature is checked here: the guard then checks the token against the
   * person's current token version and session.
   */
  authenticate(header: string | undefined, requestId: string | null): VerifiedToken {
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
    if (
      typeof claims.sub !== 'string' ||
      !ROLE_CODES.includes(claims.role) ||
      (claims.ver !== undefined && !Number.isInteger(claims.ver))
    ) {
      throw DomainException.unauthenticated(
        'Your session has expired or is not valid. Sign in again.',
        'session_expired',
      );
    }
    return {
      actor: {
        id: claims.sub,
        role: claims.role,
        organisationId: claims.org ?? null,
        sessionId: claims.sid ?? null,
        requestId,
      },
      tokenVersion: claims.ver ?? 0,
    };
  }
}
