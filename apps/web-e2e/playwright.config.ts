import { defineConfig } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * Browser tests drive the production build (API + web on one port) on a fresh embedded database
 * with the demo data, in the system's Chromium (Playwright cannot download its own here).
 * The settings below are read again in each worker; values go through process.env so that every
 * process agrees on one port and one data folder.
 */
const root = resolve(__dirname, '../..');
process.env['E2E_PORT'] ??= '4310';
process.env['E2E_DATA_DIR'] ??= mkdtempSync(join(tmpdir(), 'ahp-e2e-'));
const port = Number(process.env['E2E_PORT']);
const baseURL = `http://localhost:${port}`;

export default defineConfig({
  testDir: './src',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  // Generous: every page visited is also checked with axe (support.ts), on a shared 2-core machine.
  timeout: 60_000,
  expect: { timeout: 7_000 },
  forbidOnly: true,
  reporter: process.env['PLAYWRIGHT_JSON_OUTPUT_NAME'] ? [['list'], ['json']] : [['list']],
  outputDir: join(root, 'dist/.playwright/results'),
  use: {
    baseURL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env['CHROME_PATH'] ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-quic',
        '--no-first-run',
      ],
    },
  },
  projects: [
    { name: 'chromium', use: { browserName: 'chromium', viewport: { width: 1280, height: 900 } } },
  ],
  webServer: {
    command: 'node tools/start.mjs',
    cwd: root,
    url: `${baseURL}/api/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      SKIP_BUILD: 'true',
      PORT: String(port),
      DATA_DIR: process.env['E2E_DATA_DIR'],
      DEMO_DATA: 'true',
      LOG_LEVEL: 'warn',
      JOB_POLL_INTERVAL_SECONDS: '0.5',
      AUTH_RATE_LIMIT_PER_MINUTE: '200',
      PUBLIC_URL: baseURL,
    },
  },
});
