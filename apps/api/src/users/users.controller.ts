import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/access-policy';
import { ApiErrorResponseDto } from '../common/http/api-error.dto';
import { CsvBody } from '../common/http/media-type';
import { uuidParam } from '../common/http/uuid-param';
import {
  CreateUserDto,
  UpdateAllocationDetailsDto,
  ImportResultDto,
  ImportUsersQueryDto,
  UserDto,
  UserListQueryDto,
  UserPageDto,
} from './dto/user.dto';
import { UsersService } from './users.service';
import { STUDENT_IMPORT_HEADER } from '@ahp/contracts';

@ApiTags('users')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @Roles('admin', 'coordinator', 'provider')
  @ApiOperation({
    summary: 'Add a person',
    description:
      'Admins add anyone; coordinators add students of their own university; providers add colleagues at their own organisation. Without a password the person is e-mailed an invitation.',
  })
  @ApiCreatedResponse({ type: UserDto })
  @ApiConflictResponse({
    description: 'The e-mail address already has an account',
    type: ApiErrorResponseDto,
  })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateUserDto): Promise<UserDto> {
    return this.users.create(actor, dto);
  }

  @Get()
  @Roles('admin', 'coordinator', 'provider')
  @ApiOperation({
    summary: 'People the caller can see: everyone for admins, their own organisation for others',
  })
  @ApiOkResponse({ type: UserPageDto })
  list(@CurrentActor() actor: Actor, @Query() query: UserListQueryDto): Promise<UserPageDto> {
    return this.users.list(actor, query);
  }

  @Post('import')
  @Roles('admin', 'coordinator')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Import students from CSV (all or nothing)',
    description: `Header: ${STUDENT_IMPORT_HEADER.join(',')}. Every row is checked first; if any is wrong nothing is imported and each bad line is listed. Imported students are e-mailed invitations.`,
  })
  @CsvBody()
  @ApiBody({
    schema: {
      type: 'string',
      example: `${STUDENT_IMPORT_HEADER.join(',')}\nsam.lee@uni.example,Sam Lee,occupational_therapy,2,LS6 2AB,40`,
    },
  })
  @ApiOkResponse({ type: ImportResultDto })
  importStudents(
    @CurrentActor() actor: Actor,
    @Query() query: ImportUsersQueryDto,
    @Body() csv: unknown,
  ): Promise<ImportResultDto> {
    return this.users.importStudents(actor, csv, query.organisationId);
  }

  @Get(':id')
  @Roles('admin', 'coordinator', 'provider')
  @ApiOkResponse({ type: UserDto })
  @ApiNotFoundResponse({
    description: 'No such person, or not one the caller can see',
    type: ApiErrorResponseDto,
  })
  get(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string): Promise<UserDto> {
    return this.users.get(actor, id);
  }

  @Patch(':id/allocation-details')
  @Roles('admin', 'coordinator')
  @ApiOperation({
    summary:
      "A student's compliance (placement requirements met) and allocation priority, as their coordinator records them",
  })
  @ApiOkResponse({ type: UserDto })
  updateAllocationDetails(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam()) id: string,
    @Body() dto: UpdateAllocationDetailsDto,
  ): Promise<UserDto> {
    return this.users.updateAllocationDetails(actor, id, dto);
  }

  @Post(':id/invitation')
  @Roles('admin', 'coordinator', 'provider')
  @HttpCode(204)
  @ApiOperation({
    summary:
      'Send a new invitation to someone who has not set up their account (the old link stops working)',
  })
  @ApiNoContentResponse()
  async reinvite(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam()) id: string,
  ): Promise<void> {
    await this.users.reinvite(actor, id);
  }
}
