import { Injectable } from '@nestjs/common';
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import { toDataURL } from 'qrcode';
import { DataSource, type EntityManager } from 'typeorm';
import type { Role } from '@ahp/contracts';
import { AuditService } from '../audit/audit.service';
import { DomainException } from '../common/errors/domain.exception';
import { TokenStateCache } from './token-state.cache';
import { AppConfig } from '../config/app-config';
import { Db } from '../database/db';
import { NotificationsService } from '../notifications/notifications.service';
import { queryRows } from '../database/query';
import type { Actor } from './actor';
import { LockoutService } from './lockout.service';
import { mfaRequiredRoles } from './mfa-policy';
import { PasswordService } from './password.service';
import { SecretsService } from './secrets.service';

export const TOTP_ISSUER = 'AHP Placements';
const TOTP_PERIOD = 30;
const TOTP_DIGITS = 6;
/** Codes from the step before and after are accepted too, for clocks a little out. */
const TOTP_WINDOW = 1;
export const RECOVERY_CODE_COUNT = 10;
/** Crockford's base32: no I, L, O or U, so codes read aloud or copied by hand survive. */
const RECOVERY_ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
/** 24 characters of 5 bits: 120 bits, enough for a plain SHA-256 to be a safe way to store them. */
const RECOVERY_CODE_LENGTH = 24;
const CIPHER_VERSION = 1;

export type SecondFactor = 'totp' | 'recovery_code';

export interface MfaStatus {
  enabled: boolean;
  required: boolean;
  enrolmentRequired: boolean;
  recoveryCodesLeft: number | null;
}

export interface MfaEnrolment {
  secret: string;
  otpauthUri: string;
  qrCode: string;
}

const TOO_MANY = () =>
  new DomainException(
    429,
    'rate_limited',
    'There have been too many wrong attempts. Wait a few minutes and try again.',
  );

/**
 * Two-step verification with time-based one-time passwords (RFC 6238: SHA-1, 6 digits, 30 s),
 * as every authenticator app supports. Secrets are kept encrypted (AES-256-GCM, bound to the
 * person) and never shown again after enrolment; each code works once; ten single-use recovery
 * codes, stored only as hashes, stand in for a lost phone.
 */
@Injectable()
export class MfaService {
  private readonly requiredRoles: ReadonlySet<Role>;

  constructor(
    private readonly db: Db,
    private readonly dataSource: DataSource,
    private readonly secrets: SecretsService,
    private readonly passwords: PasswordService,
    private readonly lockout: LockoutService,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
    private readonly tokenStates: TokenStateCache,
    config: AppConfig,
  ) {
    this.requiredRoles = mfaRequiredRoles(config);
  }

  isRequiredFor(role: Role): boolean {
    return this.requiredRoles.has(role);
  }

  async isEnabled(em: EntityManager, userId: string): Promise<boolean> {
    const rows = await queryRows(
      em,
      `SELECT 1 FROM user_mfa WHERE user_id = $1 AND confirmed_at IS NOT NULL`,
      [userId],
    );
    return rows.length > 0;
  }

  async status(actor: Actor): Promise<MfaStatus> {
    const [row] = await queryRows<{ enabled: boolean; left: number }>(
      this.db.manager,
      `SELECT EXISTS (SELECT 1 FROM user_mfa WHERE user_id = $1 AND confirmed_at IS NOT NULL) AS enabled,
              (SELECT count(*)::int FROM mfa_recovery_code WHERE user_id = $1 AND used_at IS NULL) AS left`,
      [actor.id],
    );
    const required = this.isRequiredFor(actor.role);
    return {
      enabled: row.enabled,
      required,
      enrolmentRequired: required && !row.enabled,
      recoveryCodesLeft: row.enabled ? row.left : null,
    };
  }

  /** Starts (or starts again) setting up an authenticator: a new secret, shown this once. */
  async enrol(actor: Actor): Promise<MfaEnrolment> {
    const email = await this.emailOf(actor.id);
    if (await this.isEnabled(this.db.manager, actor.id)) {
      throw DomainException.conflict(
        'conflict',
        'Two-step verification is already set up. Turn it off first to set up a new authenticator app.',
      );
    }
    const secret = new Secret({ size: 20 });
    await this.db.manager.query(
      `INSERT INTO user_mfa (user_id, secret_ciphertext) VALUES ($1, $2)
       ON CONFLICT (user_id) DO UPDATE SET secret_ciphertext = EXCLUDED.secret_ciphertext,
         created_at = now(), last_used_step = NULL
       WHERE user_mfa.confirmed_at IS NULL`,
      [actor.id, await this.encrypt(actor.id, secret.base32)],
    );
    const otpauthUri = this.totp(secret, email).toString();
    return {
      secret: secret.base32,
      otpauthUri,
      qrCode: await toDataURL(otpauthUri, { errorCorrectionLevel: 'M', margin: 2, width: 264 }),
    };
  }

