/**
 * Machine-readable reasons the API gives beside the HTTP status, so that clients (the web app
 * among them) can show the right message without parsing prose.
 */
export const ERROR_CODES = [
  'validation_failed',
  'malformed_request',
  'unauthenticated',
  'invalid_credentials',
  'session_expired',
  'forbidden',
  'not_found',
  'conflict',
  'email_taken',
  'organisation_name_taken',
  'organisation_type_mismatch',
  'invitation_invalid',
  'weak_password',
  'unknown_postcode',
  'invalid_postcode',
  'idempotency_key_reused',
  'rate_limited',
  'payload_too_large',
  'unsupported_media_type',
  'internal_error',
  'service_unavailable',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** One problem with one field of a request (`field` uses dots for nesting, e.g. `studentProfile.profession`). */
export interface FieldError {
  field: string;
  message: string;
}

/** Every error response has this shape. */
export interface ApiErrorBody {
  statusCode: number;
  error: string;
  message: string;
  code?: ErrorCode;
  details?: FieldError[];
}

/** A per-line problem in a CSV import. */
export interface ImportLineError {
  line: number;
  message: string;
}

export interface ImportResult {
  created: number;
  errors: ImportLineError[];
}
