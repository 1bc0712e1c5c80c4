import { Body, Controller, Get, Header, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/access-policy';
import { ApiErrorResponseDto } from '../common/http/api-error.dto';
import { uuidParam } from '../common/http/uuid-param';
import {
  BulkMatchesDto,
  BulkResultDto,
  DecisionReasonDto,
  MatchDto,
  MatchListQueryDto,
  MatchPageDto,
  RequiredReasonDto,
} from '../applications/dto/application.dto';
import { MatchesService } from './matches.service';

@ApiTags('matches')
@Controller('matches')
export class MatchesController {
  constructor(private readonly matches: MatchesService) {}

  @Get()
  @Roles('student', 'provider', 'coordinator', 'admin')
  @ApiOperation({
    summary:
      "Matches you can see: a student's own, a provider's placements', a coordinator's students'; soonest start first",
  })
  @ApiOkResponse({ type: MatchPageDto })
  list(@CurrentActor() actor: Actor, @Query() query: MatchListQueryDto): Promise<MatchPageDto> {
    return this.matches.list(actor, query);
  }

  @Post('approve')
  @Roles('coordinator', 'admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Approve several proposed matches; each succeeds or fails on its own' })
  @ApiOkResponse({ type: BulkResultDto })
  approveMany(@CurrentActor() actor: Actor, @Body() dto: BulkMatchesDto): Promise<BulkResultDto> {
    return this.matches.decideMany(actor, dto.matchIds, 'approve');
  }

  @Post('reject')
  @Roles('coordinator', 'admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reject several proposed matches; each succeeds or fails on its own' })
  @ApiOkResponse({ type: BulkResultDto })
  rejectMany(@CurrentActor() actor: Actor, @Body() dto: BulkMatchesDto): Promise<BulkResultDto> {
    return this.matches.decideMany(actor, dto.matchIds, 'reject');
  }

  @Get(':id')
  @Roles('student', 'provider', 'coordinator', 'admin')
  @ApiOkResponse({ type: MatchDto })
  get(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string): Promise<MatchDto> {
    return this.matches.get(actor, id);
  }

  @Get(':id/calendar.ics')
  @Roles('student', 'provider', 'coordinator', 'admin')
  @Header('content-type', 'text/calendar; charset=utf-8')
  @Header('content-disposition', 'attachment; filename="placement.ics"')
  @ApiProduces('text/calendar')
  @ApiOperation({ summary: 'The approved placement as a calendar event (.ics)' })
  calendar(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string): Promise<string> {
    return this.matches.calendar(actor, id);
  }

  @Post(':id/approve')
  @Roles('coordinator', 'admin')
  @HttpCode(200)
  @ApiOperation({ summary: "Approve a proposed match (the student's coordinator, or an admin)" })
  @ApiOkResponse({ type: MatchDto })
  @ApiConflictResponse({
    description:
      'Not proposed, the placement is full, or the student has an approved placement on overlapping dates',
    type: ApiErrorResponseDto,
  })
  approve(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string): Promise<MatchDto> {
    return this.matches.decide(actor, id, 'approve');
  }

  @Post(':id/reject')
  @Roles('coordinator', 'provider', 'admin')
  @HttpCode(200)
  @ApiOkResponse({ type: MatchDto })
  reject(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam()) id: string,
    @Body() dto: DecisionReasonDto,
  ): Promise<MatchDto> {
    return this.matches.decide(actor, id, 'reject', dto.reason);
  }

  @Post(':id/cancel')
  @Roles('coordinator', 'provider', 'admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel an approved match, freeing its seat' })
  @ApiOkResponse({ type: MatchDto })
  cancel(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam()) id: string,
    @Body() dto: RequiredReasonDto,
  ): Promise<MatchDto> {
    return this.matches.decide(actor, id, 'cancel', dto.reason);
  }

  @Post(':id/complete')
  @Roles('coordinator', 'provider')
  @HttpCode(200)
  @ApiOkResponse({ type: MatchDto })
  complete(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string): Promise<MatchDto> {
    return this.matches.decide(actor, id, 'complete');
  }
}