  /** Finishes setting up with a code from the app; returns the recovery codes, shown this once. */
  async confirm(actor: Actor, code: string): Promise<string[]> {
    const email = await this.emailOf(actor.id);
    const account = LockoutService.account(email);
    if (await this.lockout.isLocked(account)) throw TOO_MANY();
    const step = await this.checkTotp(this.db.manager, actor.id, email, code, false);
    if (step === 'none') {
      throw DomainException.conflict(
        'conflict',
        'Start setting up two-step verification first: there is no authenticator waiting to be confirmed.',
      );
    }
    if (step === null) {
      await this.failed(actor, account, 'confirm');
      throw wrongCode();
    }
    return this.db.transaction(async (em) => {
      this.tokenStates.changing(actor.id);
      await em.query(`UPDATE user_mfa SET confirmed_at = now() WHERE user_id = $1`, [actor.id]);
      const codes = await this.replaceRecoveryCodes(em, actor.id);
      await this.audit.record(em, actor, {
        action: 'auth.mfa_enrolled',
        entityType: 'user',
        entityId: actor.id,
        organisationId: actor.organisationId,
        after: { mfa: 'totp', recoveryCodes: codes.length },
      });
      return codes;
    });
  }

  /** Turns two-step verification off, with the password and a code (or recovery code). */
  async disable(actor: Actor, password: string, code: string): Promise<void> {
    if (this.isRequiredFor(actor.role)) {
      throw DomainException.forbidden(
        'Two-step verification is required for your role, so it cannot be turned off.',
      );
    }
    const user = await this.userWithHash(actor.id);
    const account = LockoutService.account(user.email);
    if (await this.lockout.isLocked(account)) throw TOO_MANY();
    if (!(await this.isEnabled(this.db.manager, actor.id))) {
      throw DomainException.conflict('conflict', 'Two-step verification is not turned on.');
    }
    if (!(await this.passwords.verify(user.passwordHash, password))) {
      await this.failed(actor, account, 'disable');
      throw DomainException.invalidField(
        'password',
        'Your password is not right.',
        'invalid_credentials',
      );
    }
    const factor = await this.verifySecondFactor(this.db.manager, actor.id, code);
    if (!factor) {
      await this.failed(actor, account, 'disable');
      throw wrongCode();
    }
    await this.db.transaction(async (em) => {
      this.tokenStates.changing(actor.id);
      await em.query(`DELETE FROM mfa_recovery_code WHERE user_id = $1`, [actor.id]);
      await em.query(`DELETE FROM user_mfa WHERE user_id = $1`, [actor.id]);
      await this.audit.record(em, actor, {
        action: 'auth.mfa_disabled',
        entityType: 'user',
        entityId: actor.id,
        organisationId: actor.organisationId,
        before: { mfa: 'totp' },
        after: { mfa: null, confirmedWith: factor },
      });
    });
  }

