import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles, SignedIn } from '../auth/access-policy';
import { ApiErrorResponseDto } from '../common/http/api-error.dto';
import { uuidParam } from '../common/http/uuid-param';
import {
  CreateOrganisationDto,
  OrganisationDto,
  OrganisationListQueryDto,
  OrganisationPageDto,
} from './dto/organisation.dto';
import { OrganisationsService } from './organisations.service';

@ApiTags('organisations')
@Controller('organisations')
export class OrganisationsController {
  constructor(private readonly organisations: OrganisationsService) {}

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Add a university or provider' })
  @ApiCreatedResponse({ type: OrganisationDto })
  @ApiConflictResponse({
    description: 'An organisation with that name exists',
    type: ApiErrorResponseDto,
  })
  create(
    @CurrentActor() actor: Actor,
    @Body() dto: CreateOrganisationDto,
  ): Promise<OrganisationDto> {
    return this.organisations.create(actor, dto);
  }

  @Get()
  @SignedIn()
  @ApiOperation({ summary: 'List organisations, by name' })
  @ApiOkResponse({ type: OrganisationPageDto })
  list(
    @CurrentActor() actor: Actor,
    @Query() query: OrganisationListQueryDto,
  ): Promise<OrganisationPageDto> {
    return this.organisations.list(actor, query);
  }

  @Get(':id')
  @SignedIn()
  @ApiOkResponse({ type: OrganisationDto })
  @ApiNotFoundResponse({ type: ApiErrorResponseDto })
  get(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam()) id: string,
  ): Promise<OrganisationDto> {
    return this.organisations.get(actor, id);
  }
}
