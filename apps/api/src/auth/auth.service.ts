import { Db } from '../database/db';
import { HttpStatus, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Role } from '@ahp/contracts';
import { AuditService } from '../audit/audit.service';
import { DomainException } from '../common/errors/domain.exception';
import { queryRows } from '../database/query';
import { loadMe } from '../users/me.query';
import type { Actor } from './actor';
import { AccessTokensService, MFA_CHALLENGE_TTL_SECONDS } from './access-tokens.service';
import type {
  AcceptInvitationDto,
  LoginDto,
  LoginResponseDto,
  MfaChallengeDto,
  MfaLoginDto,
} from './dto/auth.dto';
import type { ChangePasswordDto } from './dto/security.dto';
import { InvitationsService } from './invitations.service';
import { LockoutService } from './lockout.service';
import { MfaService, type SecondFactor } from './mfa.service';
import { PasswordService } from './password.service';
import { SessionsService, type NewSession } from './sessions.service';
import { hashToken } from './tokens';

export interface RequestMeta {
  userAgent?: string;
  requestId: string | null;
}

export interface SignedIn {
  response: LoginResponseDto;
  /** The web session to put in the cookie. */
  session: NewSession;
}

/** The password was right and a second factor is owed: no token, no cookie yet. */
export interface MfaChallenge {
  challenge: MfaChallengeDto;
}

interface UserRow {
  id: string;
  email: string;
  name: string;
  role: Role;
  organisation_id: string | null;
  status: string;
  password_hash: string | null;
  token_version: number;
}

const USER_COLUMNS = `id, email, name, role, organisation_id, status, password_hash, token_version`;

const BAD_CREDENTIALS = () =>
  DomainException.unauthenticated(
    'The e-mail address or password is not right.',
    'invalid_credentials',
  );

const BAD_CODE = () =>
  DomainException.unauthenticated(
    'The security code is not right, or it took too long to enter. Check the code in your authenticator app, or sign in again.',
    'invalid_credentials',
  );

const TOO_MANY_INVITATION_ATTEMPTS = () =>
  new DomainException(
    HttpStatus.TOO_MANY_REQUESTS,
    'rate_limited',
    'There have been too many attempts with this invitation. Wait a few minutes and try again.',
  );

@Injectable()
export class AuthService {
  constructor(
    private readonly db: Db,
    private readonly dataSource: DataSource,
    private readonly passwords: PasswordService,
    private readonly tokens: AccessTokensService,
    private readonly sessions: SessionsService,
    private readonly invitations: InvitationsService,
    private readonly lockout: LockoutService,
    private readonly mfa: MfaService,
    private readonly audit: AuditService,
  ) {}

  /**
   * Unknown e-mail, wrong password, a locked account and one not yet activated all get the same
   * answer after the same work (a password hash is always checked), so none can be told apart.
   */
  async login(dto: LoginDto, meta: RequestMeta): Promise<SignedIn | MfaChallenge> {
    const email = dto.email.trim().toLowerCase();
    const account = LockoutService.account(email);
    const [user, locked] = await Promise.all([
      this.findUser('email', email),
      this.lockout.isLocked(account),
    ]);
    const usableHash = user?.status === 'active' ? user.password_hash : null;
    const verified = await this.passwords.verify(usableHash, dto.password);
    if (!user || !usableHash || !verified || locked) {
      const reason = !user
        ? 'unknown_account'
        : !usableHash
          ? 'not_activated'
          : locked
            ? 'locked'
            : 'wrong_password';
      await this.failedAttempt(account, user, reason, meta);
      throw BAD_CREDENTIALS();
    }
    if (this.passwords.needsRehash(usableHash)) {
      await this.dataSource.query(`UPDATE app_user SET password_hash = $2 WHERE id = $1`, [
        user.id,
        await this.passwords.hash(dto.password),
      ]);
    }
    if (await this.mfa.isEnabled(this.db.manager, user.id)) {
      return {
        challenge: {
          mfaRequired: true,
          mfaToken: await this.tokens.issueMfaChallenge(user.id, user.token_version),
          expiresIn: MFA_CHALLENGE_TTL_SECONDS,
        },
      };
    }
    return this.completeSignIn(user, account, meta, null);
  }

