import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { Subject } from 'rxjs';
import { Invoice } from '../api/invoices-api';
import { problemInterceptor } from '../api/problem';
import { CloudEvent, LiveUpdates } from '../shell/live-updates';
import { InvoiceDetail } from './invoice-detail';

function invoice(changes: Partial<Invoice> = {}): Invoice {
  const money = (amount: number) => ({ amount, currency: 'NGN' });
  return {
    id: 'inv_1', status: 'issued', overdue: false, number: 'INV-2026-000001', customer_id: 'cus_1',
    customer: { name: 'Globex' }, business: null, currency: 'NGN', issue_date: '2026-12-01', due_date: '2026-12-15',
    lines: [], notes: null, terms: null, tax_label: null,
    totals: { lines: [], subtotal: money(107500), discount: money(0), tax_by_rate: [], tax: money(0), total: money(107500), amount_paid: money(0), amount_due: money(107500) },
    pay_token: 'tok', pay_url: 'http://localhost:8080/pay/tok', payment_reference: null, version: 2,
    created_at: '2026-12-01T09:00:00Z', updated_at: '2026-12-01T09:05:00Z', issued_at: '2026-12-01T09:05:00Z',
    sent_at: null, paid_at: null, voided_at: null,
    ...changes,
  };
}

describe('InvoiceDetail', () => {
  let backend: HttpTestingController;
  let events: Subject<CloudEvent>;

  beforeEach(() => {
    events = new Subject();
    TestBed.configureTestingModule({
      imports: [InvoiceDetail],
      providers: [
        provideHttpClient(withInterceptors([problemInterceptor])),
        provideHttpClientTesting(),
        provideRouter([]),
        {
          provide: LiveUpdates,
          useValue: { about: () => events, events, status: () => 'live' },
        },
      ],
    });
    backend = TestBed.inject(HttpTestingController);
  });

  async function open() {
    const fixture = TestBed.createComponent(InvoiceDetail);
    fixture.componentRef.setInput('id', 'inv_1');
    fixture.detectChanges();
    backend.expectOne('/api/invoices/inv_1').flush(invoice());
    await fixture.whenStable();
    return fixture;
  }

  it('shows the PDF inline and the status', async () => {
    const fixture = await open();
    const root = fixture.nativeElement as HTMLElement;
    expect(root.querySelector('iframe')?.getAttribute('src')).toBe('/api/invoices/inv_1/pdf');
    expect(root.querySelector('[data-testid="status"]')?.textContent).toContain('Issued');
  });

  it('explains a 409 from the lifecycle and reloads the invoice', async () => {
    const fixture = await open();
    const root = fixture.nativeElement as HTMLElement;
    const send = [...root.querySelectorAll('button')].find((b) => b.textContent?.includes('Mark as sent'))!;
    send.click();
    backend.expectOne({ method: 'POST', url: '/api/invoices/inv_1/send' }).flush(
      { title: 'Conflict', status: 409, detail: 'a void invoice cannot be sent' },
      { status: 409, statusText: 'Conflict' },
    );
    await new Promise((resolve) => setTimeout(resolve));
    backend.expectOne('/api/invoices/inv_1').flush(invoice({ status: 'void', voided_at: '2026-12-01T09:10:00Z', version: 3 }));
    await fixture.whenStable();

    const alert = root.querySelector('[role="alert"]')?.textContent ?? '';
    expect(alert).toContain('This invoice cannot be marked as sent now');
    expect(alert).toContain('a void invoice cannot be sent');
    expect(root.querySelector('[data-testid="status"]')?.textContent).toContain('Void');
  });

  it('updates status and timeline when the bridge delivers an event about it', async () => {
    const fixture = await open();
    const root = fixture.nativeElement as HTMLElement;

    events.next({
      specversion: '1.0', id: 'e1', type: 'invoice.paid', source: '/invoices', time: '2026-12-01T10:00:00Z',
      data: { ...invoice({ status: 'paid', paid_at: '2026-12-01T10:00:00Z', payment_reference: 'TRF-1', version: 3 }), tenant: 'sub-1' },
    });
    await fixture.whenStable();

    expect(root.querySelector('[data-testid="status"]')?.textContent).toContain('Paid');
    expect(root.querySelector('[data-testid="timeline"]')?.textContent).toContain('Paid (TRF-1)');
  });
});
