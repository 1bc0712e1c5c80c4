#!/usr/bin/env node
// Placement search under load: loads 50,000 placements (through the CSV import endpoint, 10,000
// per file) into a fresh database, then drives GET /api/placements with autocannon, 50
// connections, for the common searches, beside GET /api/health in the same run.
//   npm run bench:search            (BENCH_SECONDS=10 per run by default, BENCH_PLACEMENTS=50000)
// Targets: p99 under 50 ms, and search throughput at least a quarter of the health check's.
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SERVICES } from '../lib/services.mjs';
import pg from 'pg';
import { buildApps, call, load, login, printTable, root, startPlatform } from '../lib/harness.mjs';

const TOTAL = Number(process.env.BENCH_PLACEMENTS ?? 50_000);
const PER_FILE = 10_000;
const PROVIDERS = 20;

/** mulberry32, so every run loads the same placements. */
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
const next = random(42);
const pick = (items) => items[Math.floor(next() * items.length)];

// English districts only (Scottish and Welsh placements would not be in NHS England regions).
const OUTCODES = readFileSync(join(root, 'libs/geo/data/uk-outcodes.csv'), 'utf8')
  .split('\n')
  .slice(1)
  .map((line) => line.split(','))
  .filter(
    ([code, lat]) =>
      code &&
      Number(lat) < 55.8 &&
      Number(lat) > 50 &&
      !/^(CF|SA|LL|LD|NP|SY2[0-5]|TD|DG|EH|G\d|KA|ML|FK|KY|DD|PH|AB|IV|KW|HS|ZE|PA)/.test(code),
  )
  .map(([code]) => code);
const PROFESSIONS = [
  'occupational_therapy',
  'occupational_therapy',
  'physiotherapy',
  'speech_language_therapy',
  'dietetics',
  'art_therapy',
  'music_therapy',
  'drama_therapy',
  'paramedicine',
  'podiatry',
  'radiography',
  'orthoptics',
  'osteopathy',
  'operating_department_practice',
  'prosthetics_orthotics',
];
const MODELS = [
  'one_to_one',
  'one_to_one',
  'peer',
  'long_arm',
  'split',
  'role_emerging',
  'virtual',
];

function placementsCsv(rows) {
  const lines = [
    'title,professions,setting,model,postcode,startDate,endDate,capacity,serviceType,description',
  ];
  for (let i = 0; i < rows; i++) {
    const [service, setting, serviceType] = pick(SERVICES);
    const professions = [
      ...new Set([pick(PROFESSIONS), ...(next() < 0.3 ? [pick(PROFESSIONS)] : [])]),
    ];
    const start = new Date(Date.UTC(2027, 0, 4) + Math.floor(next() * 330) * 86_400_000);
    const end = new Date(start.getTime() + (28 + Math.floor(next() * 56)) * 86_400_000);
    lines.push(
      [
        `${service}: placement ${Math.floor(next() * 1e6)}`,
        professions.join(';'),
        setting,
        pick(MODELS),
        pick(OUTCODES),
        start.toISOString().slice(0, 10),
        end.toISOString().slice(0, 10),
        1 + Math.floor(next() * 3),
        serviceType,
        `"Supervised practice in a ${serviceType.toLowerCase()} service, with group and individual work."`,
      ].join(','),
    );
  }
  return lines.join('\n');
}

