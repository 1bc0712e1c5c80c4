import { Db } from '../database/db';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { DomainException } from '../common/errors/domain.exception';
import { loadMe } from '../users/me.query';
import { UserEntity } from '../users/user.entity';
import { AccessTokensService } from './access-tokens.service';
import type { AcceptInvitationDto, LoginDto, LoginResponseDto } from './dto/auth.dto';
import { InvitationsService } from './invitations.service';
import { PasswordService } from './password.service';
import { SessionsService, type NewSession } from './sessions.service';

export interface RequestMeta {
  userAgent?: string;
  requestId: string | null;
}

export interface SignedIn {
  response: LoginResponseDto;
  /** The web session to put in the cookie. */
  session: NewSession;
}

const BAD_CREDENTIALS = () =>
  DomainException.unauthenticated(
    'The e-mail address or password is not right.',
    'invalid_credentials',
  );

@Injectable()
export class AuthService {
  constructor(
    private readonly db: Db,
    private readonly passwords: PasswordService,
    private readonly tokens: AccessTokensService,
    private readonly sessions: SessionsService,
    private readonly invitations: InvitationsService,
    private readonly audit: AuditService,
  ) {}

  /** Unknown e-mail, wrong password and not-yet-activated account all get the same answer in the same time. */
  async login(dto: LoginDto, meta: RequestMeta): Promise<SignedIn> {
    const email = dto.email.trim().toLowerCase();
    const user = await this.db.manager
      .getRepository(UserEntity)
      .createQueryBuilder('user')
      .addSelect('user.passwordHash')
      .where('user.email = :email', { email })
      .getOne();
    const usableHash = user?.status === 'active' ? user.passwordHash : null;
    const verified = await this.passwords.verify(usableHash, dto.password);
    if (!user || !usableHash || !verified) {
      await this.audit.record(this.db.manager, null, {
        action: 'auth.sign_in_failed',
        entityType: 'user',
        entityId: user?.id ?? null,
        organisationId: user?.organisationId ?? null,
      });
      throw BAD_CREDENTIALS();
    }
    return this.db.transaction(async (em) => {
      const changes: Partial<UserEntity> = { lastSignInAt: new Date() };
      if (this.passwords.needsRehash(usableHash))
        changes.passwordHash = await this.passwords.hash(dto.password);
      await em.update(UserEntity, { id: user.id }, changes);
      await this.audit.record(em, this.actorFor(user, meta), {
        action: 'auth.signed_in',
        entityType: 'user',
        entityId: user.id,
        organisationId: user.organisationId,
      });
      return this.startSession(em, user.id, meta);
    });
  }

  /** A fresh access token for the web app, from its session cookie. */
  async refresh(sessionToken: string | undefined): Promise<LoginResponseDto> {
    const session = await this.sessions.use(sessionToken);
    if (!session)
      throw DomainException.unauthenticated(
        'Your session has ended. Sign in again.',
        'session_expired',
      );
    const me = await loadMe(this.db.manager, session.userId);
    if (!me || me.status !== 'active')
      throw DomainException.unauthenticated(
        'Your session has ended. Sign in again.',
        'session_expired',
      );
    return {
      accessToken: await this.tokens.issue(me, session.id),
      expiresIn: this.tokens.ttlSeconds,
      user: me,
    };
  }

  logout(sessionToken: string | undefined): Promise<void> {
    return this.sessions.revoke(sessionToken);
  }

  acceptInvitation(dto: AcceptInvitationDto, meta: RequestMeta): Promise<SignedIn> {
    return this.db.transaction(async (em) => {
      const { userId } = await this.invitations.accept(em, dto.token, dto.password, meta.requestId);
      return this.startSession(em, userId, meta);
    });
  }

  private async startSession(
    em: EntityManager,
    userId: string,
    meta: RequestMeta,
  ): Promise<SignedIn> {
    const session = await this.sessions.create(em, userId, meta.userAgent);
    const me = await loadMe(em, userId);
    if (!me) throw BAD_CREDENTIALS();
    return {
      session,
      response: {
        accessToken: await this.tokens.issue(me, session.id),
        expiresIn: this.tokens.ttlSeconds,
        user: me,
      },
    };
  }

  private actorFor(user: UserEntity, meta: RequestMeta) {
    return {
      id: user.id,
      role: user.role,
      organisationId: user.organisationId,
      sessionId: null,
      requestId: meta.requestId,
    };
  }
}
