import { HttpException, HttpStatus } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import {
  QueryFailedError,
  QueryRunnerAlreadyReleasedError,
  QueryRunnerProviderAlreadyReleasedError,
} from 'typeorm';
import type { ApiErrorBody, ErrorCode, FieldError } from '@ahp/contracts';
import { DomainException } from './domain.exception';

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

const DEFAULT_CODE: Record<number, ErrorCode> = {
  400: 'malformed_request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
  503: 'service_unavailable',
};

export function statusText(status: number): string {
  return STATUS_TEXT[status] ?? (status >= 500 ? 'Internal Server Error' : 'Bad Request');
}

function body(
  status: number,
  message: string,
  code?: ErrorCode,
  details?: FieldError[],
): ApiErrorBody {
  const result: ApiErrorBody = { statusCode: status, error: statusText(status), message };
  const resolved = code ?? DEFAULT_CODE[status];
  if (resolved) result.code = resolved;
  if (details?.length) result.details = details;
  return result;
}

/** Errors raised by Fastify itself (body parsing, size limits, media types) carry these. */
interface FastifyLikeError {
  statusCode?: number;
  code?: string;
  message?: string;
}

const FASTIFY_MESSAGES: Record<string, string> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'The request body is not valid JSON.',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'The request body is empty but says it is JSON.',
  FST_ERR_CTP_BODY_TOO_LARGE: 'The request body is too large.',
  FST_ERR_CTP_INVALID_MEDIA_TYPE:
    'The request body has a media type this endpoint does not accept.',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'The Content-Length header does not match the body.',
};

/** PostgreSQL error codes that mean the input, not the server, was wrong. */
const PG_INPUT_ERRORS: Record<string, { status: HttpStatus; code: ErrorCode; message: string }> = {
  '23505': { status: HttpStatus.CONFLICT, code: 'conflict', message: 'That already exists.' },
  '23503': {
    status: HttpStatus.CONFLICT,
    code: 'conflict',
    message: 'That refers to something that does not exist or is still in use.',
  },
  '23514': {
    status: HttpStatus.BAD_REQUEST,
    code: 'validation_failed',
    message: 'A value is outside what is allowed.',
  },
  '22P02': {
    status: HttpStatus.BAD_REQUEST,
    code: 'validation_failed',
    message: 'A value has the wrong format.',
  },
  '22001': {
    status: HttpStatus.BAD_REQUEST,
    code: 'validation_failed',
    message: 'A value is too long.',
  },
  '22003': {
    status: HttpStatus.BAD_REQUEST,
    code: 'validation_failed',
    message: 'A number is out of range.',
  },
  '22007': {
    status: HttpStatus.BAD_REQUEST,
    code: 'validation_failed',
    message: 'A date has the wrong format.',
  },
  '22008': {
    status: HttpStatus.BAD_REQUEST,
    code: 'validation_failed',
    message: 'A date is out of range.',
  },
};

/**
 * Maps anything thrown while handling a request to the contract's error shape. Unknown errors
 * become a plain 500 whose message reveals nothing; the caller logs the original.
 */
export function toErrorBody(error: unknown): ApiErrorBody {
  if (error instanceof DomainException) {
    return body(error.getStatus(), error.message, error.code, error.details);
  }
  if (error instanceof ThrottlerException) {
    return body(429, 'Too many requests. Wait a minute and try again.', 'rate_limited');
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const response = error.getResponse();
    let message = error.message;
    if (typeof response === 'object' && response !== null && 'message' in response) {
      const raw = (response as { message: unknown }).message;
      message = Array.isArray(raw) ? raw.join('; ') : String(raw);
    }
    if (status === 404 && /^Cannot (GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)/.test(message)) {
      message = 'There is no such endpoint.';
    }
    return body(status, message);
  }
  if (error instanceof QueryFailedError) {
    const pgCode = (error.driverError as { code?: string } | undefined)?.code;
    const mapped = pgCode ? PG_INPUT_ERRORS[pgCode] : undefined;
    if (mapped) return body(mapped.status, mapped.message, mapped.code);
  }
  const fastifyError = error as FastifyLikeError | null;
  if (
    fastifyError &&
    typeof fastifyError.statusCode === 'number' &&
    fastifyError.statusCode >= 400 &&
    fastifyError.statusCode < 500
  ) {
    const message =
      (fastifyError.code && FASTIFY_MESSAGES[fastifyError.code]) ||
      (error instanceof SyntaxError
        ? FASTIFY_MESSAGES['FST_ERR_CTP_INVALID_JSON_BODY']
        : undefined) ||
      fastifyError.message ||
      statusText(fastifyError.statusCode);
    return body(fastifyError.statusCode, message);
  }
  if (isDatabaseUnavailable(error)) {
    return body(
      503,
      'The database could not be reached, so nothing was changed. Try again in a moment.',
      'service_unavailable',
    );
  }
  return body(
    500,
    'Something went wrong on our side. It has been logged; try again shortly.',
    'internal_error',
  );
}

/** PostgreSQL SQLSTATEs and socket errors that mean the connection went away, not that the request was wrong. */
const CONNECTION_LOST = new Set([
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08003',
  '08006',
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
]);

/**
 * The database went away mid-request (restarted, failed over, connection killed). The request's
 * transaction did not commit, so the honest answer is "unavailable, nothing changed", not a 500.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  // TypeORM releases a transaction's connection as soon as it reports an error (the server
  // ended it), so the transaction's next statement finds it gone: the same lost connection.
  if (
    error instanceof QueryRunnerAlreadyReleasedError ||
    error instanceof QueryRunnerProviderAlreadyReleasedError
  )
    return true;
  const candidates = [error, (error as { driverError?: unknown } | null)?.driverError];
  return candidates.some((candidate) => {
    if (!candidate || typeof candidate !== 'object') return false;
    const { code, message } = candidate as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && CONNECTION_LOST.has(code)) return true;
    // pg-pool gave up waiting for a connection (pool exhausted, or opening one took too long),
    // or the connection had already failed when the statement was sent.
    return (
      typeof message === 'string' &&
      /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error)/.test(
        message,
      )
    );
  });
}
