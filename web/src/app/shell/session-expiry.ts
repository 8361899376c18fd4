import { HttpInterceptorFn } from '@angular/common/http';
import { inject } from '@angular/core';
import { catchError, throwError } from 'rxjs';
import { ApiProblem } from '../api/problem';
import { SessionStore } from './session';

/**
 * A 401 from the API while signed in means the session ended (expired, signed out elsewhere):
 * go to sign-in and come back here. The pay page's calls and the session check itself are exempt.
 */
export const sessionExpiry: HttpInterceptorFn = (request, next) => {
  const sessions = inject(SessionStore);
  return next(request).pipe(
    catchError((error: unknown) => {
      const exempt = request.url.startsWith('/auth/') || request.url.startsWith('/api/invoices/public/');
      if (!exempt && error instanceof ApiProblem && error.status === 401) {
        sessions.signIn();
      }
      return throwError(() => error);
    }),
  );
};
