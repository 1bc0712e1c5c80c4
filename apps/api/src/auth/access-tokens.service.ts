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

/**
 * How many verified access tokens a process remembers. A client sends the same token for up to
 * its lifetime (15 minutes by default), so checking its signature again on every request (about
 * 0.1 ms of HMAC and JSON work) repeats work already done; this many covers every person active in
 * that time on one process. When full, the oldest entry is forgotten.
 */
const VERIFIED_TOKENS_KEPT = 20_000;

/** Short-lived signed bearer tokens: verified without a database round trip on every request. */
@Injectable()
export class AccessTokensService {
  /**
   * Tokens whose signature and claims were checked, with their expiry in ms. Only a token that
   * verified is kept, under its exact text, so a hit is the very token that was verified; its
   * expiry is still checked on every use.
   */
  private readonly verified = new Map<string, { claims: AccessTokenClaims; expiresAt: number }>();
  /** How many to keep (a setting only so that tests can see the oldest go). */
  verifiedLimit = VERIFIED_TOKENS_KEPT;

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
    const claims = this.verifiedClaims(match[1]);
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

  /** The claims of a valid access token (checked once, then remembered until it expires). */
  private verifiedClaims(token: string): AccessTokenClaims {
    const known = this.verified.get(token);
    if (known && Date.now() < known.expiresAt) return known.claims;
    if (known) this.verified.delete(token);
    let claims: AccessTokenClaims & { exp?: number };
    try {
      claims = this.jwt.verify<AccessTokenClaims & { exp?: number }>(token);
    } catch {
      throw expired();
    }
    if (
      typeof claims.sub !== 'string' ||
      !ROLE_CODES.includes(claims.role) ||
      (claims.ver !== undefined && !Number.isInteger(claims.ver))
    ) {
      throw expired();
    }
    // Tokens are always issued with an expiry; one without is verified every time.
    if (typeof claims.exp === 'number') {
      if (this.verified.size >= this.verifiedLimit) {
        const oldest = this.verified.keys().next();
        if (!oldest.done) this.verified.delete(oldest.value);
      }
      this.verified.set(token, { claims, expiresAt: claims.exp * 1000 });
    }
    return claims;
  }
}

function expired(): DomainException {
  return DomainException.unauthenticated(
    'Your session has expired or is not valid. Sign in again.',
    'session_expired',
  );
}
