import { Body, Controller, Get, HttpCode, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiHeader,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiErrorResponseDto } from '../common/http/api-error.dto';
import { DomainException } from '../common/errors/domain.exception';
import { AppConfig } from '../config/app-config';
import { Public } from './access-policy';
import { AuthService, type RequestMeta, type SignedIn } from './auth.service';
import {
  AcceptInvitationDto,
  InvitationDetailsDto,
  InvitationTokenParam,
  LoginDto,
  LoginResponseDto,
  MfaChallengeDto,
  MfaLoginDto,
} from './dto/auth.dto';
import { InvitationsService } from './invitations.service';

export const SESSION_COOKIE = 'ahp_session';
const COOKIE_PATH = '/api/auth';

/**
 * Cookie-authenticated endpoints (refresh, logout: the only ones that read the cookie, which is
 * scoped to /api/auth) also require this header. A cross-site form or
 * image cannot set it, and a cross-site script needs a CORS preflight we never grant, so together
 * with SameSite=Strict it closes off cross-site request forgery.
 */
const CSRF_HEADER = 'x-requested-with';

@ApiTags('auth')
@ApiExtraModels(LoginResponseDto, MfaChallengeDto)
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly invitations: InvitationsService,
    private readonly config: AppConfig,
  ) {}

  @Post('login')
  @Public()
  @UseGuards(ThrottlerGuard)
  @HttpCode(200)
  @ApiOperation({
    summary: 'Sign in with e-mail and password',
    description:
      'Returns a bearer access token. Also sets an httpOnly session cookie the web app uses to renew it. ' +
      'For a person with two-step verification, returns { mfaRequired: true, mfaToken } instead (no token, no cookie): ' +
      'finish with POST /api/auth/login/mfa. After AUTH_LOCKOUT_THRESHOLD failures in a row an account is locked ' +
      'for 1, 5, 15, then 60 minutes, during which even the right password gets the same 401.',
  })
  @ApiOkResponse({
    schema: {
      oneOf: [{ $ref: getSchemaPath(LoginResponseDto) }, { $ref: getSchemaPath(MfaChallengeDto) }],
    },
  })
  @ApiUnauthorizedResponse({
    description:
      'Wrong e-mail or password, an account locked after too many failures, or one not yet activated (the same answer for all)',
    type: ApiErrorResponseDto,
  })
  @ApiTooManyRequestsResponse({
    description: 'Too many attempts from this address',
    type: ApiErrorResponseDto,
  })
  async login(
    @Body() dto: LoginDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<LoginResponseDto | MfaChallengeDto> {
    const outcome = await this.auth.login(dto, meta(request));
    if ('challenge' in outcome) {
      reply.header('cache-control', 'no-store');
      return outcome.challenge;
    }
    return this.withCookie(reply, outcome);
  }

  @Post('login/mfa')
  @Public()
  @UseGuards(ThrottlerGuard)
  @HttpCode(200)
  @ApiOperation({
    summary: 'Finish signing in with a security code',
    description:
      'The 6-digit code from the authenticator app (each code works once) or one of the recovery codes (each works once). ' +
      'Wrong codes count towards the account lockout.',
  })
  @ApiOkResponse({ type: LoginResponseDto })
  @ApiUnauthorizedResponse({
    description: 'Wrong, reused or late code, or a locked account (the same answer for all)',
    type: ApiErrorResponseDto,
  })
  @ApiTooManyRequestsResponse({
    description: 'Too many attempts from this address',
    type: ApiErrorResponseDto,
  })
  async loginWithCode(
    @Body() dto: MfaLoginDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<LoginResponseDto> {
    return this.withCookie(reply, await this.auth.loginWithCode(dto, meta(request)));
  }

  @Post('refresh')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Renew the access token from the session cookie (web app)' })
  @ApiHeader({
    name: 'X-Requested-With',
    required: true,
    description: 'Any value; proves the request is not a cross-site form post',
  })
  @ApiOkResponse({ type: LoginResponseDto })
  @ApiUnauthorizedResponse({
    description: 'No session, or it has ended',
    type: ApiErrorResponseDto,
  })
  async refresh(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<LoginResponseDto> {
    requireCsrfHeader(request);
    try {
      const response = await this.auth.refresh(request.cookies[SESSION_COOKIE]);
      reply.header('cache-control', 'no-store');
      return response;
    } catch (error) {
      reply.clearCookie(SESSION_COOKIE, { path: COOKIE_PATH });
      throw error;
    }
  }

  @Post('logout')
  @Public()
  @HttpCode(204)
  @ApiOperation({ summary: 'Sign out: ends the web session and clears its cookie' })
  @ApiHeader({ name: 'X-Requested-With', required: true })
  @ApiNoContentResponse()
  async logout(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    requireCsrfHeader(request);
    await this.auth.logout(request.cookies[SESSION_COOKIE]);
    reply.clearCookie(SESSION_COOKIE, { path: COOKIE_PATH });
  }

  @Get('invitations/:token')
  @Public()
  @UseGuards(ThrottlerGuard)
  @ApiOperation({
    summary:
      'Who an invitation is for, so the page can greet them; 404 once used, replaced or expired',
  })
  @ApiOkResponse({ type: InvitationDetailsDto })
  invitation(@Param() params: InvitationTokenParam): Promise<InvitationDetailsDto> {
    return this.invitations.details(params.token);
  }

  @Post('accept-invitation')
  @Public()
  @UseGuards(ThrottlerGuard)
  @HttpCode(200)
  @ApiOperation({
    summary: 'Choose a password with an invitation token; signs the person in',
    description:
      'After AUTH_LOCKOUT_THRESHOLD failed attempts with one invitation, it answers 429 for a growing while.',
  })
  @ApiOkResponse({ type: LoginResponseDto })
  @ApiTooManyRequestsResponse({
    description: 'Too many attempts from this address, or with this invitation',
    type: ApiErrorResponseDto,
  })
  async acceptInvitation(
    @Body() dto: AcceptInvitationDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<LoginResponseDto> {
    return this.withCookie(reply, await this.auth.acceptInvitation(dto, meta(request)));
  }

  private withCookie(reply: FastifyReply, signedIn: SignedIn): LoginResponseDto {
    reply.setCookie(SESSION_COOKIE, signedIn.session.token, {
      path: COOKIE_PATH,
      httpOnly: true,
      secure: this.config.get('COOKIE_SECURE'),
      sameSite: 'strict',
      expires: signedIn.session.expiresAt,
    });
    reply.header('cache-control', 'no-store');
    return signedIn.response;
  }
}

function meta(request: FastifyRequest): RequestMeta {
  return {
    userAgent: request.headers['user-agent'],
    requestId: request.id ? String(request.id) : null,
  };
}

export function requireCsrfHeader(request: FastifyRequest): void {
  if (!request.headers[CSRF_HEADER]) {
    throw DomainException.forbidden(
      'This request must come from the web app (X-Requested-With header missing).',
    );
  }
}
