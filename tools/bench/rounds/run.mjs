#!/usr/bin/env node
// An allocation round end to end, through the API on a fresh database: 20,000 students,
// 5,000 placements and 10 applications each (200,000), one university. Times POST
// /api/allocation-rounds/:id/run (load, run the engine, save the proposals, in the background
// job) as the coordinator waits for it, for the first run, a re-run that replaces every
// proposal, and the welfare policy.
//   npm run bench:rounds     (BENCH_STUDENTS=20000 BENCH_PLACEMENTS=5000 BENCH_CHOICES=10)
// Target: under 5 s end to end.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { buildApps, call, login, root, startPlatform } from '../lib/harness.mjs';

const STUDENTS = Number(process.env.BENCH_STUDENTS ?? 20_000);
const PLACEMENTS = Number(process.env.BENCH_PLACEMENTS ?? 5_000);
const CHOICES = Number(process.env.BENCH_CHOICES ?? 10);
const PER_FILE = 10_000;
const PROFESSIONS = ['occupational_therapy', 'physiotherapy', 'speech_language_therapy'];
const REQUIREMENTS = [
  'enhanced_dbs',
  'occupational_health',
  'mandatory_training',
  'driving_licence',
  'immunisations',
  'breakaway_training',
];

/** mulberry32, so every run loads the same data. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const next = random(7);
const pick = (items) => items[Math.floor(next() * items.length)];
const OUTCODES = readFileSync(join(root, 'libs/geo/data/uk-outcodes.csv'), 'utf8')
  .split('\n')
  .slice(1)
  .map((line) => line.split(','))
  .filter(([code, lat]) => code && /^(LS|BD|HX|HD|WF|YO|HG|S\d)/.test(code) && Number(lat) > 50)
  .map(([code]) => code);

function placementsCsv(from, rows) {
  const lines = [
    'title,professions,setting,model,postcode,startDate,endDate,capacity,requirements',
  ];
  for (let i = 0; i < rows; i++) {
    const start = new Date(Date.UTC(2027, 0, 4) + Math.floor(next() * 300) * 86_400_000);
    const end = new Date(start.getTime() + (28 + Math.floor(next() * 56)) * 86_400_000);
    lines.push(
      [
        `Bench placement ${from + i}`,
        PROFESSIONS[(from + i) % PROFESSIONS.length],
        'mental_health',
        'one_to_one',
        pick(OUTCODES),
        start.toISOString().slice(0, 10),
        end.toISOString().slice(0, 10),
        1 + Math.floor(next() * 4),
        next() < 0.5 ? 'enhanced_dbs' : 'enhanced_dbs;occupational_health',
      ].join(','),
    );
  }
  return lines.join('\n');
}

function studentsCsv(from, rows) {
  const lines = ['email,name,profession,yearOfStudy,homePostcode,maxTravelKm'];
  for (let i = 0; i < rows; i++) {
    const n = from + i;
    lines.push(
      [
        `student${n}@bench.example`,
        `Bench Student ${n}`,
        PROFESSIONS[n % PROFESSIONS.length],
        1 + (n % 3),
        pick(OUTCODES),
        next() < 0.2 ? 40 : '',
      ].join(','),
    );
  }
  return lines.join('\n');
}

const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;

buildApps();
// The job logs how long each of its steps took ("Allocation round proposed"): keep those lines.
const jobTimings = [];
// BENCH_CPU_PROF=<dir> writes a V8 CPU profile of the API (when it exits) for finding hot spots;
// BENCH_NODE_ARGS passes options to the API's node.
const platform = await startPlatform({
  env: { LOG_LEVEL: 'info', JOBS_ENABLED: 'true', JOB_POLL_INTERVAL_SECONDS: '0.5' },
  nodeArgs: [
    ...(process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean),
    ...(process.env.BENCH_CPU_PROF
      ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_CPU_PROF]
      : []),
  ],
  onLogLine: (line) => {
    if (!line.includes('Allocation round proposed')) return;
    try {
      jobTimings.push(JSON.parse(line));
    } catch {
      // not a JSON line
    }
  },
});
const client = new pg.Client({ connectionString: platform.databaseUrl });
try {
  const { base } = platform;
  const admin = await login(base, platform.adminUser.email, platform.adminUser.password);
  const university = await call(base, 'POST', '/api/organisations', {
    token: admin,
    body: { name: 'Bench University', type: 'university', region: 'north_east_yorkshire' },
  });
  const provider = await call(base, 'POST', '/api/organisations', {
    token: admin,
    body: { name: 'Bench Trust', type: 'provider', region: 'north_east_yorkshire' },
  });
  const people = [
    ['coordinator', university.id, 'coordinator@bench.example'],
    ['provider', provider.id, 'provider@bench.example'],
  ];
  for (const [role, organisationId, email] of people) {
    await call(base, 'POST', '/api/users', {
      token: admin,
      body: { email, name: role, role, organisationId, password: 'bench-round-password-77' },
    });
  }
  const coordinator = await login(base, 'coordinator@bench.example', 'bench-round-password-77');
  const providerToken = await login(base, 'provider@bench.example', 'bench-round-password-77');

  console.log(
    `Loading ${PLACEMENTS.toLocaleString()} placements and ${STUDENTS.toLocaleString()} students through the import endpoints…`,
  );
  for (let loaded = 0; loaded < PLACEMENTS; loaded += PER_FILE) {
    const rows = Math.min(PER_FILE, PLACEMENTS - loaded);
    await call(base, 'POST', '/api/placements/import?publish=true', {
      token: providerToken,
      body: placementsCsv(loaded, rows),
      contentType: 'text/csv',
    });
  }
  for (let loaded = 0; loaded < STUDENTS; loaded += PER_FILE) {
    const rows = Math.min(PER_FILE, STUDENTS - loaded);
    await call(base, 'POST', '/api/users/import', {
      token: coordinator,
      body: studentsCsv(loaded, rows),
      contentType: 'text/csv',
    });
  }

  await client.connect();
  // The invitations the import queued would keep the worker busy; they are not what is measured.
  await client.query(`DELETE FROM pgboss.job WHERE name = 'email'`);
  // Most students have done their checks; one in five has not done occupational health.
  await client.query(
    `UPDATE student_profile SET compliance = CASE WHEN hashtext(user_id::text) % 5 = 0
        THEN $1::text[] ELSE $2::text[] END`,
    [REQUIREMENTS.filter((r) => r !== 'occupational_health'), REQUIREMENTS],
  );
  // Applications: each student picks CHOICES placements of their profession, popular ones more
  // often (a skewed pick), in the order picked; providers rank a third of their applicants.
  const placements = (
    await client.query(`SELECT id, professions[1] AS profession FROM placement ORDER BY title`)
  ).rows;
  const byProfession = new Map(PROFESSIONS.map((p) => [p, []]));
  for (const p of placements) byProfession.get(p.profession).push(p.id);
  const students = (
    await client.query(
      `SELECT u.id, sp.profession FROM app_user u JOIN student_profile sp ON sp.user_id = u.id ORDER BY u.email`,
    )
  ).rows;
  const studentIds = [];
  const placementIds = [];
  const ranks = [];
  const providerRanks = [];
  for (const student of students) {
    const pool = byProfession.get(student.profession);
    const chosen = new Set();
    while (chosen.size < Math.min(CHOICES, pool.length)) {
      chosen.add(pool[Math.floor(pool.length * next() ** 2)]);
    }
    let rank = 0;
    for (const placementId of chosen) {
      studentIds.push(student.id);
      placementIds.push(placementId);
      ranks.push(++rank);
      providerRanks.push(next() < 0.33 ? 1 + Math.floor(next() * 50) : null);
    }
  }
  for (let i = 0; i < studentIds.length; i += 50_000) {
    await client.query(
      `INSERT INTO application (student_id, placement_id, rank, provider_rank, status)
       SELECT * , 'submitted' FROM unnest($1::uuid[], $2::uuid[], $3::int[], $4::int[])`,
      [
        studentIds.slice(i, i + 50_000),
        placementIds.slice(i, i + 50_000),
        ranks.slice(i, i + 50_000),
        providerRanks.slice(i, i + 50_000),
      ],
    );
  }
  await client.query('VACUUM ANALYZE');
  const [{ seats }] = (await client.query(`SELECT sum(capacity)::int AS seats FROM placement`))
    .rows;
  console.log(
    `${students.length.toLocaleString()} students, ${placements.length.toLocaleString()} placements (${seats.toLocaleString()} seats), ${studentIds.length.toLocaleString()} applications`,
  );

  const round = await call(base, 'POST', '/api/allocation-rounds', {
    token: coordinator,
    body: { name: 'Bench round', startFrom: '2027-01-01', startTo: '2027-12-31', seed: 'bench' },
  });
  const rows = [];
  for (const [label, policy] of [
    ['first run (stable)', 'stable'],
    ['re-run, replacing every proposal', 'stable'],
    ['welfare', 'welfare'],
  ]) {
    const started = performance.now();
    const result = await call(base, 'POST', `/api/allocation-rounds/${round.id}/run`, {
      token: coordinator,
      body: { policy },
    });
    const wall = performance.now() - started;
    if (result.status !== 'proposed')
      throw new Error(`The round ended ${result.status}: ${result.error}`);
    // The log line is written just after the job commits, so it may trail the answer a little.
    for (let i = 0; i < 50 && !jobTimings.some((t) => t.roundId === round.id && !t.seen); i++) {
      await new Promise((r) => setTimeout(r, 20));
    }
    const timing = jobTimings.find((t) => t.roundId === round.id && !t.seen);
    if (timing) timing.seen = true;
    rows.push([
      label,
      seconds(wall),
      seconds(result.durationMs),
      timing ? seconds(timing.loadMs) : '–',
      timing ? seconds(timing.matchMs) : '–',
      timing ? seconds(timing.saveMs) : '–',
      result.matched,
      result.unmatched.length,
    ]);
  }
  // The answer to POST run is the round itself: how long reading it takes, on its own.
  const reads = [];
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    await call(base, 'GET', `/api/allocation-rounds/${round.id}`, { token: coordinator });
    reads.push(performance.now() - t);
  }
  // Comparing the two policies on the round (both run on the current inputs, nothing saved).
  const compareStarted = performance.now();
  await call(base, 'GET', `/api/allocation-rounds/${round.id}/comparison`, { token: coordinator });
  const compareMs = performance.now() - compareStarted;
  // Approving every proposal of the last run, as a coordinator does with "Approve all".
  const approveStarted = performance.now();
  const approval = await call(base, 'POST', `/api/allocation-rounds/${round.id}/approve`, {
    token: coordinator,
    body: {},
  });
  const approveMs = performance.now() - approveStarted;
  const widths = [34, 16, 8, 8, 8, 8, 9, 10];
  const line = (cells) => cells.map((c, i) => String(c).padEnd(widths[i])).join(' ');
  console.log('');
  console.log(
    line(['run', 'POST run (wall)', 'job', 'load', 'engine', 'save', 'matched', 'unmatched']),
  );
  for (const row of rows) console.log(line(row));
  console.log(`\nComparing stable and welfare on the round: ${seconds(compareMs)}.`);
  console.log(
    `Approving all ${approval.approved.toLocaleString()} proposals (${approval.failed.length} did not fit): ${seconds(approveMs)}.`,
  );
  console.log(
    `GET of the round afterwards (the same answer alone): ${reads.map(seconds).join(', ')}.`,
  );
  console.log(
    'POST run includes queueing the job (which this process starts at once) and the answer listing every proposal; "job" is the whole job: load (while the database replaces the earlier proposals, on another connection), the engine, then save (the summary and fingerprint are worked out meanwhile).',
  );
} finally {
  await client.end().catch(() => undefined);
  await platform.stop();
}
