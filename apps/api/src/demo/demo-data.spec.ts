import { PROFESSION_CODES } from '@ahp/contracts';
import { ukOutcodes } from '@ahp/geo';
import { DEMO_FIXED_STUDENT, DEMO_ORGANISATIONS, DEMO_SIGN_INS, demoStudents } from './demo-data';

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
