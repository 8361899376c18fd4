import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { PublicInvoice } from '../api/invoices-api';
import { problemInterceptor } from '../api/problem';
import { sessionExpiry } from '../shell/session-expiry';
import { PageNavigation } from '../shell/page-navigation';
import { PayPage } from './pay-page';

function publicInvoice(changes: Partial<PublicInvoice> = {}): PublicInvoice {
  const money = (amount: number) => ({ amount, currency: 'NGN' });
  return {
    status: 'sent', overdue: false, number: 'INV-2026-000001', business: { name: 'Obi Studio' }, customer: { name: 'Acme' },
    currency: 'NGN', issue_date: '2026-12-01', due_date: '2026-12-15', lines: [], notes: null, terms: null, tax_label: null,
    totals: { lines: [], subtotal: money(107500), discount: money(0), tax_by_rate: [], tax: money(0), total: money(107500), amount_paid: money(0), amount_due: money(107500) },
    pay_url: 'http://localhost:8080/pay/tok_1',
    ...changes,
  };
}

describe('PayPage', () => {
  let backend: HttpTestingController;
  let went: string[];

  beforeEach(() => {
    went = [];
    TestBed.configureTestingModule({
      imports: [PayPage],
      providers: [
        provideHttpClient(withInterceptors([sessionExpiry, problemInterceptor])),
        provideHttpClientTesting(),
        { provide: PageNavigation, useValue: { go: (url: string) => went.push(url), currentPath: () => '/pay/tok_1' } },
      ],
    });
    backend = TestBed.inject(HttpTestingController);
  });

  async function open(signedIn: boolean, invoice = publicInvoice()) {
    const fixture = TestBed.createComponent(PayPage);
    fixture.componentRef.setInput('token', 'tok_1');
    fixture.detectChanges();
    backend.expectOne('/api/invoices/public/tok_1').flush(invoice);
    const session = backend.expectOne('/auth/session');
    if (signedIn) {
      session.flush({ subject: 'payer-1', name: 'Pat Payer', email: 'pat@example.com', expires_at: '2026-12-01T12:00:00Z' });
    } else {
      session.flush({ title: 'Unauthorized', status: 401 }, { status: 401, statusText: 'Unauthorized' });
    }
    await fixture.whenStable();
    return fixture;
  }

  const payButton = (root: HTMLElement) => [...root.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Pay from wallet')!;
  const text = (root: HTMLElement) => root.textContent?.replace(/\s+/g, ' ') ?? '';

  it('sends a payer who is not signed in to sign in first, and back to this page', async () => {
    const fixture = await open(false);
    payButton(fixture.nativeElement).click();
    expect(went).toEqual(['/auth/login?return_to=%2Fpay%2Ftok_1']);
  });

  it('pays from the wallet and shows the paid confirmation', async () => {
    const fixture = await open(true);
    const root = fixture.nativeElement as HTMLElement;
    expect(text(root)).toContain('Signed in as Pat Payer');

    payButton(root).click();
    const pay = backend.expectOne({ method: 'POST', url: '/api/invoices/public/tok_1/pay' });
    expect(pay.request.headers.has('Idempotency-Key')).toBe(true);
    pay.flush(publicInvoice({ status: 'paid', totals: { ...publicInvoice().totals, amount_due: { amount: 0, currency: 'NGN' }, amount_paid: { amount: 107500, currency: 'NGN' } } }));
    await fixture.whenStable();

    expect(root.querySelector('[data-testid="paid"]')?.textContent).toMatch(/Paid .*1,075\.00 from your wallet/);
    expect(payButton(root)).toBeUndefined();
  });

  it('shows the shortfall of an insufficient-funds answer and links to fund the wallet and come back', async () => {
    const fixture = await open(true);
    const root = fixture.nativeElement as HTMLElement;
    payButton(root).click();
    backend.expectOne({ method: 'POST', url: '/api/invoices/public/tok_1/pay' }).flush(
      {
        type: 'https://lightweight.app/problems/insufficient-funds', title: 'Insufficient funds', status: 409,
        detail: 'the wallet holds NGN 500.00 of NGN 1075.00', shortfall: { amount: 57500, currency: 'NGN' }, currency: 'NGN',
        funding_url: `${location.origin}/wallet?currency=NGN&amount=57500&return_to=/pay/tok_1`, // absolute, this app's
      },
      { status: 409, statusText: 'Conflict' },
    );
    await fixture.whenStable();

    const shortfall = root.querySelector('[data-testid="shortfall"]')!;
    expect(shortfall.textContent).toContain('575.00');
    expect(shortfall.querySelector('a')?.textContent).toContain('Fund wallet');
    expect(shortfall.querySelector('a')?.getAttribute('href')).toBe('/wallet?currency=NGN&amount=57500&return_to=/pay/tok_1');
    expect(went).toEqual([]);
  });

  it('never links to another site as the funding URL', async () => {
    const fixture = await open(true);
    const root = fixture.nativeElement as HTMLElement;
    payButton(root).click();
    backend.expectOne({ method: 'POST', url: '/api/invoices/public/tok_1/pay' }).flush(
      // the invoices service's shape: shortfall in minor units, currency beside it
      { title: 'Insufficient funds', status: 409, shortfall: 100, currency: 'NGN', funding_url: 'https://evil.example/wallet' },
      { status: 409, statusText: 'Conflict' },
    );
    await fixture.whenStable();
    expect(root.querySelector('[data-testid="shortfall"] a')?.getAttribute('href')).toBe('/wallet?currency=NGN&amount=100&return_to=%2Fpay%2Ftok_1');
  });

  it('explains a 409 of an invoice that cannot be paid and loads it again', async () => {
    const fixture = await open(true);
    const root = fixture.nativeElement as HTMLElement;
    payButton(root).click();
    backend.expectOne({ method: 'POST', url: '/api/invoices/public/tok_1/pay' }).flush(
      { title: 'Conflict', status: 409, detail: 'a void invoice cannot be paid' },
      { status: 409, statusText: 'Conflict' },
    );
    await new Promise((resolve) => setTimeout(resolve));
    TestBed.tick();
    expect(text(root)).toContain('This invoice cannot be paid now');
    backend.expectOne('/api/invoices/public/tok_1').flush(publicInvoice({ status: 'void' }));
    await fixture.whenStable();
    expect(text(root)).toContain('This invoice was voided');
  });

  it('explains a 503 of the wallets: nothing was taken', async () => {
    const again = await open(true);
    payButton(again.nativeElement).click();
    backend.expectOne({ method: 'POST', url: '/api/invoices/public/tok_1/pay' }).flush(
      { title: 'Service unavailable', status: 503, detail: 'wallets cannot be reached' },
      { status: 503, statusText: 'Service Unavailable' },
    );
    await again.whenStable();
    expect(text(again.nativeElement)).toContain('Payments are unavailable right now');
    expect(text(again.nativeElement)).toContain('Nothing was taken from your wallet');
  });
});
