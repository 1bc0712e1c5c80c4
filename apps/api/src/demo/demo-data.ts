import type { OrganisationType, Profession, Region } from '@ahp/contracts';

/**
 * A realistic but entirely fictional data set for trying the platform: made-up universities and
 * providers (every e-mail domain ends in .example, which can never receive mail) placed at real
 * postcode districts in five NHS England regions, with their coordinators, placement leads and a
 * few hundred students. Generated from a fixed seed, so every demo database is the same.
 */

export const DEMO_PASSWORD = 'demo-placements-2026';

export interface DemoOrganisation {
  key: string;
  name: string;
  type: OrganisationType;
  region: Region;
  postcode: string;
  domain: string;
  /** Districts students of a university live in (near campus). */
  homeOutcodes?: string[];
  staff: { name: string; local: string }[];
}

export const DEMO_ORGANISATIONS: DemoOrganisation[] = [
  {
    key: 'northdale',
    name: 'University of Northdale',
    type: 'university',
    region: 'north_east_yorkshire',
    postcode: 'LS2 9JT',
    domain: 'northdale.ac.example',
    homeOutcodes: [
      'LS1',
      'LS2',
      'LS3',
      'LS4',
      'LS5',
      'LS6',
      'LS7',
      'LS8',
      'LS9',
      'LS11',
      'LS12',
      'LS16',
      'LS17',
      'LS28',
      'BD1',
      'BD7',
      'HX1',
      'WF1',
      'HG1',
      'YO10',
    ],
    staff: [
      { name: 'Priya Raman', local: 'p.raman' },
      { name: 'Tom Whitaker', local: 't.whitaker' },
    ],
  },
  {
    key: 'merseyvale',
    name: 'Mersey Vale University',
    type: 'university',
    region: 'north_west',
    postcode: 'M13 9PL',
    domain: 'merseyvale.ac.example',
    homeOutcodes: [
      'M1',
      'M4',
      'M13',
      'M14',
      'M15',
      'M16',
      'M20',
      'M21',
      'M32',
      'SK1',
      'SK4',
      'OL1',
      'BL1',
      'WN1',
      'L1',
      'L7',
      'L15',
      'WA1',
      'PR1',
      'CH1',
    ],
    staff: [
      { name: 'Gareth Lloyd', local: 'g.lloyd' },
      { name: 'Aisha Bello', local: 'a.bello' },
    ],
  },
  {
    key: 'shires',
    name: 'University of the Midland Shires',
    type: 'university',
    region: 'midlands',
    postcode: 'B15 2TT',
    domain: 'shires.ac.example',
    homeOutcodes: [
      'B1',
      'B5',
      'B11',
      'B13',
      'B15',
      'B16',
      'B17',
      'B29',
      'B30',
      'CV1',
      'CV4',
      'WS1',
      'DY1',
      'WV1',
      'NG1',
      'NG7',
      'LE1',
      'DE1',
      'ST4',
      'WR1',
    ],
    staff: [{ name: 'Helen Marsh', local: 'h.marsh' }],
  },
  {
    key: 'thamesgateway',
    name: 'Thames Gateway University',
    type: 'university',
    region: 'london',
    postcode: 'SE1 0AA',
    domain: 'thamesgateway.ac.example',
    homeOutcodes: [
      'SE1',
      'SE5',
      'SE8',
      'SE10',
      'SE15',
      'SE18',
      'E1',
      'E2',
      'E3',
      'E8',
      'E15',
      'N1',
      'N7',
      'N16',
      'SW2',
      'SW9',
      'SW17',
      'W3',
      'W12',
      'DA1',
    ],
    staff: [
      { name: 'Kwame Mensah', local: 'k.mensah' },
      { name: 'Sophie Laurent', local: 's.laurent' },
    ],
  },
  {
    key: 'wessexcoast',
    name: 'Wessex Coast University',
    type: 'university',
    region: 'south_west',
    postcode: 'BS8 1TH',
    domain: 'wessexcoast.ac.example',
    homeOutcodes: [
      'BS1',
      'BS2',
      'BS3',
      'BS5',
      'BS6',
      'BS7',
      'BS8',
      'BS16',
      'BA1',
      'BA2',
      'GL1',
      'TA1',
      'EX1',
      'EX4',
      'PL4',
      'SN1',
      'BH1',
      'DT1',
      'TR1',
      'BS20',
    ],
    staff: [{ name: 'Rhiannon Evans', local: 'r.evans' }],
  },
  {
    key: 'northdale-mh',
    name: 'Northdale Mental Health NHS Foundation Trust',
    type: 'provider',
    region: 'north_east_yorkshire',
    postcode: 'LS7 3JX',
    domain: 'northdale-mh.nhs.example',
    staff: [
      { name: 'Dr Fiona Clarke', local: 'placements' },
      { name: 'Imran Qureshi', local: 'i.qureshi' },
    ],
  },
  {
    key: 'merseyvale-care',
    name: 'Mersey Vale Care NHS Trust',
    type: 'provider',
    region: 'north_west',
    postcode: 'M20 2LR',
    domain: 'merseyvale-care.nhs.example',
    staff: [{ name: 'Joanne Pickering', local: 'practice.education' }],
  },
  {
    key: 'shires-partnership',
    name: 'Shires Partnership NHS Foundation Trust',
    type: 'provider',
    region: 'midlands',
    postcode: 'B13 8JL',
    domain: 'shires-partnership.nhs.example',
    staff: [{ name: 'Marcus Hale', local: 'ahp.placements' }],
  },
  {
    key: 'thamesgateway-mh',
    name: 'Thames Gateway Mental Health NHS Trust',
    type: 'provider',
    region: 'london',
    postcode: 'SE5 8AZ',
    domain: 'tgmh.nhs.example',
    staff: [{ name: 'Nadia Rahman', local: 'placements' }],
  },
  {
    key: 'wessex-health',
    name: 'Wessex Coast Health and Care NHS Trust',
    type: 'provider',
    region: 'south_west',
    postcode: 'BS16 1LE',
    domain: 'wessex-health.nhs.example',
    staff: [{ name: 'Oliver Tremayne', local: 'o.tremayne' }],
  },
  {
    key: 'brightpath',
    name: 'Brightpath Autism Charity',
    type: 'provider',
    region: 'north_east_yorkshire',
    postcode: 'HG1 2AB',
    domain: 'brightpath.org.example',
    staff: [{ name: 'Grace Ogunleye', local: 'grace.ogunleye' }],
  },
  {
    key: 'opendoors',
    name: 'Open Doors Learning Disability Services',
    type: 'provider',
    region: 'midlands',
    postcode: 'NG7 1AB',
    domain: 'opendoors.org.example',
    staff: [{ name: 'Peter Novak', local: 'p.novak' }],
  },
  {
    key: 'harbourhouse',
    name: 'Harbour House Secure Care',
    type: 'provider',
    region: 'south_east',
    postcode: 'BN2 3EW',
    domain: 'harbourhouse.example',
    staff: [{ name: 'Lucy Armitage', local: 'l.armitage' }],
  },
  {
    key: 'eastfield-council',
    name: 'Eastfield County Council Adult Social Care',
    type: 'provider',
    region: 'east_of_england',
    postcode: 'CB2 1TN',
    domain: 'eastfield.gov.example',
    staff: [{ name: 'Sanjay Patel', local: 'sanjay.patel' }],
  },
];

