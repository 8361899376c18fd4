import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { Subject } from 'rxjs';
import { Invoice, TimelineItem } from '../api/invoices-api';
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
          // the real filter (which events are about the invoice), over events the test sends
          useValue: { about: (id: string) => LiveUpdates.prototype.about.call({ events } as unknown as LiveUpdates, id), events, status: () => 'live' },
        },
      ],
    });
    backend = TestBed.inject(HttpTestingController);
  });

  const notFound = { status: 404, statusText: 'Not Found' };
  const problem404 = { title: 'Not Found', status: 404, detail: 'no such page' };

  /** The page of an invoice; `timeline` is the server's, or none (a server before timelines: 404). */
  async function open(opened: Invoice = invoice(), timeline: TimelineItem[] | null = null) {
    const fixture = TestBed.createComponent(InvoiceDetail);
    fixture.componentRef.setInput('id', 'inv_1');
    fixture.detectChanges();
    backend.expectOne('/api/invoices/inv_1').flush(opened);
    answerTimeline(timeline);
    await fixture.whenStable();
    return fixture;
  }

  function answerTimeline(items: TimelineItem[] | null) {
    TestBed.tick(); // a reload asks once effects have run
    const request = backend.expectOne('/api/invoices/inv_1/timeline');
    if (items) {
      request.flush({ items });
    } else {
      request.flush(problem404, notFound);
    }
  }

  const lines = (root: HTMLElement) => [...root.querySelectorAll('[data-testid="timeline"] li')].map((li) => li.textContent?.trim() ?? '');
  const button = (root: HTMLElement, text: string) => [...root.querySelectorAll('button')].find((b) => b.textContent?.trim() === text);
  const event = (type: string, data: object, time = '2026-12-01T10:00:00Z'): CloudEvent => ({
    specversion: '1.0', id: `e-${type}-${time}`, type, source: '/invoices', time, data,
  });

  it('shows the PDF inline and the status', async () => {
    const fixture = await open();
    const root = fixture.nativeElement as HTMLElement;
    expect(root.querySelector('iframe')?.getAttribute('src')).toBe('/api/invoices/inv_1/pdf');
    expect(root.querySelector('[data-testid="status"]')?.textContent).toContain('Issued');
  });

  it('explains a 409 from the lifecycle and reloads the invoice', async () => {
    const fixture = await open();
    const root = fixture.nativeElement as HTMLElement;
    button(root, 'Send')!.click();
    backend.expectOne({ method: 'POST', url: '/api/invoices/inv_1/send' }).flush(
      { title: 'Conflict', status: 409, detail: 'a void invoice cannot be sent' },
      { status: 409, statusText: 'Conflict' },
    );
    await new Promise((resolve) => setTimeout(resolve));
    backend.expectOne('/api/invoices/inv_1').flush(invoice({ status: 'void', voided_at: '2026-12-01T09:10:00Z', version: 3 }));
    await fixture.whenStable();

    const alert = root.querySelector('[role="alert"]')?.textContent ?? '';
    expect(alert).toContain('This invoice cannot be sent now');
    expect(alert).toContain('a void invoice cannot be sent');
    expect(root.querySelector('[data-testid="status"]')?.textContent).toContain('Void');
  });

  it('updates status and timeline when the bridge delivers an event about it', async () => {
    const fixture = await open();
    const root = fixture.nativeElement as HTMLElement;

    events.next(event('invoice.paid', { ...invoice({ status: 'paid', paid_at: '2026-12-01T10:00:00Z', payment_reference: 'TRF-1', version: 3 }), tenant: 'sub-1' }));
    answerTimeline(null);
    await fixture.whenStable();

    expect(root.querySelector('[data-testid="status"]')?.textContent).toContain('Paid');
    expect(root.querySelector('[data-testid="timeline"]')?.textContent).toContain('Paid (TRF-1)');
  });

  it('shows an event the page heard live once, beside the invoice\'s own timestamps (no "Issued" twice)', async () => {
    const draft = invoice({ status: 'draft', number: null, issued_at: null, version: 1 });
    const fixture = await open(draft);
    const root = fixture.nativeElement as HTMLElement;
    expect(lines(root)).toHaveLength(1);

    events.next(event('invoice.issued', { ...invoice({ issued_at: '2026-12-01T10:00:00Z' }), tenant: 'sub-1' }));
    answerTimeline(null);
    await fixture.whenStable();

    expect(lines(root).filter((line) => line.includes('Issued'))).toHaveLength(1);
    expect(lines(root)).toHaveLength(2);
    expect(root.querySelectorAll('[data-testid="timeline"] li.live')).toHaveLength(1);
    expect(root.querySelector('li.live')?.textContent).toContain('Issued as INV-2026-000001');
  });

  it('shows the server\'s timeline and fetches it again when a live event about the invoice arrives', async () => {
    const items: TimelineItem[] = [
      { type: 'invoice.created', at: '2026-12-01T09:00:00Z' },
      { type: 'invoice.issued', at: '2026-12-01T09:05:00Z', number: 'INV-2026-000001' },
      { type: 'send.queued', at: '2026-12-01T09:06:00Z', send_id: 'snd_1', kind: 'invoice', recipient: 'ap@globex.example' },
    ];
    const fixture = await open(invoice({ status: 'sent', sent_at: '2026-12-01T09:06:00Z', version: 3 }), items);
    const root = fixture.nativeElement as HTMLElement;
    expect(lines(root)).toEqual([
      expect.stringContaining('Draft written'),
      expect.stringContaining('Issued as INV-2026-000001'),
      expect.stringContaining('Invoice email queued to ap@globex.example'),
    ]);
    expect(button(root, 'Send reminder')).toBeTruthy();

    // an email service event names the invoice in its metadata
    events.next(event('email.delivered', { id: 'msg_1', metadata: { invoice_id: 'inv_1' }, tenant: 'sub-1' }));
    answerTimeline([
      ...items,
      { type: 'send.sent', at: '2026-12-01T09:06:02Z', send_id: 'snd_1', kind: 'invoice', recipient: 'ap@globex.example' },
      { type: 'send.delivered', at: '2026-12-01T09:06:03.5Z', send_id: 'snd_1', kind: 'invoice', recipient: 'ap@globex.example' },
    ]);
    await fixture.whenStable();

    expect(lines(root)).toHaveLength(5);
    expect(lines(root).filter((line) => line.includes('Issued'))).toHaveLength(1);
    const live = [...root.querySelectorAll('[data-testid="timeline"] li.live')].map((li) => li.getAttribute('data-type'));
    expect(live).toEqual(['send.sent', 'send.delivered']);

    // an event about another invoice asks for nothing
    events.next(event('email.delivered', { id: 'msg_2', metadata: { invoice_id: 'inv_2' } }));
    TestBed.tick();
    backend.expectNone('/api/invoices/inv_1/timeline');
  });

  it('sends the invoice: the email is queued, the invoice and its timeline are fetched again', async () => {
    const fixture = await open(invoice(), [{ type: 'invoice.created', at: '2026-12-01T09:00:00Z' }, { type: 'invoice.issued', at: '2026-12-01T09:05:00Z' }]);
    const root = fixture.nativeElement as HTMLElement;

    button(root, 'Send')!.click();
    backend.expectOne({ method: 'POST', url: '/api/invoices/inv_1/send' }).flush(
      { id: 'snd_1', kind: 'invoice', status: 'queued' },
      { status: 202, statusText: 'Accepted' },
    );
    await new Promise((resolve) => setTimeout(resolve));
    backend.expectOne('/api/invoices/inv_1').flush(invoice({ status: 'sent', sent_at: '2026-12-01T09:06:00Z', version: 3 }));
    answerTimeline([
      { type: 'invoice.created', at: '2026-12-01T09:00:00Z' },
      { type: 'invoice.issued', at: '2026-12-01T09:05:00Z' },
      { type: 'send.queued', at: '2026-12-01T09:06:00Z', send_id: 'snd_1', kind: 'invoice', recipient: 'ap@globex.example' },
    ]);
    await fixture.whenStable();

    expect(root.querySelector('[role="status"].sent')?.textContent).toContain('The invoice is on its way');
    expect(lines(root).at(-1)).toContain('Invoice email queued to ap@globex.example');
    expect(button(root, 'Send reminder')).toBeTruthy();
  });

  it('takes the invoice from the send\'s answer when it has one', async () => {
    const fixture = await open(invoice(), [{ type: 'invoice.issued', at: '2026-12-01T09:05:00Z' }]);
    const root = fixture.nativeElement as HTMLElement;

    button(root, 'Send')!.click();
    backend.expectOne({ method: 'POST', url: '/api/invoices/inv_1/send' }).flush(
      {
        id: 'snd_1', invoice_id: 'inv_1', kind: 'invoice', recipient: 'ap@globex.example', status: 'queued',
        created_at: '2026-12-01T09:06:00Z', invoice: invoice({ status: 'sent', sent_at: '2026-12-01T09:06:00Z', version: 3 }),
      },
      { status: 202, statusText: 'Accepted' },
    );
    await new Promise((resolve) => setTimeout(resolve));
    answerTimeline([{ type: 'invoice.issued', at: '2026-12-01T09:05:00Z' }, { type: 'send.queued', at: '2026-12-01T09:06:00Z', send_id: 'snd_1', kind: 'invoice', recipient: 'ap@globex.example' }]);
    await fixture.whenStable();

    backend.expectNone('/api/invoices/inv_1');
    expect(root.querySelector('[data-testid="status"]')?.textContent).toContain('Sent');
    expect(root.querySelector('[role="status"].sent')?.textContent).toContain('on its way to ap@globex.example');
  });

  it('explains a 422 of a send: the customer has no email address', async () => {
    const fixture = await open(invoice(), []);
    const root = fixture.nativeElement as HTMLElement;

    button(root, 'Send')!.click();
    backend.expectOne({ method: 'POST', url: '/api/invoices/inv_1/send' }).flush(
      { title: 'Unprocessable', status: 422, detail: 'the customer has no email address' },
      { status: 422, statusText: 'Unprocessable Content' },
    );
    await fixture.whenStable();

    const alert = root.querySelector('[role="alert"]')?.textContent ?? '';
    expect(alert).toContain('This invoice cannot be emailed');
    expect(alert).toContain('Add an email address to the customer');
  });
});