async function explain(databaseUrl, label, sql) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${sql}`);
    return `-- ${label}\n${rows.map((r) => r['QUERY PLAN']).join('\n')}\n`;
  } finally {
    await client.end();
  }
}

buildApps();
const platform = await startPlatform({ env: { LOG_LEVEL: 'warn' } });
try {
  const { base } = platform;
  const admin = await login(base, platform.adminUser.email, platform.adminUser.password);
  console.log(`Loading ${TOTAL.toLocaleString()} placements through POST /api/placements/import…`);
  const providerTokens = [];
  for (let p = 0; p < PROVIDERS; p++) {
    const org = await call(base, 'POST', '/api/organisations', {
      token: admin,
      body: { name: `Bench Trust ${p}`, type: 'provider', region: 'midlands' },
    });
    const email = `lead${p}@bench.example`;
    await call(base, 'POST', '/api/users', {
      token: admin,
      body: {
        email,
        name: `Lead ${p}`,
        role: 'provider',
        organisationId: org.id,
        password: 'bench-provider-password-77',
      },
    });
    providerTokens.push(await login(base, email, 'bench-provider-password-77'));
  }
  const importTimes = [];
  for (let loaded = 0, file = 0; loaded < TOTAL; file++) {
    const rows = Math.min(PER_FILE, TOTAL - loaded);
    const csv = placementsCsv(rows);
    const started = performance.now();
    const result = await call(base, 'POST', '/api/placements/import?publish=true', {
      token: providerTokens[file % PROVIDERS],
      body: csv,
      contentType: 'text/csv',
    });
    importTimes.push((performance.now() - started) / 1000);
    if (result.created !== rows)
      throw new Error(
        `Import created ${result.created} of ${rows}: ${JSON.stringify(result.errors.slice(0, 3))}`,
      );
    loaded += rows;
  }
  console.log(
    `Imported in ${importTimes.map((s) => `${s.toFixed(1)} s`).join(', ')} (${PER_FILE.toLocaleString()} rows per file)`,
  );
  const client = new pg.Client({ connectionString: platform.databaseUrl });
  await client.connect();
  await client.query('VACUUM ANALYZE placement');
  await client.end();

  const uni = await call(base, 'POST', '/api/organisations', {
    token: admin,
    body: { name: 'Bench University', type: 'university', region: 'midlands' },
  });
  await call(base, 'POST', '/api/users', {
    token: admin,
    body: {
      email: 'student@bench.example',
      name: 'Bench Student',
      role: 'student',
      organisationId: uni.id,
      password: 'bench-student-password-77',
      studentProfile: { profession: 'occupational_therapy', yearOfStudy: 2 },
    },
  });
  const student = await login(base, 'student@bench.example', 'bench-student-password-77');

  const homes = [
    'LS6 2AB',
    'M14 5AB',
    'B15 2TT',
    'SE5 8AZ',
    'BS16 1LE',
    'NG7 1AB',
    'NE1 4LP',
    'L7 8TX',
    'CB2 1TN',
    'BN2 3EW',
    'YO10 5DD',
    'SO17 1BJ',
    'PL4 8AA',
    'LE1 7RH',
    'S10 2TN',
    'CV4 7AL',
  ];
  const professions = [
    'occupational_therapy',
    'physiotherapy',
    'speech_language_therapy',
    'dietetics',
    'art_therapy',
  ];
  const words = [
    'camhs',
    'forensic',
    'eating disorders',
    'autism assessment',
    'perinatal',
    'crisis team',
    'supported living',
    'psychosis',
  ];
  const nearPaths = homes.flatMap((home, i) =>
    professions.map(
      (profession, j) =>
        `/api/placements?profession=${profession}&near=${encodeURIComponent(home)}&radiusKm=${[15, 25, 40][(i + j) % 3]}`,
    ),
  );
  const textPaths = words.map((q) => `/api/placements?q=${encodeURIComponent(q)}`);
  const windowPaths = Array.from(
    { length: 12 },
    (_, m) =>
      `/api/placements?startFrom=2027-${String(m + 1).padStart(2, '0')}-01&startTo=2027-${String(m + 1).padStart(2, '0')}-14`,
  );

  // Warm up (JIT, connection pool, buffer cache) before measuring.
  await load(base, 'warm-up', [...nearPaths, ...textPaths, ...windowPaths], {
    token: student,
    seconds: 3,
  });
  const results = [
    await load(base, 'GET /api/health', ['/api/health']),
    await load(base, 'search: profession + near + radius', nearPaths, { token: student }),
    await load(base, 'search: text', textPaths, { token: student }),
    await load(base, 'search: date window', windowPaths, { token: student }),
  ];
  console.log(
    `\nPlacement search, ${TOTAL.toLocaleString()} placements, 50 connections, ${process.env.BENCH_SECONDS ?? 10} s each:\n`,
  );
  printTable(results);
  const health = results[0].requestsPerSecond;
  let ok = true;
  for (const r of results.slice(1)) {
    const share = r.requestsPerSecond / health;
    const pass = r.p99 < 50 && share >= 0.25 && r.errors === 0;
    ok &&= pass;
    console.log(
      `${pass ? 'PASS' : 'FAIL'}  ${r.name}: p99 ${r.p99} ms (target < 50), ${(share * 100).toFixed(0)}% of health throughput (target ≥ 25%), ${r.errors} errors`,
    );
  }

  // The inner step of each search as PlacementsService builds it (the outer step reads 21 rows by id).
  const [x, y, z] = [
    Math.cos(0.93934) * Math.cos(-0.02758),
    Math.cos(0.93934) * Math.sin(-0.02758),
    Math.sin(0.93934),
  ]; // LS6: 53.82N 1.58W
  const closeness = `(p.ux * ${x} + p.uy * ${y} + p.uz * ${z})`;
  const plans = [
    await explain(
      platform.databaseUrl,
      'occupational therapy near LS6 within 25 km',
      `SELECT p.id, -${closeness} AS sort_key FROM placement p WHERE p.status = 'published' AND p.professions @> ARRAY['occupational_therapy']::text[] AND point(p.longitude, p.latitude) <@ box(point(-1.97, 53.60), point(-1.18, 54.04)) AND ${closeness} >= ${Math.cos(25 / 6371.0088)} ORDER BY -${closeness}, p.id LIMIT 21`,
    ),
    await explain(
      platform.databaseUrl,
      "words 'perinatal' (common: one placement in twelve), walking the date index",
      `SELECT s.id, s.start_date FROM (SELECT p.id, p.start_date, p.search_vector FROM placement p WHERE p.status = 'published' ORDER BY p.start_date, p.id LIMIT 500) s WHERE s.search_vector @@ websearch_to_tsquery('english', 'perinatal') ORDER BY s.start_date, s.id LIMIT 21`,
    ),
    await explain(
      platform.databaseUrl,
      "words 'perinatal 123456' (rare), from the word index",
      `SELECT p.id, p.start_date FROM placement p WHERE p.status = 'published' AND p.search_vector @@ websearch_to_tsquery('english', 'perinatal 123456') ORDER BY p.start_date + 0, p.id LIMIT 21`,
    ),
    await explain(
      platform.databaseUrl,
      'start date window',
      `SELECT p.id, p.start_date FROM placement p WHERE p.status = 'published' AND p.start_date >= '2027-03-01' AND p.start_date <= '2027-03-14' ORDER BY p.start_date, p.id LIMIT 21`,
    ),
  ];
  mkdirSync(join(root, 'dist/bench'), { recursive: true });
  writeFileSync(join(root, 'dist/bench/search-plans.txt'), plans.join('\n'));
  console.log('\nQuery plans (EXPLAIN ANALYZE) written to dist/bench/search-plans.txt');
  process.exitCode = ok ? 0 : 1;
} finally {
  await platform.stop();
}
