import { Body, Controller, Delete, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiErrorResponseDto } from '../common/http/api-error.dto';
import { SecretResponse } from '../common/http/idempotency.interceptor';
import { uuidParam } from '../common/http/uuid-param';
import { CurrentActor, Roles, SignedIn } from './access-policy';
import type { Actor } from './actor';
import { AuthService } from './auth.service';
import { LoginResponseDto } from './dto/auth.dto';
import {
  ChangePasswordDto,
  DisableMfaDto,
  MfaCodeDto,
  MfaEnrolmentDto,
  MfaStatusDto,
  RecoveryCodesDto,
  ResetMfaDto,
} from './dto/security.dto';
import { MfaService } from './mfa.service';
import { AllowedBeforeMfaEnrolment } from './mfa-policy';

const WRONG_CODE = { description: 'Wrong or reused code', type: ApiErrorResponseDto };
const TOO_MANY = {
  description: 'Too many wrong attempts: the account is locked for a while',
  type: ApiErrorResponseDto,
};

/** The signed-in person's own sign-in settings: two-step verification and their password. */
@ApiTags('me')
@Controller('me')
export class SecurityController {
  constructor(
    private readonly mfa: MfaService,
    private readonly auth: AuthService,
  ) {}

  @Get('mfa')
  @SignedIn()
  @AllowedBeforeMfaEnrolment()
  @ApiOperation({ summary: 'Whether two-step verification is on, and whether your role needs it' })
  @ApiOkResponse({ type: MfaStatusDto })
  status(@CurrentActor() actor: Actor): Promise<MfaStatusDto> {
    return this.mfa.status(actor);
  }

  @Post('mfa/enrol')
  @SecretResponse()
  @SignedIn()
  @AllowedBeforeMfaEnrolment()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Start setting up an authenticator app',
    description:
      'A new secret (shown only in this answer) as text, as an otpauth:// URI and as a QR code. ' +
      'Nothing changes at sign-in until POST /api/me/mfa/confirm succeeds. Calling it again replaces an unconfirmed secret.',
  })
  @ApiOkResponse({ type: MfaEnrolmentDto })
  @ApiConflictResponse({ description: 'Already set up', type: ApiErrorResponseDto })
  enrol(
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<MfaEnrolmentDto> {
    reply.header('cache-control', 'no-store');
    return this.mfa.enrol(actor);
  }

  @Post('mfa/confirm')
  @SecretResponse()
  @SignedIn()
  @AllowedBeforeMfaEnrolment()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Finish setting up with a code from the app; returns ten recovery codes, shown once',
  })
  @ApiOkResponse({ type: RecoveryCodesDto })
  @ApiBadRequestResponse(WRONG_CODE)
  @ApiConflictResponse({ description: 'Nothing to confirm', type: ApiErrorResponseDto })
  @ApiTooManyRequestsResponse(TOO_MANY)
  async confirm(
    @CurrentActor() actor: Actor,
    @Body() dto: MfaCodeDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RecoveryCodesDto> {
    reply.header('cache-control', 'no-store');
    return { recoveryCodes: await this.mfa.confirm(actor, dto.code) };
  }

  @Delete('mfa')
  @SignedIn()
  @HttpCode(204)
  @ApiOperation({
    summary: 'Turn two-step verification off, with your password and a code (or a recovery code)',
    description: 'Refused (403) for roles that must use it (MFA_REQUIRED_ROLES).',
  })
  @ApiNoContentResponse()
  @ApiBadRequestResponse({ description: 'Wrong password or code', type: ApiErrorResponseDto })
  @ApiConflictResponse({ description: 'It is not on', type: ApiErrorResponseDto })
  @ApiTooManyRequestsResponse(TOO_MANY)
  async disable(@CurrentActor() actor: Actor, @Body() dto: DisableMfaDto): Promise<void> {
    await this.mfa.disable(actor, dto.password, dto.code);
  }

  @Post('mfa/recovery-codes')
  @SecretResponse()
  @SignedIn()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Replace your recovery codes (the old ones stop working), with a code from the app',
  })
  @ApiOkResponse({ type: RecoveryCodesDto })
  @ApiBadRequestResponse(WRONG_CODE)
  @ApiConflictResponse({
    description: 'Two-step verification is not on',
    type: ApiErrorResponseDto,
  })
  @ApiTooManyRequestsResponse(TOO_MANY)
  async regenerate(
    @CurrentActor() actor: Actor,
    @Body() dto: MfaCodeDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RecoveryCodesDto> {
    reply.header('cache-control', 'no-store');
    return { recoveryCodes: await this.mfa.regenerateRecoveryCodes(actor, dto.code) };
  }

  @Post('password')
  @SecretResponse()
  @SignedIn()
  @AllowedBeforeMfaEnrolment()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Change your password',
    description:
      'Checks the current password and the same policy as a new account. Signs you out of every other browser and ' +
      'makes every access token issued before now useless; the answer carries a new one for this session.',
  })
  @ApiOkResponse({ type: LoginResponseDto })
  @ApiBadRequestResponse({
    description: 'Wrong current password, or a new one the policy refuses',
    type: ApiErrorResponseDto,
  })
  async changePassword(
    @CurrentActor() actor: Actor,
    @Body() dto: ChangePasswordDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<LoginResponseDto> {
    reply.header('cache-control', 'no-store');
    return this.auth.changePassword(actor, dto);
  }
}

/** Admins' help with someone else's sign-in. */
@ApiTags('users')
@Controller('users')
export class UserSecurityController {
  constructor(private readonly mfa: MfaService) {}

  @Post(':id/mfa/reset')
  @Roles('admin')
  @HttpCode(204)
  @ApiOperation({
    summary:
      "Turn off someone's two-step verification (lost app and recovery codes); ends their sessions",
    description:
      'Admins only, never their own. The person is told in the app and by e-mail; the reason is audited. Where their role requires two-step verification they set it up again at their next sign-in.',
  })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ description: 'No such person', type: ApiErrorResponseDto })
  @ApiConflictResponse({
    description: 'They have not set up two-step verification',
    type: ApiErrorResponseDto,
  })
  async reset(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam()) id: string,
    @Body() dto: ResetMfaDto,
  ): Promise<void> {
    await this.mfa.resetFor(actor, id, dto.reason);
  }
}
