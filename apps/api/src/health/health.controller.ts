import { Controller, Get, Res } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/access-policy';
import { ApiErrorResponseDto } from '../common/http/api-error.dto';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
  ) {}

  @Get()
  @Public()
  @ApiOperation({
    summary: 'Whether the API can reach its database: 200 when it can, 503 when it cannot',
  })
  @ApiOkResponse({
    schema: {
      type: 'object',
      properties: {
        status: { type: 'string', enum: ['ok'] },
        info: {
          type: 'object',
          description: 'Each check that is up, e.g. { database: { status: "up" } }',
        },
        error: { type: 'object', description: 'Each check that is down (empty when healthy)' },
        details: { type: 'object', description: 'Every check with its status' },
      },
      required: ['status'],
    },
  })
  @ApiServiceUnavailableResponse({ type: ApiErrorResponseDto })
  async check(@Res({ passthrough: true }) reply: FastifyReply): Promise<object> {
    reply.header('cache-control', 'no-store');
    try {
      return await this.health.check([
        () => this.database.pingCheck('database', { timeout: 2000 }),
      ]);
    } catch {
      reply.status(503);
      return {
        statusCode: 503,
        error: 'Service Unavailable',
        code: 'service_unavailable',
        message: 'The database cannot be reached.',
        status: 'error',
      };
    }
  }
}
