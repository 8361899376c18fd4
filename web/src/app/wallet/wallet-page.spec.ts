import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { problemInterceptor } from '../api/problem';
import { Funding, WalletTransaction } from '../api/wallets-api';
import { PageNavigation } from '../shell/page-navigation';
import { pendingFunding, rememberFunding, safeReturnPath } from './return-path';
import { WalletPage, describeTransaction } from './wallet-page';

const funding = (changes: Partial<Funding> = {}): Funding => ({
  id: 'fnd_1', amount: 500000, currency: 'NGN', status: 'pending', checkout_url: 'http://localhost:8091/checkout/pi_1',
  failure_reason: null, created_at: '2026-12-01T10:00:00Z', updated_at: '2026-12-01T10:00:00Z', ...changes,
});

const line = (changes: Partial<WalletTransaction> = {}): WalletTransaction => ({
  transfer_id: 'funding:fnd_1', kind: 'funding', amount: 500000, currency: 'NGN', balance_after: 500000,
  counterparty: 'clearing', counterparty_name: null, reference: null, created_at: '2026-12-01T10:00:05Z', ...changes,
});

describe('safeReturnPath', () => {
  it('keeps paths of this app and refuses everything that could leave it', () => {
    expect(safeReturnPath('/pay/tok_1')).toBe('/pay/tok_1');
    expect(safeReturnPath('/wallet?currency=NGN')).toBe('/wallet?currency=NGN');
    for (const hostile of ['//evil.example', '/\\evil.example', 'https://evil.example/', 'javascript:alert(1)', '/\tx', '', null, 'pay/tok', '/\\/evil']) {
      expect(safeReturnPath(hostile as string), String(hostile)).toBeNull();
    }
  });
});

