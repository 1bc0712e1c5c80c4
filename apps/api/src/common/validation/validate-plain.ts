import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validateSync } from 'class-validator';
import type { FieldError } from '@ahp/contracts';
import { flattenValidationErrors } from './validation.pipe';

/** Validates a plain object (a CSV row, say) with a DTO's decorators, as the global pipe would. */
export function validatePlain<T extends object>(
  cls: ClassConstructor<T>,
  plain: object,
): { ok: true; value: T } | { ok: false; details: FieldError[] } {
  const value = plainToInstance(cls, plain, { enableImplicitConversion: false });
  const errors = validateSync(value, {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
  });
  return errors.length
    ? { ok: false, details: flattenValidationErrors(errors) }
    : { ok: true, value };
}
