import {
  MATCH_STATUS_CODES,
  PLACEMENT_MODEL_CODES,
  PROFESSIONS,
  PROFESSION_CODES,
  REGION_CODES,
  ROLE_CODES,
  ROLE_ORGANISATION_TYPE,
  SETTING_CODES,
  labelFor,
  REGIONS,
} from './domain';
import { ERROR_CODES } from './errors';

describe('the shared vocabulary', () => {
  it('has the 14 Allied Health Professions, eight of them marked as common in mental health', () => {
    expect(PROFESSION_CODES).toHaveLength(14);
    expect(
      PROFESSIONS.filter((p) => p.commonInMentalHealth)
        .map((p) => p.code)
        .sort(),
    ).toEqual([
      'art_therapy',
      'dietetics',
      'drama_therapy',
      'music_therapy',
      'occupational_therapy',
      'paramedicine',
      'physiotherapy',
      'speech_language_therapy',
    ]);
  });

  it('uses the codes from the product definition', () => {
    expect(SETTING_CODES).toEqual(['mental_health', 'learning_disability', 'autism']);
    expect(PLACEMENT_MODEL_CODES).toEqual([
      'one_to_one',
      'peer',
      'long_arm',
      'role_emerging',
      'virtual',
      'split',
    ]);
    expect(REGION_CODES).toEqual([
      'north_east_yorkshire',
      'north_west',
      'midlands',
      'east_of_england',
      'london',
      'south_east',
      'south_west',
    ]);
    expect(ROLE_CODES).toEqual(['student', 'coordinator', 'provider', 'admin']);
    expect(MATCH_STATUS_CODES).toEqual([
      'proposed',
      'approved',
      'rejected',
      'completed',
      'cancelled',
    ]);
  });

  it('has lower-case, unique codes everywhere', () => {
    for (const list of [PROFESSION_CODES, SETTING_CODES, REGION_CODES, ROLE_CODES, ERROR_CODES]) {
      expect(new Set(list).size).toBe(list.length);
      expect(list.every((code) => /^[a-z_]+$/.test(code))).toBe(true);
    }
  });

  it('puts students and coordinators in universities, providers in providers and admins nowhere', () => {
    expect(ROLE_ORGANISATION_TYPE).toEqual({
      student: 'university',
      coordinator: 'university',
      provider: 'provider',
      admin: null,
    });
  });

  it('shows codes in words, and unknown codes as they are', () => {
    expect(labelFor(REGIONS, 'east_of_england')).toBe('East of England');
    expect(labelFor(REGIONS, 'atlantis')).toBe('atlantis');
  });
});
