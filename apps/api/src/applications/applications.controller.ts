import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/access-policy';
import { ApiErrorResponseDto } from '../common/http/api-error.dto';
import { uuidParam } from '../common/http/uuid-param';
import { ApplicationsService } from './applications.service';
import {
  ApplicationDto,
  ApplicationListQueryDto,
  ApplicationPageDto,
  CreateApplicationDto,
  DecisionReasonDto,
  MatchDto,
  PlacementRankingDto,
  PlacementRankingResultDto,
  ReorderApplicationsDto,
} from './dto/application.dto';

@ApiTags('applications')
@Controller('applications')
export class ApplicationsController {
  constructor(private readonly applications: ApplicationsService) {}

  @Post()
  @Roles('student')
  @ApiOperation({ summary: 'Apply to a published placement that accepts your profession and year' })
  @ApiCreatedResponse({ type: ApplicationDto })
  @ApiConflictResponse({
    description:
      'Not open, not for your profession or year, full, already applied, or too many applications',
    type: ApiErrorResponseDto,
  })
  apply(@CurrentActor() actor: Actor, @Body() dto: CreateApplicationDto): Promise<ApplicationDto> {
    return this.applications.apply(actor, dto);
  }

  @Get()
  @Roles('student', 'provider', 'coordinator', 'admin')
  @ApiOperation({
    summary:
      "Applications you can see: a student's own (in preference order), those to a provider's placements, a coordinator's students'",
  })
  @ApiOkResponse({ type: ApplicationPageDto })
  list(
    @CurrentActor() actor: Actor,
    @Query() query: ApplicationListQueryDto,
  ): Promise<ApplicationPageDto> {
    return this.applications.list(actor, query);
  }

  @Put('ranking')
  @Roles('student')
  @ApiOperation({ summary: 'Reorder your live applications, most wanted first' })
  @ApiOkResponse({ type: ApplicationPageDto })
  reorder(
    @CurrentActor() actor: Actor,
    @Body() dto: ReorderApplicationsDto,
  ): Promise<ApplicationPageDto> {
    return this.applications.reorder(actor, dto.applicationIds);
  }

  @Get(':id')
  @Roles('student', 'provider', 'coordinator', 'admin')
  @ApiOkResponse({ type: ApplicationDto })
  get(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string): Promise<ApplicationDto> {
    return this.applications.get(actor, id);
  }

  @Post(':id/withdraw')
  @Roles('student')
  @HttpCode(200)
  @ApiOperation({ summary: 'Withdraw your application (and any offer not yet approved)' })
  @ApiOkResponse({ type: ApplicationDto })
  withdraw(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam()) id: string,
  ): Promise<ApplicationDto> {
    return this.applications.withdraw(actor, id);
  }

  @Post(':id/offer')
  @Roles('provider')
  @ApiOperation({
    summary: "Offer the applicant a place: a proposed match for their coordinator's approval",
  })
  @ApiCreatedResponse({ type: MatchDto })
  offer(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string): Promise<MatchDto> {
    return this.applications.offer(actor, id);
  }

  @Post(':id/decline')
  @Roles('provider')
  @HttpCode(200)
  @ApiOperation({ summary: 'Decline an application, optionally saying why' })
  @ApiOkResponse({ type: ApplicationDto })
  decline(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam()) id: string,
    @Body() dto: DecisionReasonDto,
  ): Promise<ApplicationDto> {
    return this.applications.decline(actor, id, dto);
  }
}

@ApiTags('placements')
@Controller('placements')
export class PlacementRankingController {
  constructor(private readonly applications: ApplicationsService) {}

  @Put(':id/ranking')
  @Roles('provider')
  @ApiOperation({
    summary: "Your order of preference among a placement's applicants, used by allocation rounds",
  })
  @ApiOkResponse({ type: PlacementRankingResultDto })
  rank(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam()) id: string,
    @Body() dto: PlacementRankingDto,
  ): Promise<PlacementRankingResultDto> {
    return this.applications.rank(actor, id, dto.studentIds);
  }
}
