import { Db } from '../database/db';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Role } from '@ahp/contracts';
import { AppConfig } from '../config/app-config';
import { preparedRows } from '../database/prepared';
import { queryRows } from '../database/query';
import { SessionEntity } from './session.entity';
import { TokenStateCache } from './token-state.cache';
import { OPAQUE_TOKEN_PATTERN, hashToken, newOpaqueToken } from './tokens';

/**
 * What the access guard checks a verified token against: read from the database, or kept by this
 * process until a change to it is announced (TokenStateCache).
 */
export interface TokenState {
  role: Role;
  active: boolean;
  tokenVersion: number;
  /** False when the token's web session was signed out, revoked or has expired. */
  sessionLive: boolean;
  mfaEnabled: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly cache: TokenStateCache,
  ) {}

  /**
   * The person's current state for the access guard: one primary-key read, prepared once per
   * connection, unless this process already read it and no change has been announced since
   * (TokenStateCache). Null when the person no longer exists.
   */
  async tokenState(userId: string, sessionId: string | null): Promise<TokenState | null> {
    if (!UUID.test(userId) || (sessionId !== null && !UUID.test(sessionId))) return null;
    const kept = this.cache.lookup(userId, sessionId);
    if (kept) return kept;
    const generation = this.cache.begin();
    const [row] = await preparedRows<{
      role: Role;
      status: string;
      token_version: number;
      session_live: boolean;
      session_ms_left: number | null;
      mfa_enabled: boolean;
    }>(
      this.dataSource,
      `SELECT u.role, u.status, u.token_version, s.id IS NOT NULL OR $2::uuid IS NULL AS session_live,
              (extract(epoch FROM s.expires_at - now()) * 1000)::float8 AS session_ms_left,
              EXISTS (SELECT 1 FROM user_mfa m WHERE m.user_id = u.id AND m.confirmed_at IS NOT NULL) AS mfa_enabled
         FROM app_user u
         LEFT JOIN user_session s
           ON s.id = $2::uuid AND s.user_id = u.id AND s.revoked_at IS NULL AND s.expires_at > now()
        WHERE u.id = $1::uuid`,
      [userId, sessionId],
    );
    if (!row) return null;
    const state: TokenState = {
      role: row.role,
      active: row.status === 'active',
      tokenVersion: row.token_version,
      sessionLive: row.session_live,
      mfaEnabled: row.mfa_enabled,
    };
    // Kept no longer than the session lives (measured by the database's clock).
    this.cache.keep(userId, sessionId, state, row.session_ms_left ?? Infinity, generation);
    return state;
  }

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
    const rows = await queryRows<{ user_id: string }>(
      this.db.manager,
      `UPDATE user_session SET revoked_at = now() WHERE token_hash = $1 AND revoked_at IS NULL
       RETURNING user_id`,
      [hashToken(token)],
    );
    for (const row of rows) this.cache.changing(row.user_id);
  }

  /** Signs a person out of every browser but the one given; how many sessions were ended. */
  async revokeOthers(em: EntityManager, userId: string, keep: string | null): Promise<number> {
    this.cache.changing(userId);
    const rows = await queryRows<{ id: string }>(
      em,
      `UPDATE user_session SET revoked_at = now()
        WHERE user_id = $1 AND revoked_at IS NULL AND ($2::uuid IS NULL OR id <> $2::uuid)
        RETURNING id`,
      [userId, keep],
    );
    return rows.length;
  }
}
