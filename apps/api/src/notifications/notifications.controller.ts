import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsUUID, ValidateIf } from 'class-validator';
import type { Actor } from '../auth/actor';
import { CurrentActor, SignedIn } from '../auth/access-policy';
import { PageQueryDto, pageSize } from '../common/pagination/page';
import { NotificationsService } from './notifications.service';

class NotificationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() kind: string;
  @ApiProperty() title: string;
  @ApiProperty() body: string;
  @ApiProperty({ type: String, nullable: true }) link: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty() read: boolean;
}

class NotificationPageDto {
  @ApiProperty({ type: [NotificationDto] }) items: NotificationDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
  @ApiProperty({ description: 'How many are unread' }) unread: number;
}

class MarkReadDto {
  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    description: 'Leave out to mark every notification read',
  })
  // Only leaving it out means "all": a null (a client's bug, most likely) is refused, not taken
  // as an instruction to mark everything read.
  @ValidateIf((_, value) => value !== undefined)
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true, message: 'each of ids must be a UUID' })
  ids?: string[];
}

class UnreadDto {
  @ApiProperty() unread: number;
}

@ApiTags('notifications')
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @SignedIn()
  @ApiOperation({ summary: 'Your notifications, newest first, with the number unread' })
  @ApiOkResponse({ type: NotificationPageDto })
  list(@CurrentActor() actor: Actor, @Query() query: PageQueryDto): Promise<NotificationPageDto> {
    return this.notifications.list(actor, pageSize(query), query.cursor);
  }

  @Post('read')
  @SignedIn()
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark notifications read (the ones named, or all)' })
  @ApiOkResponse({ type: UnreadDto })
  markRead(@CurrentActor() actor: Actor, @Body() dto: MarkReadDto): Promise<UnreadDto> {
    return this.notifications.markRead(actor, dto.ids);
  }
}
