import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest, type Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { freePort, sharedSigningSecret } from '../../support/api-process';

export { freePort };
import type { TestApp } from '../../support/test-app';

const root = resolve(__dirname, '../../../../..');
const main = join(root, 'dist/apps/api/main.js');

export const ADMIN = {
  email: 'admin@resilience.test',
  password: 'correct horse battery staple 42',
};
/** A password the policy accepts (the same as TestApp's). */
const GOOD_PASSWORD = 'lantern-orchard-47-quietly';

export const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

// ---- a PostgreSQL of our own, which can be stopped and started again ---------------------------

export interface PgServer {
  url: string;
  port: number;
  dir: string;
  /** Stops the server (fast shutdown) and resolves when its process has exited. */
  stop(): Promise<void>;
}

/** Starts (or restarts, on the same directory and port) the tests' own embedded PostgreSQL. */
export async function startPgServer(dir: string, port: number): Promise<PgServer> {
  const script = join(__dirname, 'pg-server.mjs');
  const child = spawn(process.execPath, [script, '--dir', dir, '--port', String(port)], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let errors = '';
  child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const ready = await new Promise<{ url: string }>((done, fail) => {
    let buffer = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const newline = buffer.indexOf('\n');
      if (newline >= 0) done(JSON.parse(buffer.slice(0, newline)));
    });
    child.once('exit', (code) =>
      fail(new Error(`embedded PostgreSQL exited early (code ${code}):\n${errors}`)),
    );
  });
  return {
    url: ready.url,
    port,
    dir,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.stdin.end();
      }),
  };
}

// ---- API processes ----------------------------------------------------------------------------

