import { ParseUUIDPipe } from '@nestjs/common';
import { DomainException } from '../errors/domain.exception';

/** For `:id` path parameters: anything but a UUID is a 400 in the contract's shape, not a database error. */
export const uuidParam = (name = 'id') =>
  new ParseUUIDPipe({
    exceptionFactory: () => DomainException.invalidField(name, `${name} must be a UUID`),
  });
