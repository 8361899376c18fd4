import { provideHttpClient, withInterceptors, withXsrfConfiguration } from '@angular/common/http';
import { ApplicationConfig, provideBrowserGlobalErrorListeners } from '@angular/core';
import { MAT_FORM_FIELD_DEFAULT_OPTIONS, MatFormFieldDefaultOptions } from '@angular/material/form-field';
import { provideRouter, withComponentInputBinding } from '@angular/router';
import { problemInterceptor } from './api/problem';
import { sessionExpiry } from './shell/session-expiry';
import { routes } from './app.routes';

/**
 * Every form field's hint and error take the lines they need (a long server message pushes the
 * next field down instead of running over it); styles.scss keeps one line free for them.
 */
export const FORM_FIELD_DEFAULTS: MatFormFieldDefaultOptions = { subscriptSizing: 'dynamic' };

export const appConfig: ApplicationConfig = {
  providers: [
    { provide: MAT_FORM_FIELD_DEFAULT_OPTIONS, useValue: FORM_FIELD_DEFAULTS },
    provideBrowserGlobalErrorListeners(),
    provideRouter(routes, withComponentInputBinding()),
    provideHttpClient(
      // the gateway's CSRF cookie and header (Angular's defaults, named so a change shows here);
      // Angular adds the header to every non-GET/HEAD request to this origin
      withXsrfConfiguration({ cookieName: 'XSRF-TOKEN', headerName: 'X-XSRF-TOKEN' }),
      // sessionExpiry sees ApiProblems, so problemInterceptor runs nearer the backend
      withInterceptors([sessionExpiry, problemInterceptor]),
    ),
  ],
};
