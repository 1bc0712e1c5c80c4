import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import { Logger } from '@nestjs/common';
import { NestFactory, Reflector } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger as PinoLogger } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import helmet from 'helmet';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { IncomingMessage } from 'node:http';
import { AppModule } from './app.module';
import { ForbiddenAudit } from './auth/forbidden-audit';
import { ApiExceptionFilter } from './common/errors/api-exception.filter';
import { DomainException } from './common/errors/domain.exception';
import { toErrorBody } from './common/errors/error-body';
import { IdempotencyInterceptor, interceptPostRoutes } from './common/http/idempotency.interceptor';
import { JobsService } from './jobs/jobs.service';
import { MediaTypeGuard } from './common/http/media-type';
import { MetricsService } from './metrics/metrics.service';
import { TransactionHost } from '@nestjs-cls/transactional';
import { createValidationPipe } from './common/validation/validation.pipe';
import { AppConfig } from './config/app-config';
import type { Environment } from './config/environment';

/** Largest CSV upload accepted (10,000 placement rows are about 2 MB). */
export const CSV_BODY_LIMIT = 16 * 1024 * 1024;
const REQUEST_ID = /^[A-Za-z0-9._-]{1,100}$/;

/** Builds the whole application, configured exactly as it runs in production, without listening. */
export async function createApp(environment: Environment): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    trustProxy: environment.TRUST_PROXY,
    bodyLimit: 1024 * 1024,
    // Keep a caller's X-Request-Id (if it looks like one) so logs can be followed across systems.
    genReqId: (request: IncomingMessage) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.register(environment),
    adapter,
    {
      bufferLogs: true,
    },
  );
  app.useLogger(app.get(PinoLogger));
  app.flushLogs();
  app.setGlobalPrefix('api');
  app.useGlobalPipes(createValidationPipe());
  const forbidden = app.get(ForbiddenAudit);
  app.useGlobalFilters(
    new ApiExceptionFilter((request, message) => forbidden.record(request, message)),
  );
  app.useGlobalGuards(new MediaTypeGuard(app.get(Reflector)));
  interceptPostRoutes(
    app,
    new IdempotencyInterceptor(app.get(TransactionHost), app.get(Reflector)),
  );
  // On SIGTERM: stop listening, finish the requests in flight and the running jobs, close the
  // database pool, then exit with 0 (not by re-raising the signal, which reads as a crash).
  app.enableShutdownHooks([], { useProcessExit: true });
  // Cross-origin browser calls only from the configured origins, and never with the session
  // cookie (credentials off): other systems' pages use bearer tokens.
  const corsOrigins = (environment.CORS_ORIGINS ?? '')
    .split(',')
    .map((origin) => origin.trim().toLowerCase())
    .filter(Boolean);
  if (corsOrigins.length) {
    app.enableCors({
      origin: corsOrigins,
      credentials: false,
      methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
      allowedHeaders: [
        'authorization',
        'content-type',
        'idempotency-key',
        'x-request-id',
        'accept',
      ],
      exposedHeaders: ['x-request-id', 'content-disposition'],
      maxAge: 600,
    });
  }

  const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
  fastify.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  // Shutting down (docs/resilience.md): the server stops listening; answers still in flight end
  // their keep-alive connection (a client or proxy holding it open would otherwise keep the
  // server from closing for keepAliveTimeout, 72 s); once the last has gone, running jobs get
  // to finish, and only then do Nest's shutdown hooks close the database pool.
  let draining = false;
  fastify.addHook('preClose', async () => {
    draining = true;
  });
  fastify.addHook('onSend', async (_request, reply, payload) => {
    if (draining) reply.header('connection', 'close');
    return payload;
  });
  const jobs = app.get(JobsService);
  fastify.addHook('onClose', async () => {
    await jobs.stop();
  });
  const metrics = app.get(MetricsService);
  fastify.addHook('onResponse', async (request, reply) => {
    // The route's template keeps the number of series bounded; unknown paths share one label.
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.observeRequest(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
  });
  fastify.addContentTypeParser(
    'text/csv',
    { parseAs: 'string', bodyLimit: CSV_BODY_LIMIT },
    (_request, body, done) => done(null, body),
  );
  await app.register(fastifyCookie as never);
  // Security headers (strict CSP, no framing, no sniffing, HSTS…), from one helmet middleware
  // built once: @fastify/helmet rebuilt it, parsing the CSP, on every request.
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    crossOriginEmbedderPolicy: false,
  });
  fastify.addHook('onRequest', (request, reply, done) =>
    securityHeaders(request.raw, reply.raw, done as (error?: unknown) => void),
  );

  setUpOpenApi(app);
  const config = app.get(AppConfig);
  serveWebApp(fastify, config.webDistDir);
  return app;
}

function setUpOpenApi(app: NestFastifyApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('AHP Placements API')
      .setDescription(
        'Matching Allied Health Professions students to placements in mental health, learning disability and autism services. ' +
          'Errors always have the shape { statusCode, error, message, code?, details? }. Lists take ?limit= (1–100) and ?cursor=.',
      )
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, {
    jsonDocumentUrl: 'api/openapi.json',
    yamlDocumentUrl: 'api/openapi.yaml',
    useGlobalPrefix: false,
  });
}

/**
 * Serves the built Angular app at `/`: its files as they are (hashed names cached for a year),
 * and index.html for any other page address so deep links work. Unknown /api addresses stay
 * JSON 404s.
 */
function serveWebApp(fastify: FastifyInstance, dir: string): void {
  if (!existsSync(join(dir, 'index.html'))) {
    new Logger('Web').warn(
      `No web app at ${dir}; build it with "npx nx build web" to serve it at /`,
    );
    return;
  }
  void fastify.register(fastifyStatic, {
    root: dir,
    prefix: '/',
    wildcard: false,
    index: false,
    setHeaders: (reply, path) => {
      const hashed = /-[A-Z0-9]{8,}\.(js|css|woff2?|svg|png)$/i.test(path);
      reply.header('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  fastify.get('/*', async (request, reply) => {
    if (request.url.startsWith('/api/') || request.url === '/api') {
      return reply
        .status(404)
        .send(toErrorBody(new DomainException(404, 'not_found', 'There is no such endpoint.')));
    }
    reply.header('cache-control', 'no-cache');
    return reply.sendFile('index.html');
  });
}
