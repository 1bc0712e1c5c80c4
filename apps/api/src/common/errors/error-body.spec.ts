import { BadRequestException, NotFoundException } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import { QueryFailedError } from 'typeorm';
import { DomainException } from './domain.exception';
import { toErrorBody } from './error-body';

describe(toErrorBody.name, () => {
  it('keeps a domain exception’s status, code, message and details', () => {
    const error = DomainException.invalidField('email', 'email must be an e-mail address');
    expect(toErrorBody(error)).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'email must be an e-mail address',
      code: 'validation_failed',
      details: [{ field: 'email', message: 'email must be an e-mail address' }],
    });
  });

  it('turns Nest’s route-not-found into a plain sentence', () => {
    expect(toErrorBody(new NotFoundException('Cannot GET /api/nope'))).toEqual({
      statusCode: 404,
      error: 'Not Found',
      message: 'There is no such endpoint.',
      code: 'not_found',
    });
  });

  it('flattens an array message from Nest’s own exceptions', () => {
    expect(toErrorBody(new BadRequestException(['a is wrong', 'b is wrong'])).message).toBe(
      'a is wrong; b is wrong',
    );
  });

  it('maps rate limiting to 429', () => {
    expect(toErrorBody(new ThrottlerException())).toEqual(
      expect.objectContaining({ statusCode: 429, code: 'rate_limited' }),
    );
  });

  it('maps Fastify’s body errors to their 4xx status', () => {
    const tooLarge = Object.assign(new Error('Request body is too large'), {
      statusCode: 413,
      code: 'FST_ERR_CTP_BODY_TOO_LARGE',
    });
    expect(toErrorBody(tooLarge)).toEqual(
      expect.objectContaining({
        statusCode: 413,
        error: 'Payload Too Large',
        message: 'The request body is too large.',
      }),
    );
    const badJson = Object.assign(new SyntaxError('Unexpected end of JSON input'), {
      statusCode: 400,
    });
    expect(toErrorBody(badJson)).toEqual(
      expect.objectContaining({ statusCode: 400, message: 'The request body is not valid JSON.' }),
    );
  });

  it('maps database input errors to 4xx, never 500', () => {
    const unique = new QueryFailedError(
      'INSERT',
      [],
      Object.assign(new Error('duplicate key'), { code: '23505' }),
    );
    expect(toErrorBody(unique).statusCode).toBe(409);
    const badText = new QueryFailedError(
      'SELECT',
      [],
      Object.assign(new Error('invalid input syntax for type uuid'), { code: '22P02' }),
    );
    expect(toErrorBody(badText).statusCode).toBe(400);
  });

  it('reveals nothing about unexpected errors', () => {
    const body = toErrorBody(new Error('connection string postgres://secret@db'));
    expect(body).toEqual({
      statusCode: 500,
      error: 'Internal Server Error',
      message: expect.not.stringContaining('secret'),
      code: 'internal_error',
    });
  });

  it('answers 503, not 500, when the database connection is lost mid-request', () => {
    const killed = new QueryFailedError(
      'UPDATE',
      [],
      Object.assign(new Error('terminating connection due to administrator command'), {
        code: '57P01',
      }),
    );
    expect(toErrorBody(killed)).toEqual(
      expect.objectContaining({ statusCode: 503, code: 'service_unavailable' }),
    );
    expect(toErrorBody(new Error('Connection terminated unexpectedly')).statusCode).toBe(503);
    expect(toErrorBody(Object.assign(new Error('read'), { code: 'ECONNRESET' })).statusCode).toBe(
      503,
    );
    expect(toErrorBody(new Error('Connection is fine, this is something else')).statusCode).toBe(
      500,
    );
  });
});
