import { HttpErrorResponse, type HttpInterceptorFn } from '@angular/common/http';
import { inject } from '@angular/core';
import { Router } from '@angular/router';
import { catchError, from, switchMap, throwError } from 'rxjs';
import { Session } from './session';

const AUTH_ENDPOINTS = /^\/api\/auth\//;

/**
 * Adds the access token to API calls. When one comes back 401 (the token expired), renews it
 * from the session cookie once and retries; if that fails, the session is over: back to sign-in.
 */
export const authInterceptor: HttpInterceptorFn = (request, next) => {
  const session = inject(Session);
  const router = inject(Router);
  if (!request.url.startsWith('/api/') || AUTH_ENDPOINTS.test(request.url)) return next(request);

  const withToken = () => {
    const token = session.accessToken();
    return token ? request.clone({ setHeaders: { Authorization: `Bearer ${token}` } }) : request;
  };

  return next(withToken()).pipe(
    catchError((error: unknown) => {
      if (!(error instanceof HttpErrorResponse) || error.status !== 401)
        return throwError(() => error);
      return from(session.refresh()).pipe(
        switchMap((renewed) => {
          if (renewed) return next(withToken());
          void router.navigate(['/sign-in'], { queryParams: { returnUrl: router.url } });
          return throwError(() => error);
        }),
      );
    }),
  );
};
