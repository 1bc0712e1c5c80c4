import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsNumber,
  IsObject,
  IsOptional,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  ASSESSMENT_OUTCOME_CODES,
  FEEDBACK_COMMENT_MAX_LENGTH,
  PRACTICE_HOURS_MAX,
  PROFESSION_CODES,
  SCORE_MAX,
  SCORE_MIN,
  type AssessmentOutcome,
  type EducatorFeedback,
  type EducatorFeedbackInput,
  type FeedbackAverages,
  type FeedbackSummary,
  type MatchFeedback,
  type PracticeHours,
  type Profession,
  type QualityReport,
  type QualityRow,
  type StudentFeedback,
  type StudentFeedbackInput,
  type ThemeScores,
} from '@ahp/contracts';
import { PageQueryDto } from '../../common/pagination/page';
import {
  EnumField,
  IntField,
  TextField,
  UuidField,
  hasDecimalPlacesAtMost,
  registerFieldCheck,
} from '../../common/validation/fields';

const score = (description: string) =>
  IntField({
    min: SCORE_MIN,
    max: SCORE_MAX,
    description: `${description}, 1 (very poor) to 5 (excellent)`,
  });

export class ThemeScoresDto implements ThemeScores {
  @score('Induction') induction: number;
  @score('Supervision') supervision: number;
  @score('Facilities') facilities: number;
  @score('Learning opportunities') learningOpportunities: number;
  @score('Team working') teamwork: number;
}

export class StudentFeedbackInputDto implements StudentFeedbackInput {
  @ApiProperty({ type: () => ThemeScoresDto })
  @IsObject()
  @ValidateNested()
  @Type(() => ThemeScoresDto)
  scores: ThemeScoresDto;

  @score('Overall rating') overall: number;

  @ApiProperty({ description: 'Would you recommend this placement to another student?' })
  @IsBoolean({ message: 'wouldRecommend must be true or false' })
  wouldRecommend: boolean;

  @TextField({ optional: true, maxLength: FEEDBACK_COMMENT_MAX_LENGTH })
  comment?: string;
}

export class EducatorFeedbackInputDto implements EducatorFeedbackInput {
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer', minimum: SCORE_MIN, maximum: SCORE_MAX },
    description:
      'A score 1–5 per assessment domain, e.g. professionalValues, communication, assessment, intervention, evaluation, leadershipAndLearning',
    example: { professionalValues: 4, communication: 5 },
  })
  @IsObject({ message: 'domains must be an object of domain names to scores' })
  domains: Record<string, number>;

  @EnumField(ASSESSMENT_OUTCOME_CODES, { enumName: 'AssessmentOutcome' })
  outcome: AssessmentOutcome;

  @TextField({ optional: true, maxLength: FEEDBACK_COMMENT_MAX_LENGTH })
  comment?: string;

  @ApiPropertyOptional({
    minimum: 0,
    maximum: PRACTICE_HOURS_MAX,
    description: 'Practice hours the student completed on this placement (to the quarter hour)',
  })
  @IsOptional()
  @IsNumber(
    { allowNaN: false, allowInfinity: false },
    { message: 'practiceHours must be a number of hours' },
  )
  @registerFieldCheck(
    'maxDecimalPlaces',
    () => 'practiceHours must be a number of hours',
    (value) => hasDecimalPlacesAtMost(value, 2),
  )
  @Min(0)
  @Max(PRACTICE_HOURS_MAX)
  practiceHours?: number;
}

export class FeedbackListQueryDto extends PageQueryDto {
  @UuidField({ optional: true }) placementId?: string;
  @UuidField({ optional: true }) studentId?: string;
}

export class EducatorFeedbackListQueryDto extends PageQueryDto {
  @UuidField({ optional: true }) studentId?: string;
}

class ThemeAveragesDto extends ThemeScoresDto implements FeedbackAverages {
  @ApiProperty() overall: number;
}

export class StudentFeedbackDto implements StudentFeedback {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) matchId: string;
  @ApiProperty({ format: 'uuid' }) placementId: string;
  @ApiProperty() placementTitle: string;
  @ApiProperty() providerName: string;
  @ApiProperty({ format: 'uuid' }) studentId: string;
  @ApiProperty() studentName: string;
  @ApiProperty({ type: () => ThemeScoresDto }) scores: ThemeScoresDto;
  @ApiProperty() overall: number;
  @ApiProperty() wouldRecommend: boolean;
  @ApiProperty({ type: String, nullable: true }) comment: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) editableUntil: string | null;
}

