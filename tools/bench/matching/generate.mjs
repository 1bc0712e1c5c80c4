// Deterministic allocation rounds with the structure of real ones, for the matching benchmark:
// professions in realistic proportions, placements and students at English postcode districts,
// a few very popular placements (Zipf-like popularity) and mostly local choices so that seats
// are contested, travel limits, requirements and compliance, busy dates, a few priority students
// and partial provider rankings.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** mulberry32: small, fast and good enough to make test data. */
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

const PROFESSIONS = [
  ['occupational_therapy', 22],
  ['physiotherapy', 22],
  ['paramedicine', 10],
  ['speech_language_therapy', 8],
  ['radiography', 8],
  ['dietetics', 7],
  ['art_therapy', 4],
  ['podiatry', 4],
  ['operating_department_practice', 4],
  ['music_therapy', 3],
  ['drama_therapy', 3],
  ['orthoptics', 2],
  ['osteopathy', 2],
  ['prosthetics_orthotics', 1],
];
const PROFESSION_CUMULATIVE = (() => {
  let sum = 0;
  const total = PROFESSIONS.reduce((t, [, w]) => t + w, 0);
  return PROFESSIONS.map(([, w]) => (sum += w / total));
})();
// [code, share of placements requiring it, share of students holding it]
const REQUIREMENTS = [
  ['enhanced_dbs', 0.85, 0.97],
  ['occupational_health', 0.6, 0.93],
  ['mandatory_training', 0.4, 0.9],
  ['driving_licence', 0.1, 0.55],
];
const TRAVEL_LIMITS = [40, 60, 80, 100, 150];
const YEAR_START = Date.UTC(2025, 8, 1);
const DAY = 86_400_000;
const iso = (days) => new Date(YEAR_START + days * DAY).toISOString().slice(0, 10);

/** English postcode districts (Scottish and Welsh ones are outside NHS England). */
function englishDistricts(root) {
  return readFileSync(join(root, 'libs/geo/data/uk-outcodes.csv'), 'utf8')
    .split('\n')
    .slice(1)
    .map((line) => line.split(','))
    .filter(
      ([code, lat]) =>
        code &&
        Number(lat) < 55.8 &&
        Number(lat) > 50 &&
        !/^(CF|SA|LL|LD|NP|SY2[0-5]|TD|DG|EH|G\d|KA|ML|FK|KY|DD|PH|AB|IV|KW|HS|ZE|PA|BT|GY|JE|IM)/.test(
          code,
        ),
    )
    .map(([, lat, lng]) => ({ lat: Number(lat), lng: Number(lng) }));
}

/** Grid cells of about 55 by 55 km, for choosing placements near a student. */
const CELL_LAT = 0.5;
const CELL_LNG = 0.8;
const cellOf = (lat, lng) =>
  Math.floor((lat - 49) / CELL_LAT) * 64 + Math.floor((lng + 7) / CELL_LNG);

/**
 * @param {{ students: number, placements: number, seats: number, preferences: number, seed?: number, root: string }} size
 * @returns {import('../../../libs/matching/src/index').AllocationInput}
 */