export const DEMO_ADMIN = { name: 'Alex Morgan', email: 'admin@ahp-placements.example' };

const FIRST_NAMES = [
  'Amelia',
  'Olivia',
  'Isla',
  'Ava',
  'Mia',
  'Ivy',
  'Lily',
  'Freya',
  'Grace',
  'Ella',
  'Zara',
  'Aisha',
  'Fatima',
  'Maryam',
  'Hannah',
  'Chloe',
  'Niamh',
  'Sienna',
  'Priya',
  'Anaya',
  'Leah',
  'Ruby',
  'Erin',
  'Megan',
  'Jessica',
  'Noah',
  'Oliver',
  'George',
  'Arthur',
  'Leo',
  'Harry',
  'Oscar',
  'Muhammad',
  'Jack',
  'Charlie',
  'Theo',
  'Jacob',
  'Ethan',
  'Kai',
  'Reuben',
  'Yusuf',
  'Ibrahim',
  'Dylan',
  'Callum',
  'Rhys',
  'Owen',
  'Samuel',
  'Daniel',
  'Tobi',
  'Kofi',
  'Arjun',
  'Rohan',
  'Mateusz',
  'Wiktoria',
  'Sofia',
  'Elena',
  'Nia',
  'Ffion',
  'Eilidh',
  'Jamie',
  'Alex',
  'Sam',
  'Morgan',
  'Robin',
];
const LAST_NAMES = [
  'Smith',
  'Jones',
  'Taylor',
  'Brown',
  'Williams',
  'Wilson',
  'Johnson',
  'Davies',
  'Patel',
  'Robinson',
  'Wright',
  'Thompson',
  'Evans',
  'Walker',
  'White',
  'Roberts',
  'Green',
  'Hall',
  'Wood',
  'Jackson',
  'Clarke',
  'Khan',
  'Hussain',
  'Ali',
  'Begum',
  'Ahmed',
  'Singh',
  'Kaur',
  'Okafor',
  'Adeyemi',
  'Mensah',
  'Osei',
  'Nowak',
  'Kowalski',
  'Murphy',
  "O'Brien",
  'Kelly',
  'Campbell',
  'Stewart',
  'Hughes',
  'Edwards',
  'Lewis',
  'Morris',
  'Price',
  'Hughes-Jones',
  'Chen',
  'Wong',
  'Nguyen',
  'Rossi',
  'Silva',
  'Costa',
  'Fraser',
  'Reid',
];