export class EducatorFeedbackDto implements EducatorFeedback {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) matchId: string;
  @ApiProperty({ format: 'uuid' }) placementId: string;
  @ApiProperty() placementTitle: string;
  @ApiProperty() providerName: string;
  @ApiProperty({ format: 'uuid' }) studentId: string;
  @ApiProperty() studentName: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' } })
  domains: Record<string, number>;
  @ApiProperty({ enum: ASSESSMENT_OUTCOME_CODES, enumName: 'AssessmentOutcome' })
  outcome: AssessmentOutcome;
  @ApiProperty({ type: String, nullable: true }) comment: string | null;
  @ApiProperty({ type: Number, nullable: true }) practiceHours: number | null;
  @ApiProperty({ type: String, nullable: true }) educatorName: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) editableUntil: string | null;
}

export class StudentFeedbackPageDto {
  @ApiProperty({ type: [StudentFeedbackDto] }) items: StudentFeedbackDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class EducatorFeedbackPageDto {
  @ApiProperty({ type: [EducatorFeedbackDto] }) items: EducatorFeedbackDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class MatchFeedbackDto implements MatchFeedback {
  @ApiProperty({ format: 'uuid' }) matchId: string;
  @ApiProperty({ type: () => StudentFeedbackDto, nullable: true })
  student: StudentFeedbackDto | null;
  @ApiProperty({ type: () => EducatorFeedbackDto, nullable: true })
  educator: EducatorFeedbackDto | null;
  @ApiProperty() canGiveStudentFeedback: boolean;
  @ApiProperty() canGiveEducatorFeedback: boolean;
}

export class FeedbackSummaryDto implements FeedbackSummary {
  @ApiProperty() responses: number;
  @ApiProperty({ description: 'True (with null figures) while too few responses to show them' })
  suppressed: boolean;
  @ApiProperty({ type: () => ThemeAveragesDto, nullable: true })
  averages: ThemeAveragesDto | null;
  @ApiProperty({ type: Number, nullable: true, minimum: 0, maximum: 1 })
  recommendRate: number | null;
  @ApiPropertyOptional({ type: [String], description: 'Anonymous comments, for staff' })
  comments?: string[];
  @ApiPropertyOptional() flagged?: boolean;
}

class QualityRowDto implements QualityRow {
  @ApiProperty({ enum: ['placement', 'provider'] }) kind: 'placement' | 'provider';
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() providerName: string;
  @ApiProperty() responses: number;
  @ApiProperty() suppressed: boolean;
  @ApiProperty({ type: () => ThemeAveragesDto, nullable: true })
  averages: ThemeAveragesDto | null;
  @ApiProperty({ type: Number, nullable: true }) recommendRate: number | null;
  @ApiProperty() flagged: boolean;
  @ApiProperty({ type: [String] }) flags: string[];
}

class QualityThresholdsDto {
  @ApiProperty() minAverage: number;
  @ApiProperty() minRecommendRate: number;
  @ApiProperty() minResponses: number;
}

export class QualityReportDto implements QualityReport {
  @ApiProperty({ type: () => QualityThresholdsDto }) thresholds: QualityThresholdsDto;
  @ApiProperty({ type: [QualityRowDto] }) items: QualityRowDto[];
}

class PracticeHoursPlacementDto {
  @ApiProperty({ format: 'uuid' }) matchId: string;
  @ApiProperty() placementTitle: string;
  @ApiProperty() providerName: string;
  @ApiProperty({ format: 'date' }) startDate: string;
  @ApiProperty({ format: 'date' }) endDate: string;
  @ApiProperty() hours: number;
  @ApiProperty({ enum: ASSESSMENT_OUTCOME_CODES, enumName: 'AssessmentOutcome' })
  outcome: AssessmentOutcome;
}

export class PracticeHoursDto implements PracticeHours {
  @ApiProperty({ format: 'uuid' }) studentId: string;
  @ApiProperty({ enum: PROFESSION_CODES, enumName: 'Profession' }) profession: Profession;
  @ApiProperty({ type: Number, nullable: true }) required: number | null;
  @ApiProperty() prior: number;
  @ApiProperty() fromPlacements: number;
  @ApiProperty() total: number;
  @ApiProperty({ type: [PracticeHoursPlacementDto] }) placements: PracticeHoursPlacementDto[];
}
