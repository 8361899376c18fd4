import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { ActivatedRouteSnapshot, RouterStateSnapshot } from '@angular/router';
import { problemInterceptor } from '../api/problem';
import { PageNavigation } from './page-navigation';
import { SessionStore } from './session';
import { signedIn } from './signed-in';

describe('signedIn', () => {
  let backend: HttpTestingController;
  let visited: string[];

  beforeEach(() => {
    visited = [];
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(withInterceptors([problemInterceptor])),
        provideHttpClientTesting(),
        { provide: PageNavigation, useValue: { go: (url: string) => visited.push(url), currentPath: () => '/' } },
      ],
    });
    backend = TestBed.inject(HttpTestingController);
  });

  const check = (url: string) =>
    TestBed.runInInjectionContext(() => signedIn({} as ActivatedRouteSnapshot, { url } as RouterStateSnapshot)) as Promise<boolean>;

  it('lets a signed-in user through and remembers who it is', async () => {
    const allowed = check('/invoices');
    backend.expectOne('/auth/session').flush({ subject: 'sub-1', name: 'Ada', email: 'ada@example.com', expires_at: '2030-01-01T00:00:00Z' });

    expect(await allowed).toBe(true);
    expect(TestBed.inject(SessionStore).session()?.subject).toBe('sub-1');
    expect(visited).toEqual([]);
  });

  it('sends a visitor without a session to sign in, to come back to the same page', async () => {
    const allowed = check('/invoices/inv_1?tab=pdf');
    backend.expectOne('/auth/session').flush({ title: 'Unauthorized', status: 401 }, { status: 401, statusText: 'Unauthorized' });

    expect(await allowed).toBe(false);
    expect(visited).toEqual(['/auth/login?return_to=%2Finvoices%2Finv_1%3Ftab%3Dpdf']);
  });

  it('signs out at the provider when the gateway names its end-session page', async () => {
    const done = TestBed.inject(SessionStore).signOut();
    backend.expectOne({ method: 'POST', url: '/auth/logout' }).flush({ logout_url: 'http://localhost:8090/logout' });
    await done;
    expect(visited).toEqual(['http://localhost:8090/logout']);
  });

  it('goes home after signing out when there is no provider page', async () => {
    const done = TestBed.inject(SessionStore).signOut();
    backend.expectOne('/auth/logout').flush({ logout_url: null });
    await done;
    expect(visited).toEqual(['/']);
  });
});
