import type { ArgumentsHost } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { DataSource } from 'typeorm';
import type { AuditService } from '../audit/audit.service';
import { ApiExceptionFilter } from '../common/errors/api-exception.filter';
import { DomainException } from '../common/errors/domain.exception';
import { ForbiddenAudit } from './forbidden-audit';

const request = {
  method: 'POST',
  url: '/api/organisations?x=1',
  id: 'req-1',
  routeOptions: { url: '/api/organisations' },
  actor: { id: 'u1', role: 'student', organisationId: 'o1', sessionId: null, requestId: 'req-1' },
} as unknown as FastifyRequest;

function hostFor(sent: { status?: number; body?: string }): ArgumentsHost {
  const reply = {
    sent: false,
    status(code: number) {
      sent.status = code;
      return reply;
    },
    header: () => reply,
    removeHeader: () => reply,
    send(body: string) {
      sent.body = body;
      return reply;
    },
  };
  return {
    switchToHttp: () => ({ getResponse: () => reply, getRequest: () => request }),
  } as unknown as ArgumentsHost;
}

describe(ForbiddenAudit.name, () => {
  it('records who asked for which route, without the query string', async () => {
    const record = jest.fn().mockResolvedValue(undefined);
    const audit = new ForbiddenAudit(
      { manager: {} } as DataSource,
      {
        record,
      } as unknown as AuditService,
    );
    await audit.record(request, 'No.');
    expect(record).toHaveBeenCalledWith({}, request.actor, {
      action: 'auth.forbidden',
      entityType: 'request',
      entityId: null,
      organisationId: 'o1',
      after: {
        method: 'POST',
        route: '/api/organisations',
        path: '/api/organisations',
        requestId: 'req-1',
      },
      reason: 'No.',
    });
  });

  it('never rejects when the audit log cannot be written', async () => {
    const audit = new ForbiddenAudit(
      { manager: {} } as DataSource,
      {
        record: () => Promise.reject(new Error('database down')),
      } as unknown as AuditService,
    );
    await expect(audit.record(request, 'No.')).resolves.toBeUndefined();
  });

  it('leaves the 403 answer alone even if recording it throws', () => {
    const sent: { status?: number; body?: string } = {};
    const filter = new ApiExceptionFilter(() => {
      throw new Error('broken listener');
    });
    filter.catch(DomainException.forbidden(), hostFor(sent));
    expect(sent.status).toBe(403);
    expect(JSON.parse(sent.body ?? '{}')).toEqual(expect.objectContaining({ code: 'forbidden' }));
  });
});
