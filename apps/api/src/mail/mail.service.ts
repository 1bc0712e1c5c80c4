import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { JobsService } from '../jobs/jobs.service';
import { MailTransport, type OutgoingMail } from './mail-transport';

/**
 * What the e-mail queue carries: a kind and a reference, never the message itself, so nothing
 * secret (such as an invitation link) sits in the job table. The module that owns a kind renders
 * it at send time, from current data: a revoked invitation is simply not sent.
 */
export interface EmailJob {
  kind: string;
  ref: string;
}

export type EmailRenderer = (ref: string) => Promise<OutgoingMail | null>;

@Injectable()
export class MailService implements OnApplicationBootstrap {
  private readonly logger = new Logger(MailService.name);
  private readonly renderers = new Map<string, EmailRenderer>();

  constructor(
    private readonly jobs: JobsService,
    private readonly transport: MailTransport,
  ) {}

  /** Called by the module that owns a kind of e-mail, once, at start-up. */
  registerRenderer(kind: string, renderer: EmailRenderer): void {
    this.renderers.set(kind, renderer);
  }

  /** Queues e-mails in the caller's transaction; a worker sends them and retries failures. */
  enqueue(em: EntityManager, jobs: EmailJob[]): Promise<void> {
    return this.jobs.enqueue(em, 'email', jobs);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.jobs.work<EmailJob>('email', (job) => this.deliver(job));
  }

  /** Throws on a transport failure so the queue retries with back-off. */
  async deliver(job: EmailJob): Promise<void> {
    const render = this.renderers.get(job.kind);
    if (!render) {
      this.logger.error(`No renderer for e-mail kind "${job.kind}"; dropping job for ${job.ref}`);
      return;
    }
    const mail = await render(job.ref);
    if (!mail) {
      this.logger.log(`E-mail ${job.kind} for ${job.ref} is no longer needed; not sent`);
      return;
    }
    await this.transport.send(mail);
  }
}
