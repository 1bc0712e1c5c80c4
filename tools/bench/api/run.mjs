#!/usr/bin/env node
// The API under a realistic load at national scale: 100,000 students, 20,000 placements, 500,000
// applications and about 12,000 matches (see data.mjs), the built API in production mode, and a
// mix of what students and coordinators do driven at a fixed 500 requests/s in total for 30 s
// after a warm-up, with GET /api/health in the same run. Prints each endpoint's requests,
// requests/s, p50, p99, max and failures, and whether the targets are met:
//   reads p99 < 50 ms, writes p99 < 200 ms, no errors, 500 requests/s sustained.
//
//   npm run bench:api                    (BENCH_SECONDS=30 BENCH_WARMUP=8 BENCH_RATE=500)
//   npm run bench:api -- --fresh         reload the data set instead of using the cached one
//   npm run bench:api -- --no-explain    skip writing the query plans
//
// The loaded database is kept as a template in .data/bench-api and copied for each run
// (CREATE DATABASE … TEMPLATE, a few seconds), so every run starts from the same data.
// Environment passed on to the API, e.g. DB_POOL_SIZE=20, is used as given.
import argon2 from 'argon2';
import autocannon from 'autocannon';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { spawnEmbeddedServer } from '../../db/embedded.mjs';
import { buildApps, call, root, startApi } from '../lib/harness.mjs';
import { BENCH_PASSWORD, DATA_VERSION, checkInvariants, counts, loadData } from './data.mjs';
import { explainAll } from './plans.mjs';

const { values: args } = parseArgs({
  options: {
    fresh: { type: 'boolean', default: false },
    'no-explain': { type: 'boolean', default: false },
  },
});
const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 8);
const RATE = Number(process.env.BENCH_RATE ?? 500);
const STUDENT_POOL = 400;
const COORDINATORS_PER_UNIVERSITY = 2;
const DATA_DIR = join(root, '.data/bench-api');
const TEMPLATE = 'bench_api_template';
const RUN_DB = 'bench_api_run';
const API_ENV = { LOG_LEVEL: 'warn', MFA_REQUIRED_ROLES: 'none' };

/**
 * The mix: shares of the total rate. Reads must answer within 50 ms at p99, writes within 200 ms.
 * Each endpoint is driven by its own autocannon instances (one connection each, about 5 requests/s,
 * started at staggered times across the second) so the load arrives spread out rather than in one
 * burst per second, and each response's latency is recorded against its own endpoint.
 */
const MIX = [
  {
    key: 'search',
    name: 'GET /api/placements?profession&near&radiusKm (student)',
    share: 0.35,
    kind: 'read',
  },
  { key: 'detail', name: 'GET /api/placements/:id (student)', share: 0.2, kind: 'read' },
  { key: 'myApplications', name: 'GET /api/applications (student: own)', share: 0.2, kind: 'read' },
  { key: 'matches', name: 'GET /api/matches[?status] (coordinator)', share: 0.1, kind: 'read' },
  { key: 'health', name: 'GET /api/health', share: 0.08, kind: 'read' },
  {
    key: 'apply',
    name: 'POST /api/applications (student)',
    share: 0.05,
    kind: 'write',
    expect: 201,
  },
  {
    key: 'approve',
    name: 'POST /api/matches/:id/approve (coordinator)',
    share: 0.02,
    kind: 'write',
    expect: 200,
  },
];
const PER_CONNECTION_RATE = 5;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The machine's CPU counters (/proc/stat): busy and stolen (by the hypervisor) jiffies. */
function machineCpu() {
  const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
  const [user, nice, system, idle, iowait, irq, softirq, steal] = fields.map(Number);
  return { busy: user + nice + system + irq + softirq, idle: idle + iowait, steal };
}

/**
 * CPU seconds used so far by the API (its process and, with API_WORKERS, its worker processes),
 * by PostgreSQL's backends for the run database, and by this process (autocannon). On a shared
 * machine the load from others moves the latencies; CPU time per request does not, so it is
 * printed beside them.
 */
function cpuSeconds(apiPid) {
  const tick = 100; // USER_HZ on Linux
  let api = 0;
  let apiSystem = 0;
  let postgres = 0;
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      const seconds = (Number(fields[11]) + Number(fields[12])) / tick;
      if (Number(pid) === apiPid || Number(fields[1]) === apiPid) {
        api += seconds;
        apiSystem += Number(fields[12]) / tick;
      } else if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(RUN_DB)) {
        postgres += seconds;
      }
    } catch {
      // gone
    }
  }
  const own = process.cpuUsage();
  return { api, apiSystem, postgres, driver: (own.user + own.system) / 1e6 };
}
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