export function generateRound({
  students: n,
  placements: m,
  seats,
  preferences: listLength,
  seed = 2025,
  root,
}) {
  const next = random(seed);
  const pick = (items) => items[Math.floor(next() * items.length)];
  const chance = (p) => next() < p;
  const profession = () => {
    const r = next();
    let i = 0;
    while (PROFESSION_CUMULATIVE[i] < r && i < PROFESSIONS.length - 1) i++;
    return i;
  };
  const districts = englishDistricts(root);
  const near = (place, km) => ({
    lat: place.lat + ((next() - 0.5) * km) / 111,
    lng: place.lng + ((next() - 0.5) * km) / 70,
  });

  // Placements. Capacities: at least one seat each, the rest shared in proportion to a skewed
  // size (many single seats, a few large teams), summing exactly to `seats`.
  const size = Array.from({ length: m }, () => (-Math.log(1 - next())) ** 1.3);
  const totalSize = size.reduce((a, b) => a + b, 0);
  const extra = seats - m;
  const capacity = size.map((w) => 1 + Math.floor((extra * w) / totalSize));
  let left = seats - capacity.reduce((a, b) => a + b, 0);
  for (let p = 0; left > 0; p = (p + 1) % m, left--) capacity[p]++;
  // Popularity: Zipf over a random order, so that a few placements attract many applicants.
  const popularity = new Float64Array(m);
  const order = Array.from({ length: m }, (_, i) => i);
  for (let i = m - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  order.forEach((p, r) => (popularity[p] = 1 / (r + 1) ** 0.7));

  const placements = new Array(m);
  const placementProfessions = new Array(m);
  const placementCell = new Int32Array(m);
  for (let p = 0; p < m; p++) {
    const codes = [profession()];
    if (chance(0.2)) {
      const second = profession();
      if (second !== codes[0]) codes.push(second);
    }
    placementProfessions[p] = codes;
    const location = near(pick(districts), 4);
    placementCell[p] = cellOf(location.lat, location.lng);
    const start = 7 * Math.floor(next() * 36);
    const weeks = 4 + Math.floor(next() * 9);
    const placement = {
      id: `P${String(p).padStart(6, '0')}`,
      professions: codes.map((c) => PROFESSIONS[c][0]),
      capacity: capacity[p],
      startDate: iso(start),
      endDate: iso(start + 7 * weeks - 3),
      location,
      requirements: REQUIREMENTS.filter(([, share]) => chance(share)).map(([code]) => code),
    };
    if (chance(0.3)) placement.minYearOfStudy = chance(0.66) ? 2 : 3;
    placements[p] = placement;
  }

  // Per profession, per cell: the placements there with cumulative popularity (for sampling).
  const byProfession = PROFESSIONS.map(() => ({ all: [], cells: new Map() }));
  for (let p = 0; p < m; p++) {
    for (const c of placementProfessions[p]) {
      byProfession[c].all.push(p);
      const cells = byProfession[c].cells;
      if (!cells.has(placementCell[p])) cells.set(placementCell[p], []);
      cells.get(placementCell[p]).push(p);
    }
  }
  const sampler = (list) => {
    const cumulative = new Float64Array(list.length);
    let sum = 0;
    list.forEach((p, i) => (cumulative[i] = sum += popularity[p]));
    return { list: Int32Array.from(list), cumulative, total: sum };
  };
  const draw = ({ list, cumulative, total }) => {
    const r = next() * total;
    let lo = 0;
    let hi = list.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] < r) lo = mid + 1;
      else hi = mid;
    }
    return list[lo];
  };
  for (const entry of byProfession) {
    entry.global = sampler(entry.all);
    for (const [cell, list] of entry.cells) entry.cells.set(cell, sampler(list));
  }

  const placementIds = placements.map((p) => p.id);
  const students = new Array(n);
  const preferences = [];
  const listed = new Int32Array(m).fill(-1);
  const applicants = Array.from({ length: m }, () => []);
  for (let s = 0; s < n; s++) {
    const c = profession();
    const home = near(pick(districts), 4);
    const student = {
      id: `S${String(s).padStart(7, '0')}`,
      profession: PROFESSIONS[c][0],
      yearOfStudy: 1 + Math.min(3, Math.floor(next() * 3.3)),
      location: home,
      compliance: REQUIREMENTS.filter(([, , share]) => chance(share)).map(([code]) => code),
    };
    if (chance(0.7)) student.maxTravelKm = pick(TRAVEL_LIMITS);
    if (chance(0.04)) student.priority = 1;
    if (chance(0.15)) {
      const start = Math.floor(next() * 300);
      student.busy = [
        { startDate: iso(start), endDate: iso(start + 14 + Math.floor(next() * 28)) },
      ];
    }
    students[s] = student;
    if (chance(0.02)) continue; // ranked nothing

    // Mostly placements within reach (this cell and its neighbours), some from anywhere.
    const entry = byProfession[c];
    const cell = cellOf(home.lat, home.lng);
    const local = [];
    for (const dy of [-1, 0, 1]) {
      for (const dx of [-1, 0, 1]) {
        const found = entry.cells.get(cell + dy * 64 + dx);
        if (found) local.push(found);
      }
    }
    const localTotal = local.reduce((t, x) => t + x.total, 0);
    const wanted = Math.min(listLength, entry.all.length);
    const list = [];
    for (let attempt = 0; list.length < wanted && attempt < 20 * listLength; attempt++) {
      let p;
      if (local.length && chance(0.85)) {
        let r = next() * localTotal;
        let k = 0;
        while (k < local.length - 1 && r >= local[k].total) r -= local[k++].total;
        p = draw(local[k]);
      } else {
        p = draw(entry.global);
      }
      if (listed[p] === s) continue;
      listed[p] = s;
      list.push(placementIds[p]);
      applicants[p].push(s);
    }
    preferences.push({ studentId: student.id, placementIds: list });
  }

  // A quarter of providers rank about half of their applicants.
  const rankings = [];
  for (let p = 0; p < m; p++) {
    if (!chance(0.25) || applicants[p].length === 0) continue;
    const ranked = applicants[p].filter(() => chance(0.5));
    for (let i = ranked.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [ranked[i], ranked[j]] = [ranked[j], ranked[i]];
    }
    rankings.push({ placementId: placementIds[p], studentIds: ranked.map((s) => students[s].id) });
  }
  return { students, placements, preferences, rankings, seed: `bench-${seed}` };
}