  /**
   * An admin turns off someone else's two-step verification, for a person who has lost both their
   * app and their recovery codes. Their sessions end at once (every access token too), so whoever
   * signs in next proves the password and, where their role requires it, sets up a new factor
   * before doing anything else. The person is told in the app and by e-mail, and the reason is
   * audited. An admin's own factor is changed only through their own settings, with proof.
   */
  async resetFor(actor: Actor, userId: string, reason: string): Promise<void> {
    if (actor.role !== 'admin')
      throw DomainException.forbidden('Only an admin can reset two-step verification.');
    if (actor.id === userId)
      throw DomainException.forbidden(
        'You cannot reset your own two-step verification; change it in your security settings.',
      );
    await this.db.transaction(async (em) => {
      const [person] = await queryRows<{ id: string; organisation_id: string | null }>(
        em,
        `SELECT id, organisation_id FROM app_user WHERE id = $1 AND status <> 'erased' FOR UPDATE`,
        [userId],
      );
      if (!person) throw DomainException.notFound('User');
      this.tokenStates.changing(userId);
      const removed = await queryRows<{ user_id: string }>(
        em,
        `DELETE FROM user_mfa WHERE user_id = $1 RETURNING user_id`,
        [userId],
      );
      if (!removed.length)
        throw DomainException.conflict(
          'conflict',
          'This person has not set up two-step verification.',
        );
      await em.query(
        `UPDATE app_user SET token_version = token_version + 1, updated_at = now() WHERE id = $1`,
        [userId],
      );
      const ended = await queryRows<{ id: string }>(
        em,
        `UPDATE user_session SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL RETURNING id`,
        [userId],
      );
      await this.audit.record(em, actor, {
        action: 'auth.mfa_reset',
        entityType: 'user',
        entityId: userId,
        organisationId: person.organisation_id,
        before: { mfa: 'totp' },
        after: { mfa: null, sessionsEnded: ended.length },
        reason,
      });
      await this.notifications.notify(em, [userId], {
        kind: 'mfa_reset',
        title: 'Your two-step verification was reset',
        body: 'An administrator turned off two-step verification on your account, and signed you out everywhere. Sign in with your password to set it up again. If you did not ask for this, tell your administrator at once.',
        link: '/profile/two-step-verification',
      });
    });
  }

  /** New recovery codes (the old ones stop working), after a code proves the person has the app. */
  async regenerateRecoveryCodes(actor: Actor, code: string): Promise<string[]> {
    const email = await this.emailOf(actor.id);
    const account = LockoutService.account(email);
    if (await this.lockout.isLocked(account)) throw TOO_MANY();
    if (!(await this.isEnabled(this.db.manager, actor.id))) {
      throw DomainException.conflict('conflict', 'Two-step verification is not turned on.');
    }
    const factor = await this.verifySecondFactor(this.db.manager, actor.id, code);
    if (!factor) {
      await this.failed(actor, account, 'recovery_codes');
      throw wrongCode();
    }
    return this.db.transaction(async (em) => {
      const codes = await this.replaceRecoveryCodes(em, actor.id);
      await this.audit.record(em, actor, {
        action: 'auth.recovery_codes_regenerated',
        entityType: 'user',
        entityId: actor.id,
        organisationId: actor.organisationId,
        after: { recoveryCodes: codes.length, confirmedWith: factor },
      });
      return codes;
    });
  }

  /**
   * Checks and uses up a second factor of an enrolled person: a 6-digit code from the app (each
   * accepted once, never an earlier one again) or one of their recovery codes. Null if neither.
   */
  async verifySecondFactor(
    em: EntityManager,
    userId: string,
    code: string,
  ): Promise<SecondFactor | null> {
    const compact = code.replace(/[\s-]/g, '');
    if (/^\d{6}$/.test(compact)) {
      const email = await this.emailOf(userId);
      const step = await this.checkTotp(em, userId, email, compact, true);
      return typeof step === 'number' ? 'totp' : null;
    }
    const normalised = normaliseRecoveryCode(compact);
    if (normalised.length !== RECOVERY_CODE_LENGTH) return null;
    const used = await queryRows(
      em,
      `UPDATE mfa_recovery_code SET used_at = now()
        WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL
          AND EXISTS (SELECT 1 FROM user_mfa WHERE user_id = $1 AND confirmed_at IS NOT NULL)
        RETURNING 1`,
      [userId, hashRecoveryCode(normalised)],
    );
    return used.length ? 'recovery_code' : null;
  }

  /**
   * The time step a code matched, after marking it used; null for a wrong or reused code;
   * 'none' when there is no authenticator in the asked-for state (pending or confirmed).
   */
  private async checkTotp(
    em: EntityManager,
    userId: string,
    email: string,
    code: string,
    confirmed: boolean,
  ): Promise<number | null | 'none'> {
    const [row] = await queryRows<{ secret_ciphertext: Buffer }>(
      em,
      `SELECT secret_ciphertext FROM user_mfa WHERE user_id = $1 AND (confirmed_at IS NOT NULL) = $2`,
      [userId, confirmed],
    );
    if (!row) return 'none';
    const compact = code.replace(/\s/g, '');
    if (!/^\d{6}$/.test(compact)) return null;
    const secret = Secret.fromBase32(await this.decrypt(userId, row.secret_ciphertext));
    const now = Date.now();
    const delta = this.totp(secret, email).validate({
      token: compact,
      timestamp: now,
      window: TOTP_WINDOW,
    });
    if (delta === null) return null;
    const step = TOTP.counter({ period: TOTP_PERIOD, timestamp: now }) + delta;
    // Atomic: of two requests with the same code, only one gets through.
    const used = await queryRows(
      em,
      `UPDATE user_mfa SET last_used_step = $2
        WHERE user_id = $1 AND (last_used_step IS NULL OR last_used_step < $2)
        RETURNING 1`,
      [userId, step],
    );
    return used.length ? step : null;
  }

