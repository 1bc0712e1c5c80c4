import { Transform } from 'class-transformer';
import {
  HOURS_PER_WEEK_MAX,
  PLACEMENT_CAPACITY_MAX,
  PLACEMENT_DESCRIPTION_MAX_LENGTH,
  PLACEMENT_MODEL_CODES,
  PLACEMENT_TITLE_MAX_LENGTH,
  PROFESSION_CODES,
  REGION_CODES,
  REQUIREMENT_CODES,
  SERVICE_TYPE_MAX_LENGTH,
  SETTING_CODES,
  YEAR_OF_STUDY_MAX,
  YEAR_OF_STUDY_MIN,
  type PlacementModel,
  type Profession,
  type Region,
  type Requirement,
  type Setting,
} from '@ahp/contracts';
import {
  CodeListField,
  DateField,
  DecimalField,
  EnumField,
  IntField,
  PostcodeField,
  TextField,
} from '../../common/validation/fields';
import type { CreatePlacementDto } from './placement.dto';

/** "a; b;c" → ["a", "b", "c"]: lists in a CSV cell are separated by semicolons. */
const semicolonList = () =>
  Transform(
    ({ value }) =>
      typeof value === 'string'
        ? value
            .split(';')
            .map((item) => item.trim())
            .filter(Boolean)
        : value,
    { toClassOnly: true },
  );

/** One line of a placement import file: the API's fields, as text cells. */
export class PlacementImportRowDto implements CreatePlacementDto {
  @TextField({ maxLength: PLACEMENT_TITLE_MAX_LENGTH })
  title: string;

  @semicolonList()
  @CodeListField(PROFESSION_CODES, { minItems: 1 })
  professions: Profession[];

  @EnumField(SETTING_CODES)
  setting: Setting;

  @EnumField(PLACEMENT_MODEL_CODES)
  model: PlacementModel;

  @PostcodeField()
  postcode: string;

  @DateField()
  startDate: string;

  @DateField()
  endDate: string;

  @IntField({ min: 1, max: PLACEMENT_CAPACITY_MAX, fromQuery: true })
  capacity: number;

  @TextField({ optional: true, maxLength: PLACEMENT_DESCRIPTION_MAX_LENGTH })
  description?: string;

  @TextField({ optional: true, maxLength: SERVICE_TYPE_MAX_LENGTH })
  serviceType?: string;

  @EnumField(REGION_CODES, { optional: true })
  region?: Region;

  @DecimalField({ optional: true, min: 1, max: HOURS_PER_WEEK_MAX, fromQuery: true })
  hoursPerWeek?: number;

  @IntField({ optional: true, min: YEAR_OF_STUDY_MIN, max: YEAR_OF_STUDY_MAX, fromQuery: true })
  minYearOfStudy?: number;

  @semicolonList()
  @CodeListField(REQUIREMENT_CODES, { optional: true })
  requirements?: Requirement[];

  @DateField({ optional: true })
  applicationDeadline?: string;
}
