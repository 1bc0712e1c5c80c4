import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { toErrorBody } from './error-body';

/** Told of every 403 answered (for the audit log); must not throw or hold up the answer. */
export type ForbiddenListener = (request: FastifyRequest, message: string) => unknown;

/** The one place errors become responses: the contract's shape, never a stack trace. */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  constructor(private readonly onForbidden?: ForbiddenListener) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest>();
    const errorBody = toErrorBody(exception);
    if (errorBody.statusCode >= 500) {
      this.logger.error(
        { err: exception, reqId: request?.id, url: request?.url },
        'Unhandled error while handling a request',
      );
    }
    if (errorBody.statusCode === 403 && request && this.onForbidden) {
      try {
        this.onForbidden(request, errorBody.message);
      } catch (error) {
        this.logger.warn({ err: error, reqId: request.id }, 'Could not record a refused request');
      }
    }
    if (reply.sent) return;
    // JSON even where the route would have answered with a file (an .ics or a CSV): its headers
    // may already be on the reply.
    void reply
      .status(errorBody.statusCode)
      .header('cache-control', 'no-store')
      .header('content-type', 'application/json; charset=utf-8')
      .removeHeader('content-disposition')
      .send(JSON.stringify(errorBody));
  }
}
