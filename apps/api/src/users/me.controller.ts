import { Body, Controller, Get, Patch } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../auth/actor';
import { CurrentActor, SignedIn } from '../auth/access-policy';
import { AttentionDto, MeDto, UpdateMeDto } from './dto/user.dto';
import { UsersService } from './users.service';
import { AttentionService } from '../home/attention.service';

@ApiTags('me')
@Controller('me')
export class MeController {
  constructor(
    private readonly users: UsersService,
    private readonly attentionItems: AttentionService,
  ) {}

  @Get()
  @SignedIn()
  @ApiOperation({
    summary: 'The signed-in person, with their organisation and (for students) profile',
  })
  @ApiOkResponse({ type: MeDto })
  me(@CurrentActor() actor: Actor): Promise<MeDto> {
    return this.users.me(actor);
  }

  @Patch()
  @SignedIn()
  @ApiOperation({
    summary: 'Change your name, and as a student your home postcode and travel limit',
  })
  @ApiOkResponse({ type: MeDto })
  update(@CurrentActor() actor: Actor, @Body() dto: UpdateMeDto): Promise<MeDto> {
    return this.users.updateMe(actor, dto);
  }

  @Get('attention')
  @SignedIn()
  @ApiOperation({ summary: 'What needs your attention, for the home page' })
  @ApiOkResponse({ type: AttentionDto })
  async attention(@CurrentActor() actor: Actor): Promise<AttentionDto> {
    return { items: await this.attentionItems.itemsFor(actor) };
  }
}