  private async failed(actor: Actor, account: Buffer, during: string): Promise<void> {
    const outcome = await this.lockout.recordFailure(account);
    // Outside the request's transaction: a refused attempt must stay on record.
    await this.audit.record(this.dataSource.manager, actor, {
      action: 'auth.mfa_failed',
      entityType: 'user',
      entityId: actor.id,
      organisationId: actor.organisationId,
      reason: during,
    });
    if (outcome.lockedUntil) {
      await this.audit.record(this.dataSource.manager, actor, {
        action: 'auth.locked_out',
        entityType: 'user',
        entityId: actor.id,
        organisationId: actor.organisationId,
        after: { lockedUntil: outcome.lockedUntil.toISOString(), lockouts: outcome.lockouts },
      });
    }
  }

  private async replaceRecoveryCodes(em: EntityManager, userId: string): Promise<string[]> {
    const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
    await em.query(`DELETE FROM mfa_recovery_code WHERE user_id = $1`, [userId]);
    await em.query(
      `INSERT INTO mfa_recovery_code (user_id, code_hash) SELECT $1, unnest($2::bytea[])`,
      [userId, codes.map((code) => hashRecoveryCode(normaliseRecoveryCode(code)))],
    );
    return codes;
  }

  private totp(secret: Secret, email: string): TOTP {
    return new TOTP({
      issuer: TOTP_ISSUER,
      label: email,
      algorithm: 'SHA1',
      digits: TOTP_DIGITS,
      period: TOTP_PERIOD,
      secret,
    });
  }

  private async emailOf(userId: string): Promise<string> {
    return (await this.userWithHash(userId)).email;
  }

  private async userWithHash(
    userId: string,
  ): Promise<{ email: string; passwordHash: string | null }> {
    const [row] = await queryRows<{ email: string; password_hash: string | null }>(
      this.db.manager,
      `SELECT email, password_hash FROM app_user WHERE id = $1`,
      [userId],
    );
    if (!row) throw DomainException.unauthenticated();
    return { email: row.email, passwordHash: row.password_hash };
  }

  private async encrypt(userId: string, plain: string): Promise<Buffer> {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', await this.secrets.encryptionKey('mfa'), iv);
    cipher.setAAD(Buffer.from(userId, 'utf8'));
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return Buffer.concat([Buffer.from([CIPHER_VERSION]), iv, cipher.getAuthTag(), body]);
  }

  private async decrypt(userId: string, stored: Buffer): Promise<string> {
    if (stored[0] !== CIPHER_VERSION) throw new Error('Unknown two-step secret format');
    const decipher = createDecipheriv(
      'aes-256-gcm',
      await this.secrets.encryptionKey('mfa'),
      stored.subarray(1, 13),
    );
    decipher.setAAD(Buffer.from(userId, 'utf8'));
    decipher.setAuthTag(stored.subarray(13, 29));
    return Buffer.concat([decipher.update(stored.subarray(29)), decipher.final()]).toString('utf8');
  }
}

function wrongCode(): DomainException {
  return DomainException.invalidField(
    'code',
    'The security code is not right. Check the code in your authenticator app and try again.',
    'invalid_credentials',
  );
}

/** Four groups of six, e.g. "7hq2kd-9xw4pa-m3tz8c-vn5r1e". */
function newRecoveryCode(): string {
  const bytes = randomBytes(RECOVERY_CODE_LENGTH);
  const chars = Array.from(bytes, (byte) => RECOVERY_ALPHABET[byte & 31]).join('');
  return [0, 6, 12, 18].map((start) => chars.slice(start, start + 6)).join('-');
}

/** Forgives case, spaces, hyphens and the letters Crockford's alphabet leaves out. */
export function normaliseRecoveryCode(code: string): string {
  return code.toLowerCase().replace(/[\s-]/g, '').replace(/[il]/g, '1').replace(/o/g, '0');
}

function hashRecoveryCode(normalised: string): Buffer {
  return createHash('sha256').update(`recovery:${normalised}`, 'utf8').digest();
}