  /** The second step: a code from the authenticator app, or a recovery code, for a challenge. */
  async loginWithCode(dto: MfaLoginDto, meta: RequestMeta): Promise<SignedIn> {
    const challenge = this.tokens.verifyMfaChallenge(dto.mfaToken);
    const user = challenge ? await this.findUser('id', challenge.userId) : null;
    if (!challenge || !user || user.status !== 'active') {
      throw BAD_CODE();
    }
    const account = LockoutService.account(user.email);
    // A password change since the challenge was issued ends it, as it ends every session.
    const stale = user.token_version !== challenge.tokenVersion;
    const locked = await this.lockout.isLocked(account);
    const factor =
      stale || locked
        ? null
        : await this.mfa.verifySecondFactor(this.db.manager, user.id, dto.code);
    if (!factor) {
      await this.failedAttempt(account, user, locked ? 'locked' : 'wrong_code', meta, true);
      throw BAD_CODE();
    }
    return this.completeSignIn(user, account, meta, factor);
  }

  /** A fresh access token for the web app, from its session cookie. */
  async refresh(sessionToken: string | undefined): Promise<LoginResponseDto> {
    const session = await this.sessions.use(sessionToken);
    const user = session ? await this.findUser('id', session.userId) : null;
    const me = user && user.status === 'active' ? await loadMe(this.db.manager, user.id) : null;
    if (!session || !user || !me)
      throw DomainException.unauthenticated(
        'Your session has ended. Sign in again.',
        'session_expired',
      );
    return this.withEnrolmentFlag(user, {
      accessToken: await this.tokens.issue(me, session.id, user.token_version),
      expiresIn: this.tokens.ttlSeconds,
      user: me,
    });
  }

  logout(sessionToken: string | undefined): Promise<void> {
    return this.sessions.revoke(sessionToken);
  }

  /** Sets the password with an invitation; too many failures with one invitation lock it for a while. */
  async acceptInvitation(dto: AcceptInvitationDto, meta: RequestMeta): Promise<SignedIn> {
    const subject = LockoutService.invitation(hashToken(dto.token));
    if (await this.lockout.isLocked(subject)) throw TOO_MANY_INVITATION_ATTEMPTS();
    try {
      const signedIn = await this.db.transaction(async (em) => {
        const { userId } = await this.invitations.accept(
          em,
          dto.token,
          dto.password,
          meta.requestId,
        );
        const user = await this.findUser('id', userId, em);
        if (!user) throw BAD_CREDENTIALS();
        return this.startSession(em, user, meta);
      });
      await this.lockout.reset(subject);
      return signedIn;
    } catch (error) {
      if (error instanceof DomainException && error.getStatus() < 500) {
        await this.lockout.recordFailure(subject);
      }
      throw error;
    }
  }

  /**
   * Changes the signed-in person's password after checking the current one. Every other web
   * session ends, and every access token issued before now stops working (the token version moves
   * on); the caller gets a fresh token for the session they are using.
   */
  async changePassword(actor: Actor, dto: ChangePasswordDto): Promise<LoginResponseDto> {
    const user = await this.findUser('id', actor.id);
    if (!user || user.status !== 'active') throw DomainException.unauthenticated();
    const account = LockoutService.account(user.email);
    const locked = await this.lockout.isLocked(account);
    const verified = await this.passwords.verify(user.password_hash, dto.currentPassword);
    if (!verified || locked) {
      const outcome = locked ? null : await this.lockout.recordFailure(account);
      await this.audit.record(this.dataSource.manager, actor, {
        action: 'auth.password_change_failed',
        entityType: 'user',
        entityId: user.id,
        organisationId: user.organisation_id,
        reason: locked ? 'locked' : 'wrong_password',
      });
      if (outcome?.lockedUntil) await this.lockedOut(user, outcome, actor.requestId);
      throw DomainException.invalidField(
        'currentPassword',
        locked
          ? 'There have been too many wrong attempts. Wait a few minutes and try again.'
          : 'Your current password is not right.',
        'invalid_credentials',
      );
    }
    if (dto.newPassword === dto.currentPassword) {
      throw DomainException.invalidField(
        'newPassword',
        'Your new password must be different from your current one',
        'weak_password',
      );
    }
    this.passwords.assertAcceptable(
      dto.newPassword,
      { email: user.email, name: user.name },
      'newPassword',
    );
    const passwordHash = await this.passwords.hash(dto.newPassword);
    const response = await this.db.transaction(async (em) => {
      const [updated] = await queryRows<{ token_version: number }>(
        em,
        `UPDATE app_user
            SET password_hash = $2, password_changed_at = now(), token_version = token_version + 1,
                updated_at = now()
          WHERE id = $1 RETURNING token_version`,
        [user.id, passwordHash],
      );
      const revoked = await this.sessions.revokeOthers(em, user.id, actor.sessionId);
      await this.audit.record(em, actor, {
        action: 'auth.password_changed',
        entityType: 'user',
        entityId: user.id,
        organisationId: user.organisation_id,
        after: { otherSessionsEnded: revoked },
      });
      const me = await loadMe(em, user.id);
      if (!me) throw DomainException.unauthenticated();
      return this.withEnrolmentFlag(user, {
        accessToken: await this.tokens.issue(me, actor.sessionId, updated.token_version),
        expiresIn: this.tokens.ttlSeconds,
        user: me,
      });
    });
    await this.lockout.reset(account);
    return response;
  }