describe('WalletPage', () => {
  let backend: HttpTestingController;
  let went: string[];

  beforeEach(() => {
    sessionStorage.clear();
    went = [];
    TestBed.configureTestingModule({
      imports: [WalletPage],
      providers: [
        provideHttpClient(withInterceptors([problemInterceptor])),
        provideHttpClientTesting(),
        { provide: PageNavigation, useValue: { go: (url: string) => went.push(url), currentPath: () => '/wallet' } },
      ],
    });
    backend = TestBed.inject(HttpTestingController);
  });

  async function open(query: Record<string, string> = {}) {
    const fixture = TestBed.createComponent(WalletPage);
    for (const [name, value] of Object.entries(query)) {
      fixture.componentRef.setInput(name, value);
    }
    fixture.detectChanges();
    return fixture;
  }

  /** Lets timers, effects and resources run (whenStable would wait for the requests a test answers). */
  async function settle() {
    await new Promise((resolve) => setTimeout(resolve));
    TestBed.tick();
  }

  const text = (root: HTMLElement) => root.textContent?.replace(/\s+/g, ' ') ?? '';

  it('shows an empty wallet and a history that says nothing moved yet', async () => {
    const fixture = await open();
    backend.expectOne('/api/wallets').flush({ data: [] });
    await fixture.whenStable();
    expect(text(fixture.nativeElement)).toContain('Your wallet is empty.');
    expect(text(fixture.nativeElement)).toContain('Your history shows here once you have paid money in.');
  });

  it('shows balances and a currency\'s history with cursor pages', async () => {
    const fixture = await open();
    const root = fixture.nativeElement as HTMLElement;
    backend.expectOne('/api/wallets').flush({ data: [{ currency: 'NGN', balance: 392500, updated_at: '2026-12-01T10:01:00Z' }] });
    await settle();
    backend.expectOne('/api/wallets/NGN/transactions?limit=20').flush({
      data: [line({ transfer_id: 'pay:inv_1', kind: 'payment', amount: -107500, balance_after: 392500, counterparty: 'obi', counterparty_name: 'Obi Studio', reference: 'INV-1' }), line()],
      next_cursor: 'c2',
    });
    await fixture.whenStable();

    expect(root.querySelector('[data-testid="balance-NGN"]')?.textContent).toContain('3,925.00');
    const rows = [...root.querySelectorAll('[data-testid="history"] tbody tr')].map((row) => row.textContent?.replace(/\s+/g, ' '));
    expect(rows[0]).toContain('Paid to Obi Studio (INV-1)');
    expect(rows[0]).toMatch(/-\D*1,075\.00/);
    expect(rows[1]).toContain('Paid in by card');

    [...root.querySelectorAll('button')].find((b) => b.textContent?.includes('Older'))!.click();
    await settle();
    backend.expectOne('/api/wallets/NGN/transactions?limit=20&cursor=c2').flush({ data: [line({ transfer_id: 'x' })], next_cursor: null });
    await fixture.whenStable();
    expect(root.querySelectorAll('[data-testid="history"] tbody tr')).toHaveLength(1);
  });

  it('starts a funding prefilled from the query, then sends the browser to the checkout', async () => {
    const fixture = await open({ currency: 'NGN', amount: '57500', return_to: '/pay/tok_1' });
    const root = fixture.nativeElement as HTMLElement;
    backend.expectOne('/api/wallets').flush({ data: [] });
    await fixture.whenStable();
    const amount = root.querySelector<HTMLInputElement>('input[formcontrolname="amount"]')!;
    expect(amount.value).toBe('575.00');

    root.querySelector<HTMLButtonElement>('form button[type="submit"]')!.click();
    const request = backend.expectOne({ method: 'POST', url: '/api/wallets/fundings' });
    expect(request.request.body).toEqual({ amount: 57500, currency: 'NGN' });
    expect(request.request.headers.get('Idempotency-Key')).toMatch(/^[0-9a-f-]{36}$/);
    request.flush(funding({ amount: 57500 }), { status: 201, statusText: 'Created' });
    await fixture.whenStable();

    expect(went).toEqual(['http://localhost:8091/checkout/pi_1']);
    expect(pendingFunding()).toEqual({ id: 'fnd_1', return_to: '/pay/tok_1' });
  });

  it('never keeps a foreign return_to for after the checkout', async () => {
    const fixture = await open({ currency: 'NGN', amount: '100', return_to: '//evil.example/pay' });
    backend.expectOne('/api/wallets').flush({ data: [] });
    await fixture.whenStable();
    (fixture.nativeElement as HTMLElement).querySelector<HTMLButtonElement>('form button[type="submit"]')!.click();
    backend.expectOne({ method: 'POST', url: '/api/wallets/fundings' }).flush(funding(), { status: 201, statusText: 'Created' });
    await fixture.whenStable();
    expect(pendingFunding()).toEqual({ id: 'fnd_1', return_to: null });
  });

  it('explains a 403 of a funding: the sign-in may not pay money in', async () => {
    const fixture = await open({ currency: 'NGN', amount: '100' });
    const root = fixture.nativeElement as HTMLElement;
    backend.expectOne('/api/wallets').flush({ data: [] });
    await settle();
    root.querySelector<HTMLButtonElement>('form button[type="submit"]')!.click();
    backend.expectOne({ method: 'POST', url: '/api/wallets/fundings' }).flush(
      { title: 'Forbidden', status: 403, detail: 'the token lacks the scope wallets:fund' },
      { status: 403, statusText: 'Forbidden' },
    );
    await settle();
    expect(root.querySelector('[role="alert"]')?.textContent).toContain('Paying money in is not allowed for this sign-in');
    expect(went).toEqual([]);
  });

  it('refuses an amount with more decimals than the currency has, before asking the server', async () => {
    const fixture = await open();
    const root = fixture.nativeElement as HTMLElement;
    backend.expectOne('/api/wallets').flush({ data: [] });
    await fixture.whenStable();
    const amount = root.querySelector<HTMLInputElement>('input[formcontrolname="amount"]')!;
    amount.value = '10.005';
    amount.dispatchEvent(new Event('input'));
    root.querySelector<HTMLButtonElement>('form button[type="submit"]')!.click();
    await fixture.whenStable();
    backend.expectNone('/api/wallets/fundings');
    expect(text(root)).toContain('An amount above zero');
  });

  it('back from the checkout: follows the funding until it settles, then links back to what was being paid', async () => {
    rememberFunding({ id: 'fnd_1', return_to: '/pay/tok_1' });
    const fixture = await open();
    const root = fixture.nativeElement as HTMLElement;
    backend.expectOne('/api/wallets').flush({ data: [] });
    await settle();
    backend.expectOne('/api/wallets/fundings/fnd_1').flush(funding());
    await settle();
    expect(root.querySelector('[data-testid="funding-status"]')?.textContent).toContain('Waiting for the payment provider');

    await new Promise((resolve) => setTimeout(resolve, 1600));
    backend.expectOne('/api/wallets/fundings/fnd_1').flush(funding({ status: 'succeeded', checkout_url: null }));
    await settle();
    backend.expectOne('/api/wallets').flush({ data: [{ currency: 'NGN', balance: 500000, updated_at: '2026-12-01T10:01:00Z' }] });
    await settle();

    expect(root.querySelector('[data-testid="funding-status"]')?.textContent).toContain('The money is in your wallet.');
    expect(root.querySelector('[data-testid="back"]')?.getAttribute('href')).toBe('/pay/tok_1');
    expect(pendingFunding()).toBeNull();
  });

  it('says in words what moved', () => {
    expect(describeTransaction(line({ kind: 'charge', amount: -1500, counterparty: 'revenue' }))).toBe('Service charge');
    expect(describeTransaction(line({ kind: 'payment', amount: 1000, counterparty: 'ada', counterparty_name: 'Ada' }))).toBe('Received from Ada');
  });
});