/** Weighted towards the professions that most often take mental health placements. */
const PROFESSION_WEIGHTS: [Profession, number][] = [
  ['occupational_therapy', 30],
  ['physiotherapy', 12],
  ['speech_language_therapy', 10],
  ['dietetics', 8],
  ['art_therapy', 7],
  ['music_therapy', 5],
  ['drama_therapy', 4],
  ['paramedicine', 8],
  ['podiatry', 3],
  ['radiography', 3],
  ['orthoptics', 2],
  ['osteopathy', 2],
  ['operating_department_practice', 3],
  ['prosthetics_orthotics', 3],
];

export const STUDENTS_PER_UNIVERSITY = 64;

export interface DemoStudent {
  universityKey: string;
  name: string;
  email: string;
  profession: Profession;
  yearOfStudy: number;
  homePostcode: string | null;
  maxTravelKm: number | null;
  /** Some have not yet accepted their invitation, as in any real cohort. */
  invited: boolean;
}

/** mulberry32: a small seeded PRNG, so the demo is identical every time. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function demoStudents(): DemoStudent[] {
  const next = random(20261122);
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)];
  const totalWeight = PROFESSION_WEIGHTS.reduce((sum, [, w]) => sum + w, 0);
  const profession = (): Profession => {
    let r = next() * totalWeight;
    for (const [code, weight] of PROFESSION_WEIGHTS) {
      r -= weight;
      if (r < 0) return code;
    }
    return PROFESSION_WEIGHTS[0][0];
  };
  const usedEmails = new Set<string>();
  const students: DemoStudent[] = [];
  for (const university of DEMO_ORGANISATIONS.filter((o) => o.type === 'university')) {
    for (let i = 0; i < STUDENTS_PER_UNIVERSITY; i++) {
      const first = pick(FIRST_NAMES);
      const last = pick(LAST_NAMES);
      const base = `${first}.${last}`.toLowerCase().replace(/[^a-z.]/g, '');
      let email = `${base}@student.${university.domain}`;
      for (let n = 2; usedEmails.has(email); n++)
        email = `${base}${n}@student.${university.domain}`;
      usedEmails.add(email);
      const outcode = pick(university.homeOutcodes ?? []);
      const hasHome = next() > 0.08;
      students.push({
        universityKey: university.key,
        name: `${first} ${last}`,
        email,
        profession: profession(),
        yearOfStudy: 1 + Math.floor(next() * 3),
        homePostcode: hasHome
          ? `${outcode} ${1 + Math.floor(next() * 9)}${pick('ABDEFGHJLNPQRSTUWXYZ'.split(''))}${pick('ABDEFGHJLNPQRSTUWXYZ'.split(''))}`
          : null,
        maxTravelKm: next() > 0.15 ? pick([15, 20, 25, 30, 40, 50, 60, 80]) : null,
        invited: next() < 0.1,
      });
    }
  }
  return students;
}

/** The accounts printed at start-up, one per role. */
export const DEMO_SIGN_INS = {
  admin: DEMO_ADMIN.email,
  coordinator: `p.raman@northdale.ac.example`,
  provider: `placements@northdale-mh.nhs.example`,
  student: 'demo.student@student.northdale.ac.example',
};

/** A student whose details are fixed, for the printed sign-in and the browser tests. */
export const DEMO_FIXED_STUDENT: DemoStudent = {
  universityKey: 'northdale',
  name: 'Sam Taylor',
  email: DEMO_SIGN_INS.student,
  profession: 'occupational_therapy',
  yearOfStudy: 2,
  homePostcode: 'LS6 2AB',
  maxTravelKm: 40,
  invited: false,
};
