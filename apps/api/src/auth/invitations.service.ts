import { Db } from '../database/db';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { randomUUID } from 'node:crypto';
import type { Role } from '@ahp/contracts';
import type { Actor } from './actor';
import { AuditService } from '../audit/audit.service';
import { DomainException } from '../common/errors/domain.exception';
import { AppConfig } from '../config/app-config';
import { inChunks, queryRows } from '../database/query';
import { MailService } from '../mail/mail.service';
import type { OutgoingMail } from '../mail/mail-transport';
import { invitationMail } from '../mail/templates';
import { UserEntity } from '../users/user.entity';
import type { InvitationDetailsDto } from './dto/auth.dto';
import { InvitationEntity } from './invitation.entity';
import { PasswordService } from './password.service';
import { SecretsService } from './secrets.service';
import { hashToken } from './tokens';

interface OpenInvitationRow {
  id: string;
  user_id: string;
  role: Role;
  expires_at: Date;
  email: string;
  name: string;
  organisation_id: string | null;
  organisation_name: string | null;
}

const INVITATION_GONE = () =>
  new DomainException(
    404,
    'invitation_invalid',
    'This invitation link is not valid: it may have been used already, replaced by a newer one, or expired. Ask whoever invited you to send a new one.',
  );

/**
 * Invitations to choose a password. The link's token is derived from the invitation id with a
 * server secret, so the database holds only its hash and the e-mail job holds only the id.
 */
@Injectable()
export class InvitationsService implements OnModuleInit {
  constructor(
    private readonly db: Db,
    private readonly config: AppConfig,
    private readonly secrets: SecretsService,
    private readonly mail: MailService,
    private readonly passwords: PasswordService,
    private readonly audit: AuditService,
  ) {}

  onModuleInit(): void {
    this.mail.registerRenderer('invitation', (invitationId) => this.render(invitationId));
  }

  /** Invites people (replacing any open invitation they had) and queues the e-mails, in the caller's transaction. */
  async invite(em: EntityManager, actor: Actor | null, userIds: string[]): Promise<void> {
    if (userIds.length === 0) return;
    await em.query(
      `UPDATE invitation SET revoked_at = now() WHERE user_id = ANY($1) AND accepted_at IS NULL AND revoked_at IS NULL`,
      [userIds],
    );
    const expiresAt = new Date(Date.now() + this.config.get('INVITATION_TTL_HOURS') * 3_600_000);
    const invitations = await Promise.all(
      userIds.map(async (userId) => {
        const id = randomUUID();
        const token = await this.secrets.derive('invitation', id);
        return {
          id,
          userId,
          tokenHash: hashToken(token),
          createdBy: actor?.id ?? null,
          expiresAt,
          acceptedAt: null,
          revokedAt: null,
        };
      }),
    );
    await inChunks(invitations, (slice) => em.insert(InvitationEntity, slice));
    await this.mail.enqueue(
      em,
      invitations.map((invitation) => ({ kind: 'invitation', ref: invitation.id })),
    );
  }

  async details(token: string): Promise<InvitationDetailsDto> {
    const invitation = await this.findOpen(this.db.manager, { tokenHash: hashToken(token) }, false);
    if (!invitation) throw INVITATION_GONE();
    return {
      email: invitation.email,
      name: invitation.name,
      organisationName: invitation.organisation_name,
      expiresAt: invitation.expires_at.toISOString(),
    };
  }

  /** Sets the person's password and activates their account; the invitation cannot be used again. */
  async accept(
    em: EntityManager,
    token: string,
    password: string,
    requestId: string | null,
  ): Promise<{ userId: string }> {
    const invitation = await this.findOpen(em, { tokenHash: hashToken(token) }, true);
    if (!invitation) throw INVITATION_GONE();
    this.passwords.assertAcceptable(password, { email: invitation.email, name: invitation.name });
    const passwordHash = await this.passwords.hash(password);
    await em.update(
      UserEntity,
      { id: invitation.user_id },
      { passwordHash, status: 'active', passwordChangedAt: new Date() },
    );
    await em.update(InvitationEntity, { id: invitation.id }, { acceptedAt: new Date() });
    const self: Actor = {
      id: invitation.user_id,
      role: invitation.role,
      organisationId: invitation.organisation_id,
      sessionId: null,
      requestId,
    };
    await this.audit.record(em, self, {
      action: 'user.invitation_accepted',
      entityType: 'user',
      entityId: self.id,
      organisationId: invitation.organisation_id,
      before: { status: 'invited' },
      after: { status: 'active' },
    });
    return { userId: invitation.user_id };
  }

  /** An invitation that can still be used, found by its token's hash or (for the mailer) its id. */
  private async findOpen(
    em: EntityManager,
    by: { tokenHash: Buffer } | { id: string },
    lock: boolean,
  ): Promise<OpenInvitationRow | undefined> {
    const [column, value] = 'id' in by ? ['i.id', by.id] : ['i.token_hash', by.tokenHash];
    const rows = await queryRows<OpenInvitationRow>(
      em,
      `SELECT i.id, i.user_id, i.expires_at, u.role, u.email, u.name, u.organisation_id, o.name AS organisation_name
         FROM invitation i
         JOIN app_user u ON u.id = i.user_id
         LEFT JOIN organisation o ON o.id = u.organisation_id
        WHERE ${column} = $1 AND i.accepted_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > now()
        ${lock ? 'FOR UPDATE OF i' : ''}`,
      [value],
    );
    return rows[0];
  }

  private async render(invitationId: string): Promise<OutgoingMail | null> {
    const invitation = await this.findOpen(this.db.manager, { id: invitationId }, false);
    if (!invitation) return null;
    const token = await this.secrets.derive('invitation', invitation.id);
    return invitationMail({
      to: invitation.email,
      name: invitation.name,
      organisationName: invitation.organisation_name,
      acceptUrl: `${this.config.publicUrl}/accept-invitation?token=${token}`,
      expiresAt: invitation.expires_at,
    });
  }
}