  private async completeSignIn(
    user: UserRow,
    account: Buffer,
    meta: RequestMeta,
    factor: SecondFactor | null,
  ): Promise<SignedIn> {
    const signedIn = await this.db.transaction(async (em) => {
      await em.query(`UPDATE app_user SET last_sign_in_at = now() WHERE id = $1`, [user.id]);
      const actor = this.actorFor(user, meta);
      if (factor) {
        await this.audit.record(em, actor, {
          action: factor === 'totp' ? 'auth.mfa_used' : 'auth.recovery_code_used',
          entityType: 'user',
          entityId: user.id,
          organisationId: user.organisation_id,
        });
      }
      await this.audit.record(em, actor, {
        action: 'auth.signed_in',
        entityType: 'user',
        entityId: user.id,
        organisationId: user.organisation_id,
        after: { secondFactor: factor },
      });
      return this.startSession(em, user, meta);
    });
    await this.lockout.reset(account);
    return signedIn;
  }

  private async failedAttempt(
    account: Buffer,
    user: UserRow | null,
    reason: string,
    meta: RequestMeta,
    secondStep = false,
  ): Promise<void> {
    const outcome = await this.lockout.recordFailure(account);
    await this.audit.record(this.dataSource.manager, null, {
      action: secondStep ? 'auth.mfa_failed' : 'auth.sign_in_failed',
      entityType: 'user',
      entityId: user?.id ?? null,
      organisationId: user?.organisation_id ?? null,
      reason,
    });
    if (outcome.lockedUntil && user) await this.lockedOut(user, outcome, meta.requestId);
  }

  private async lockedOut(
    user: UserRow,
    outcome: { lockedUntil: Date | null; lockouts: number },
    requestId: string | null,
  ): Promise<void> {
    await this.audit.record(this.dataSource.manager, null, {
      action: 'auth.locked_out',
      entityType: 'user',
      entityId: user.id,
      organisationId: user.organisation_id,
      after: {
        lockedUntil: outcome.lockedUntil?.toISOString() ?? null,
        lockouts: outcome.lockouts,
      },
      reason: requestId ? `request ${requestId}` : null,
    });
  }

  private async startSession(
    em: EntityManager,
    user: UserRow,
    meta: RequestMeta,
  ): Promise<SignedIn> {
    const session = await this.sessions.create(em, user.id, meta.userAgent);
    const me = await loadMe(em, user.id);
    if (!me) throw BAD_CREDENTIALS();
    return {
      session,
      response: await this.withEnrolmentFlagIn(em, user, {
        accessToken: await this.tokens.issue(me, session.id, user.token_version),
        expiresIn: this.tokens.ttlSeconds,
        user: me,
      }),
    };
  }

  private withEnrolmentFlag(user: UserRow, response: LoginResponseDto) {
    return this.withEnrolmentFlagIn(this.db.manager, user, response);
  }

  /** Flags a person who must set up two-step verification before doing anything else. */
  private async withEnrolmentFlagIn(
    em: EntityManager,
    user: UserRow,
    response: LoginResponseDto,
  ): Promise<LoginResponseDto> {
    if (this.mfa.isRequiredFor(user.role) && !(await this.mfa.isEnabled(em, user.id))) {
      return { ...response, mfaEnrolmentRequired: true };
    }
    return response;
  }

  private async findUser(
    by: 'email' | 'id',
    value: string,
    em: EntityManager = this.db.manager,
  ): Promise<UserRow | null> {
    if (by === 'id' && !/^[0-9a-f-]{36}$/i.test(value)) return null;
    const [row] = await queryRows<UserRow>(
      em,
      `SELECT ${USER_COLUMNS} FROM app_user WHERE ${by === 'email' ? 'email' : 'id'} = $1`,
      [value],
    );
    return row ?? null;
  }

  private actorFor(user: UserRow, meta: RequestMeta): Actor {
    return {
      id: user.id,
      role: user.role,
      organisationId: user.organisation_id,
      sessionId: null,
      requestId: meta.requestId,
    };
  }
}
