import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsOptional, IsUUID } from 'class-validator';
import {
  ALLOCATION_ROUND_STATUSES,
  MATCH_STATUS_CODES,
  PROFESSION_CODES,
  ROUND_NAME_MAX_LENGTH,
  ROUND_PHASES,
  ROUND_SEED_MAX_LENGTH,
  UNMATCHED_REASONS,
  type AllocationPolicy,
  type AllocationProposal,
  type AllocationRound,
  type AllocationRoundPhase,
  type AllocationRoundProgress,
  type AllocationRoundStatus,
  type AllocationRoundSummary,
  type AllocationUnmatched,
  type AllocationUnmatchedReason,
  type MatchStatus,
  type MyAllocationResult,
  type PolicyComparison,
  type PolicyOutcome,
  type Profession,
  type RoundApprovalResult,
} from '@ahp/contracts';
import { PageQueryDto } from '../../common/pagination/page';
import { DateField, EnumArrayField, EnumField, TextField } from '../../common/validation/fields';

const POLICIES = ['stable', 'welfare'] as const;
const STATUSES = ALLOCATION_ROUND_STATUSES.map((s) => s.code);
const REASONS = UNMATCHED_REASONS.map((r) => r.code);

export class CreateAllocationRoundDto {
  @TextField({ maxLength: ROUND_NAME_MAX_LENGTH, example: 'Spring 2027 placements' })
  name: string;

  @DateField({ description: 'Placements starting on or after this date take part' })
  startFrom: string;

  @DateField({ description: 'Placements starting on or before this date take part' })
  startTo: string;

  @EnumArrayField(PROFESSION_CODES, {
    optional: true,
    enumName: 'Profession',
    maxItems: 50,
    description: 'Only students of these professions (and placements taking them); all when absent',
  })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  professions?: Profession[];

  @TextField({
    optional: true,
    maxLength: ROUND_SEED_MAX_LENGTH,
    description: 'Lottery seed for tie-breaking; one is chosen and recorded when absent',
  })
  seed?: string;

  @ApiPropertyOptional({
    description:
      'Admins only: the universities whose students take part (every university when absent)',
    type: [String],
    format: 'uuid',
  })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true, message: 'each of universityIds must be a UUID' })
  universityIds?: string[];
}

export class RunAllocationRoundDto {
  @EnumField(POLICIES, {
    optional: true,
    enumName: 'AllocationPolicy',
    description: "'stable' (default) or 'welfare'",
  })
  policy?: AllocationPolicy;
}

export class ApproveAllocationRoundDto {
  @ApiPropertyOptional({
    description: "Only these of the round's proposals; every still-proposed one when absent",
    type: [String],
    format: 'uuid',
  })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(50_000)
  @IsUUID('all', { each: true, message: 'each of matchIds must be a UUID' })
  matchIds?: string[];
}

export class AllocationRoundListQueryDto extends PageQueryDto {}

class ProposalDto implements AllocationProposal {
  @ApiProperty({ format: 'uuid' }) matchId: string;
  @ApiProperty({ format: 'uuid' }) studentId: string;
  @ApiProperty({ format: 'uuid' }) placementId: string;
  @ApiProperty({ description: '1 = the student’s first choice' }) rank: number;
  @ApiProperty({ enum: MATCH_STATUS_CODES }) status: MatchStatus;
  @ApiProperty() studentName: string;
  @ApiProperty() placementTitle: string;
  @ApiProperty() providerName: string;
}

class UnmatchedDto implements AllocationUnmatched {
  @ApiProperty({ format: 'uuid' }) studentId: string;
  @ApiProperty({ enum: REASONS }) reason: AllocationUnmatchedReason;
  @ApiProperty() studentName: string;
}

export class AllocationRoundProgressDto implements AllocationRoundProgress {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: STATUSES }) status: AllocationRoundStatus;
  @ApiProperty({ enum: ROUND_PHASES, nullable: true }) phase: AllocationRoundPhase | null;
  @ApiProperty({ nullable: true, type: String }) error: string | null;
}