async function withClient(url, work) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** The cached, loaded template database: loads it when missing, stale or --fresh. */
async function prepareTemplate(server) {
  const urlOf = (db) => server.url.replace(/\/postgres$/, `/${db}`);
  const ready = await withClient(server.url, async (admin) => {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [
      TEMPLATE,
    ]);
    if (!rowCount) return false;
    return withClient(urlOf(TEMPLATE), async (client) => {
      const { rows } = await client
        .query(`SELECT version FROM bench_meta ORDER BY loaded_at DESC LIMIT 1`)
        .catch(() => ({ rows: [] }));
      return rows[0]?.version === DATA_VERSION;
    });
  });
  if (ready) {
    // New migrations (indexes, say) are applied to the template too, then its statistics refreshed.
    const before = await withClient(urlOf(TEMPLATE), (c) =>
      c.query('SELECT count(*)::int AS n FROM schema_migration').then((r) => r.rows[0].n),
    );
    const api = await startApi(urlOf(TEMPLATE), { env: API_ENV });
    await api.stop();
    await withClient(urlOf(TEMPLATE), async (c) => {
      const after = (await c.query('SELECT count(*)::int AS n FROM schema_migration')).rows[0].n;
      if (after !== before) {
        console.log(`Applied ${after - before} new migration(s) to the cached data; analysing…`);
        await c.query('VACUUM ANALYZE');
      }
    });
    console.log('Using the cached data set in .data/bench-api (--fresh to reload it).');
    return;
  }
  console.log(`Loading the data set into .data/bench-api (${DATA_VERSION})…`);
  const started = performance.now();
  await withClient(server.url, async (admin) => {
    await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE}`);
    await admin.query(`CREATE DATABASE ${TEMPLATE}`);
  });
  // The schema is the API's own: it migrates the empty database when it starts.
  const api = await startApi(urlOf(TEMPLATE), { env: API_ENV });
  await api.stop();
  const passwordHash = await argon2.hash(BENCH_PASSWORD, {
    type: argon2.argon2id,
    memoryCost: 19_456,
    timeCost: 2,
    parallelism: 1,
  });
  await withClient(urlOf(TEMPLATE), async (client) => {
    const loaded = await loadData(client, { root, passwordHash });
    await checkInvariants(client);
    console.log(
      `Loaded in ${((performance.now() - started) / 1000).toFixed(0)} s: ${JSON.stringify(loaded)}`,
    );
  });
}

/** Signs people in a few at a time (each sign-in is an argon2 verification). */
async function signIn(base, emails, parallel = 4) {
  const tokens = new Array(emails.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < emails.length) {
        const i = next++;
        const { accessToken } = await call(base, 'POST', '/api/auth/login', {
          body: { email: emails[i], password: BENCH_PASSWORD },
        });
        tokens[i] = accessToken;
      }
    }),
  );
  return tokens;
}

/** Who does what: signed-in students and coordinators, and the targets of their requests. */
async function preparePeople(base, databaseUrl) {
  const data = await withClient(databaseUrl, async (c) => {
    // Students with a home postcode and room for four more applications.
    const students = (
      await c.query(
        `SELECT u.id, u.email, sp.profession, sp.year_of_study, sp.home_postcode, sp.max_travel_km
           FROM app_user u JOIN student_profile sp ON sp.user_id = u.id
          WHERE u.role = 'student' AND sp.home_postcode IS NOT NULL
            AND (SELECT count(*) FROM application a WHERE a.student_id = u.id AND a.status IN ('submitted', 'offered')) <= 6
          ORDER BY md5(u.id::text) LIMIT $1`,
        [STUDENT_POOL],
      )
    ).rows;
    // Four placements each that they can apply to (published, their profession and year, not full,
    // not applied to yet), taken in rounds so consecutive applications come from different students.
    const applyTargets = (
      await c.query(
        `SELECT s.id AS student_id, x.id AS placement_id, x.k
           FROM unnest($1::uuid[]) AS s(id)
           JOIN student_profile sp ON sp.user_id = s.id
           CROSS JOIN LATERAL (
             SELECT p.id, row_number() OVER () AS k FROM (
               SELECT p.id FROM placement p
                WHERE p.status = 'published' AND p.professions @> ARRAY[sp.profession]
                  AND p.min_year_of_study <= sp.year_of_study
                  -- not full, even once its proposed matches are approved during the run
                  AND p.approved_count + (SELECT count(*) FROM placement_match m
                        WHERE m.placement_id = p.id AND m.status = 'proposed') < p.capacity
                  AND (p.application_deadline IS NULL OR p.application_deadline >= current_date)
                  AND NOT EXISTS (SELECT 1 FROM application a WHERE a.student_id = s.id AND a.placement_id = p.id)
                ORDER BY md5(p.id::text || s.id::text) LIMIT 4) p
           ) x
          ORDER BY x.k, md5(s.id::text)`,
        [students.map((s) => s.id)],
      )
    ).rows;
    const coordinators = (
      await c.query(
        `SELECT u.id, u.email, u.organisation_id FROM app_user u
          WHERE u.role = 'coordinator' AND u.email ~ $1 ORDER BY u.email`,
        [`-(${Array.from({ length: COORDINATORS_PER_UNIVERSITY }, (_, i) => i + 1).join('|')})@`],
      )
    ).rows;
    // Proposed matches, taken round-robin across universities.
    const approveTargets = (
      await c.query(
        `SELECT id, university_id FROM (
           SELECT id, university_id, row_number() OVER (PARTITION BY university_id ORDER BY md5(id::text)) AS k
             FROM placement_match WHERE status = 'proposed') m
          ORDER BY k, md5(university_id::text)`,
      )
    ).rows;
    const placements = (
      await c.query(
        `SELECT id FROM placement WHERE status = 'published' ORDER BY md5(id::text) LIMIT 5000`,
      )
    ).rows.map((r) => r.id);
    return { students, applyTargets, coordinators, approveTargets, placements };
  });
  const started = performance.now();
  const studentTokens = await signIn(
    base,
    data.students.map((s) => s.email),
  );
  const coordinatorTokens = await signIn(
    base,
    data.coordinators.map((c) => c.email),
  );
  console.log(
    `Signed in ${data.students.length} students and ${data.coordinators.length} coordinators in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  const studentToken = new Map(data.students.map((s, i) => [s.id, studentTokens[i]]));
  const byUniversity = new Map();
  data.coordinators.forEach((c, i) => {
    byUniversity.set(c.organisation_id, [
      ...(byUniversity.get(c.organisation_id) ?? []),
      coordinatorTokens[i],
    ]);
  });
  return { ...data, studentTokens, coordinatorTokens, studentToken, byUniversity };
}

