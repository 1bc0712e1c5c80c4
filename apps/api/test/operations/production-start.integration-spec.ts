import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildApi, freePort } from '../support/api-process';

const root = resolve(__dirname, '../../../..');

/**
 * `npm start` (tools/start.mjs) on a fresh machine with the embedded database, as an operator
 * would run it: returns how it exited and what it printed, or, if it came up healthy, stops it.
 */
async function npmStart(env: Record<string, string>) {
  const dataDir = mkdtempSync(join(tmpdir(), 'ahp-start-'));
  const port = await freePort();
  const child = spawn(process.execPath, ['tools/start.mjs'], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      SKIP_BUILD: 'true',
      DATA_DIR: dataDir,
      PORT: String(port),
      LOG_LEVEL: 'error',
      JOBS_ENABLED: 'false',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number>((done) => child.once('exit', (code) => done(code ?? -1)));
  let healthy = false;
  const deadline = Date.now() + 60_000;
  while (child.exitCode === null && Date.now() < deadline && !healthy) {
    try {
      healthy = (await fetch(`http://127.0.0.1:${port}/api/health`)).ok;
    } catch {
      await new Promise((done) => setTimeout(done, 200));
    }
  }
  if (healthy || child.exitCode === null) child.kill('SIGTERM');
  const code = await exited;
  rmSync(dataDir, { recursive: true, force: true });
  return { healthy, code, output };
}

describe('npm start in production', () => {
  beforeAll(() => buildApi(), 300_000);

  it('refuses to start without a token-signing secret of its own', async () => {
    const run = await npmStart({ NODE_ENV: 'production', DEMO_DATA: 'false' });
    expect(run.healthy).toBe(false);
    expect(run.code).not.toBe(0);
    expect(run.output).toContain('JWT_SECRET must be set in production');
  }, 90_000);

  it('refuses a placeholder secret, and demo data with its published password', async () => {
    const run = await npmStart({
      NODE_ENV: 'production',
      JWT_SECRET: 'change-me-to-something-long-and-random-please',
    });
    expect(run.healthy).toBe(false);
    expect(run.code).not.toBe(0);
    expect(run.output).toContain('JWT_SECRET looks like a placeholder');
    expect(run.output).toContain('DEMO_DATA cannot be true in production');
  }, 90_000);

  it('starts with a real secret and no demo data', async () => {
    const run = await npmStart({
      NODE_ENV: 'production',
      DEMO_DATA: 'false',
      JWT_SECRET: 'Vq8c2rTz5LmN0pWx7Ks3Hd9Gf4Jb1Ya6Ue_Io-Ap',
    });
    expect(run.healthy).toBe(true);
  }, 90_000);
});
