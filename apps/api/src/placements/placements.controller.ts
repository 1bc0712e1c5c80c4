import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { PLACEMENT_IMPORT_OPTIONAL, PLACEMENT_IMPORT_REQUIRED } from '@ahp/contracts';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles, SignedIn } from '../auth/access-policy';
import { ApiErrorResponseDto } from '../common/http/api-error.dto';
import { CsvBody } from '../common/http/media-type';
import { uuidParam } from '../common/http/uuid-param';
import { ImportResultDto } from '../users/dto/user.dto';
import {
  CancelPlacementDto,
  CreatePlacementDto,
  ImportPlacementsQueryDto,
  PlacementDto,
  PlacementPageDto,
  PlacementSearchQueryDto,
  UpdatePlacementDto,
} from './dto/placement.dto';
import { PlacementsService } from './placements.service';

@ApiTags('placements')
@Controller('placements')
export class PlacementsController {
  constructor(private readonly placements: PlacementsService) {}

  @Post()
  @Roles('provider')
  @ApiOperation({ summary: 'Post a placement (as a draft)' })
  @ApiCreatedResponse({ type: PlacementDto })
  create(@CurrentActor() actor: Actor, @Body() dto: CreatePlacementDto): Promise<PlacementDto> {
    return this.placements.create(actor, dto);
  }

  @Get()
  @SignedIn()
  @ApiOperation({
    summary: 'Find placements',
    description:
      'Students and coordinators see published placements; providers also see their own in any status; admins see all. ' +
      'With near, each item has distanceKm and items come nearest first; otherwise soonest start first. q matches words (and their stems) in the title, service type and description.',
  })
  @ApiOkResponse({ type: PlacementPageDto })
  search(
    @CurrentActor() actor: Actor,
    @Query() query: PlacementSearchQueryDto,
  ): Promise<PlacementPageDto> {
    return this.placements.search(actor, query);
  }

  @Post('import')
  @Roles('provider')
  @HttpCode(200)
  @CsvBody()
  @ApiOperation({
    summary: 'Import placements from CSV (all or nothing)',
    description:
      `Header: ${PLACEMENT_IMPORT_REQUIRED.join(',')}, plus any of ${PLACEMENT_IMPORT_OPTIONAL.join(', ')}. ` +
      'professions and requirements are separated by ";". Every row is checked first; if any is wrong nothing is imported and each bad line is listed. ?publish=true publishes them at once.',
  })
  @ApiBody({
    schema: {
      type: 'string',
      example: `${PLACEMENT_IMPORT_REQUIRED.join(',')}\nCommunity CAMHS team,occupational_therapy;speech_language_therapy,mental_health,peer,LS7 3JX,2027-01-11,2027-03-19,2`,
    },
  })
  @ApiOkResponse({ type: ImportResultDto })
  importCsv(
    @CurrentActor() actor: Actor,
    @Query() query: ImportPlacementsQueryDto,
    @Body() csv: unknown,
  ): Promise<ImportResultDto> {
    return this.placements.importCsv(actor, csv, query.publish ?? false);
  }

  @Get(':id')
  @SignedIn()
  @ApiOkResponse({ type: PlacementDto })
  @ApiNotFoundResponse({
    description: 'No such placement, or not one the caller can see',
    type: ApiErrorResponseDto,
  })
  get(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string): Promise<PlacementDto> {
    return this.placements.get(actor, id);
  }

  @Patch(':id')
  @Roles('provider')
  @ApiOperation({ summary: 'Edit a draft or published placement (its provider only)' })
  @ApiOkResponse({ type: PlacementDto })
  @ApiConflictResponse({
    description: 'The placement is closed or cancelled',
    type: ApiErrorResponseDto,
  })
  update(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam()) id: string,
    @Body() dto: UpdatePlacementDto,
  ): Promise<PlacementDto> {
    return this.placements.update(actor, id, dto);
  }

  @Post(':id/publish')
  @Roles('provider', 'admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Publish a draft placement so students can find it' })
  @ApiOkResponse({ type: PlacementDto })
  @ApiConflictResponse({ description: 'Not a draft, or already ended', type: ApiErrorResponseDto })
  publish(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam()) id: string,
  ): Promise<PlacementDto> {
    return this.placements.transition(actor, id, 'publish');
  }

  @Post(':id/close')
  @Roles('provider', 'admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Stop taking applications for a published placement' })
  @ApiOkResponse({ type: PlacementDto })
  @ApiConflictResponse({ description: 'Not published', type: ApiErrorResponseDto })
  close(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string): Promise<PlacementDto> {
    return this.placements.transition(actor, id, 'close');
  }

  @Post(':id/cancel')
  @Roles('provider', 'admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel a placement, with a reason for everyone affected' })
  @ApiOkResponse({ type: PlacementDto })
  @ApiConflictResponse({ description: 'Already cancelled', type: ApiErrorResponseDto })
  cancel(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam()) id: string,
    @Body() dto: CancelPlacementDto,
  ): Promise<PlacementDto> {
    return this.placements.transition(actor, id, 'cancel', dto.reason);
  }
}
