import { provideHttpClient, withInterceptors, withXsrfConfiguration } from '@angular/common/http';
import { ApplicationConfig, provideBrowserGlobalErrorListeners } from '@angular/core';
import { provideRouter, withComponentInputBinding } from '@angular/router';
import { problemInterceptor } from './api/problem';
import { sessionExpiry } from './shell/session-expiry';
import { routes } from './app.routes';

export const appConfig: ApplicationConfig = {
  providers: [
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
