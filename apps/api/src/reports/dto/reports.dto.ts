import { ApiProperty } from '@nestjs/swagger';
import {
  CAPACITY_GROUPS,
  DURATION_GROUPS,
  PROFESSION_CODES,
  REGION_CODES,
  SETTING_CODES,
  UNMATCHED_REASONS,
  type AllocationUnmatchedReason,
  type CapacityGapRow,
  type CapacityGroup,
  type CapacityRow,
  type DurationGroup,
  type FeedbackAverages,
  type FeedbackTrendRow,
  type Profession,
  type Region,
  type Setting,
  type TimeToApprovalRow,
  type UnmatchedRow,
} from '@ahp/contracts';
import { DateField, EnumField, UuidField } from '../../common/validation/fields';
import type { ReportFormat } from '../report-output';

export const REPORT_FORMATS = ['json', 'csv'] as const satisfies readonly ReportFormat[];
export const FEEDBACK_PERIODS = ['month', 'quarter'] as const;
export type FeedbackPeriod = (typeof FEEDBACK_PERIODS)[number];

// ---- queries ---------------------------------------------------------------------------------

export class ReportFormatQueryDto {
  @EnumField(REPORT_FORMATS, {
    optional: true,
    enumName: 'ReportFormat',
    description: "'csv' for the rows as CSV whatever the Accept header says; 'json' likewise",
  })
  format?: ReportFormat;
}

/** The filters most reports share: a window on placement start dates, and the cell. */
export class PlacementFiltersDto extends ReportFormatQueryDto {
  @DateField({ optional: true, description: 'Placements starting on or after this date' })
  from?: string;

  @DateField({ optional: true, description: 'Placements starting on or before this date' })
  to?: string;

  @EnumField(PROFESSION_CODES, {
    optional: true,
    enumName: 'Profession',
    description: 'Placements accepting this profession, and students of it',
  })
  profession?: Profession;

  @EnumField(REGION_CODES, { optional: true, enumName: 'Region' })
  region?: Region;

  @EnumField(SETTING_CODES, { optional: true, enumName: 'Setting' })
  setting?: Setting;
}

export class CapacityQueryDto extends PlacementFiltersDto {
  @EnumField(CAPACITY_GROUPS, { enumName: 'CapacityGroup', description: 'One row per value of' })
  groupBy: CapacityGroup;
}

export class TimeToApprovalQueryDto extends PlacementFiltersDto {
  @EnumField(DURATION_GROUPS, {
    enumName: 'DurationGroup',
    description: "One row per value of ('month' is the month of approval, Europe/London)",
  })
  groupBy: DurationGroup;
}

export class CapacityGapQueryDto extends PlacementFiltersDto {}

export class UnmatchedQueryDto extends ReportFormatQueryDto {
  @UuidField({
    optional: true,
    description: 'One round; every round you can see that has run when absent',
  })
  roundId?: string;

  @DateField({ optional: true, description: 'Rounds whose window ends on or after this date' })
  from?: string;

  @DateField({ optional: true, description: 'Rounds whose window starts on or before this date' })
  to?: string;

  @EnumField(PROFESSION_CODES, {
    optional: true,
    enumName: 'Profession',
    description: 'Only students of this profession',
  })
  profession?: Profession;
}

export class FeedbackTrendQueryDto extends ReportFormatQueryDto {
  @EnumField(FEEDBACK_PERIODS, {
    optional: true,
    enumName: 'FeedbackPeriod',
    description: "'month' (default) or 'quarter' of when the feedback was given (Europe/London)",
  })
  period?: FeedbackPeriod;

  @UuidField({ optional: true, description: 'Only feedback on this placement' })
  placementId?: string;

  @UuidField({ optional: true, description: "Only feedback on this provider's placements" })
  providerId?: string;

  @DateField({
    optional: true,
    description: 'Periods ending on or after this date (whole periods are always shown)',
  })
  from?: string;

  @DateField({
    optional: true,
    description: 'Periods starting on or before this date (whole periods are always shown)',
  })
  to?: string;

  @EnumField(PROFESSION_CODES, {
    optional: true,
    enumName: 'Profession',
    description: 'Only feedback on placements accepting this profession',
  })
  profession?: Profession;