export interface ApiServer {
  url: string;
  port: number;
  child: ChildProcess;
  /** Everything the process wrote, for failure messages. */
  output(): string;
  /** Resolves when the process has exited, with how and when (Date.now()). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
  /** SIGTERM, then SIGKILL if it is still running after `graceMs`; removes its data folder. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * `node dist/apps/api/main.js` in production mode, as startApiProcess() runs it, but handing back
 * the child process so that a test can signal it and see how it exited.
 */
export async function startApi(
  databaseUrl: string,
  env: Record<string, string> = {},
  healthTimeoutMs = 60_000,
): Promise<ApiServer> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'ahp-resilience-'));
  const jwtSecret = env.JWT_SECRET ?? (await sharedSigningSecret(databaseUrl));
  const child = spawn(process.execPath, [main], {
    cwd: dataDir,
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      WEB_DIST_DIR: join(dataDir, 'no-web-app'),
      DEMO_DATA: 'false',
      MFA_REQUIRED_ROLES: 'none',
      AUTH_RATE_LIMIT_PER_MINUTE: '10000',
      JOB_POLL_INTERVAL_SECONDS: '0.5',
      JWT_SECRET: jwtSecret,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output += chunk.toString();
    if (output.length > 400_000) output = output.slice(-200_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>(
    (done) => child.once('exit', (code, signal) => done({ code, signal, at: Date.now() })),
  );
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + healthTimeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`The API process exited with ${child.exitCode}:\n${output}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`The API process did not become healthy in time:\n${output}`);
    }
    await sleep(100);
  }
  return {
    url,
    port,
    child,
    output: () => output,
    exited,
    stop: async (graceMs = 35_000) => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A random secret that production accepts (no placeholder-looking runs such as "1234"). */
export function randomSecret(): string {
  for (;;) {
    const secret = randomBytes(48).toString('base64url');
    if (!/1234|x{8}|0{8}|secret|example|password/i.test(secret)) return secret;
  }
}

export async function withClient<T>(url: string, work: (client: Client) => Promise<T>) {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

// ---- HTTP -------------------------------------------------------------------------------------

export interface Outcome {
  /** The HTTP status; 0 when there was no answer (connection refused or reset), -1 on timeout. */
  status: number;
  body: Record<string, unknown> | null;
  text: string;
  ms: number;
  at: number;
  /** The process asked. */
  base: string;
  error?: string;
}

export interface CallOptions {
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** Idempotency-Key; also sent as X-Request-Id so the audit log ties effects to the key. */
  key?: string;
  timeoutMs?: number;
}

/** One HTTP request with a deadline; never throws. */
export async function call(
  base: string,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<Outcome> {
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.key) {
    headers['idempotency-key'] = options.key;
    headers['x-request-id'] = options.key;
  }
  let payload: string | undefined;
  if (options.body !== undefined) {
    if (typeof options.body === 'string') payload = options.body;
    else {
      payload = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
  }
  const started = Date.now();
  try {
    const response = await fetch(`${base}${path}`, {
      method,
      headers,
      body: payload,
      signal: AbortSignal.timeout(options.timeoutMs ?? 20_000),
    });
    const text = await response.text();
    let body: Record<string, unknown> | null = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      body = null;
    }
    return { status: response.status, body, text, ms: Date.now() - started, at: started, base };
  } catch (error) {
    const timedOut = error instanceof Error && error.name === 'TimeoutError';
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return {
      status: timedOut ? -1 : 0,
      body: null,
      text: '',
      ms: Date.now() - started,
      at: started,
      base,
      error: cause?.code ?? cause?.message ?? String(error),
    };
  }
}

/**
 * The same request through node:http with a given agent (a keep-alive one, say, standing for a
 * proxy that holds its connections open) or on a fresh connection; resolves with the status and
 * body or the connection error.
 */
export function rawCall(
  base: string,
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: string; agent?: Agent | false } = {},
): Promise<{ status: number; text: string; error?: string; headers: Record<string, unknown> }> {
  return new Promise((done) => {
    const request = httpRequest(
      `${base}${path}`,
      { method, headers: options.headers, agent: options.agent ?? false },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () =>
          done({ status: response.statusCode ?? 0, text, headers: response.headers }),
        );
        response.on('error', (error) =>
          done({ status: 0, text, error: error.message, headers: {} }),
        );
      },
    );
    request.on('error', (error: NodeJS.ErrnoException) =>
      done({ status: 0, text: '', error: error.code ?? error.message, headers: {} }),
    );
    if (options.body !== undefined) request.write(options.body);
    request.end();
  });
}

/** Whether a response is a failure the client should retry with the same Idempotency-Key. */
export const transient = (o: Outcome) => o.status === 0 || o.status === -1 || o.status === 503;

export interface Operation {
  name: string;
  method: string;
  path: string;
  options: CallOptions;
  attempts: Outcome[];
  final?: Outcome;
}

/**
 * Sends a request and, while the answer is transient (no answer, or 503), sends it again with the
 * same Idempotency-Key and body, backing off from 100 ms to 1 s, until `deadline`. `base` is asked
 * for the address before each attempt, so a client can move to a surviving process.
 */
export async function persist(
  base: (attempt: number) => string,
  op: Omit<Operation, 'attempts'>,
  deadline = Date.now() + 90_000,
  record?: (op: Operation) => void,
): Promise<Operation> {
  const done: Operation = { ...op, attempts: [] };
  record?.(done);
  for (let attempt = 0; ; attempt++) {
    const outcome = await call(base(attempt), op.method, op.path, op.options);
    done.attempts.push(outcome);
    if (!transient(outcome) || Date.now() > deadline) {
      done.final = outcome;
      return done;
    }
    await sleep(Math.min(1000, 100 * 2 ** Math.min(attempt, 4)));
  }
}

/** Whether a body is the contract's error shape with no stack trace or internals in it. */
export function isContractError(outcome: Outcome): boolean {
  const body = outcome.body;
  return (
    !!body &&
    body.statusCode === outcome.status &&
    typeof body.error === 'string' &&
    typeof body.message === 'string' &&
    !/\n\s+at |node_modules|QueryFailedError|ECONNREFUSED/.test(outcome.text)
  );
}

export function tally(statuses: number[]): Record<number, number> {
  return statuses.reduce<Record<number, number>>(
    (acc, s) => ({ ...acc, [s]: (acc[s] ?? 0) + 1 }),
    {},
  );
}

// ---- a TestApp look-alike over HTTP, so matching/support's createWorld works on a process --------

interface RemoteReply<T> {
  status: number;
  body: T;
  text: string;
  headers: Record<string, unknown>;
  cookies: unknown[];
}

/** Just enough of TestApp (over real HTTP) for createWorld(), apply() and offer(). */
export function remoteApp(base: () => string): TestApp {
  const send = async <T>(
    method: string,
    url: string,
    options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<RemoteReply<T>> => {
    const outcome = await call(base(), method, url, options);
    return {
      status: outcome.status,
      body: outcome.body as T,
      text: outcome.text,
      headers: {},
      cookies: [],
    };
  };
  const remote = {
    get: <T>(url: string, options?: object) => send<T>('GET', url, options),
    post: <T>(url: string, options?: object) => send<T>('POST', url, options),
    put: <T>(url: string, options?: object) => send<T>('PUT', url, options),
    patch: <T>(url: string, options?: object) => send<T>('PATCH', url, options),
    async login(email: string, password: string) {
      const reply = await send<{ accessToken: string }>('POST', '/api/auth/login', {
        body: { email, password },
      });
      if (reply.status !== 200) throw new Error(`Sign-in as ${email} failed: ${reply.text}`);
      return reply.body;
    },
    async adminToken() {
      return (await remote.login(ADMIN.email, ADMIN.password)).accessToken;
    },
    async createOrganisation(token: string, type: string, name: string, region = 'north_west') {
      const reply = await send<{ id: string }>('POST', '/api/organisations', {
        token,
        body: { name, type, region },
      });
      if (reply.status !== 201) throw new Error(`Could not create ${name}: ${reply.text}`);
      return reply.body;
    },
    async createUser(
      token: string,
      role: string,
      organisationId: string | null,
      extra: { email?: string; name?: string; studentProfile?: object } = {},
    ) {
      const email = extra.email ?? `${role}.${randomBytes(5).toString('hex')}@resilience.test`;
      const reply = await send<{ id: string }>('POST', '/api/users', {
        token,
        body: {
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
        },
      });
      if (reply.status !== 201) throw new Error(`Could not create ${role}: ${reply.text}`);
      const signedIn = await remote.login(email, GOOD_PASSWORD);
      return { id: reply.body.id, email, token: signedIn.accessToken };
    },
  };
  return remote as unknown as TestApp;
}

// ---- the invariants ---------------------------------------------------------------------------

export interface InvariantReport {
  placements: number;
  approved: number;
  /** Placements whose approved_count is not the number of approved + completed matches, or is over capacity. */
  seatErrors: unknown[];
  /** Pairs of approved/completed matches of one student whose dates overlap. */
  overlaps: unknown[];
  /** Keys (sent as X-Request-Id) whose request wrote the same kind of audit record more than once. */
  repeatedEffects: unknown[];
}

/**
 * The product's invariants, read straight from the database: for every placement
 * approved_count = approved + completed matches ≤ capacity; no student holds two approved
 * matches with overlapping dates; and every Idempotency-Key (sent as the request id, which the
 * audit log records in the same transaction as the change) had at most one effect.
 */
export async function checkInvariants(
  databaseUrl: string,
  keyPrefix: string,
): Promise<InvariantReport> {
  return withClient(databaseUrl, async (client) => {
    const seats = await client.query<{
      id: string;
      capacity: number;
      approved_count: number;
      held: number;
    }>(
      `SELECT p.id, p.capacity, p.approved_count,
              count(m.id) FILTER (WHERE m.status IN ('approved', 'completed'))::int AS held
         FROM placement p LEFT JOIN placement_match m ON m.placement_id = p.id
        GROUP BY p.id`,
    );
    const overlaps = await client.query(
      `SELECT a.student_id, a.id AS first, b.id AS second
         FROM placement_match a
         JOIN placement_match b ON b.student_id = a.student_id AND a.id < b.id
        WHERE a.status IN ('approved', 'completed') AND b.status IN ('approved', 'completed')
          AND daterange(a.start_date, a.end_date, '[]') && daterange(b.start_date, b.end_date, '[]')`,
    );
    const repeated = await client.query(
      `SELECT request_id, action, count(*)::int AS n
         FROM audit_event WHERE request_id LIKE $1
        GROUP BY request_id, action HAVING count(*) > 1`,
      [`${keyPrefix}%`],
    );
    return {
      placements: seats.rows.length,
      approved: seats.rows.reduce((sum, row) => sum + row.held, 0),
      seatErrors: seats.rows.filter(
        (row) => row.approved_count !== row.held || row.held > row.capacity,
      ),
      overlaps: overlaps.rows,
      repeatedEffects: repeated.rows,
    };
  });
}

/** How many audit records of each action every key produced (keys with none are absent). */
export async function effectsByKey(
  databaseUrl: string,
  keyPrefix: string,
): Promise<Map<string, Record<string, number>>> {
  return withClient(databaseUrl, async (client) => {
    const { rows } = await client.query<{ request_id: string; action: string; n: number }>(
      `SELECT request_id, action, count(*)::int AS n FROM audit_event WHERE request_id LIKE $1
        GROUP BY request_id, action`,
      [`${keyPrefix}%`],
    );
    const map = new Map<string, Record<string, number>>();
    for (const row of rows) {
      map.set(row.request_id, { ...(map.get(row.request_id) ?? {}), [row.action]: row.n });
    }
    return map;
  });
}

/** Polls pg_stat_activity until `count` sessions of the API wait on a lock in a statement like `pattern`. */
export async function waitForBlocked(
  client: Client,
  pattern: string,
  count = 1,
  timeoutMs = 15_000,
): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    // Inside a transaction, statistics views are a snapshot taken at first use: take a new one.
    await client.query('SELECT pg_stat_clear_snapshot()');
    const { rows } = await client.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity
        WHERE datname = current_database() AND pid <> pg_backend_pid()
          AND wait_event_type = 'Lock'
          -- By its text, or (as long statements are cut short in this view) by being blocked by
          -- this very session.
          AND (query LIKE $1 OR pg_backend_pid() = ANY (pg_blocking_pids(pid)))`,
      [pattern],
    );
    if (rows.length >= count) return rows.map((row) => row.pid);
    if (Date.now() > deadline) {
      const sessions = await client.query(
        `SELECT state, wait_event_type, wait_event, left(query, 160) AS query FROM pg_stat_activity
          WHERE datname = current_database() AND pid <> pg_backend_pid()`,
      );
      throw new Error(
        `Only ${rows.length} of ${count} sessions blocked on ${pattern}; sessions:\n${JSON.stringify(sessions.rows, null, 1)}`,
      );
    }
    await sleep(25);
  }
}
