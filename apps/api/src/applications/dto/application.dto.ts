import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsBoolean, IsOptional, IsUUID } from 'class-validator';
import {
  APPLICATION_STATUS_CODES,
  DECISION_REASON_MAX_LENGTH,
  MATCH_SOURCES,
  MATCH_STATUS_CODES,
  PROFESSION_CODES,
  STATEMENT_MAX_LENGTH,
  type Application,
  type ApplicationStatus,
  type Match,
  type MatchSource,
  type MatchStatus,
  type PlacementSummary,
  type Profession,
  type StudentSummary,
} from '@ahp/contracts';
import { PageQueryDto } from '../../common/pagination/page';
import { EnumField, IntField, TextField, UuidField } from '../../common/validation/fields';

export class CreateApplicationDto {
  @UuidField()
  placementId: string;

  @IntField({
    optional: true,
    min: 1,
    max: 100,
    description: 'Where it goes in your order of preference (1 = most wanted); last if left out',
  })
  rank?: number;

  @TextField({
    optional: true,
    maxLength: STATEMENT_MAX_LENGTH,
    description: 'Why you want this placement',
  })
  statement?: string;

  @ApiPropertyOptional({
    description: 'Let the provider see your reasonable adjustments (default false)',
  })
  @IsOptional()
  @IsBoolean()
  shareAdjustments?: boolean;
}

export class ReorderApplicationsDto {
  @ApiProperty({
    type: [String],
    format: 'uuid',
    description: 'Every one of your live applications, most wanted first',
  })
  @IsArray()
  @ArrayMaxSize(100)
  @ArrayUnique({ message: 'applicationIds must not repeat an id' })
  @IsUUID('all', { each: true, message: 'each of applicationIds must be a UUID' })
  applicationIds: string[];
}

export class DecisionReasonDto {
  @TextField({ optional: true, maxLength: DECISION_REASON_MAX_LENGTH })
  reason?: string;
}

export class RequiredReasonDto {
  @TextField({ maxLength: DECISION_REASON_MAX_LENGTH, description: 'Shown to everyone affected' })
  reason: string;
}

export class PlacementRankingDto {
  @ApiProperty({
    type: [String],
    format: 'uuid',
    description: "Applicants' student ids, best first; may leave some out",
  })
  @IsArray()
  @ArrayMaxSize(500)
  @ArrayUnique({ message: 'studentIds must not repeat an id' })
  @IsUUID('all', { each: true, message: 'each of studentIds must be a UUID' })
  studentIds: string[];
}

export class ApplicationListQueryDto extends PageQueryDto {
  @UuidField({ optional: true })
  placementId?: string;

  @EnumField(APPLICATION_STATUS_CODES, { optional: true, enumName: 'ApplicationStatus' })
  status?: ApplicationStatus;
}

export class MatchListQueryDto extends PageQueryDto {
  @EnumField(MATCH_STATUS_CODES, { optional: true, enumName: 'MatchStatus' })
  status?: MatchStatus;

  @UuidField({ optional: true })
  placementId?: string;

  @UuidField({ optional: true })
  studentId?: string;
}

export class BulkMatchesDto {
  @ApiProperty({ type: [String], format: 'uuid' })
  @IsArray()
  @ArrayMaxSize(200)
  @ArrayUnique({ message: 'matchIds must not repeat an id' })
  @IsUUID('all', { each: true, message: 'each of matchIds must be a UUID' })
  matchIds: string[];
}

class PlacementSummaryDto implements PlacementSummary {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty({ format: 'uuid' }) providerId: string;
  @ApiProperty() providerName: string;
  @ApiProperty() postcode: string;
  @ApiProperty({ format: 'date' }) startDate: string;
  @ApiProperty({ format: 'date' }) endDate: string;
  @ApiProperty() status: string;
}

class StudentSummaryDto implements StudentSummary {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() email: string;
  @ApiProperty({ enum: PROFESSION_CODES, enumName: 'Profession' }) profession: Profession;
  @ApiProperty() yearOfStudy: number;
  @ApiProperty({ format: 'uuid' }) universityId: string;
  @ApiProperty() universityName: string;
  @ApiProperty({ type: String, nullable: true, description: 'Not shown to providers' })
  homePostcode: string | null;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: "Only for the student's coordinator, or a provider the student shared them with",
  })
  reasonableAdjustments?: string | null;
}

class ApplicationMatchDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: MATCH_STATUS_CODES, enumName: 'MatchStatus' }) status: MatchStatus;
}

export class ApplicationDto implements Application {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: APPLICATION_STATUS_CODES, enumName: 'ApplicationStatus' })
  status: ApplicationStatus;
  @ApiProperty({ format: 'uuid' }) placementId: string;
  @ApiProperty({ format: 'uuid' }) studentId: string;
  @ApiProperty({ description: "The student's order of preference (1 = most wanted)" }) rank: number;
  @ApiProperty({ type: String, nullable: true }) statement: string | null;
  @ApiProperty() shareAdjustments: boolean;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: "The provider's ranking of this applicant (not shown to students)",
  })
  providerRank: number | null;
  @ApiProperty({ type: String, nullable: true }) declineReason: string | null;
  @ApiProperty({
    type: ApplicationMatchDto,
    nullable: true,
    description: 'The match an offer made from this application',
  })
  match: ApplicationMatchDto | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty({ type: PlacementSummaryDto }) placement: PlacementSummaryDto;
  @ApiProperty({ type: StudentSummaryDto }) student: StudentSummaryDto;
}

export class ApplicationPageDto {
  @ApiProperty({ type: [ApplicationDto] }) items: ApplicationDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class MatchDto implements Match {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: MATCH_STATUS_CODES, enumName: 'MatchStatus' }) status: MatchStatus;
  @ApiProperty({ enum: MATCH_SOURCES, enumName: 'MatchSource' }) source: MatchSource;
  @ApiProperty({ format: 'uuid' }) studentId: string;
  @ApiProperty({ format: 'uuid' }) placementId: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) applicationId: string | null;
  @ApiProperty({ format: 'date' }) startDate: string;
  @ApiProperty({ format: 'date' }) endDate: string;
  @ApiProperty({ type: String, nullable: true }) reason: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) decidedAt: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty({ type: PlacementSummaryDto }) placement: PlacementSummaryDto;
  @ApiProperty({ type: StudentSummaryDto }) student: StudentSummaryDto;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: "From the student's home postcode (not shown to providers)",
  })
  distanceKm: number | null;
}

export class MatchPageDto {
  @ApiProperty({ type: [MatchDto] }) items: MatchDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

class BulkFailureDto {
  @ApiProperty({ format: 'uuid' }) matchId: string;
  @ApiProperty() statusCode: number;
  @ApiProperty() message: string;
}

export class BulkResultDto {
  @ApiProperty({ type: [String], format: 'uuid' }) succeeded: string[];
  @ApiProperty({ type: [BulkFailureDto] }) failed: BulkFailureDto[];
}

export class PlacementRankingResultDto {
  @ApiProperty({ format: 'uuid' }) placementId: string;
  @ApiProperty({ type: [String], format: 'uuid' }) studentIds: string[];
}
