import { Module } from '@nestjs/common';
import { createSecretKey } from 'node:crypto';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { ThrottlerModule } from '@nestjs/throttler';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { AccessGuard } from './access.guard';
import { AccessTokensService, TOKEN_AUDIENCE, TOKEN_ISSUER } from './access-tokens.service';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { ForbiddenAudit } from './forbidden-audit';
import { InvitationsService } from './invitations.service';
import { LockoutService } from './lockout.service';
import { MfaService } from './mfa.service';
import { PasswordService } from './password.service';
import { DatabaseThrottlerStorage } from './rate-limit.storage';
import { SecurityController, UserSecurityController } from './security.controller';
import { SecretsService } from './secrets.service';
import { SessionsService } from './sessions.service';
import { TokenStateCache } from './token-state.cache';
import { TokenStateListener } from './token-state.listener';

@Module({
  imports: [
    JwtModule.registerAsync({
      extraProviders: [SecretsService],
      inject: [SecretsService],
      useFactory: async (secrets: SecretsService) => ({
        // A KeyObject, not a string: given a string, jsonwebtoken first tries to parse it as a
        // public key on every verification, which cost a fifth of the CPU of a search request.
        secret: createSecretKey(Buffer.from(await secrets.signingSecret(), 'utf8')),
        signOptions: { algorithm: 'HS256', issuer: TOKEN_ISSUER, audience: TOKEN_AUDIENCE },
        verifyOptions: { algorithms: ['HS256'], issuer: TOKEN_ISSUER, audience: TOKEN_AUDIENCE },
      }),
    }),
    ThrottlerModule.forRootAsync({
      inject: [AppConfig, DataSource],
      useFactory: (config: AppConfig, dataSource: DataSource) => ({
        throttlers: [
          { name: 'sign-in', ttl: 60_000, limit: config.get('AUTH_RATE_LIMIT_PER_MINUTE') },
        ],
        errorMessage: 'Too many attempts. Wait a minute and try again.',
        // Counted in the database, so that every API process shares one count per address.
        storage: new DatabaseThrottlerStorage(dataSource),
      }),
    }),
  ],
  controllers: [AuthController, SecurityController, UserSecurityController],
  providers: [
    AccessTokensService,
    AuthService,
    ForbiddenAudit,
    InvitationsService,
    LockoutService,
    MfaService,
    PasswordService,
    SecretsService,
    SessionsService,
    {
      provide: TokenStateCache,
      inject: [AppConfig],
      useFactory: (config: AppConfig) =>
        new TokenStateCache(config.get('TOKEN_STATE_CACHE_SECONDS') * 1000),
    },
    TokenStateListener,
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  exports: [
    AccessTokensService,
    ForbiddenAudit,
    InvitationsService,
    PasswordService,
    SessionsService,
    TokenStateCache,
  ],
})
export class AuthModule {}
