import { ValidationPipe, type ValidationError } from '@nestjs/common';
import type { FieldError } from '@ahp/contracts';
import { DomainException } from '../errors/domain.exception';

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
  return new ValidationPipe({
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
