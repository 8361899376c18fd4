import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';

export interface Session {
  subject: string;
  name: string | null;
  email: string | null;
  expires_at: string;
}

/** The gateway's browser sign-in (a backend-for-frontend: tokens never reach the page). */
@Injectable({ providedIn: 'root' })
export class AuthApi {
  private readonly http = inject(HttpClient);

  /** The signed-in user; a 401 when there is none. */
  session(): Observable<Session> {
    return this.http.get<Session>('/auth/session');
  }

  logout(): Observable<{ logout_url: string | null }> {
    return this.http.post<{ logout_url: string | null }>('/auth/logout', null);
  }

  /** Where the browser goes to sign in; it comes back to `returnTo` (a path of this app). */
  loginUrl(returnTo: string): string {
    return `/auth/login?return_to=${encodeURIComponent(returnTo)}`;
  }

  eventBusUrl(): string {
    return '/eventbus';
  }
}