/** For each endpoint, a function giving the next request (path, method, token, body). */
function requestMakers(people) {
  const { students, studentTokens, coordinatorTokens, placements } = people;
  const cycle = (n) => {
    let i = 0;
    return () => i++ % n;
  };
  const radii = [15, 25, 40];
  const searchPaths = students.map(
    (s, i) =>
      `/api/placements?profession=${s.profession}&near=${encodeURIComponent(s.home_postcode)}&radiusKm=${Math.min(s.max_travel_km ?? radii[i % 3], 60)}`,
  );
  const nextStudent = {
    search: cycle(students.length),
    detail: cycle(students.length),
    mine: cycle(students.length),
  };
  const nextPlacement = cycle(placements.length);
  const nextCoordinator = cycle(coordinatorTokens.length);
  const matchPaths = [
    '/api/matches?status=proposed',
    '/api/matches',
    '/api/matches?status=approved',
  ];
  let applyAt = 0;
  let approveAt = 0;
  const applyTargets = people.applyTargets;
  const approveTargets = people.approveTargets;
  const exhausted = { apply: 0, approve: 0 };
  return {
    exhausted,
    search: () => {
      const i = nextStudent.search();
      return { method: 'GET', path: searchPaths[i], token: studentTokens[i] };
    },
    detail: () => ({
      method: 'GET',
      path: `/api/placements/${placements[nextPlacement()]}`,
      token: studentTokens[nextStudent.detail()],
    }),
    myApplications: () => ({
      method: 'GET',
      path: '/api/applications',
      token: studentTokens[nextStudent.mine()],
    }),
    matches: () => {
      const i = nextCoordinator();
      return {
        method: 'GET',
        path: matchPaths[i % matchPaths.length],
        token: coordinatorTokens[i],
      };
    },
    health: () => ({ method: 'GET', path: '/api/health' }),
    apply: () => {
      const target = applyTargets[applyAt++];
      if (!target) exhausted.apply++;
      const t = target ?? applyTargets[0];
      return {
        method: 'POST',
        path: '/api/applications',
        token: people.studentToken.get(t.student_id),
        body: JSON.stringify({
          placementId: t.placement_id,
          statement: 'I would like to learn from this team.',
        }),
      };
    },
    approve: () => {
      const target = approveTargets[approveAt++];
      if (!target) exhausted.approve++;
      const t = target ?? approveTargets[0];
      const tokens = people.byUniversity.get(t.university_id);
      return {
        method: 'POST',
        path: `/api/matches/${t.id}/approve`,
        token: tokens[approveAt % tokens.length],
      };
    },
  };
}

