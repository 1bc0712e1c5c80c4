import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsNumber,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  isEmail,
  registerDecorator,
} from 'class-validator';
import { EMAIL_MAX_LENGTH, NAME_MAX_LENGTH, PASSWORD_MAX_LENGTH } from '@ahp/contracts';
import { POSTCODE_MAX_LENGTH, isPostcode } from '@ahp/geo';

/**
 * One decorator per kind of field, so every DTO validates and documents the same thing the same
 * way. Each takes `optional` to allow the field to be absent (or null, for updates that clear it).
 */
interface FieldOptions {
  optional?: boolean;
  /** With `optional`: false for a field that may be left out but not cleared (default true). */
  nullable?: boolean;
  description?: string;
  example?: unknown;
}

function presence(options: FieldOptions, schema: Record<string, unknown>) {
  const { optional, nullable = true, description, example } = options;
  const docs = {
    ...schema,
    ...(description ? { description } : {}),
    ...(example !== undefined ? { example } : {}),
  };
  if (!optional) return [ApiProperty(docs)];
  if (!nullable)
    // Absent is fine; null is validated (and refused) like any other wrong value.
    return [ApiPropertyOptional(docs), ValidateIf((_, value) => value !== undefined)];
  return [ApiPropertyOptional({ ...docs, nullable: true }), IsOptional()];
}

const trimmed = () =>
  Transform(({ value }) => (typeof value === 'string' ? value.trim() : value), {
    toClassOnly: true,
  });

export function TextField(options: FieldOptions & { maxLength: number; minLength?: number }) {
  const { maxLength, minLength = 1 } = options;
  return applyDecorators(
    ...presence(options, { type: String, maxLength, minLength }),
    trimmed(),
    IsString(),
    MinLength(minLength, {
      message: ({ property }) =>
        minLength === 1
          ? `${property} must not be empty`
          : `${property} must be at least ${minLength} characters`,
    }),
    MaxLength(maxLength),
    registerFieldCheck(
      'isWellFormedText',
      (property) => `${property} must be valid Unicode text`,
      (value) => typeof value !== 'string' || isWellFormedText(value),
    ),
  );
}

// eslint-disable-next-line no-control-regex -- NUL is exactly what must be refused
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Text PostgreSQL can store: no NUL character and no lone UTF-16 surrogate. */
export function isWellFormedText(value: unknown): value is string {
  return typeof value === 'string' && !UNSTORABLE.test(value);
}

/**
 * At most `places` decimal places. class-validator's `maxDecimalPlaces` throws a TypeError on a
 * number JavaScript writes in exponent form (1e-7, 5e-324), answering bad input with a 500.
 */
export function hasDecimalPlacesAtMost(value: unknown, places: number): boolean {
  if (typeof value !== 'number' || !Number.isFinite(value)) return false;
  const scaled = value * 10 ** places;
  return Math.abs(scaled - Math.round(scaled)) < 1e-6;
}

export function NameField(options: FieldOptions = {}) {
  return TextField({ example: 'Amara Okafor', ...options, maxLength: NAME_MAX_LENGTH });
}

export function EmailField(options: FieldOptions = {}) {
  return applyDecorators(
    ...presence(options, {
      type: String,
      format: 'email',
      maxLength: EMAIL_MAX_LENGTH,
      example: 'a.student@uni.example',
    }),
    Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value), {
      toClassOnly: true,
    }),
    IsString(),
    MaxLength(EMAIL_MAX_LENGTH),
    // validator's isEmail throws (URIError) on text with a lone UTF-16 surrogate: check that first.
    registerFieldCheck(
      'isEmail',
      (property) => `${property} must be an e-mail address`,
      (value) =>
        isWellFormedText(value) && isEmail(value, { allow_display_name: false, require_tld: true }),
    ),
  );
}

export function PasswordField(options: FieldOptions = {}) {
  // Length and common-password rules are checked by PasswordPolicy, which can say why.
  return applyDecorators(
    ...presence(options, {
      type: String,
      format: 'password',
      minLength: 1,
      maxLength: PASSWORD_MAX_LENGTH,
    }),
    IsString(),
    MaxLength(PASSWORD_MAX_LENGTH),
  );
}

export function EnumField<T extends string>(
  values: readonly T[],
  options: FieldOptions & { enumName?: string } = {},
) {
  return applyDecorators(
    ...presence(options, { enum: [...values], enumName: options.enumName }),
    IsIn([...values], {
      message: ({ property }) => `${property} must be one of: ${values.join(', ')}`,
    }),
  );
}

