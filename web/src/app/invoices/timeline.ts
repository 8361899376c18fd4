import { Invoice, TimelineItem } from '../api/invoices-api';
import { formatMoney } from '../api/money';

/** One line of an invoice's timeline as the page shows it. */
export interface TimelineEntry {
  /** what identifies the entry across refetches (type, time, send) */
  key: string;
  at: string;
  type: string;
  what: string;
  /** a send that did not reach its recipient */
  bad?: boolean;
  /** happened while the page was open */
  live?: boolean;
}

function entry(type: string, at: string, what: string, sendId?: string | null, bad = false): TimelineEntry {
  return { key: `${type}|${at}|${sendId ?? ''}`, at, type, what, ...(bad ? { bad } : {}) };
}

/**
 * What happened to an invoice, oldest first, from its own timestamps: the timeline of a server
 * without `GET /api/invoices/{id}/timeline` (it answers 404 there).
 */
export function timelineOf(invoice: Invoice): TimelineEntry[] {
  const entries = [entry('invoice.created', invoice.created_at, 'Draft written')];
  if (invoice.issued_at) entries.push(entry('invoice.issued', invoice.issued_at, `Issued as ${invoice.number ?? ''}`.trim()));
  if (invoice.sent_at) entries.push(entry('invoice.sent', invoice.sent_at, 'Marked as sent'));
  if (invoice.paid_at) {
    entries.push(entry('invoice.paid', invoice.paid_at, invoice.payment_reference ? `Paid (${invoice.payment_reference})` : 'Paid'));
  }
  if (invoice.voided_at) entries.push(entry('invoice.voided', invoice.voided_at, 'Voided'));
  return sorted(entries);
}

/** The server's timeline (`GET /api/invoices/{id}/timeline`) in words, oldest first. */
export function timelineFrom(items: readonly TimelineItem[], invoice: Invoice): TimelineEntry[] {
  return sorted(items.map((item) => entry(item.type, item.at, describe(item, invoice), item.send_id, BAD.has(item.type))));
}

const BAD = new Set(['send.bounced', 'send.failed']);
const KIND_TEXT: Record<string, string> = { invoice: 'Invoice', reminder: 'Reminder', receipt: 'Receipt', paid_notice: 'Paid notice' };

function describe(item: TimelineItem, invoice: Invoice): string {
  const what = KIND_TEXT[item.kind ?? 'invoice'] ?? 'Invoice';
  const to = item.recipient ? ` to ${item.recipient}` : '';
  const why = item.detail ? `: ${item.detail}` : '';
  switch (item.type) {
    case 'invoice.created':
      return 'Draft written';
    case 'invoice.issued':
      return `Issued as ${item.number ?? invoice.number ?? ''}`.trim();
    case 'send.queued':
      return `${what} email queued${to}`;
    case 'send.sent':
      return `${what} emailed${to}`;
    case 'send.delivered':
      return `${what} email delivered${to}`;
    case 'send.bounced':
      return `${what} email bounced${to}${why}`;
    case 'send.failed':
      return `${what} email could not be sent${to}${why}`;
    case 'invoice.viewed':
      return 'Opened by the customer';
    case 'invoice.paid': {
      const amount = item.amount ? ` ${formatMoney(item.amount)}` : '';
      const reference = item.reference ? ` (${item.reference})` : '';
      return `Paid${amount}${reference}`;
    }
    case 'invoice.voided':
      return 'Voided';
    case 'invoice.sent':
      return 'Marked as sent';
    default:
      return item.type;
  }
}

/** The entries with those not in `before` (the timeline as first shown) marked live. */
export function markNew(entries: TimelineEntry[], before: ReadonlySet<string> | null): TimelineEntry[] {
  return before ? entries.map((e) => (before.has(e.key) ? e : { ...e, live: true })) : entries;
}

function sorted(entries: TimelineEntry[]): TimelineEntry[] {
  // by instant (the server's times differ in precision), ties in the order given
  return entries.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}
