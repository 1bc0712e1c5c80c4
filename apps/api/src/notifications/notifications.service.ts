import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Notification, NotificationPage } from '@ahp/contracts';
import type { Actor } from '../auth/actor';
import { decodeCursor, encodeCursor } from '../common/pagination/page';
import { AppConfig } from '../config/app-config';
import { Db } from '../database/db';
import { queryRows } from '../database/query';
import { MailService } from '../mail/mail.service';
import type { OutgoingMail } from '../mail/mail-transport';
import { notificationMail } from '../mail/templates';

export interface NotificationMessage {
  kind: string;
  title: string;
  body: string;
  /** A path in the web app, e.g. /applications. */
  link: string | null;
}

interface NotificationRow {
  id: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  created_at: Date;
  read_at: Date | null;
}

/**
 * In-app notifications (the bell) and the same message by e-mail. Written in the transaction of
 * the change they announce: both exist if and only if it commits. The e-mail goes through the job
 * queue, so a mail server that is down delays it (with retries) but never blocks the change.
 */
@Injectable()
export class NotificationsService implements OnModuleInit {
  constructor(
    private readonly db: Db,
    private readonly mail: MailService,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.mail.registerRenderer('notification', (id) => this.render(id));
  }

  async notify(
    em: EntityManager,
    userIds: Iterable<string>,
    message: NotificationMessage,
  ): Promise<void> {
    await this.notifyEach(em, [{ userIds, message }]);
  }

  /**
   * Several messages, each to its own people, in one INSERT and one batch of e-mails (a bulk
   * approval tells thousands of students at once). Each person gets each message once.
   */
  async notifyEach(
    em: EntityManager,
    messages: { userIds: Iterable<string>; message: NotificationMessage }[],
  ): Promise<void> {
    const columns = {
      userId: [] as string[],
      kind: [] as string[],
      title: [] as string[],
      body: [] as string[],
      link: [] as (string | null)[],
    };
    for (const { userIds, message } of messages) {
      for (const userId of new Set(userIds)) {
        columns.userId.push(userId);
        columns.kind.push(message.kind);
        columns.title.push(message.title);
        columns.body.push(message.body);
        columns.link.push(message.link);
      }
    }
    if (columns.userId.length === 0) return;
    const rows = await queryRows<{ id: string }>(
      em,
      `INSERT INTO notification (user_id, kind, title, body, link)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[]) RETURNING id`,
      [columns.userId, columns.kind, columns.title, columns.body, columns.link],
    );
    await this.mail.enqueue(
      em,
      rows.map((row) => ({ kind: 'notification', ref: row.id })),
    );
  }

  /** The user ids of an organisation's people in a role (e.g. a university's coordinators). */
  async peopleOf(
    em: EntityManager,
    organisationId: string,
    role: 'coordinator' | 'provider',
  ): Promise<string[]> {
    return (await this.peopleOfEach(em, [organisationId], role)).get(organisationId) ?? [];
  }

  /** {@link peopleOf} for several organisations in one query, by organisation id. */
  async peopleOfEach(
    em: EntityManager,
    organisationIds: Iterable<string>,
    role: 'coordinator' | 'provider',
  ): Promise<Map<string, string[]>> {
    const rows = await queryRows<{ id: string; organisation_id: string }>(
      em,
      `SELECT id, organisation_id FROM app_user WHERE organisation_id = ANY ($1::uuid[]) AND role = $2`,
      [[...new Set(organisationIds)], role],
    );
    const people = new Map<string, string[]>();
    for (const row of rows) {
      const list = people.get(row.organisation_id) ?? [];
      list.push(row.id);
      people.set(row.organisation_id, list);
    }
    return people;
  }

  async list(actor: Actor, limit: number, cursor?: string): Promise<NotificationPage> {
    const after = decodeCursor(cursor, 2);
    const rows = await queryRows<NotificationRow>(
      this.db.manager,
      `SELECT id, kind, title, body, link, created_at, read_at FROM notification
        WHERE user_id = $1 ${after ? 'AND (created_at, id) < ($3::timestamptz, $4::uuid)' : ''}
        ORDER BY created_at DESC, id DESC LIMIT $2`,
      after ? [actor.id, limit + 1, after[0], after[1]] : [actor.id, limit + 1],
    );
    const [{ unread }] = await queryRows<{ unread: number }>(
      this.db.manager,
      `SELECT count(*)::int AS unread FROM notification WHERE user_id = $1 AND read_at IS NULL`,
      [actor.id],
    );
    const kept = rows.slice(0, limit);
    const last = kept[kept.length - 1];
    return {
      items: kept.map(toNotification),
      nextCursor:
        rows.length > limit && last ? encodeCursor([last.created_at.toISOString(), last.id]) : null,
      unread,
    };
  }

  /** Marks the caller's notifications read: those named, or all of them. */
  async markRead(actor: Actor, ids?: string[]): Promise<{ unread: number }> {
    await this.db.manager.query(
      `UPDATE notification SET read_at = now() WHERE user_id = $1 AND read_at IS NULL ${ids ? 'AND id = ANY($2::uuid[])' : ''}`,
      ids ? [actor.id, ids] : [actor.id],
    );
    const [{ unread }] = await queryRows<{ unread: number }>(
      this.db.manager,
      `SELECT count(*)::int AS unread FROM notification WHERE user_id = $1 AND read_at IS NULL`,
      [actor.id],
    );
    return { unread };
  }

  private async render(id: string): Promise<OutgoingMail | null> {
    const rows = await queryRows<NotificationRow & { email: string; name: string }>(
      this.db.manager,
      `SELECT n.id, n.title, n.body, n.link, u.email, u.name FROM notification n JOIN app_user u ON u.id = n.user_id WHERE n.id = $1`,
      [id],
    );
    const row = rows[0];
    if (!row) return null;
    return notificationMail({
      to: row.email,
      name: row.name,
      title: row.title,
      body: row.body,
      url: row.link ? `${this.config.publicUrl}${row.link}` : null,
    });
  }
}

function toNotification(row: NotificationRow): Notification {
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    body: row.body,
    link: row.link,
    createdAt: row.created_at.toISOString(),
    read: row.read_at !== null,
  };
}
