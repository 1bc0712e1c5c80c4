#!/usr/bin/env node
// `npm start`: builds what is out of date (Nx caches the rest), starts the embedded PostgreSQL
// unless DATABASE_URL points elsewhere, then runs the API, which also serves the web app.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { ensureDatabase, startEmbeddedPostgres } from './db/embedded.mjs';

const root = resolve(import.meta.dirname, '..');
process.chdir(root);
if (existsSync('.env')) process.loadEnvFile('.env');
const env = { ...process.env, NX_NO_CLOUD: 'true', NX_DAEMON: process.env.NX_DAEMON ?? 'false' };

if (process.env.SKIP_BUILD !== 'true') {
  console.log('Building the API and the web app (cached after the first time)…');
  const build = spawnSync(
    'npx',
    ['nx', 'run-many', '-t', 'build', '-p', 'api', 'web', '--outputStyle=static'],
    {
      stdio: 'inherit',
      env,
    },
  );
  if (build.status !== 0) process.exit(build.status ?? 1);
}

let database;
if (!env.DATABASE_URL) {
  const dataDir = env.DATA_DIR ?? '.data';
  console.log(`Starting the embedded PostgreSQL (data in ${dataDir}/pg)…`);
  database = await startEmbeddedPostgres({ dir: dataDir });
  await ensureDatabase(database.pg, 'ahp');
  env.DATABASE_URL = database.url('ahp');
  env.DEMO_DATA ??= 'true';
}
// The embedded database is for trying the platform out (demo data, generated secrets); anything
// else is a real deployment, which runs in production mode and must be given its secrets.
env.NODE_ENV ??= database ? 'development' : 'production';
// Browsers treat http://localhost as secure, so Secure cookies work locally; anywhere else
// over plain HTTP they would not, so say so rather than fail silently.
env.COOKIE_SECURE ??= 'true';

const api = spawn(process.execPath, ['--enable-source-maps', 'dist/apps/api/main.js'], {
  stdio: 'inherit',
  env,
});

let stopping = false;
const stop = (signal) => {
  if (stopping) return;
  stopping = true;
  api.kill(signal);
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
api.on('exit', async (code) => {
  if (database) await database.stop();
  process.exit(code ?? 0);
});
