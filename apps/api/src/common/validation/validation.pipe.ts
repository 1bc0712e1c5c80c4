import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import type { FieldError } from '@ahp/contracts';
import { DomainException } from '../errors/domain.exception';
import { isWellFormedText } from './fields';

/**
 * Flattens class-validator's tree into one entry per field, with dotted paths for nesting. A
 * field gets one message, the most basic of its failures (decorators are checked in order, type
 * first), and a missing required field simply "is required": a person fixing a form needs one
 * sentence per box, not three.
 */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  const result: FieldError[] = [];
  for (const error of errors) {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const constraints = Object.entries(error.constraints ?? {});
    if (constraints.length) {
      const [constraint, message] = constraints[0];
      const missing = error.value === undefined || error.value === null;
      result.push({
        field,
        message:
          constraint === 'whitelistValidation'
            ? `${field} is not a field this endpoint accepts`
            : missing
              ? `${field} is required`
              : message,
      });
    }
    if (error.children?.length) result.push(...flattenValidationErrors(error.children, field));
  }
  return result;
}

export function validationException(errors: ValidationError[]): DomainException {
  const details = flattenValidationErrors(errors);
  const message =
    details.length === 1
      ? details[0].message
      : `The request has ${details.length} problems: ${details.map((d) => d.message).join('; ')}`;
  return DomainException.badRequest('validation_failed', message, details);
}

/**
 * Strict by design: unknown fields are refused rather than silently dropped (a typo in a field
 * name must not look like success), and values are not coerced from strings unless a DTO says so.
 */
export function createValidationPipe(): ValidationPipe {
  return new StrictValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    // Values are kept only to tell a missing field from a wrong one; they never reach a response.
    validationError: { target: false, value: true },
    stopAtFirstError: false,
    exceptionFactory: validationException,
  });
}

/** Keys class-transformer silently skips, so the whitelist never sees (or refuses) them. */
const SKIPPED_KEYS = ['__proto__', 'constructor', 'prototype'];

/** The first field that is one class-transformer skips, or holds text PostgreSQL cannot store. */
function badField(value: unknown, path: string): { field: string; message: string } | null {
  if (typeof value === 'string' && !isWellFormedText(value))
    return { field: path, message: `${path} must be valid Unicode text without NUL characters` };
  if (typeof value !== 'object' || value === null) return null;
  for (const key of Object.keys(value)) {
    const field = path ? `${path}.${key}` : key;
    if (SKIPPED_KEYS.includes(key))
      return { field, message: `${field} is not a field this endpoint accepts` };
    const nested = badField((value as Record<string, unknown>)[key], field);
    if (nested) return nested;
  }
  return null;
}

function isDto(metatype: ArgumentMetadata['metatype']): boolean {
  return !!metatype && ![String, Boolean, Number, Array, Object].includes(metatype as never);
}

/**
 * Refuses `constructor` and `prototype` fields like any other unknown field (rather than dropping
 * them), and text with NUL characters or lone surrogates in any field (rather than failing in the
 * database with a 500), before the usual validation.
 */
class StrictValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && value === null && isDto(metadata.metatype)) {
      // ValidationPipe would validate a JSON null as {}: an update "with no changes" the caller
      // never meant to send.
      throw DomainException.badRequest(
        'malformed_request',
        'The request body must be a JSON object.',
      );
    }
    if ((metadata.type === 'body' && isDto(metadata.metatype)) || metadata.type === 'query') {
      const bad = badField(value, '');
      if (bad) throw DomainException.badRequest('validation_failed', bad.message, [bad]);
    }
    return super.transform(value, metadata);
  }
}
