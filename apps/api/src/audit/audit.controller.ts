import { Controller, Get, Query } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { ROLE_CODES, type AuditEvent, type Role } from '@ahp/contracts';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/access-policy';
import { PageQueryDto } from '../common/pagination/page';
import { UuidField } from '../common/validation/fields';
import { AuditService } from './audit.service';

export class AuditQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    example: 'match',
    description: 'e.g. match, application, placement, user, organisation',
  })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  @Matches(/^[a-z_]+$/, { message: 'entityType must be lower-case letters and underscores' })
  entityType?: string;

  @UuidField({ optional: true })
  entityId?: string;
}

class AuditEventDto implements AuditEvent {
  @ApiProperty() id: string;
  @ApiProperty({ format: 'date-time' }) occurredAt: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) actorId: string | null;
  @ApiProperty({ enum: ROLE_CODES, enumName: 'Role', nullable: true }) actorRole: Role | null;
  @ApiProperty({ type: String, nullable: true }) actorName: string | null;
  @ApiProperty({ example: 'match.approved' }) action: string;
  @ApiProperty() entityType: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) entityId: string | null;
  @ApiProperty({ type: Object, nullable: true }) before: Record<string, unknown> | null;
  @ApiProperty({ type: Object, nullable: true }) after: Record<string, unknown> | null;
  @ApiProperty({ type: String, nullable: true }) reason: string | null;
}

class AuditPageDto {
  @ApiProperty({ type: [AuditEventDto] }) items: AuditEventDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

@ApiTags('audit')
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @Roles('admin', 'coordinator')
  @ApiOperation({
    summary:
      "The audit log, newest first: everything for admins, a coordinator's own university's records",
  })
  @ApiOkResponse({ type: AuditPageDto })
  list(@CurrentActor() actor: Actor, @Query() query: AuditQueryDto): Promise<AuditPageDto> {
    return this.audit.list(actor, query);
  }
}
