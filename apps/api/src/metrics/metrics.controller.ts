import { Controller, Get, Headers, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import { Public } from '../auth/access-policy';
import { DomainException } from '../common/errors/domain.exception';
import { AppConfig } from '../config/app-config';
import { MetricsService } from './metrics.service';

@ApiTags('operations')
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: MetricsService,
    private readonly config: AppConfig,
  ) {}

  /**
   * For Prometheus. Not a user's route: it takes the scraper's own token (METRICS_TOKEN) rather
   * than a session, and without one configured it is open, for a private network only.
   */
  @Get()
  @Public()
  @ApiOperation({
    summary:
      'Prometheus metrics: requests, latency and errors per route, job queue depth, allocation round durations, process',
    description: 'Requires `Authorization: Bearer <METRICS_TOKEN>` when METRICS_TOKEN is set.',
  })
  @ApiProduces('text/plain')
  @ApiOkResponse({ schema: { type: 'string' } })
  async scrape(
    @Headers('authorization') authorization: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const token = this.config.get('METRICS_TOKEN');
    if (token && !sameSecret(authorization ?? '', `Bearer ${token}`))
      throw DomainException.unauthenticated('Metrics need the METRICS_TOKEN bearer token.');
    reply.header('content-type', this.metrics.contentType);
    reply.header('cache-control', 'no-store');
    return this.metrics.render();
  }
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
