import { Controller, Get, Injectable, Res, type BeforeApplicationShutdown } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { Public } from '../auth/access-policy';
import { ApiErrorResponseDto } from '../common/http/api-error.dto';

/** Whether this process is on its way out (SIGTERM received): it should get no new traffic. */
@Injectable()
export class ShutdownState implements BeforeApplicationShutdown {
  stopping = false;

  beforeApplicationShutdown(): void {
    this.stopping = true;
  }
}

const PROBE = {
  schema: {
    type: 'object',
    properties: { status: { type: 'string', enum: ['ok'] } },
    required: ['status'],
  },
};

/**
 * Probes for orchestrators and load balancers. Liveness: the process answers (restart it if
 * not). Readiness: it can serve traffic, that is the database answers and it is not shutting
 * down (take it out of the pool if not). `GET /api/health` stays the contract's check.
 */
@ApiTags('health')
@Controller('health')
export class ProbesController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly shutdown: ShutdownState,
  ) {}

  @Get('live')
  @Public()
  @ApiOperation({ summary: 'Liveness: 200 while the process is running and answering' })
  @ApiOkResponse(PROBE)
  live(@Res({ passthrough: true }) reply: FastifyReply): { status: 'ok' } {
    reply.header('cache-control', 'no-store');
    return { status: 'ok' };
  }

  @Get('ready')
  @Public()
  @ApiOperation({
    summary:
      'Readiness: 200 when this process can serve (database reachable, not shutting down), else 503',
  })
  @ApiOkResponse(PROBE)
  @ApiServiceUnavailableResponse({ type: ApiErrorResponseDto })
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<object> {
    reply.header('cache-control', 'no-store');
    const problem = this.shutdown.stopping
      ? 'This process is shutting down.'
      : await this.databaseProblem();
    if (!problem) return { status: 'ok' };
    reply.status(503);
    return {
      statusCode: 503,
      error: 'Service Unavailable',
      code: 'service_unavailable',
      message: problem,
    };
  }

  private async databaseProblem(): Promise<string | null> {
    try {
      await Promise.race([
        this.dataSource.query('SELECT 1'),
        new Promise((_, fail) => setTimeout(() => fail(new Error('timeout')), 2000).unref()),
      ]);
      return null;
    } catch {
      return 'The database cannot be reached.';
    }
  }
}
