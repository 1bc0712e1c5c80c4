import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InjectOptions, Response as InjectResponse } from 'light-my-request';
import { DataSource } from 'typeorm';
import type { LoginResponse, Role } from '@ahp/contracts';
import { createApp } from '../../src/app.setup';
import { validateEnvironment } from '../../src/config/environment';
import { createTestDatabase } from './database';

export const ADMIN = { email: 'admin@test.example', password: 'correct horse battery staple 42' };
/** A password the policy accepts, for people the tests create. */
export const GOOD_PASSWORD = 'lantern-orchard-47-quietly';

export interface CallOptions {
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
  query?: Record<string, string>;
}

export interface Reply<T = unknown> {
  status: number;
  body: T;
  headers: InjectResponse['headers'];
  text: string;
  cookies: InjectResponse['cookies'];
}

/**
 * The real application (every module, real PostgreSQL) built exactly as production builds it,
 * with its own database and mail folder, driven through Fastify's in-process request injection.
 */
export class TestApp {
  private constructor(
    readonly app: NestFastifyApplication,
    readonly db: DataSource,
    readonly mailDir: string,
    /** The test database, for a second API process to share. */
    readonly databaseUrl: string,
    private readonly cleanup: () => Promise<void>,
  ) {}

  static async start(overrides: Record<string, string> = {}): Promise<TestApp> {
    const database = await createTestDatabase();
    const dataDir = mkdtempSync(join(tmpdir(), 'ahp-app-'));
    const environment = validateEnvironment({
      NODE_ENV: 'test',
      DATABASE_URL: database.url,
      DATA_DIR: dataDir,
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      LOG_LEVEL: 'silent',
      JOB_POLL_INTERVAL_SECONDS: '0.5',
      AUTH_RATE_LIMIT_PER_MINUTE: '1000',
      WEB_DIST_DIR: join(dataDir, 'no-web-app'),
      PUBLIC_URL: 'https://placements.test',
      DB_POOL_SIZE: '5',
      ...overrides,
    });
    const app = await createApp(environment);
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    const db = app.get(DataSource);
    return new TestApp(app, db, join(dataDir, 'mail'), database.url, async () => {
      await app.close();
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    });
  }

  close(): Promise<void> {
    return this.cleanup();
  }

  async call<T = unknown>(
    method: InjectOptions['method'],
    url: string,
    options: CallOptions = {},
  ): Promise<Reply<T>> {
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    const request: InjectOptions = { method, url, headers, query: options.query };
    if (options.body !== undefined) {
      if (typeof options.body === 'string') {
        request.payload = options.body;
        headers['content-type'] ??= 'text/plain';
      } else {
        request.payload = options.body as object;
      }
    }
    const response = await this.app.inject(request);
    let body: unknown = response.body;
    if ((response.headers['content-type'] ?? '').toString().includes('json') && response.body)
      body = response.json();
    return {
      status: response.statusCode,
      body: body as T,
      headers: response.headers,
      text: response.body,
      cookies: response.cookies,
    };
  }

  get = <T = unknown>(url: string, options?: CallOptions) => this.call<T>('GET', url, options);
  post = <T = unknown>(url: string, options?: CallOptions) => this.call<T>('POST', url, options);
  patch = <T = unknown>(url: string, options?: CallOptions) => this.call<T>('PATCH', url, options);
  put = <T = unknown>(url: string, options?: CallOptions) => this.call<T>('PUT', url, options);

  async login(email: string, password: string): Promise<LoginResponse> {
    const reply = await this.post<LoginResponse>('/api/auth/login', { body: { email, password } });
    if (reply.status !== 200)
      throw new Error(`Sign-in as ${email} failed: ${reply.status} ${reply.text}`);
    return reply.body;
  }

  async adminToken(): Promise<string> {
    return (await this.login(ADMIN.email, ADMIN.password)).accessToken;
  }

  // ---- test data, created through the API as an admin would ----------------------------------

  async createOrganisation(
    token: string,
    type: 'university' | 'provider',
    name: string,
    region = 'north_west',
    postcode?: string,
  ) {
    const reply = await this.post<{ id: string }>('/api/organisations', {
      token,
      body: { name, type, region, ...(postcode ? { postcode } : {}) },
    });
    if (reply.status !== 201) throw new Error(`Could not create ${name}: ${reply.text}`);
    return reply.body;
  }

  /** Creates an active person (with a password) and signs them in. */
  async createUser(
    token: string,
    role: Role,
    organisationId: string | null,
    extra: { email?: string; name?: string; studentProfile?: object } = {},
  ): Promise<{ id: string; email: string; token: string }> {
    const email = extra.email ?? `${role}.${Math.random().toString(36).slice(2, 10)}@test.example`;
    const body = {
      email,
      name: extra.name ?? `Test ${role}`,
      role,
      ...(organisationId ? { organisationId } : {}),
      password: GOOD_PASSWORD,
      ...(role === 'student'
        ? {
            studentProfile: extra.studentProfile ?? {
              profession: 'occupational_therapy',
              yearOfStudy: 2,
            },
          }
        : {}),
    };
    const reply = await this.post<{ id: string }>('/api/users', { token, body });
    if (reply.status !== 201) throw new Error(`Could not create ${role}: ${reply.text}`);
    const signedIn = await this.login(email, GOOD_PASSWORD);
    return { id: reply.body.id, email, token: signedIn.accessToken };
  }

  // ---- e-mail ---------------------------------------------------------------------------------

  /**
   * Waits for the background worker to write an e-mail to `to` (whose subject contains `subject`,
   * if given), and returns the newest such e-mail's raw text.
   */
  async waitForMail(to: string, timeoutMs = 10_000, subject?: string): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    const safe = to.replace(/[^a-z0-9@._-]/gi, '_');
    while (Date.now() < deadline) {
      const mails = this.mailFiles()
        .filter((file) => file.endsWith(`-${safe}.eml`))
        .map((file) => readFileSync(join(this.mailDir, file), 'utf8'))
        .filter((mail) => subject === undefined || mailSubject(mail).includes(subject));
      if (mails.length) return mails[mails.length - 1];
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // What the queue holds, so that a failure here says whether the job was never queued, is
    // waiting (and since when), failed and is being retried, or was sent elsewhere.
    const queue = await this.db.query(
      `SELECT state, count(*)::int AS jobs, min(created_on)::text AS oldest,
              max(output::text) FILTER (WHERE state IN ('retry', 'failed')) AS error
         FROM pgboss.job WHERE name = 'email' GROUP BY state ORDER BY state`,
    );
    throw new Error(
      `No e-mail to ${to}${subject ? ` about "${subject}"` : ''} within ${timeoutMs} ms; ` +
        `e-mail jobs by state: ${JSON.stringify(queue)}; ${this.mailFiles().length} e-mails written`,
    );
  }

  mailFiles(): string[] {
    try {
      return readdirSync(this.mailDir)
        .filter((file) => file.endsWith('.eml'))
        .sort();
    } catch {
      return [];
    }
  }
}

/** An e-mail's Subject header, with folded lines joined. */
export function mailSubject(mail: string): string {
  const match = /^Subject: (.*(?:\r?\n[ \t].*)*)/m.exec(mail);
  return match ? match[1].replace(/\r?\n[ \t]/g, ' ') : '';
}

/** The invitation token in an e-mail's link (quoted-printable soft line breaks undone). */
export function invitationToken(mail: string): string {
  const unfolded = mail.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
  const match = /accept-invitation\?token=([A-Za-z0-9_-]+)/.exec(unfolded);
  if (!match) throw new Error(`No invitation link in:\n${mail}`);
  return match[1];
}
