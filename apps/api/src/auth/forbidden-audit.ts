import { Injectable, Logger } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';

/**
 * Records every refusal (403), from the access guard or a service, as `auth.forbidden` with who
 * asked for what. Written on its own connection, outside the failed request's transaction (which
 * rolls back), and never allowed to change the answer: if it fails, it is only logged.
 */
@Injectable()
export class ForbiddenAudit {
  private readonly logger = new Logger(ForbiddenAudit.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** Starts writing the record and returns at once; the promise is for tests and never rejects. */
  record(request: FastifyRequest, message: string): Promise<void> {
    const actor = request.actor ?? null;
    return this.audit
      .record(this.dataSource.manager, actor, {
        action: 'auth.forbidden',
        entityType: 'request',
        entityId: null,
        organisationId: actor?.organisationId ?? null,
        after: {
          method: request.method,
          route: request.routeOptions?.url ?? null,
          path: request.url.split('?')[0].slice(0, 300),
          requestId: request.id ? String(request.id) : null,
        },
        reason: message.slice(0, 500),
      })
      .catch((error: unknown) => {
        this.logger.warn({ err: error, reqId: request.id }, 'Could not audit a refused request');
      });
  }
}
