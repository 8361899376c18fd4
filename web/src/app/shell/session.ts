import { Injectable, computed, inject, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { AuthApi, Session } from '../api/auth-api';
import { ApiProblem } from '../api/problem';
import { PageNavigation } from './page-navigation';

/** Who is signed in, asked of the gateway once per page load. */
@Injectable({ providedIn: 'root' })
export class SessionStore {
  private readonly auth = inject(AuthApi);
  private readonly navigation = inject(PageNavigation);
  private readonly current = signal<Session | null>(null);
  private loading: Promise<Session | null> | null = null;

  readonly session = this.current.asReadonly();
  readonly signedIn = computed(() => this.current() !== null);

  /** The session, loaded on first use; null when nobody is signed in (401). */
  load(): Promise<Session | null> {
    this.loading ??= firstValueFrom(this.auth.session()).then(
      (session) => {
        this.current.set(session);
        return session;
      },
      (error: unknown) => {
        this.loading = null;
        if (error instanceof ApiProblem && error.status === 401) {
          return null;
        }
        throw error;
      },
    );
    return this.loading;
  }

  /** A full page load to the gateway's sign-in, which brings the browser back to `returnTo`. */
  signIn(returnTo: string = this.navigation.currentPath()): void {
    this.navigation.go(this.auth.loginUrl(returnTo));
  }

  async signOut(): Promise<void> {
    const { logout_url } = await firstValueFrom(this.auth.logout());
    this.current.set(null);
    this.navigation.go(logout_url ?? '/');
  }
}
