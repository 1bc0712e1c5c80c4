import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';

const root = resolve(__dirname, '../../../..');
const main = join(root, 'dist/apps/api/main.js');

/**
 * Builds the API as production runs it (a cache hit when `npm test` has already built it), so a
 * test can start real extra API processes.
 */
export function buildApi(): void {
  const result = spawnSync('npx', ['nx', 'run', 'api:build', '--outputStyle=static'], {
    cwd: root,
    env: { ...process.env, NX_NO_CLOUD: 'true', NX_DAEMON: 'false' },
    encoding: 'utf8',
    timeout: 300_000,
  });
  if (result.status !== 0)
    throw new Error(`nx run api:build failed:\n${result.stdout}\n${result.stderr}`);
}

export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export interface ApiProcess {
  url: string;
  pid: number;
  /** The exit code once the process has ended, else null. */
  exitCode(): number | null;
  /** What the process has written to stdout and stderr so far. */
  stdout(): string;
  stderr(): string;
  stop(): Promise<void>;
}

/** `node dist/apps/api/main.js` on the given database, listening on a free local port. */
export async function startApiProcess(
  databaseUrl: string,
  env: Record<string, string> = {},
): Promise<ApiProcess> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'ahp-process-'));
  const jwtSecret = env.JWT_SECRET ?? (await sharedSigningSecret(databaseUrl));
  const child: ChildProcess = spawn(process.execPath, [main], {
    cwd: dataDir,
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'error',
      WEB_DIST_DIR: join(dataDir, 'no-web-app'),
      DEMO_DATA: 'false',
      JWT_SECRET: jwtSecret,
      // Tests sign coordinators and admins in with a password alone; two-step verification has
      // its own tests (identity/security-auth).
      MFA_REQUIRED_ROLES: 'none',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`The API process exited with ${child.exitCode}:\n${stderr}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`The API process did not become healthy within 30 s:\n${stderr}`);
    }
    await new Promise((done) => setTimeout(done, 100));
  }
  return {
    url,
    pid: child.pid as number,
    exitCode: () => child.exitCode,
    stdout: () => stdout,
    stderr: () => stderr,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((done) => child.once('exit', done));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((done) => setTimeout(done, 10_000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Production processes must be given their token-signing secret, the same on every process of a
 * deployment. In tests they share the database with an in-process app that generated and stored
 * its own, so each extra process is given that one (created here if nobody has yet).
 */
export async function sharedSigningSecret(databaseUrl: string): Promise<string> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO app_secret (name, value) VALUES ('jwt', $1) ON CONFLICT (name) DO NOTHING`,
      [randomBytes(48).toString('base64url')],
    );
    const { rows } = await client.query<{ value: string }>(
      `SELECT value FROM app_secret WHERE name = 'jwt'`,
    );
    return rows[0].value;
  } finally {
    await client.end();
  }
}
