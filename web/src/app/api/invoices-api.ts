import { HttpClient, HttpHeaders, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable, map } from 'rxjs';
import { Money } from './money';
import { Page } from './page';

export type InvoiceStatus = 'draft' | 'issued' | 'sent' | 'paid' | 'void';
export const INVOICE_STATUSES: readonly InvoiceStatus[] = ['draft', 'issued', 'sent', 'paid', 'void'];

export interface Address {
  line1?: string | null;
  line2?: string | null;
  city?: string | null;
  region?: string | null;
  postal_code?: string | null;
  country?: string | null;
}

export interface PartyInput {
  name: string;
  email?: string | null;
  address?: Address | null;
  tax_id?: string | null;
}

export interface Customer {
  id: string;
  name: string;
  email: string | null;
  address: Address | null;
  tax_id: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

/** A line as written: quantity and percentages are decimal strings, the price minor units. */
export interface LineInput {
  description?: string;
  quantity: string;
  unit_price: number;
  tax_rate?: string;
  discount?: string;
}

export interface LineTotal {
  gross: Money;
  discount: Money;
  net: Money;
  tax: Money;
  total: Money;
}

export interface Totals {
  lines: LineTotal[];
  subtotal: Money;
  discount: Money;
  tax_by_rate: { rate: string; amount: Money }[];
  tax: Money;
  total: Money;
  amount_paid: Money;
  amount_due: Money;
}

export interface InvoiceInput {
  customer_id?: string;
  customer?: PartyInput;
  currency: string;
  issue_date: string;
  due_date: string;
  lines: LineInput[];
  notes?: string | null;
  terms?: string | null;
  tax_label?: string | null;
}

export interface Invoice {
  id: string;
  status: InvoiceStatus;
  overdue: boolean;
  number: string | null;
  customer_id: string | null;
  customer: PartyInput | null;
  business: PartyInput | null;
  currency: string;
  issue_date: string;
  due_date: string;
  lines: Required<LineInput>[];
  notes: string | null;
  terms: string | null;
  tax_label: string | null;
  totals: Totals;
  pay_token: string | null;
  pay_url: string | null;
  payment_reference: string | null;
  version: number;
  created_at: string;
  updated_at: string;
  issued_at: string | null;
  sent_at: string | null;
  paid_at: string | null;
  voided_at: string | null;
  /** who paid from their wallet (null when unpaid or paid outside Lightweight; absent on older servers) */
  paid_by?: { subject: string; name: string | null; email: string | null } | null;
}

/** The pay link's view of an invoice: no ids of the business. */
export type PublicInvoice = Pick<
  Invoice,
  | 'status' | 'overdue' | 'number' | 'business' | 'customer' | 'currency' | 'issue_date'
  | 'due_date' | 'lines' | 'notes' | 'terms' | 'tax_label' | 'totals' | 'pay_url'
>;

export interface InvoiceSettings {
  number_prefix: string;
  tax_label: string | null;
  business: PartyInput | null;
}

export interface InvoiceFilter {
  status?: InvoiceStatus | null;
  customer_id?: string | null;
  overdue?: boolean | null;
  issue_date_from?: string | null;
  issue_date_to?: string | null;
  q?: string | null;
  limit?: number;
  cursor?: string | null;
}

export type LifecycleMove = 'issue' | 'send' | 'void' | 'mark-paid';

/** One thing that happened to an invoice (`GET /api/invoices/{id}/timeline`). */
export interface TimelineItem {
  type: string;
  at: string;
  send_id?: string;
  kind?: 'invoice' | 'reminder' | 'receipt' | 'paid_notice' | string;
  recipient?: string;
  detail?: string;
  amount?: Money;
  number?: string;
  reference?: string;
}

/** An email about an invoice, accepted for sending (`POST /api/invoices/{id}/send`: 202). */
export interface InvoiceSend {
  id: string;
  invoice_id?: string;
  kind: 'invoice' | 'reminder' | 'receipt' | 'paid_notice';
  recipient?: string | null;
  status: 'queued' | 'sent' | 'delivered' | 'bounced' | 'failed';
  created_at?: string;
  /** the invoice after the send */
  invoice?: Invoice;
}

/** The answer of a send: the email queued, or (a server before emails) the invoice marked as sent. */
export type SendAnswer = { queued: InvoiceSend } | { invoice: Invoice };

const BASE = '/api/invoices';

/** The invoices service, typed after its contract (verticles/invoices/.../openapi.yaml). */
@Injectable({ providedIn: 'root' })
export class InvoicesApi {
  private readonly http = inject(HttpClient);

  listCustomers(query: { q?: string | null; limit?: number; cursor?: string | null } = {}): Observable<Page<Customer>> {
    return this.http.get<Page<Customer>>(`${BASE}/customers`, { params: params(query) });
  }

