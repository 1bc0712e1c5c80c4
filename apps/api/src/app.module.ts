import { Module, RequestMethod, type DynamicModule } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { AppConfigModule } from './config/config.module';
import type { Environment } from './config/environment';
import { DatabaseModule } from './database/database.module';
import { GeoModule } from './geo/geo.module';
import { HealthModule } from './health/health.module';
import { JobsModule } from './jobs/jobs.module';
import { MailModule } from './mail/mail.module';
import { MaintenanceModule } from './maintenance/maintenance.module';
import { OrganisationsModule } from './organisations/organisations.module';
import { PlacementsModule } from './placements/placements.module';
import { AllocationModule } from './allocation/allocation.module';
import { ApplicationsModule } from './applications/applications.module';
import { FeedbackModule } from './feedback/feedback.module';
import { MatchesModule } from './matches/matches.module';
import { MetricsModule } from './metrics/metrics.module';
import { NotificationsModule } from './notifications/notifications.module';
import { PrivacyModule } from './privacy/privacy.module';
import { ReportsModule } from './reports/reports.module';
import { SetupModule } from './setup/setup.module';
import { UsersModule } from './users/users.module';

@Module({})
export class AppModule {
  static register(environment: Environment): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.register(environment),
        LoggerModule.forRoot({
          // Nest 11's router wants named wildcards; the library's default ('*') only warns.
          forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
          pinoHttp: {
            level: environment.LOG_LEVEL,
            // Fastify has already given the request its id (from X-Request-Id or a new UUID).
            genReqId: (request: IncomingMessage & { id?: unknown }) =>
              request.id ? String(request.id) : randomUUID(),
            redact: [
              'req.headers.authorization',
              'req.headers.cookie',
              'res.headers["set-cookie"]',
            ],
            customLogLevel: (_request, response, error) =>
              error || response.statusCode >= 500
                ? 'error'
                : response.statusCode >= 400
                  ? 'warn'
                  : 'info',
            // Health checks arrive every few seconds from load balancers; logging each is noise.
            autoLogging: {
              ignore: (request: IncomingMessage & { originalUrl?: string }) =>
                (request.originalUrl ?? request.url ?? '').startsWith('/api/health'),
            },
            serializers: {
              req: (request: { id: string; method: string; url: string }) => ({
                id: request.id,
                method: request.method,
                url: request.url,
              }),
              res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
            },
            transport:
              environment.NODE_ENV !== 'production' && process.stdout.isTTY
                ? { target: 'pino-pretty', options: { singleLine: true, ignore: 'pid,hostname' } }
                : undefined,
          },
        }),
        // Lets tests (and later, tooling) walk the route table, e.g. to prove every route has a policy.
        DiscoveryModule,
        DatabaseModule,
        JobsModule,
        MetricsModule,
        MailModule,
        AuditModule,
        GeoModule,
        AuthModule,
        UsersModule,
        OrganisationsModule,
        PlacementsModule,
        NotificationsModule,
        MatchesModule,
        ApplicationsModule,
        AllocationModule,
        FeedbackModule,
        PrivacyModule,
        ReportsModule,
        MaintenanceModule,
        HealthModule,
        SetupModule,
      ],
    };
  }
}
