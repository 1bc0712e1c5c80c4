import { HttpException, HttpStatus } from '@nestjs/common';
import type { ErrorCode, FieldError } from '@ahp/contracts';

/**
 * An error the API means to return: a status, a stable code from the shared contracts and a
 * sentence a person can act on. The exception filter turns it into the contract's error shape.
 */
export class DomainException extends HttpException {
  constructor(
    status: HttpStatus,
    readonly code: ErrorCode,
    message: string,
    readonly details?: FieldError[],
  ) {
    super(message, status);
  }

  static badRequest(code: ErrorCode, message: string, details?: FieldError[]) {
    return new DomainException(HttpStatus.BAD_REQUEST, code, message, details);
  }

  /** A single-field validation problem found beyond what the DTO decorators can see. */
  static invalidField(field: string, message: string, code: ErrorCode = 'validation_failed') {
    return new DomainException(HttpStatus.BAD_REQUEST, code, message, [{ field, message }]);
  }

  static unauthenticated(message = 'Sign in to continue.', code: ErrorCode = 'unauthenticated') {
    return new DomainException(HttpStatus.UNAUTHORIZED, code, message);
  }

  static forbidden(message = 'You are not allowed to do that.') {
    return new DomainException(HttpStatus.FORBIDDEN, 'forbidden', message);
  }

  /** Also used for objects that exist but are not visible to the caller, so as not to reveal them. */
  static notFound(what: string) {
    return new DomainException(HttpStatus.NOT_FOUND, 'not_found', `${what} was not found.`);
  }

  static conflict(code: ErrorCode, message: string) {
    return new DomainException(HttpStatus.CONFLICT, code, message);
  }
}
