import type {
  OrganisationType,
  PlacementModel,
  PlacementStatus,
  Profession,
  Region,
  Requirement,
  Setting,
} from '@ahp/contracts';

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
  /** Districts a provider's sites are in, and the services it runs. */
  sites?: string[];
  services?: string[];
  placements?: number;
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
    sites: ['LS7', 'LS9', 'LS12', 'LS15', 'LS6', 'BD9', 'HX3', 'WF1', 'HG2', 'YO31'],
    services: [
      'acuteWard',
      'cmht',
      'camhs',
      'eip',
      'crisis',
      'olderAdults',
      'eatingDisorders',
      'talking',
      'cldt',
      'autismAssessment',
    ],
    placements: 45,
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
    sites: ['M20', 'M13', 'M8', 'M22', 'SK2', 'OL6', 'BL3', 'WN2', 'L9', 'PR2'],
    services: [
      'acuteWard',
      'cmht',
      'camhs',
      'perinatal',
      'crisis',
      'olderAdults',
      'rehab',
      'cldt',
      'ldInpatient',
    ],
    placements: 40,
    staff: [{ name: 'Joanne Pickering', local: 'practice.education' }],
  },
  {
    key: 'shires-partnership',
    name: 'Shires Partnership NHS Foundation Trust',
    type: 'provider',
    region: 'midlands',
    postcode: 'B13 8JL',
    domain: 'shires-partnership.nhs.example',
    sites: ['B13', 'B23', 'B9', 'CV2', 'WS2', 'DY4', 'WV10', 'LE5', 'DE22', 'ST4'],
    services: [
      'acuteWard',
      'cmht',
      'camhs',
      'eip',
      'forensic',
      'olderAdults',
      'talking',
      'cldt',
      'autismAssessment',
    ],
    placements: 40,
    staff: [{ name: 'Marcus Hale', local: 'ahp.placements' }],
  },
  {
    key: 'thamesgateway-mh',
    name: 'Thames Gateway Mental Health NHS Trust',
    type: 'provider',
    region: 'london',
    postcode: 'SE5 8AZ',
    domain: 'tgmh.nhs.example',
    sites: ['SE5', 'SE13', 'SE18', 'E1', 'E13', 'N19', 'SW17', 'W12', 'NW10', 'DA1'],
    services: [
      'acuteWard',
      'cmht',
      'camhs',
      'eip',
      'crisis',
      'perinatal',
      'eatingDisorders',
      'forensic',
      'talking',
    ],
    placements: 45,
    staff: [{ name: 'Nadia Rahman', local: 'placements' }],
  },
  {
    key: 'wessex-health',
    name: 'Wessex Coast Health and Care NHS Trust',
    type: 'provider',
    region: 'south_west',
    postcode: 'BS16 1LE',
    domain: 'wessex-health.nhs.example',
    sites: ['BS16', 'BS2', 'BS10', 'BA2', 'GL4', 'TA1', 'EX2', 'PL6', 'SN3', 'BH8'],
    services: [
      'acuteWard',
      'cmht',
      'camhs',
      'olderAdults',
      'rehab',
      'cldt',
      'ldInpatient',
      'autismAssessment',
    ],
    placements: 40,
    staff: [{ name: 'Oliver Tremayne', local: 'o.tremayne' }],
  },
  {
    key: 'brightpath',
    name: 'Brightpath Autism Charity',
    type: 'provider',
    region: 'north_east_yorkshire',
    postcode: 'HG1 2AB',
    domain: 'brightpath.org.example',
    sites: ['HG1', 'LS16', 'YO24', 'BD18', 'LS28', 'WF10'],
    services: ['autismResidential', 'autismSchool', 'autismAssessment'],
    placements: 25,
    staff: [{ name: 'Grace Ogunleye', local: 'grace.ogunleye' }],
  },
  {
    key: 'opendoors',
    name: 'Open Doors Learning Disability Services',
    type: 'provider',
    region: 'midlands',
    postcode: 'NG7 1AB',
    domain: 'opendoors.org.example',
    sites: ['NG7', 'NG5', 'DE1', 'LE2', 'NG18', 'B15'],
    services: ['supportedLiving', 'dayOpportunities', 'cldt'],
    placements: 25,
    staff: [{ name: 'Peter Novak', local: 'p.novak' }],
  },
  {
    key: 'harbourhouse',
    name: 'Harbour House Secure Care',
    type: 'provider',
    region: 'south_east',
    postcode: 'BN2 3EW',
    domain: 'harbourhouse.example',
    sites: ['BN2', 'BN1', 'RH10', 'TN34', 'ME7', 'GU1'],
    services: ['forensic', 'lowSecure', 'rehab'],
    placements: 20,
    staff: [{ name: 'Lucy Armitage', local: 'l.armitage' }],
  },
  {
    key: 'eastfield-council',
    name: 'Eastfield County Council Adult Social Care',
    type: 'provider',
    region: 'east_of_england',
    postcode: 'CB2 1TN',
    domain: 'eastfield.gov.example',
    sites: ['CB2', 'CB1', 'PE1', 'IP1', 'NR1', 'CO1'],
    services: ['councilMh', 'supportedLiving', 'dayOpportunities'],
    placements: 20,
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

// ---- placements ---------------------------------------------------------------------------------

export interface DemoService {
  name: string;
  setting: Setting;
  serviceType: string;
  description: string;
  professions: Profession[];
  requirements: Requirement[];
}

const SERVICES: Record<string, DemoService> = {
  acuteWard: {
    name: 'Acute adult inpatient ward',
    setting: 'mental_health',
    serviceType: 'Inpatient',
    description:
      'A 20-bed acute admission ward. You will run recovery-focused groups, carry out functional and risk assessments with your educator, and take part in ward rounds and discharge planning.',
    professions: [
      'occupational_therapy',
      'physiotherapy',
      'dietetics',
      'art_therapy',
      'music_therapy',
    ],
    requirements: ['enhanced_dbs', 'occupational_health', 'breakaway_training'],
  },
  cmht: {
    name: 'Community mental health team',
    setting: 'mental_health',
    serviceType: 'Community',
    description:
      'A multidisciplinary team supporting adults with severe mental illness at home and in community venues: home visits, care coordination and group programmes.',
    professions: [
      'occupational_therapy',
      'physiotherapy',
      'dietetics',
      'speech_language_therapy',
      'drama_therapy',
    ],
    requirements: ['enhanced_dbs', 'driving_licence'],
  },
  camhs: {
    name: 'Community CAMHS',
    setting: 'mental_health',
    serviceType: 'CAMHS',
    description:
      'Child and adolescent mental health services working with young people and their families in clinics, schools and at home.',
    professions: [
      'occupational_therapy',
      'speech_language_therapy',
      'art_therapy',
      'music_therapy',
      'drama_therapy',
      'dietetics',
    ],
    requirements: ['enhanced_dbs', 'mandatory_training'],
  },
  eip: {
    name: 'Early intervention in psychosis team',
    setting: 'mental_health',
    serviceType: 'Early intervention in psychosis',
    description:
      'Supporting people aged 14 to 65 in their first episode of psychosis: vocational rehabilitation, physical health checks and family work.',
    professions: ['occupational_therapy', 'physiotherapy', 'dietetics', 'art_therapy'],
    requirements: ['enhanced_dbs', 'driving_licence'],
  },
  crisis: {
    name: 'Crisis resolution and home treatment team',
    setting: 'mental_health',
    serviceType: 'Crisis and home treatment',
    description:
      'Intensive short-term support at home as an alternative to admission, working shifts alongside nurses, doctors and paramedics.',
    professions: ['occupational_therapy', 'paramedicine', 'physiotherapy'],
    requirements: ['enhanced_dbs', 'driving_licence', 'mandatory_training'],
  },
  olderAdults: {
    name: 'Older adults ward and memory service',
    setting: 'mental_health',
    serviceType: 'Older adults',
    description:
      'Assessment and treatment of older adults with dementia and functional mental illness, with falls prevention, swallowing and nutrition work.',
    professions: [
      'occupational_therapy',
      'physiotherapy',
      'speech_language_therapy',
      'dietetics',
      'podiatry',
    ],
    requirements: ['enhanced_dbs', 'occupational_health'],
  },
  eatingDisorders: {
    name: 'Adult eating disorders service',
    setting: 'mental_health',
    serviceType: 'Eating disorders',
    description:
      'Day-patient and outpatient treatment: meal support, nutritional rehabilitation and creative therapies.',
    professions: ['dietetics', 'occupational_therapy', 'art_therapy'],
    requirements: ['enhanced_dbs'],
  },
  perinatal: {
    name: 'Perinatal mental health team',
    setting: 'mental_health',
    serviceType: 'Perinatal',
    description:
      'Supporting parents with mental illness during pregnancy and the first year after birth, including parent-infant work.',
    professions: ['occupational_therapy', 'music_therapy', 'dietetics'],
    requirements: ['enhanced_dbs', 'driving_licence'],
  },
  talking: {
    name: 'NHS Talking Therapies service',
    setting: 'mental_health',
    serviceType: 'Talking therapies',
    description:
      'Group and individual interventions for anxiety and depression, including occupation-focused and arts-based groups.',
    professions: ['occupational_therapy', 'art_therapy', 'music_therapy', 'drama_therapy'],
    requirements: ['enhanced_dbs'],
  },
  forensic: {
    name: 'Medium secure forensic unit',
    setting: 'mental_health',
    serviceType: 'Forensic and secure',
    description:
      'Rehabilitation for men in a medium secure hospital: structured activity, vocational skills and creative therapies within a relational security framework.',
    professions: [
      'occupational_therapy',
      'art_therapy',
      'drama_therapy',
      'music_therapy',
      'physiotherapy',
      'dietetics',
    ],
    requirements: [
      'enhanced_dbs',
      'occupational_health',
      'breakaway_training',
      'mandatory_training',
    ],
  },
  lowSecure: {
    name: 'Low secure rehabilitation ward',
    setting: 'mental_health',
    serviceType: 'Forensic and secure',
    description:
      'A step-down ward preparing people for community living, with leave-based community activity and skills groups.',
    professions: ['occupational_therapy', 'physiotherapy', 'art_therapy'],
    requirements: ['enhanced_dbs', 'breakaway_training'],
  },
  rehab: {
    name: 'Community rehabilitation unit',
    setting: 'mental_health',
    serviceType: 'Rehabilitation',
    description:
      'A 16-bed unit helping people with long-term mental illness rebuild daily living skills, routines and community connections.',
    professions: ['occupational_therapy', 'physiotherapy', 'dietetics', 'music_therapy'],
    requirements: ['enhanced_dbs'],
  },
  cldt: {
    name: 'Community learning disability team',
    setting: 'learning_disability',
    serviceType: 'Community learning disability team',
    description:
      'Assessment and support for adults with learning disabilities at home and in day services: communication, dysphagia, postural care and positive behaviour support.',
    professions: [
      'speech_language_therapy',
      'occupational_therapy',
      'physiotherapy',
      'dietetics',
      'music_therapy',
      'podiatry',
    ],
    requirements: ['enhanced_dbs', 'driving_licence'],
  },
  ldInpatient: {
    name: 'Learning disability assessment and treatment unit',
    setting: 'learning_disability',
    serviceType: 'Inpatient',
    description:
      'A small inpatient unit for adults with learning disabilities in crisis, focused on safe, timely discharge home.',
    professions: ['speech_language_therapy', 'occupational_therapy', 'physiotherapy'],
    requirements: ['enhanced_dbs', 'breakaway_training'],
  },
  supportedLiving: {
    name: 'Supported living service',
    setting: 'learning_disability',
    serviceType: 'Supported living',
    description:
      'Adults with learning disabilities living in their own tenancies with support: daily living skills, health and wellbeing, and community participation.',
    professions: ['occupational_therapy', 'speech_language_therapy', 'physiotherapy', 'dietetics'],
    requirements: ['enhanced_dbs'],
  },
  dayOpportunities: {
    name: 'Day opportunities and arts programme',
    setting: 'learning_disability',
    serviceType: 'Day service',
    description:
      'Creative and vocational sessions for adults with learning disabilities, including a community café and performance group.',
    professions: ['art_therapy', 'music_therapy', 'drama_therapy', 'occupational_therapy'],
    requirements: ['enhanced_dbs'],
  },
  autismAssessment: {
    name: 'Adult autism assessment service',
    setting: 'autism',
    serviceType: 'Autism assessment',
    description:
      'Diagnostic assessment and post-diagnostic support for autistic adults, including sensory and communication profiles.',
    professions: ['speech_language_therapy', 'occupational_therapy'],
    requirements: ['enhanced_dbs'],
  },
  autismResidential: {
    name: 'Residential service for autistic adults',
    setting: 'autism',
    serviceType: 'Residential',
    description:
      'Small homes for autistic adults with complex needs: sensory environments, communication support and meaningful occupation.',
    professions: [
      'occupational_therapy',
      'speech_language_therapy',
      'music_therapy',
      'physiotherapy',
    ],
    requirements: ['enhanced_dbs', 'mandatory_training'],
  },
  autismSchool: {
    name: 'Specialist school outreach for autistic children',
    setting: 'autism',
    serviceType: 'Education outreach',
    description:
      'Working with teachers and families of autistic children in mainstream and special schools on communication, sensory needs and regulation.',
    professions: ['speech_language_therapy', 'occupational_therapy', 'art_therapy'],
    requirements: ['enhanced_dbs', 'driving_licence'],
  },
  councilMh: {
    name: 'Adult social care mental health team',
    setting: 'mental_health',
    serviceType: 'Community',
    description:
      'Local authority social care for adults with mental health needs: assessments under the Care Act, housing and employment support.',
    professions: ['occupational_therapy', 'paramedicine'],
    requirements: ['enhanced_dbs', 'driving_licence'],
  },
};

const MODEL_SENTENCE: Record<PlacementModel, string> = {
  one_to_one: 'You will be supervised one to one by an experienced practice educator.',
  peer: 'You will share supervision with another student (a peer placement), learning from each other.',
  long_arm:
    'Day-to-day support comes from the team, with weekly long-arm supervision from an educator of your profession.',
  role_emerging:
    'This is a role-emerging placement: there is no established post for your profession yet, and you will help shape one.',
  virtual: 'Much of the work is delivered online, with some days on site.',
  split: 'The placement is split between two teams, with an educator in each.',
};

export interface DemoPlacement {
  providerKey: string;
  title: string;
  description: string;
  professions: Profession[];
  setting: Setting;
  serviceType: string;
  model: PlacementModel;
  postcode: string;
  startDate: string;
  endDate: string;
  hoursPerWeek: number;
  capacity: number;
  minYearOfStudy: number;
  requirements: Requirement[];
  applicationDeadline: string | null;
  status: PlacementStatus;
}

const MODELS: [PlacementModel, number][] = [
  ['one_to_one', 50],
  ['peer', 20],
  ['long_arm', 10],
  ['split', 10],
  ['role_emerging', 5],
  ['virtual', 5],
];

const isoDate = (date: Date) => date.toISOString().slice(0, 10);
const addDays = (date: Date, days: number) => new Date(date.getTime() + days * 86_400_000);

/** Three to six weeks before the start, or none (also when that would fall before the demo's start). */
function deadline(start: Date, next: () => number): string | null {
  const date = isoDate(addDays(start, -7 * (3 + Math.floor(next() * 4))));
  return next() < 0.8 && date >= '2026-12-01' ? date : null;
}

/** Placements through the coming academic year, starting on Mondays from early December. */
export function demoPlacements(): DemoPlacement[] {
  return generatePlacements({
    seed: 20270111,
    firstMonday: new Date(Date.UTC(2026, 11, 7)),
    weeks: 30,
    count: (provider) => provider.placements ?? 0,
    status: (weighted) =>
      weighted([
        ['published', 80],
        ['draft', 12],
        ['closed', 8],
      ]),
  });
}

/**
 * Last academic year's placements (September 2025 to November 2026), all closed: the history that
 * completed placements, feedback, practice hours and the reports are made of. About one for every
 * five of a provider's current placements; every one has ended before the demo's "today".
 */
export function demoPastPlacements(): DemoPlacement[] {
  const generated = generatePlacements({
    seed: 20250901,
    firstMonday: new Date(Date.UTC(2025, 8, 1)),
    weeks: 50,
    count: (provider) => Math.ceil((provider.placements ?? 0) / 5),
    status: () => 'closed',
  }).filter((placement) => placement.endDate < '2026-11-30');
  return [...generated, DEMO_STUDENT_PAST_PLACEMENT];
}

/** Where the fixed demo student has just finished: their feedback on it is due. */
export const DEMO_STUDENT_PAST_PLACEMENT: DemoPlacement = {
  providerKey: 'northdale-mh',
  title: 'Community mental health team: occupational therapy',
  description: `${SERVICES['cmht'].description} ${MODEL_SENTENCE['one_to_one']}`,
  professions: ['occupational_therapy'],
  setting: 'mental_health',
  serviceType: 'Community',
  model: 'one_to_one',
  postcode: 'LS7',
  startDate: '2026-10-05',
  endDate: '2026-11-20',
  hoursPerWeek: 37.5,
  capacity: 1,
  minYearOfStudy: 1,
  requirements: ['enhanced_dbs'],
  applicationDeadline: null,
  status: 'closed',
};

type Weighted = <T>(items: [T, number][]) => T;

function generatePlacements(options: {
  seed: number;
  firstMonday: Date;
  weeks: number;
  count: (provider: DemoOrganisation) => number;
  status: (weighted: Weighted) => PlacementStatus;
}): DemoPlacement[] {
  const next = random(options.seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)];
  const weighted: Weighted = (items) => {
    let r = next() * items.reduce((sum, [, w]) => sum + w, 0);
    for (const [item, weight] of items) if ((r -= weight) < 0) return item;
    return items[0][0];
  };
  const placements: DemoPlacement[] = [];
  for (const provider of DEMO_ORGANISATIONS.filter((o) => o.type === 'provider')) {
    for (let i = 0; i < options.count(provider); i++) {
      const service = SERVICES[pick(provider.services ?? [])];
      const professions = [pick(service.professions)];
      if (next() < 0.25) {
        const second = pick(service.professions);
        if (!professions.includes(second)) professions.push(second);
      }
      const model = weighted(MODELS);
      const start = addDays(options.firstMonday, 7 * Math.floor(next() * options.weeks));
      const weeks = pick([4, 6, 6, 8, 8, 10, 12]);
      const end = addDays(start, weeks * 7 - 3);
      const names = professions.map((code) => PROFESSION_NAMES[code]);
      placements.push({
        providerKey: provider.key,
        title: `${service.name}: ${names.join(' and ')}`,
        description: `${service.description} ${MODEL_SENTENCE[model]}`,
        professions,
        setting: service.setting,
        serviceType: service.serviceType,
        model,
        postcode: pick(provider.sites ?? [provider.postcode]),
        startDate: isoDate(start),
        endDate: isoDate(end),
        hoursPerWeek: pick([37.5, 37.5, 37.5, 30, 22.5]),
        capacity: model === 'peer' ? 2 + Math.floor(next() * 2) : 1 + Math.floor(next() * 2),
        minYearOfStudy: pick([1, 1, 2, 2, 3]),
        requirements: service.requirements,
        applicationDeadline: deadline(start, next),
        status: options.status(weighted),
      });
    }
  }
  return placements;
}

const PROFESSION_NAMES: Record<Profession, string> = {
  art_therapy: 'art therapy',
  drama_therapy: 'drama therapy',
  music_therapy: 'music therapy',
  podiatry: 'podiatry',
  dietetics: 'dietetics',
  occupational_therapy: 'occupational therapy',
  operating_department_practice: 'operating department practice',
  orthoptics: 'orthoptics',
  osteopathy: 'osteopathy',
  paramedicine: 'paramedicine',
  physiotherapy: 'physiotherapy',
  prosthetics_orthotics: 'prosthetics and orthotics',
  radiography: 'radiography',
  speech_language_therapy: 'speech and language therapy',
};
