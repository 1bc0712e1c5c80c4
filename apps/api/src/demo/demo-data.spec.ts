import { PROFESSION_CODES } from '@ahp/contracts';
import { distanceKm, ukOutcodes } from '@ahp/geo';
import {
  DEMO_FIXED_STUDENT,
  DEMO_ORGANISATIONS,
  DEMO_SIGN_INS,
  demoPastPlacements,
  demoPlacements,
  demoStudents,
} from './demo-data';

describe('demo data', () => {
  const students = [DEMO_FIXED_STUDENT, ...demoStudents()];

  it('is the same every time', () => {
    expect(demoStudents()).toEqual(demoStudents());
  });

  it('uses only postcodes in districts we can locate', () => {
    const postcodes = [
      ...DEMO_ORGANISATIONS.map((o) => o.postcode),
      ...students.flatMap((s) => (s.homePostcode ? [s.homePostcode] : [])),
    ];
    const unlocatable = postcodes.filter((postcode) => !ukOutcodes().locate(postcode).ok);
    expect(unlocatable).toEqual([]);
  });

  it('has unique, undeliverable (.example) e-mail addresses', () => {
    const staff = DEMO_ORGANISATIONS.flatMap((o) => o.staff.map((s) => `${s.local}@${o.domain}`));
    const emails = [...staff, ...students.map((s) => s.email)];
    expect(new Set(emails).size).toBe(emails.length);
    expect(emails.every((email) => email.endsWith('.example'))).toBe(true);
  });

  it('covers every profession and several regions', () => {
    expect(new Set(students.map((s) => s.profession))).toEqual(new Set(PROFESSION_CODES));
    expect(new Set(DEMO_ORGANISATIONS.map((o) => o.region)).size).toBeGreaterThanOrEqual(5);
  });

  it('includes every printed sign-in', () => {
    const staff = DEMO_ORGANISATIONS.flatMap((o) => o.staff.map((s) => `${s.local}@${o.domain}`));
    expect(staff).toContain(DEMO_SIGN_INS.coordinator);
    expect(staff).toContain(DEMO_SIGN_INS.provider);
    expect(students.map((s) => s.email)).toContain(DEMO_SIGN_INS.student);
  });
});

describe('demo placements', () => {
  const placements = demoPlacements();

  it('gives a few hundred placements across every provider, setting and many service types', () => {
    expect(placements.length).toBeGreaterThanOrEqual(250);
    const providers = DEMO_ORGANISATIONS.filter((o) => o.type === 'provider').map((o) => o.key);
    expect(new Set(placements.map((p) => p.providerKey))).toEqual(new Set(providers));
    expect(new Set(placements.map((p) => p.setting))).toEqual(
      new Set(['mental_health', 'learning_disability', 'autism']),
    );
    expect(new Set(placements.map((p) => p.serviceType)).size).toBeGreaterThanOrEqual(12);
  });

  it('runs through the coming academic year with consistent dates', () => {
    for (const p of placements) {
      expect(p.startDate >= '2026-12-01' && p.startDate <= '2027-08-31').toBe(true);
      expect(p.endDate >= p.startDate).toBe(true);
      if (p.applicationDeadline) expect(p.applicationDeadline <= p.startDate).toBe(true);
    }
  });

  it('sites every placement where we can locate it', () => {
    expect(placements.filter((p) => !ukOutcodes().locate(p.postcode).ok)).toEqual([]);
  });

  it('mostly publishes them, leaving some drafts and closed ones', () => {
    const published = placements.filter((p) => p.status === 'published').length;
    expect(published / placements.length).toBeGreaterThan(0.6);
    expect(placements.some((p) => p.status === 'draft')).toBe(true);
    expect(placements.some((p) => p.status === 'closed')).toBe(true);
  });

  it('offers the demo student occupational therapy placements near home', () => {
    const home = ukOutcodes().locate(DEMO_FIXED_STUDENT.homePostcode as string);
    if (!home.ok) throw new Error('demo student home not found');
    const near = placements.filter((p) => {
      const site = ukOutcodes().locate(p.postcode);
      return (
        p.status === 'published' &&
        p.professions.includes('occupational_therapy') &&
        site.ok &&
        distanceKm(home.location, site.location) < 40
      );
    });
    expect(near.length).toBeGreaterThanOrEqual(5);
  });
});

describe('demo history', () => {
  const past = demoPastPlacements();

  it('gives last year’s placements at every provider, all closed and all ended', () => {
    expect(past.length).toBeGreaterThanOrEqual(40);
    expect(new Set(past.map((p) => p.providerKey)).size).toBeGreaterThanOrEqual(8);
    for (const p of past) {
      expect(p.status).toBe('closed');
      expect(p.startDate >= '2025-09-01' && p.endDate < '2026-11-30').toBe(true);
      expect(p.endDate >= p.startDate).toBe(true);
    }
    expect(past.filter((p) => !ukOutcodes().locate(p.postcode).ok)).toEqual([]);
  });

  it('leaves this year’s placements as they were', () => {
    expect(demoPlacements().every((p) => p.startDate >= '2026-12-01')).toBe(true);
  });
});