  customer(id: string): Observable<Customer> {
    return this.http.get<Customer>(`${BASE}/customers/${encodeURIComponent(id)}`);
  }

  createCustomer(customer: PartyInput): Observable<Customer> {
    return this.http.post<Customer>(`${BASE}/customers`, customer, { headers: idempotent() });
  }

  replaceCustomer(id: string, customer: PartyInput): Observable<Customer> {
    return this.http.put<Customer>(`${BASE}/customers/${encodeURIComponent(id)}`, customer);
  }

  deleteCustomer(id: string): Observable<void> {
    return this.http.delete<void>(`${BASE}/customers/${encodeURIComponent(id)}`);
  }

  settings(): Observable<InvoiceSettings> {
    return this.http.get<InvoiceSettings>(`${BASE}/settings`);
  }

  saveSettings(settings: InvoiceSettings): Observable<InvoiceSettings> {
    return this.http.put<InvoiceSettings>(`${BASE}/settings`, settings);
  }

  list(filter: InvoiceFilter = {}): Observable<Page<Invoice>> {
    return this.http.get<Page<Invoice>>(BASE, { params: params(filter) });
  }

  invoice(id: string): Observable<Invoice> {
    return this.http.get<Invoice>(`${BASE}/${encodeURIComponent(id)}`);
  }

  create(invoice: InvoiceInput): Observable<Invoice> {
    return this.http.post<Invoice>(BASE, invoice, { headers: idempotent() });
  }

  /** Changes a draft written at `version` (the server answers 412 when it changed since). */
  update(id: string, version: number, patch: Partial<InvoiceInput>): Observable<Invoice> {
    return this.http.patch<Invoice>(`${BASE}/${encodeURIComponent(id)}`, patch, {
      headers: new HttpHeaders({ 'If-Match': `"${version}"` }),
    });
  }

  deleteDraft(id: string, version: number): Observable<void> {
    return this.http.delete<void>(`${BASE}/${encodeURIComponent(id)}`, {
      headers: new HttpHeaders({ 'If-Match': `"${version}"` }),
    });
  }

  /** A lifecycle move; one the invoice's state does not allow answers 409. */
  move(id: string, move: LifecycleMove, body: { reference: string } | null = null): Observable<Invoice> {
    if (move === 'send') {
      // emailing answers the send, not the invoice: send() (this keeps move('send') truthful)
      return this.send(id).pipe(map((answer) => ('invoice' in answer ? answer.invoice : answer.queued.invoice!)));
    }
    return this.http.post<Invoice>(`${BASE}/${encodeURIComponent(id)}/${move}`, body, { headers: idempotent() });
  }

  /**
   * Emails the invoice to its customer (a reminder when it was sent before): 202 with the send; a
   * server before emails marks it as sent and answers the invoice. 422: the customer has no email.
   */
  send(id: string): Observable<SendAnswer> {
    return this.http
      .post<InvoiceSend | Invoice>(`${BASE}/${encodeURIComponent(id)}/send`, null, { headers: idempotent() })
      .pipe(map((body) => ('totals' in body ? { invoice: body } : { queued: body })));
  }

  /** What happened to the invoice, oldest first; a server before timelines answers 404. */
  timeline(id: string): Observable<{ items: TimelineItem[] }> {
    return this.http.get<{ items: TimelineItem[] }>(`${BASE}/${encodeURIComponent(id)}/timeline`);
  }

  pdfUrl(id: string): string {
    return `${BASE}/${encodeURIComponent(id)}/pdf`;
  }

  publicInvoice(token: string): Observable<PublicInvoice> {
    return this.http.get<PublicInvoice>(`${BASE}/public/${encodeURIComponent(token)}`);
  }

  /**
   * Pays the invoice from the signed-in payer's wallet: 200 with the invoice, paid. 409: not
   * enough money (`insufficient-funds` with `shortfall` and `funding_url`) or not payable; 503:
   * wallets cannot be reached.
   */
  payPublic(token: string): Observable<PublicInvoice> {
    return this.http.post<PublicInvoice>(`${BASE}/public/${encodeURIComponent(token)}/pay`, null, { headers: idempotent() });
  }

  publicPdfUrl(token: string): string {
    return `${BASE}/public/${encodeURIComponent(token)}/pdf`;
  }
}

function params(query: object): HttpParams {
  let result = new HttpParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== null && value !== undefined && value !== '') {
      result = result.set(name, String(value));
    }
  }
  return result;
}

/** A fresh key per call: a retried request (same call) is answered once by the server. */
function idempotent(): HttpHeaders {
  return new HttpHeaders({ 'Idempotency-Key': crypto.randomUUID() });
}
