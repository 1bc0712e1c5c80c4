import { Controller, Get, Header, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiTags,
} from '@nestjs/swagger';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles, SignedIn } from '../auth/access-policy';
import { ApiErrorResponseDto } from '../common/http/api-error.dto';
import { uuidParam } from '../common/http/uuid-param';
import { EXPORT_FORMAT, PrivacyService, type ErasureResult } from './privacy.service';

class ErasureResultDto implements ErasureResult {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty({ format: 'date-time' }) erasedAt: string;
  @ApiProperty() applicationsWithdrawn: number;
  @ApiProperty() matchesRejected: number;
  @ApiProperty() matchesCancelled: number;
  @ApiProperty() feedbackAnonymised: number;
}

@ApiTags('privacy')
@Controller()
export class PrivacyController {
  constructor(private readonly privacy: PrivacyService) {}

  @Get('me/export')
  @SignedIn()
  @Header('content-disposition', 'attachment; filename="my-ahp-placements-data.json"')
  @Header('cache-control', 'no-store')
  @ApiOperation({
    summary: 'Everything the platform holds about you, as one JSON document (subject access)',
    description: `The document's \`format\` is "${EXPORT_FORMAT}".`,
  })
  @ApiOkResponse({
    schema: {
      type: 'object',
      required: ['format', 'exportedAt', 'account'],
      properties: {
        format: { type: 'string' },
        exportedAt: { type: 'string', format: 'date-time' },
        account: { type: 'object' },
      },
      additionalProperties: true,
    },
  })
  export(@CurrentActor() actor: Actor): Promise<Record<string, unknown>> {
    return this.privacy.export(actor);
  }

  @Post('users/:id/erase')
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Erase a student: identity and personal details removed; matches kept for capacity history and feedback only in aggregate',
  })
  @ApiOkResponse({ type: ErasureResultDto })
  @ApiConflictResponse({ description: 'Already erased', type: ApiErrorResponseDto })
  erase(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam()) id: string,
  ): Promise<ErasureResultDto> {
    return this.privacy.erase(actor, id);
  }
}
