import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/access-policy';
import { ApiErrorResponseDto } from '../common/http/api-error.dto';
import { uuidParam } from '../common/http/uuid-param';
import { AllocationService } from './allocation.service';
import {
  AllocationRoundDto,
  AllocationRoundListQueryDto,
  AllocationRoundPageDto,
  AllocationRoundProgressDto,
  ApproveAllocationRoundDto,
  CreateAllocationRoundDto,
  MyAllocationResultDto,
  PolicyComparisonDto,
  RoundApprovalResultDto,
  RunAllocationRoundDto,
} from './dto/allocation.dto';

@ApiTags('allocation rounds')
@Controller('allocation-rounds')
export class AllocationController {
  constructor(private readonly rounds: AllocationService) {}

  @Post()
  @Roles('coordinator', 'admin')
  @ApiOperation({
    summary:
      "Create a round: a coordinator's for their university's students, an admin's for several universities (or all)",
  })
  @ApiCreatedResponse({ type: AllocationRoundDto })
  create(
    @CurrentActor() actor: Actor,
    @Body() dto: CreateAllocationRoundDto,
  ): Promise<AllocationRoundDto> {
    return this.rounds.create(actor, dto);
  }

  @Get()
  @Roles('coordinator', 'admin')
  @ApiOperation({ summary: 'Rounds you can see, newest first' })
  @ApiOkResponse({ type: AllocationRoundPageDto })
  list(
    @CurrentActor() actor: Actor,
    @Query() query: AllocationRoundListQueryDto,
  ): Promise<AllocationRoundPageDto> {
    return this.rounds.list(actor, query);
  }

  @Get('mine')
  @Roles('student')
  @ApiOperation({
    summary:
      'Your results in the allocation rounds you took part in: the placement proposed, or why none was',
  })
  @ApiOkResponse({ type: [MyAllocationResultDto] })
  mine(@CurrentActor() actor: Actor): Promise<MyAllocationResultDto[]> {
    return this.rounds.mine(actor);
  }

  @Get(':id')
  @Roles('coordinator', 'admin')
  @ApiOperation({ summary: 'A round and the outcome of its latest run' })
  @ApiOkResponse({ type: AllocationRoundDto })
  get(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam()) id: string,
  ): Promise<AllocationRoundDto> {
    return this.rounds.get(actor, id);
  }

  @Get(':id/progress')
  @Roles('coordinator', 'admin')
  @ApiOperation({
    summary:
      'Where a round has got (status, and while running its phase), without its outcome: cheap enough to ask every half second while it runs',
  })
  @ApiOkResponse({ type: AllocationRoundProgressDto })
  progress(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam()) id: string,
  ): Promise<AllocationRoundProgressDto> {
    return this.rounds.progress(actor, id);
  }

  @Post(':id/run')
  @Roles('coordinator', 'admin')
  @HttpCode(200)
  @ApiOperation({
    summary:
      "Run the round in a background job and answer with its outcome; its earlier still-proposed matches are replaced. With 'Prefer: respond-async', answers 202 at once (follow it with GET).",
  })
  @ApiHeader({ name: 'Prefer', required: false, description: "'respond-async' not to wait" })
  @ApiOkResponse({ type: AllocationRoundDto })
  @ApiAcceptedResponse({ type: AllocationRoundDto, description: 'Still running' })
  @ApiConflictResponse({ description: 'Already running', type: ApiErrorResponseDto })
  async run(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam()) id: string,
    @Body() dto: RunAllocationRoundDto,
    @Headers('prefer') prefer: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AllocationRoundDto> {
    const wait = !/\brespond-async\b/i.test(prefer ?? '');
    const finished = await this.rounds.run(actor, id, dto.policy ?? 'stable', wait);
    if (!finished) reply.status(202);
    return this.rounds.get(actor, id);
  }

  @Get(':id/comparison')
  @Roles('coordinator', 'admin')
  @ApiOperation({
    summary:
      "Both policies on the round's current inputs and seed, side by side (matched, unmatched by reason, ranks, blocking pairs); saves nothing",
  })
  @ApiOkResponse({ type: PolicyComparisonDto })
  compare(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam()) id: string,
  ): Promise<PolicyComparisonDto> {
    return this.rounds.compare(actor, id);
  }

  @Post(':id/approve')
  @Roles('coordinator', 'admin')
  @HttpCode(200)
  @ApiOperation({
    summary:
      "Approve the round's still-proposed matches (or those named) through the capacity-safe path; says which could not be",
  })
  @ApiOkResponse({ type: RoundApprovalResultDto })
  approve(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam()) id: string,
    @Body() dto: ApproveAllocationRoundDto,
  ): Promise<RoundApprovalResultDto> {
    return this.rounds.approve(actor, id, dto.matchIds);
  }
}