/** Runs the mix at `rate` requests/s for `seconds`; returns per-endpoint samples. */
async function drive(base, makers, rate, seconds) {
  const shards = [];
  for (const endpoint of MIX) {
    const endpointRate = Math.round(rate * endpoint.share);
    const count = Math.max(1, Math.ceil(endpointRate / PER_CONNECTION_RATE));
    for (let i = 0; i < count; i++) {
      const shardRate = Math.floor(endpointRate / count) + (i < endpointRate % count ? 1 : 0);
      if (shardRate > 0) shards.push({ endpoint, rate: shardRate });
    }
  }
  // Start each shard at its own offset within the first second, endpoints interleaved.
  const stats = new Map(
    MIX.map((e) => [
      e.key,
      { latencies: [], statuses: {}, errors: 0, timeouts: 0, non2xx: 0, samples: [] },
    ]),
  );
  const offsets = shards.map((_, i) => Math.floor((i * 1000) / shards.length));
  const order = shards
    .map((_, i) => i)
    .sort((a, b) => ((a * 7919) % shards.length) - ((b * 7919) % shards.length));
  await Promise.all(
    order.map(async (shardIndex, position) => {
      const { endpoint, rate: shardRate } = shards[shardIndex];
      await sleep(offsets[position]);
      const make = makers[endpoint.key];
      const stat = stats.get(endpoint.key);
      const instance = autocannon({
        url: base,
        connections: 1,
        overallRate: shardRate,
        duration: seconds,
        timeout: 10,
        requests: [
          {
            setupRequest: (request) => {
              const next = make();
              return {
                ...request,
                method: next.method,
                path: next.path,
                headers: {
                  ...(next.token ? { authorization: `Bearer ${next.token}` } : {}),
                  ...(next.body ? { 'content-type': 'application/json' } : {}),
                },
                body: next.body,
              };
            },
            // Keep the first few unexpected answers of the writes, to say why they failed.
            ...(endpoint.expect
              ? {
                  onResponse: (status, body) => {
                    if (status !== endpoint.expect && stat.samples.length < 3)
                      stat.samples.push(`${status} ${String(body).slice(0, 200)}`);
                  },
                }
              : {}),
          },
        ],
      });
      instance.on('response', (_client, statusCode, _bytes, responseTime) => {
        stat.latencies.push(responseTime);
        stat.statuses[statusCode] = (stat.statuses[statusCode] ?? 0) + 1;
        const expected = endpoint.expect;
        if (expected ? statusCode !== expected : statusCode < 200 || statusCode >= 300)
          stat.non2xx++;
      });
      const result = await instance;
      stat.errors += result.errors;
      stat.timeouts += result.timeouts;
    }),
  );
  return stats;
}

