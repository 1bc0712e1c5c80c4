import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import {
  CANCELLATION_REASON_MAX_LENGTH,
  HOURS_PER_WEEK_MAX,
  PLACEMENT_CAPACITY_MAX,
  PLACEMENT_DESCRIPTION_MAX_LENGTH,
  PLACEMENT_MODEL_CODES,
  PLACEMENT_STATUS_CODES,
  PLACEMENT_TITLE_MAX_LENGTH,
  PROFESSION_CODES,
  RADIUS_KM_MAX,
  REGION_CODES,
  REQUIREMENT_CODES,
  SERVICE_TYPE_MAX_LENGTH,
  SETTING_CODES,
  YEAR_OF_STUDY_MAX,
  YEAR_OF_STUDY_MIN,
  type Placement,
  type PlacementModel,
  type PlacementStatus,
  type Profession,
  type Region,
  type Requirement,
  type Setting,
} from '@ahp/contracts';
import { PageQueryDto } from '../../common/pagination/page';
import {
  CodeListField,
  DateField,
  DecimalField,
  EnumField,
  IntField,
  PostcodeField,
  QueryBooleanField,
  TextField,
  UuidField,
} from '../../common/validation/fields';

export class CreatePlacementDto {
  @TextField({
    maxLength: PLACEMENT_TITLE_MAX_LENGTH,
    example: 'Occupational therapy on an acute adult mental health ward',
  })
  title: string;

  @TextField({ optional: true, maxLength: PLACEMENT_DESCRIPTION_MAX_LENGTH })
  description?: string | null;

  @CodeListField(PROFESSION_CODES, {
    enumName: 'Profession',
    minItems: 1,
    description: 'Professions whose students may take this placement',
  })
  professions: Profession[];

  @EnumField(SETTING_CODES, { enumName: 'Setting' })
  setting: Setting;

  @TextField({ optional: true, maxLength: SERVICE_TYPE_MAX_LENGTH, example: 'Inpatient' })
  serviceType?: string | null;

  @EnumField(PLACEMENT_MODEL_CODES, { enumName: 'PlacementModel' })
  model: PlacementModel;

  @PostcodeField({ description: 'Where the placement happens' })
  postcode: string;

  @EnumField(REGION_CODES, {
    optional: true,
    enumName: 'Region',
    description: "NHS England region of the site; defaults to the provider's",
  })
  region?: Region;

  @DateField()
  startDate: string;

  @DateField()
  endDate: string;

  @DecimalField({ optional: true, min: 1, max: HOURS_PER_WEEK_MAX, example: 37.5 })
  hoursPerWeek?: number | null;

  @IntField({
    min: 1,
    max: PLACEMENT_CAPACITY_MAX,
    description: 'Seats: how many students at once',
    example: 2,
  })
  capacity: number;

  @IntField({
    optional: true,
    min: YEAR_OF_STUDY_MIN,
    max: YEAR_OF_STUDY_MAX,
    description: 'Lowest year of study accepted (default 1)',
  })
  minYearOfStudy?: number;

  @CodeListField(REQUIREMENT_CODES, {
    optional: true,
    enumName: 'Requirement',
    description: 'Checks a student must have completed',
  })
  requirements?: Requirement[];

  @DateField({ optional: true, description: 'Last day to apply; on or before the start date' })
  applicationDeadline?: string | null;
}

/** Any field of a placement; null clears an optional one. */
export class UpdatePlacementDto extends PartialType(CreatePlacementDto) {}

export class CancelPlacementDto {
  @TextField({
    maxLength: CANCELLATION_REASON_MAX_LENGTH,
    description: 'Shown to everyone affected',
    example: 'The supervising practice educator has left the service',
  })
  reason: string;
}

export class PlacementSearchQueryDto extends PageQueryDto {
  @EnumField(PROFESSION_CODES, { optional: true, enumName: 'Profession' })
  profession?: Profession;

  @EnumField(SETTING_CODES, { optional: true, enumName: 'Setting' })
  setting?: Setting;

  @EnumField(REGION_CODES, { optional: true, enumName: 'Region' })
  region?: Region;

  @EnumField(PLACEMENT_STATUS_CODES, {
    optional: true,
    enumName: 'PlacementStatus',
    description: 'Students and coordinators see published placements only',
  })
  status?: PlacementStatus;

  @PostcodeField({
    optional: true,
    description: 'Adds distanceKm to each result and orders nearest first',
  })
  near?: string;

  @IntField({
    optional: true,
    min: 1,
    max: RADIUS_KM_MAX,
    fromQuery: true,
    description: 'With near: only placements this close',
  })
  radiusKm?: number;

  @DateField({ optional: true, description: 'Starting on or after' })
  startFrom?: string;

  @DateField({ optional: true, description: 'Starting on or before' })
  startTo?: string;

  @TextField({
    optional: true,
    maxLength: 200,
    description: 'Words to find in the title, service type or description',
  })
  q?: string;

  @UuidField({
    optional: true,
    description:
      "One provider's placements; a provider passing its own id sees all of its own, whatever their status",
  })
  providerId?: string;
}

export class ImportPlacementsQueryDto {
  @QueryBooleanField({ optional: true, description: 'Publish every imported placement at once' })
  publish?: boolean;
}

class PlacementRatingDto {
  @ApiProperty({ minimum: 1, maximum: 5 }) overall: number;
  @ApiProperty() responses: number;
}

export class PlacementDto implements Placement {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) providerId: string;
  @ApiProperty() providerName: string;
  @ApiProperty() title: string;
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty({ enum: PROFESSION_CODES, enumName: 'Profession', isArray: true })
  professions: Profession[];
  @ApiProperty({ enum: SETTING_CODES, enumName: 'Setting' }) setting: Setting;
  @ApiProperty({ type: String, nullable: true }) serviceType: string | null;
  @ApiProperty({ enum: PLACEMENT_MODEL_CODES, enumName: 'PlacementModel' }) model: PlacementModel;
  @ApiProperty({ enum: REGION_CODES, enumName: 'Region' }) region: Region;
  @ApiProperty() postcode: string;
  @ApiProperty({ format: 'date' }) startDate: string;
  @ApiProperty({ format: 'date' }) endDate: string;
  @ApiProperty({ type: Number, nullable: true }) hoursPerWeek: number | null;
  @ApiProperty() capacity: number;
  @ApiProperty({ description: 'Seats not yet taken by approved matches' })
  remainingCapacity: number;
  @ApiProperty() minYearOfStudy: number;
  @ApiProperty({ enum: REQUIREMENT_CODES, enumName: 'Requirement', isArray: true })
  requirements: Requirement[];
  @ApiProperty({ type: String, format: 'date', nullable: true }) applicationDeadline: string | null;
  @ApiProperty({ enum: PLACEMENT_STATUS_CODES, enumName: 'PlacementStatus' })
  status: PlacementStatus;
  @ApiProperty({ type: String, nullable: true }) cancellationReason: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) publishedAt: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiPropertyOptional({
    description: 'Kilometres from the `near` postcode, to district precision',
  })
  distanceKm?: number;
  @ApiPropertyOptional({
    type: () => PlacementRatingDto,
    nullable: true,
    description: "Students' overall rating, only where at least three have given feedback",
  })
  rating?: PlacementRatingDto | null;
}

export class PlacementPageDto {
  @ApiProperty({ type: [PlacementDto] }) items: PlacementDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}