export function EnumArrayField<T extends string>(
  values: readonly T[],
  options: FieldOptions & { enumName?: string; maxItems?: number } = {},
) {
  return applyDecorators(
    ...presence(options, {
      enum: [...values],
      enumName: options.enumName,
      isArray: true,
      maxItems: options.maxItems,
    }),
    IsIn([...values], {
      each: true,
      message: ({ property }) => `each of ${property} must be one of: ${values.join(', ')}`,
    }),
  );
}

export function IntField(
  options: FieldOptions & { min: number; max: number; fromQuery?: boolean },
) {
  const { min, max, fromQuery } = options;
  return applyDecorators(
    ...presence(options, { type: Number, minimum: min, maximum: max }),
    // Query strings are always text; bodies must send real numbers.
    ...(fromQuery ? [Type(() => Number)] : []),
    IsInt({ message: ({ property }) => `${property} must be a whole number` }),
    Min(min),
    Max(max),
  );
}

export function UuidField(options: FieldOptions = {}) {
  return applyDecorators(
    ...presence(options, { type: String, format: 'uuid' }),
    IsUUID('all', { message: ({ property }) => `${property} must be a UUID` }),
  );
}

export function PostcodeField(options: FieldOptions = {}) {
  return applyDecorators(
    ...presence(options, { type: String, maxLength: POSTCODE_MAX_LENGTH, example: 'LS2 9JT' }),
    trimmed(),
    IsString(),
    MaxLength(POSTCODE_MAX_LENGTH),
    // Shape only; whether the district exists is the GeoService's question (it knows the data).
    registerFieldCheck(
      'isUkPostcode',
      (property) => `${property} must be a UK postcode such as LS2 9JT`,
      (value) => typeof value === 'string' && isPostcode(value),
    ),
  );
}

/** A calendar date written YYYY-MM-DD that exists (no 30 February). */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const [year, month, day] = value.split('-').map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    year >= 2000 &&
    year <= 2100
  );
}

export function DateField(options: FieldOptions = {}) {
  return applyDecorators(
    ...presence(options, { type: String, format: 'date', example: '2027-01-11' }),
    registerFieldCheck(
      'isCalendarDate',
      (property) => `${property} must be a date written YYYY-MM-DD`,
      isCalendarDate,
    ),
  );
}

/** A number (not necessarily whole), e.g. hours per week. */
export function DecimalField(
  options: FieldOptions & { min: number; max: number; fromQuery?: boolean },
) {
  const { min, max, fromQuery } = options;
  return applyDecorators(
    ...presence(options, { type: Number, minimum: min, maximum: max }),
    ...(fromQuery ? [Type(() => Number)] : []),
    IsNumber(
      { allowNaN: false, allowInfinity: false },
      { message: ({ property }) => `${property} must be a number with at most one decimal place` },
    ),
    registerFieldCheck(
      'maxDecimalPlaces',
      (property) => `${property} must be a number with at most one decimal place`,
      (value) => hasDecimalPlacesAtMost(value, 1),
    ),
    Min(min),
    Max(max),
  );
}

/** A list of codes from a fixed set, each at most once. */
export function CodeListField<T extends string>(
  values: readonly T[],
  options: FieldOptions & { enumName?: string; minItems?: number } = {},
) {
  const { minItems = 0 } = options;
  return applyDecorators(
    ...presence(options, {
      enum: [...values],
      enumName: options.enumName,
      isArray: true,
      minItems,
      maxItems: values.length,
    }),
    IsArray({ message: ({ property }) => `${property} must be a list` }),
    ArrayMinSize(minItems, {
      message: ({ property }) => `${property} must name at least ${minItems}`,
    }),
    ArrayUnique({ message: ({ property }) => `${property} must not repeat a value` }),
    IsIn([...values], {
      each: true,
      message: ({ property }) => `each of ${property} must be one of: ${values.join(', ')}`,
    }),
  );
}

/** A boolean from a query string: only "true" or "false". */
export function QueryBooleanField(options: FieldOptions = {}) {
  return applyDecorators(
    ...presence(options, { type: Boolean }),
    Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value), {
      toClassOnly: true,
    }),
    IsBoolean({ message: ({ property }) => `${property} must be true or false` }),
  );
}

export function registerFieldCheck(
  name: string,
  message: (property: string) => string,
  check: (value: unknown) => boolean,
) {
  return function (object: object, propertyName: string | symbol) {
    registerDecorator({
      name,
      target: object.constructor,
      propertyName: String(propertyName),
      options: { message: message(String(propertyName)) },
      validator: { validate: check },
    });
  };
}
