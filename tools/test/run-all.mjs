#!/usr/bin/env node
// `npm test`: every tier, in order, with one summary. Tiers:
//   static       lint (module boundaries included) and type checks, one check per project and target
//   unit         jest, every project's *.spec.ts
//   integration  jest, the API against a real (embedded) PostgreSQL (and real API processes)
//   browser      Playwright, the production build in the system Chromium
// The last line is always "N passed, N failed", totals across tiers; CI reads it.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
process.chdir(root);
const resultsDir = join(root, 'dist/test-results');
rmSync(resultsDir, { recursive: true, force: true });
mkdirSync(resultsDir, { recursive: true });
const env = { ...process.env, NX_NO_CLOUD: 'true', NX_DAEMON: 'false', FORCE_COLOR: '0' };

const tiers = [];
const started = Date.now();

function run(command, args, extraEnv = {}) {
  console.log(`\n$ ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...env, ...extraEnv } });
  return result.status ?? 1;
}

function record(name, passed, failed, seconds, note = '') {
  tiers.push({ name, passed, failed, seconds, note });
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

/** Jest's --json report: tests passed and failed, plus suites that could not run at all. */
function jestTier(name, config) {
  const t0 = Date.now();
  const output = join(resultsDir, `${name}.json`);
  const status = run('npx', ['jest', '-c', config, '--ci', '--json', `--outputFile=${output}`]);
  const report = readJson(output);
  const seconds = (Date.now() - t0) / 1000;
  if (!report) return record(name, 0, 1, seconds, `jest exited with ${status} and wrote no report`);
  const broken = report.numRuntimeErrorTestSuites ?? 0;
  record(
    name,
    report.numPassedTests,
    report.numFailedTests + broken,
    seconds,
    broken ? `${broken} suites failed to run` : '',
  );
}

function staticTier() {
  const t0 = Date.now();
  const targets = ['lint', 'typecheck'];
  let passed = 0;
  let failed = 0;
  const failures = [];
  for (const target of targets) {
    const list = spawnSync('npx', ['nx', 'show', 'projects', '--with-target', target, '--json'], {
      env,
      encoding: 'utf8',
    });
    const projects = JSON.parse(list.stdout || '[]');
    for (const project of projects) {
      const status = run('npx', ['nx', 'run', `${project}:${target}`, '--outputStyle=static']);
      if (status === 0) passed++;
      else {
        failed++;
        failures.push(`${project}:${target}`);
      }
    }
  }
  record('static', passed, failed, (Date.now() - t0) / 1000, failures.join(', '));
}

let buildStatus;
/** The production build, once: the integration tier starts real API processes from it and the browser tier serves it. */
function buildApps() {
  buildStatus ??= run('npx', [
    'nx',
    'run-many',
    '-t',
    'build',
    '-p',
    'api',
    'web',
    '--outputStyle=static',
  ]);
  return buildStatus;
}

function chromiumPath() {
  const candidates = [
    process.env.CHROME_PATH,
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
  ];
  return candidates.find((path) => path && existsSync(path));
}

function browserTier() {
  const t0 = Date.now();
  let chrome = chromiumPath();
  if (!chrome && process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    console.log(
      '\nChromium is missing; installing the distribution package (apt-get install -y chromium)…',
    );
    run('apt-get', ['install', '-y', '--no-install-recommends', 'chromium']);
    chrome = chromiumPath();
  }
  if (!chrome) {
    return record(
      'browser',
      0,
      1,
      0,
      'no Chromium: install it (apt-get install -y chromium) or set CHROME_PATH',
    );
  }
  if (buildApps() !== 0)
    return record('browser', 0, 1, (Date.now() - t0) / 1000, 'the build failed');
  const output = join(resultsDir, 'browser.json');
  const status = run('npx', ['playwright', 'test', '-c', 'apps/web-e2e/playwright.config.ts'], {
    CHROME_PATH: chrome,
    PLAYWRIGHT_JSON_OUTPUT_NAME: output,
  });
  const report = readJson(output);
  const seconds = (Date.now() - t0) / 1000;
  if (!report?.stats)
    return record('browser', 0, 1, seconds, `playwright exited with ${status} and wrote no report`);
  const { expected = 0, unexpected = 0, flaky = 0 } = report.stats;
  const errors = report.errors?.length ?? 0;
  record('browser', expected, unexpected + flaky + errors, seconds, flaky ? `${flaky} flaky` : '');
}

const only = process.argv.slice(2);
const wanted = (tier) => only.length === 0 || only.includes(tier);
if (wanted('static')) staticTier();
if (wanted('unit')) jestTier('unit', 'jest.config.cjs');
if (wanted('integration')) {
  buildApps();
  jestTier('integration', 'apps/api/jest.integration.config.cjs');
}
if (wanted('browser')) browserTier();

const passed = tiers.reduce((sum, tier) => sum + tier.passed, 0);
const failed = tiers.reduce((sum, tier) => sum + tier.failed, 0);
console.log('\nTier          passed  failed  seconds');
for (const tier of tiers) {
  console.log(
    `${tier.name.padEnd(12)}  ${String(tier.passed).padStart(6)}  ${String(tier.failed).padStart(6)}  ${tier.seconds.toFixed(0).padStart(7)}${tier.note ? `  (${tier.note})` : ''}`,
  );
}
console.log(`Total time ${((Date.now() - started) / 1000).toFixed(0)} s`);
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
