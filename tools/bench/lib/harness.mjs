// Shared by the benchmarks: a fresh embedded PostgreSQL, the built API on it, a few HTTP helpers,
// and autocannon runs summarised as requests/s and latency percentiles.
import autocannon from 'autocannon';
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createInterface } from 'node:readline';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { freePort, spawnEmbeddedServer } from '../../db/embedded.mjs';

export const root = resolve(import.meta.dirname, '../../..');

export function buildApps() {
  if (process.env.SKIP_BUILD === 'true') return;
  console.log('Building the API (cached when unchanged)…');
  const result = spawnSync('npx', ['nx', 'build', 'api', '--outputStyle=static'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, NX_NO_CLOUD: 'true', NX_DAEMON: 'false' },
  });
  if (result.status !== 0) throw new Error('The build failed');
}

/** A fresh database and the production build of the API on it. Call stop() when done. */
export async function startPlatform({ env = {}, nodeArgs = [], onLogLine } = {}) {
  const database = await spawnEmbeddedServer({ dir: mkdtempSync(join(tmpdir(), 'ahp-bench-')) });
  const admin = new pg.Client({ connectionString: database.url });
  await admin.connect();
  await admin.query('CREATE DATABASE bench');
  await admin.end();
  const databaseUrl = database.url.replace(/\/postgres$/, '/bench');
  const adminUser = {
    email: 'bench-admin@bench.example',
    password: 'bench-harness-admin-password-1',
  };
  const api = await startApi(databaseUrl, {
    env: { ADMIN_EMAIL: adminUser.email, ADMIN_PASSWORD: adminUser.password, ...env },
    nodeArgs,
    onLogLine,
  });
  return {
    base: api.base,
    databaseUrl,
    adminUser,
    async stop() {
      await api.stop();
      await database.stop();
    },
  };
}

/**
 * The production build of the API (dist/apps/api/main.js) on an existing database, once its
 * health check answers. Production mode needs a signing secret: a random one per start unless
 * JWT_SECRET is given. `onLogLine`, when given, receives each line the API logs (JSON).
 * Call stop() when done.
 */
export async function startApi(databaseUrl, { env = {}, nodeArgs = [], onLogLine } = {}) {
  const port = await freePort();
  // BENCH_API_ENTRY: another build of the API (e.g. an older commit's) to compare against.
  const entry = process.env.BENCH_API_ENTRY ?? 'dist/apps/api/main.js';
  const api = spawn(process.execPath, [...nodeArgs, entry], {
    cwd: root,
    stdio: ['ignore', onLogLine ? 'pipe' : 'ignore', 'inherit'],
    env: {
      ...process.env,
      NODE_ENV: 'production',
      DEMO_DATA: 'false',
      JWT_SECRET: randomBytes(36).toString('base64url'),
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      AUTH_RATE_LIMIT_PER_MINUTE: '10000',
      JOBS_ENABLED: 'false',
      // The benchmarks sign admins and coordinators in with a password alone.
      MFA_REQUIRED_ROLES: 'none',
      ...env,
    },
  });
  if (onLogLine) createInterface({ input: api.stdout }).on('line', onLogLine);
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (i > 300 || api.exitCode !== null) throw new Error('The API did not start');
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    base,
    pid: api.pid,
    async stop() {
      if (api.exitCode !== null) return;
      api.kill('SIGTERM');
      await new Promise((r) => api.once('exit', r));
    },
  };
}

export async function call(
  base,
  method,
  path,
  { token, body, contentType = 'application/json' } = {},
) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': contentType } : {}),
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  const json =
    text && response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text;
  if (!response.ok)
    throw new Error(`${method} ${path} → ${response.status}: ${text.slice(0, 500)}`);
  return json;
}

export async function login(base, email, password) {
  return (await call(base, 'POST', '/api/auth/login', { body: { email, password } })).accessToken;
}

/**
 * Drives `paths` (one picked per request, in turn) with autocannon and summarises the run.
 * Non-2xx answers count as errors.
 */
export async function load(
  base,
  name,
  paths,
  { token, connections = 50, seconds = Number(process.env.BENCH_SECONDS ?? 10) } = {},
) {
  let next = 0;
  const result = await autocannon({
    url: base,
    connections,
    duration: seconds,
    headers: token ? { authorization: `Bearer ${token}` } : {},
    requests: [{ setupRequest: (request) => ({ ...request, path: paths[next++ % paths.length] }) }],
  });
  return {
    name,
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    errors: result.errors + result.timeouts + result.non2xx,
  };
}

export function printTable(rows) {
  const header = ['what', 'req/s', 'p50 ms', 'p99 ms', 'requests', 'errors'];
  const lines = rows.map((r) => [
    r.name,
    r.requestsPerSecond.toFixed(0),
    String(r.p50),
    String(r.p99),
    String(r.requests),
    String(r.errors),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const format = (cells) =>
    cells
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i])))
      .join('  ');
  console.log(format(header));
  for (const line of lines) console.log(format(line));
}
