import { HttpErrorResponse } from '@angular/common/http';
import type { ApiErrorBody } from '@ahp/contracts';

/** The API's error body, or a stand-in when the response had none (network down, proxy error). */
export function apiError(error: unknown): ApiErrorBody {
  if (error instanceof HttpErrorResponse) {
    const body = error.error as Partial<ApiErrorBody> | null;
    if (body && typeof body === 'object' && typeof body.message === 'string') {
      return {
        statusCode: error.status,
        error: body.error ?? error.statusText,
        message: body.message,
        code: body.code,
        details: body.details,
      };
    }
    if (error.status === 0) {
      return {
        statusCode: 0,
        error: 'Network error',
        message: 'The service could not be reached. Check your connection and try again.',
      };
    }
    return {
      statusCode: error.status,
      error: error.statusText,
      message: 'Something went wrong. Try again in a moment.',
    };
  }
  return { statusCode: 0, error: 'Error', message: 'Something went wrong. Try again in a moment.' };
}
