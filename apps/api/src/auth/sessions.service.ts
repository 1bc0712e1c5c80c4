import { Db } from '../database/db';
import { Injectable } from '@nestjs/common';
import { IsNull, type EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { queryRows } from '../database/query';
import { SessionEntity } from './session.entity';
import { OPAQUE_TOKEN_PATTERN, hashToken, newOpaqueToken } from './tokens';

export interface NewSession {
  id: string;
  token: string;
  expiresAt: Date;
}

/** Web sessions behind the httpOnly cookie; the bearer access tokens are minted from them. */
@Injectable()
export class SessionsService {
  constructor(
    private readonly db: Db,
    private readonly config: AppConfig,
  ) {}

  async create(
    em: EntityManager,
    userId: string,
    userAgent: string | undefined,
  ): Promise<NewSession> {
    const token = newOpaqueToken();
    const expiresAt = new Date(Date.now() + this.config.get('SESSION_TTL_HOURS') * 3_600_000);
    const result = await em.insert(SessionEntity, {
      userId,
      tokenHash: hashToken(token),
      lastUsedAt: new Date(),
      expiresAt,
      revokedAt: null,
      userAgent: userAgent?.slice(0, 300) ?? null,
    });
    return { id: String(result.identifiers[0].id), token, expiresAt };
  }

  /** The live session for a cookie's token, marked as used; null if unknown, expired or revoked. */
  async use(token: string | undefined): Promise<{ id: string; userId: string } | null> {
    if (!token || !OPAQUE_TOKEN_PATTERN.test(token)) return null;
    const rows = await queryRows<{ id: string; user_id: string }>(
      this.db.manager,
      `UPDATE user_session SET last_used_at = now()
        WHERE token_hash = $1 AND revoked_at IS NULL AND expires_at > now()
        RETURNING id, user_id`,
      [hashToken(token)],
    );
    return rows[0] ? { id: rows[0].id, userId: rows[0].user_id } : null;
  }

  async revoke(token: string | undefined): Promise<void> {
    if (!token || !OPAQUE_TOKEN_PATTERN.test(token)) return;
    await this.db.manager
      .getRepository(SessionEntity)
      .update({ tokenHash: hashToken(token), revokedAt: IsNull() }, { revokedAt: new Date() });
  }

  /** Signs a person out everywhere, e.g. after their password changes. */
  async revokeAllFor(em: EntityManager, userId: string): Promise<void> {
    await em.update(SessionEntity, { userId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }
}
