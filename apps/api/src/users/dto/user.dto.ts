import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayUnique,
  IsArray,
  IsObject,
  IsOptional,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import {
  ADJUSTMENTS_MAX_LENGTH,
  MAX_TRAVEL_KM_LIMIT,
  PROFESSION_CODES,
  ROLE_CODES,
  USER_STATUSES,
  YEAR_OF_STUDY_MAX,
  YEAR_OF_STUDY_MIN,
  type OrganisationType,
  type Profession,
  type Region,
  type Role,
  type UserStatus,
} from '@ahp/contracts';
import { PageQueryDto } from '../../common/pagination/page';
import {
  DecimalField,
  EmailField,
  EnumArrayField,
  EnumField,
  IntField,
  NameField,
  PasswordField,
  PostcodeField,
  TextField,
  UuidField,
} from '../../common/validation/fields';
import {
  ORGANISATION_TYPE_CODES,
  REGION_CODES,
  REQUIREMENT_CODES,
  type Requirement,
} from '@ahp/contracts';

export class StudentProfileInputDto {
  @EnumField(PROFESSION_CODES, { enumName: 'Profession' })
  profession: Profession;

  @IntField({ min: YEAR_OF_STUDY_MIN, max: YEAR_OF_STUDY_MAX, example: 2 })
  yearOfStudy: number;

  @PostcodeField({
    optional: true,
    description: 'Used for distances to placements; a district such as "LS6" is enough',
  })
  homePostcode?: string | null;

  @IntField({
    optional: true,
    min: 1,
    max: MAX_TRAVEL_KM_LIMIT,
    description: 'Furthest the student can travel, in km',
    example: 40,
  })
  maxTravelKm?: number | null;
}

export class CreateUserDto {
  @EmailField()
  email: string;

  @NameField()
  name: string;

  @EnumField(ROLE_CODES, { enumName: 'Role' })
  role: Role;

  @UuidField({
    optional: true,
    description:
      'Required for everyone but admins. Coordinators and providers may leave it out: it defaults to their own organisation.',
  })
  organisationId?: string | null;

  @PasswordField({
    optional: true,
    description: 'Without one, the person is e-mailed an invitation to choose their own',
  })
  password?: string;

  @ApiPropertyOptional({
    type: () => StudentProfileInputDto,
    description: 'Required for students, refused for anyone else',
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => StudentProfileInputDto)
  studentProfile?: StudentProfileInputDto;
}

/** A student's own changes to their profile; null clears an optional value. */
export class UpdateStudentProfileDto {
  @PostcodeField({ optional: true })
  homePostcode?: string | null;

  @IntField({ optional: true, min: 1, max: MAX_TRAVEL_KM_LIMIT })
  maxTravelKm?: number | null;

  @TextField({
    optional: true,
    maxLength: ADJUSTMENTS_MAX_LENGTH,
    description:
      'Reasonable adjustments you need on placement. Only you, your coordinators and providers you choose to share them with can see them.',
  })
  reasonableAdjustments?: string | null;
}

/** What a student's coordinator records for allocation rounds. */
export class UpdateAllocationDetailsDto {
  @EnumArrayField(REQUIREMENT_CODES, {
    optional: true,
    enumName: 'Requirement',
    maxItems: 20,
    description: 'Placement requirements the student has met (replaces the list)',
  })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  compliance?: Requirement[];

  @IntField({
    optional: true,
    min: 0,
    max: 10,
    description: 'Above 0: allocated first (reasonable adjustments, caring responsibilities)',
  })
  allocationPriority?: number;

  @DecimalField({
    optional: true,
    min: 0,
    max: 5000,
    description: 'Practice hours the student completed before their placements were recorded here',
  })
  priorPracticeHours?: number;
}

export class UpdateMeDto {
  @NameField({ optional: true, nullable: false })
  name?: string;

  @ApiPropertyOptional({ type: () => UpdateStudentProfileDto })
  @ValidateIf((_, value) => value !== undefined)
  @IsObject()
  @ValidateNested()
  @Type(() => UpdateStudentProfileDto)
  studentProfile?: UpdateStudentProfileDto;
}

export class UserListQueryDto extends PageQueryDto {
  @EnumField(ROLE_CODES, { optional: true, enumName: 'Role' })
  role?: Role;

  @EnumField(USER_STATUSES.map((s) => s.code), { optional: true, enumName: 'UserStatus' })
  status?: UserStatus;

  @UuidField({ optional: true })
  organisationId?: string;

  @TextField({
    optional: true,
    maxLength: 100,
    description: 'Matches part of a name or e-mail address',
  })
  q?: string;
}

export class ImportUsersQueryDto {
  @UuidField({
    optional: true,
    description: 'The university to import into (admins only; coordinators import into their own)',
  })
  organisationId?: string;
}

export class StudentProfileDto {
  @ApiProperty({ enum: PROFESSION_CODES, enumName: 'Profession' })
  profession: Profession;

  @ApiProperty({ minimum: YEAR_OF_STUDY_MIN, maximum: YEAR_OF_STUDY_MAX })
  yearOfStudy: number;

  @ApiProperty({ type: String, nullable: true, example: 'LS6 2AB' })
  homePostcode: string | null;

  @ApiProperty({ type: Number, nullable: true })
  maxTravelKm: number | null;

  @ApiProperty({ type: String, nullable: true })
  reasonableAdjustments: string | null;

  @ApiProperty({
    enum: REQUIREMENT_CODES,
    isArray: true,
    description: 'Placement requirements met',
  })
  compliance: Requirement[];

  @ApiProperty({ description: 'Above 0: allocated first in allocation rounds' })
  allocationPriority: number;

  @ApiProperty({ description: 'Practice hours completed before placements were recorded here' })
  priorPracticeHours: number;
}

export class UserDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'email' })
  email: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ enum: ROLE_CODES, enumName: 'Role' })
  role: Role;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  organisationId: string | null;

  @ApiProperty({
    enum: USER_STATUSES.map((s) => s.code),
    enumName: 'UserStatus',
    description: 'invited until the person has chosen a password',
  })
  status: UserStatus;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiPropertyOptional({ type: () => StudentProfileDto })
  studentProfile?: StudentProfileDto;
}

export class OrganisationSummaryDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ enum: ORGANISATION_TYPE_CODES, enumName: 'OrganisationType' })
  type: OrganisationType;

  @ApiProperty({ enum: REGION_CODES, enumName: 'Region' })
  region: Region;
}

export class MeDto extends UserDto {
  @ApiProperty({ type: () => OrganisationSummaryDto, nullable: true })
  organisation: OrganisationSummaryDto | null;
}

export class UserPageDto {
  @ApiProperty({ type: [UserDto] })
  items: UserDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor: string | null;
}

export class ImportLineErrorDto {
  @ApiProperty({ description: 'Line of the file (the header is line 1)' })
  line: number;

  @ApiProperty()
  message: string;
}

export class ImportResultDto {
  @ApiProperty({
    description: 'Rows imported: 0 whenever there are errors, because an import is all or nothing',
  })
  created: number;

  @ApiProperty({ type: [ImportLineErrorDto] })
  errors: ImportLineErrorDto[];
}

export class AttentionItemDto {
  @ApiProperty({ example: 'students_invited' })
  code: string;

  @ApiProperty()
  count: number;

  @ApiProperty({ example: '12 students have not yet set up their account' })
  message: string;

  @ApiProperty({ type: String, nullable: true, example: '/students?status=invited' })
  link: string | null;
}

export class AttentionDto {
  @ApiProperty({ type: [AttentionItemDto] })
  items: AttentionItemDto[];
}
