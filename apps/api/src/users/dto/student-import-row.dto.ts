import {
  MAX_TRAVEL_KM_LIMIT,
  PROFESSION_CODES,
  YEAR_OF_STUDY_MAX,
  YEAR_OF_STUDY_MIN,
  type Profession,
} from '@ahp/contracts';
import {
  EmailField,
  EnumField,
  IntField,
  NameField,
  PostcodeField,
} from '../../common/validation/fields';

/** One line of a student import file. Cells are text, so numbers are converted before checking. */
export class StudentImportRowDto {
  @EmailField()
  email: string;

  @NameField()
  name: string;

  @EnumField(PROFESSION_CODES)
  profession: Profession;

  @IntField({ min: YEAR_OF_STUDY_MIN, max: YEAR_OF_STUDY_MAX, fromQuery: true })
  yearOfStudy: number;

  @PostcodeField({ optional: true })
  homePostcode?: string;

  @IntField({ optional: true, min: 1, max: MAX_TRAVEL_KM_LIMIT, fromQuery: true })
  maxTravelKm?: number;
}
