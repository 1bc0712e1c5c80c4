import { Injectable, Logger } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import { randomBytes } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppConfig } from '../config/app-config';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/**
 * Sends through SMTP when SMTP_URL is set. Otherwise (development, demos, tests) each message is
 * written as an .eml file in MAIL_DIR, where a developer can open it in any mail program.
 */
@Injectable()
export class MailTransport {
  private readonly logger = new Logger(MailTransport.name);
  private readonly transporter: Transporter;
  private readonly toFiles: boolean;

  constructor(private readonly config: AppConfig) {
    const smtpUrl = config.get('SMTP_URL');
    this.toFiles = !smtpUrl;
    this.transporter = smtpUrl
      ? createTransport(smtpUrl)
      : createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  }

  async send(mail: OutgoingMail): Promise<void> {
    const info = await this.transporter.sendMail({ from: this.config.get('MAIL_FROM'), ...mail });
    if (this.toFiles) {
      const dir = this.config.mailDir;
      await mkdir(dir, { recursive: true });
      const safeTo = mail.to.replace(/[^a-z0-9@._-]/gi, '_');
      // Time first so that names sort in the order written; a random part so that two messages to
      // one address in the same millisecond keep separate files.
      const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(4).toString('hex')}-${safeTo}.eml`;
      const file = join(dir, name);
      // Written under a hidden name and renamed into place (atomic on one file system), so that
      // whoever watches the folder never opens a message that is still being written.
      const partial = join(dir, `.${name}.partial`);
      await writeFile(partial, info.message as Buffer);
      await rename(partial, file);
      this.logger.log(`E-mail "${mail.subject}" to ${mail.to} written to ${file}`);
    }
  }
}