function percentile(sorted, p) {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function summarise(stats, seconds) {
  const rows = [];
  for (const endpoint of MIX) {
    const s = stats.get(endpoint.key);
    const sorted = Float64Array.from(s.latencies).sort();
    rows.push({
      endpoint,
      requests: sorted.length,
      rps: sorted.length / seconds,
      p50: percentile(sorted, 50),
      p99: percentile(sorted, 99),
      max: sorted[sorted.length - 1] ?? NaN,
      failures: s.non2xx + s.errors + s.timeouts,
      statuses: s.statuses,
      samples: s.samples,
      target: endpoint.kind === 'read' ? 50 : 200,
    });
  }
  const all = Float64Array.from([...stats.values()].flatMap((s) => s.latencies)).sort();
  const total = {
    requests: all.length,
    rps: all.length / seconds,
    p50: percentile(all, 50),
    p99: percentile(all, 99),
    max: all[all.length - 1],
    failures: rows.reduce((n, r) => n + r.failures, 0),
  };
  return { rows, total };
}

function printSummary({ rows, total }) {
  const header = [
    'endpoint',
    'requests',
    'req/s',
    'p50 ms',
    'p99 ms',
    'max ms',
    'failed',
    'target',
    'met',
  ];
  const f = (n) => (Number.isFinite(n) ? n.toFixed(1) : '-');
  const lines = rows.map((r) => [
    r.endpoint.name,
    String(r.requests),
    r.rps.toFixed(1),
    f(r.p50),
    f(r.p99),
    f(r.max),
    String(r.failures),
    `p99<${r.target}`,
    r.p99 < r.target && r.failures === 0 ? 'yes' : 'NO',
  ]);
  lines.push([
    'total',
    String(total.requests),
    total.rps.toFixed(1),
    f(total.p50),
    f(total.p99),
    f(total.max),
    String(total.failures),
    '',
    '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const format = (cells) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(format(header));
  for (const line of lines) {
    if (line[0] === 'total') console.log(widths.map((w) => '-'.repeat(w)).join('  '));
    console.log(format(line));
  }
  for (const r of rows) {
    const odd = Object.entries(r.statuses).filter(
      ([code]) => Number(code) !== (r.endpoint.expect ?? Number(code)) || Number(code) >= 300,
    );
    if (odd.length) console.log(`  ${r.endpoint.name}: status codes ${JSON.stringify(r.statuses)}`);
    for (const sample of r.samples) console.log(`    e.g. ${sample}`);
  }
}

// ---- main ------------------------------------------------------------------------------------

buildApps();
if (args.fresh) rmSync(DATA_DIR, { recursive: true, force: true });
mkdirSync(DATA_DIR, { recursive: true });
let server = await spawnEmbeddedServer({ dir: DATA_DIR, persistent: true });
// pg_stat_statements, to say where PostgreSQL's time goes (needs a restart the first time).
const preload = await withClient(server.url, (c) =>
  c.query('SHOW shared_preload_libraries').then((r) => r.rows[0].shared_preload_libraries),
);
if (!preload.includes('pg_stat_statements')) {
  await withClient(server.url, async (c) => {
    await c.query(`ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'`);
    await c.query(`ALTER SYSTEM SET pg_stat_statements.track_planning = on`);
  });
  await server.stop();
  server = await spawnEmbeddedServer({ dir: DATA_DIR, persistent: true });
}
let api;
try {
  await prepareTemplate(server);
  await withClient(server.url, async (admin) => {
    await admin.query(`DROP DATABASE IF EXISTS ${RUN_DB}`);
    await admin.query(`CREATE DATABASE ${RUN_DB} TEMPLATE ${TEMPLATE}`);
  });
  const databaseUrl = server.url.replace(/\/postgres$/, `/${RUN_DB}`);
  // BENCH_CPU_PROF=<dir> writes a V8 CPU profile of the API (when it exits) for finding hot spots;
  // BENCH_NODE_ARGS passes options to the API's node alone (not to this process or autocannon).
  const nodeArgs = [
    ...(process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean),
    ...(process.env.BENCH_CPU_PROF
      ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_CPU_PROF]
      : []),
  ];
  // BENCH_DB_SOCKET=1: the API reaches PostgreSQL through its Unix socket rather than TCP.
  const apiUrl = process.env.BENCH_DB_SOCKET
    ? `${databaseUrl}?host=${encodeURIComponent('/tmp')}`
    : databaseUrl;
  api = await startApi(apiUrl, { env: API_ENV, nodeArgs });
  const dataCounts = await withClient(databaseUrl, counts);
  const people = await preparePeople(api.base, databaseUrl);
  const makers = requestMakers(people);

  console.log(`Warming up: the mix at ${RATE} requests/s for ${WARMUP} s…`);
  await drive(api.base, makers, RATE, WARMUP);
  await sleep(500);
  const loadBefore = load();
  console.log(`Measuring: ${SECONDS} s at ${RATE} requests/s (load average ${loadBefore})…`);
  await withClient(databaseUrl, async (c) => {
    await c.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    await c.query('SELECT pg_stat_statements_reset()');
  });
  const cpuBefore = cpuSeconds(api.pid);
  const machineBefore = machineCpu();
  const stats = await drive(api.base, makers, RATE, SECONDS);
  const cpuAfter = cpuSeconds(api.pid);
  const machineAfter = machineCpu();
  const loadAfter = load();
  const summary = summarise(stats, SECONDS);

  console.log(
    `\nAPI under load: ${dataCounts.students.toLocaleString()} students, ${dataCounts.placements.toLocaleString()} placements ` +
      `(${dataCounts.published.toLocaleString()} published), ${dataCounts.applications.toLocaleString()} applications, ` +
      `${dataCounts.matches.toLocaleString()} matches (${dataCounts.approved.toLocaleString()} approved, ${dataCounts.proposed.toLocaleString()} proposed)`,
  );
  console.log(
    `${RATE} requests/s for ${SECONDS} s after a ${WARMUP} s warm-up; ${people.students.length} students and ` +
      `${people.coordinators.length} coordinators signed in; API_WORKERS=${process.env.API_WORKERS ?? '1'}; DB_POOL_SIZE=${process.env.DB_POOL_SIZE ?? 'default'}; ` +
      `load average before ${loadBefore}, after ${loadAfter} (1, 5, 15 min)\n`,
  );
  printSummary(summary);
  const perRequest = (key) =>
    (((cpuAfter[key] - cpuBefore[key]) * 1000) / summary.total.requests).toFixed(2);
  console.log(
    `\nCPU time per request: API ${perRequest('api')} ms (${perRequest('apiSystem')} in the kernel), PostgreSQL ${perRequest('postgres')} ms, ` +
      `autocannon ${perRequest('driver')} ms (the machine has ${((availableParallelism() * 1000) / RATE).toFixed(1)} ms per request at ${RATE} requests/s)`,
  );
  const d = (k) => machineAfter[k] - machineBefore[k];
  const all = d('busy') + d('idle') + d('steal');
  console.log(
    `Machine during the run: ${((100 * d('busy')) / all).toFixed(0)}% busy (all processes), ` +
      `${((100 * d('steal')) / all).toFixed(0)}% stolen by the hypervisor`,
  );
  if (makers.exhausted.apply || makers.exhausted.approve)
    console.log(
      `  (ran out of targets: ${JSON.stringify(makers.exhausted)}; repeats count as failures)`,
    );

  const checks = [
    ...summary.rows.map((r) => [
      `${r.endpoint.name}: p99 ${r.p99.toFixed(1)} ms < ${r.target} ms`,
      r.p99 < r.target,
    ]),
    [`no failed requests (${summary.total.failures})`, summary.total.failures === 0],
    [
      `sustained ${summary.total.rps.toFixed(1)} of ${RATE} requests/s`,
      summary.total.rps >= RATE * 0.98,
    ],
  ];
  console.log('');
  for (const [label, pass] of checks) console.log(`${pass ? 'PASS' : 'FAIL'}  ${label}`);
  const ok = checks.every(([, pass]) => pass);
  console.log(ok ? '\nAll targets met.' : '\nSome targets were missed.');

  const statements = await withClient(databaseUrl, (c) =>
    c
      .query(
        `SELECT calls, round((total_exec_time + total_plan_time)::numeric, 0) AS total_ms,
                round(((total_exec_time + total_plan_time) / calls)::numeric, 3) AS ms_per_call,
                round((total_plan_time / calls)::numeric, 3) AS plan_ms_per_call,
                round((shared_blks_hit::numeric / calls), 1) AS blocks_per_call,
                regexp_replace(query, '\\s+', ' ', 'g') AS query
           FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
          WHERE d.datname = $1 AND calls > 0 ORDER BY total_exec_time + total_plan_time DESC LIMIT 40`,
        [RUN_DB],
      )
      .then((r) => r.rows),
  );
  mkdirSync(join(root, 'dist/bench'), { recursive: true });
  writeFileSync(
    join(root, 'dist/bench/api-statements.txt'),
    statements
      .map(
        (r) =>
          `${r.total_ms} ms total, ${r.calls} calls, ${r.ms_per_call} ms/call (plan ${r.plan_ms_per_call}), ${r.blocks_per_call} blocks/call\n  ${r.query}\n`,
      )
      .join('\n'),
  );
  console.log(
    '\nPostgreSQL time by statement (pg_stat_statements, top 8; all in dist/bench/api-statements.txt):',
  );
  for (const r of statements.slice(0, 8))
    console.log(
      `  ${String(r.total_ms).padStart(6)} ms ${String(r.calls).padStart(6)} calls ${String(r.ms_per_call).padStart(7)} ms/call  ${r.query.slice(0, 110)}`,
    );

  if (!args['no-explain']) {
    const plans = await explainAll(databaseUrl, people);
    mkdirSync(join(root, 'dist/bench'), { recursive: true });
    writeFileSync(join(root, 'dist/bench/api-plans.txt'), plans);
    console.log('Query plans (EXPLAIN ANALYZE, BUFFERS) written to dist/bench/api-plans.txt');
  }
  process.exitCode = ok ? 0 : 1;
} finally {
  await api?.stop();
  await server.stop();
}