export class AllocationRoundDto implements AllocationRound {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: STATUSES }) status: AllocationRoundStatus;
  @ApiProperty({ enum: ROUND_PHASES, nullable: true }) phase: AllocationRoundPhase | null;
  @ApiProperty({ format: 'date' }) startFrom: string;
  @ApiProperty({ format: 'date' }) startTo: string;
  @ApiProperty({ enum: PROFESSION_CODES, isArray: true }) professions: Profession[];
  @ApiProperty({ type: [String], nullable: true }) universityIds: string[] | null;
  @ApiProperty({ nullable: true, type: String }) seed: string | null;
  @ApiProperty({ enum: POLICIES }) policy: AllocationPolicy;
  @ApiProperty({ nullable: true, type: String }) inputsFingerprint: string | null;
  @ApiProperty({ nullable: true, type: Number }) students: number | null;
  @ApiProperty({ nullable: true, type: Number }) placements: number | null;
  @ApiProperty({ nullable: true, type: Number }) matched: number | null;
  @ApiProperty({ type: [UnmatchedDto] }) unmatched: UnmatchedDto[];
  @ApiProperty({ type: [ProposalDto] }) proposals: ProposalDto[];
  @ApiProperty({ type: [Number] }) rankCounts: number[];
  @ApiProperty({ nullable: true, type: Number }) durationMs: number | null;
  @ApiProperty({ nullable: true, type: String }) error: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty({ nullable: true, type: String }) createdBy: string | null;
  @ApiProperty({ nullable: true, type: String }) ranAt: string | null;
}

export class AllocationRoundSummaryDto implements AllocationRoundSummary {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: STATUSES }) status: AllocationRoundStatus;
  @ApiProperty({ format: 'date' }) startFrom: string;
  @ApiProperty({ format: 'date' }) startTo: string;
  @ApiProperty({ enum: PROFESSION_CODES, isArray: true }) professions: Profession[];
  @ApiProperty({ nullable: true, type: Number }) matched: number | null;
  @ApiProperty({ nullable: true, type: Number }) unmatchedCount: number | null;
  @ApiProperty() createdAt: string;
  @ApiProperty({ nullable: true, type: String }) ranAt: string | null;
}

export class AllocationRoundPageDto {
  @ApiProperty({ type: [AllocationRoundSummaryDto] }) items: AllocationRoundSummaryDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

class UnmatchedCountsDto implements Record<AllocationUnmatchedReason, number> {
  @ApiProperty() no_preferences: number;
  @ApiProperty() no_eligible_preference: number;
  @ApiProperty() outranked: number;
}

class PolicyOutcomeDto implements PolicyOutcome {
  @ApiProperty({ enum: POLICIES }) policy: AllocationPolicy;
  @ApiProperty() matched: number;
  @ApiProperty({ type: UnmatchedCountsDto }) unmatched: UnmatchedCountsDto;
  @ApiProperty({ type: [Number] }) rankCounts: number[];
  @ApiProperty({ nullable: true, type: Number }) averageRank: number | null;
  @ApiProperty() blockingPairs: number;
}

export class PolicyComparisonDto implements PolicyComparison {
  @ApiProperty() seed: string;
  @ApiProperty() students: number;
  @ApiProperty() placements: number;
  @ApiProperty({ type: PolicyOutcomeDto }) stable: PolicyOutcomeDto;
  @ApiProperty({ type: PolicyOutcomeDto }) welfare: PolicyOutcomeDto;
}

class MyProposalDto {
  @ApiProperty({ format: 'uuid' }) matchId: string;
  @ApiProperty({ format: 'uuid' }) placementId: string;
  @ApiProperty() placementTitle: string;
  @ApiProperty() providerName: string;
  @ApiProperty() rank: number;
  @ApiProperty({ enum: MATCH_STATUS_CODES }) status: MatchStatus;
}

export class MyAllocationResultDto implements MyAllocationResult {
  @ApiProperty({ format: 'uuid' }) roundId: string;
  @ApiProperty() roundName: string;
  @ApiProperty() ranAt: string;
  @ApiProperty({ type: MyProposalDto, nullable: true }) proposal: MyProposalDto | null;
  @ApiProperty({ enum: REASONS, nullable: true }) reason: AllocationUnmatchedReason | null;
}

class ApprovalFailureDto {
  @ApiProperty({ format: 'uuid' }) matchId: string;
  @ApiProperty() statusCode: number;
  @ApiProperty() message: string;
}

export class RoundApprovalResultDto implements RoundApprovalResult {
  @ApiProperty() approved: number;
  @ApiProperty({ type: [String] }) succeeded: string[];
  @ApiProperty({ type: [ApprovalFailureDto] }) failed: ApprovalFailureDto[];
}
