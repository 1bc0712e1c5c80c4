import { Logger } from '@nestjs/common';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppConfig } from '../config/app-config';
import { MailTransport } from './mail-transport';

describe('MailTransport writing to a folder', () => {
  let dir: string;
  let transport: MailTransport;

  beforeAll(() => Logger.overrideLogger(false));
  afterAll(() => Logger.overrideLogger(new Logger()));

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mail-'));
    const settings: Record<string, string | undefined> = { MAIL_FROM: 'placements@test.example' };
    transport = new MailTransport({
      get: (key: string) => settings[key],
      mailDir: dir,
    } as unknown as AppConfig);
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps every message, whole, even when several go to one address at once', async () => {
    const sent = Array.from({ length: 20 }, (_, i) => ({
      to: 'same@test.example',
      subject: `Message ${i}`,
      text: `Body ${i}`,
      html: `<p>Body ${i}</p>`,
    }));
    await Promise.all(sent.map((mail) => transport.send(mail)));

    const files = readdirSync(dir);
    // No half-written (hidden) files are left behind, and none overwrote another.
    expect(files.filter((file) => file.startsWith('.'))).toEqual([]);
    expect(files).toHaveLength(20);
    expect(files.every((file) => file.endsWith('-same@test.example.eml'))).toBe(true);
    const subjects = files
      .map((file) => /^Subject: (.*)$/m.exec(readFileSync(join(dir, file), 'utf8'))?.[1])
      .sort((a, b) => Number(a?.split(' ')[1]) - Number(b?.split(' ')[1]));
    expect(subjects).toEqual(sent.map((mail) => mail.subject));
  });

  it('names files so that they sort in the order they were written', async () => {
    await transport.send({ to: 'a@test.example', subject: 'First', text: '1', html: '1' });
    await new Promise((resolve) => setTimeout(resolve, 5));
    await transport.send({ to: 'b@test.example', subject: 'Second', text: '2', html: '2' });
    const files = readdirSync(dir).sort();
    expect(
      files.map((file) => /^Subject: (.*)$/m.exec(readFileSync(join(dir, file), 'utf8'))?.[1]),
    ).toEqual(['First', 'Second']);
  });
});
