import { Invoice } from '../api/invoices-api';
import { CloudEvent } from '../shell/live-updates';

export interface TimelineEntry {
  at: string;
  what: string;
  live?: boolean;
}

const EVENT_TEXT: Record<string, string> = {
  'invoice.created': 'Draft written',
  'invoice.updated': 'Draft changed',
  'invoice.issued': 'Issued',
  'invoice.sent': 'Marked as sent',
  'invoice.paid': 'Paid',
  'invoice.voided': 'Voided',
  'invoice.deleted': 'Deleted',
};

/** What happened to an invoice, oldest first, from its own timestamps. */
export function timelineOf(invoice: Invoice): TimelineEntry[] {
  const entries: TimelineEntry[] = [{ at: invoice.created_at, what: 'Draft written' }];
  if (invoice.issued_at) entries.push({ at: invoice.issued_at, what: `Issued as ${invoice.number ?? ''}`.trim() });
  if (invoice.sent_at) entries.push({ at: invoice.sent_at, what: 'Marked as sent' });
  if (invoice.paid_at) {
    entries.push({ at: invoice.paid_at, what: invoice.payment_reference ? `Paid (${invoice.payment_reference})` : 'Paid' });
  }
  if (invoice.voided_at) entries.push({ at: invoice.voided_at, what: 'Voided' });
  return entries.sort((a, b) => a.at.localeCompare(b.at));
}

/** An event that arrived while the page was open, as a line of the timeline. */
export function timelineEntry(event: CloudEvent): TimelineEntry {
  return { at: event.time ?? new Date().toISOString(), what: EVENT_TEXT[event.type] ?? event.type, live: true };
}