  @EnumField(REGION_CODES, {
    optional: true,
    enumName: 'Region',
    description: 'Only feedback on placements in this region',
  })
  region?: Region;

  @EnumField(SETTING_CODES, {
    optional: true,
    enumName: 'Setting',
    description: 'Only feedback on placements in this setting',
  })
  setting?: Setting;
}

// ---- responses -------------------------------------------------------------------------------

export class CapacityReportRowDto implements CapacityRow {
  @ApiProperty({ description: 'The profession, region or setting code' }) key: string;
  @ApiProperty({ description: 'Published or closed placements' }) placements: number;
  @ApiProperty({ description: 'Their capacity' }) seats: number;
  @ApiProperty({ description: 'Approved or completed matches on them' }) approved: number;
  @ApiProperty({ description: 'Applications to them, whatever their status' })
  applications: number;
  @ApiProperty({ description: 'Of those, still live (submitted or offered)' })
  liveApplications: number;
  @ApiProperty({ description: 'approved / seats, 0–1 to 3 decimal places; 0 without seats' })
  fillRate: number;
}

export class CapacityReportDto {
  @ApiProperty({ type: [CapacityReportRowDto] }) rows: CapacityReportRowDto[];
}

export class UnmatchedReportRowDto implements UnmatchedRow {
  @ApiProperty({ enum: UNMATCHED_REASONS.map((r) => r.code), enumName: 'UnmatchedReason' })
  reason: AllocationUnmatchedReason;
  @ApiProperty() students: number;
}

export class UnmatchedReportDto {
  @ApiProperty({ type: [UnmatchedReportRowDto] }) rows: UnmatchedReportRowDto[];
}

export class TimeToApprovalReportRowDto implements TimeToApprovalRow {
  @ApiProperty({ description: 'The profession, region or setting code, or YYYY-MM' })
  key: string;
  @ApiProperty() approvals: number;
  @ApiProperty({ type: Number, nullable: true }) medianDays: number | null;
  @ApiProperty({ type: Number, nullable: true }) p90Days: number | null;
  @ApiProperty({ type: Number, nullable: true }) averageDays: number | null;
}

export class TimeToApprovalReportDto {
  @ApiProperty({ type: [TimeToApprovalReportRowDto] }) rows: TimeToApprovalReportRowDto[];
}

export class ReportFeedbackAveragesDto implements FeedbackAverages {
  @ApiProperty() induction: number;
  @ApiProperty() supervision: number;
  @ApiProperty() facilities: number;
  @ApiProperty() learningOpportunities: number;
  @ApiProperty() teamwork: number;
  @ApiProperty() overall: number;
}

export class FeedbackTrendReportRowDto implements FeedbackTrendRow {
  @ApiProperty({ example: '2027-03', description: 'YYYY-MM or YYYY-Q1' }) period: string;
  @ApiProperty() responses: number;
  @ApiProperty({ description: 'Figures hidden so that no student can be identified' })
  suppressed: boolean;
  @ApiProperty({ type: ReportFeedbackAveragesDto, nullable: true })
  averages: ReportFeedbackAveragesDto | null;
  @ApiProperty({ type: Number, nullable: true, description: '0–1' })
  recommendRate: number | null;
}

export class FeedbackTrendReportDto {
  @ApiProperty({ type: [FeedbackTrendReportRowDto] }) rows: FeedbackTrendReportRowDto[];
}

export class CapacityGapReportRowDto implements CapacityGapRow {
  @ApiProperty({ enum: PROFESSION_CODES, enumName: 'Profession' }) profession: Profession;
  @ApiProperty({ enum: REGION_CODES, enumName: 'Region' }) region: Region;
  @ApiProperty({ enum: SETTING_CODES, enumName: 'Setting' }) setting: Setting;
  @ApiProperty() demand: number;
  @ApiProperty() unmet: number;
  @ApiProperty() seats: number;
  @ApiProperty() remainingSeats: number;
  @ApiProperty() gap: number;
}

export class CapacityGapReportDto {
  @ApiProperty({ type: [CapacityGapReportRowDto] }) rows: CapacityGapReportRowDto[];
}
