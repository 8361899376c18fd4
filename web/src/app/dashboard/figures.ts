import { Invoice } from '../api/invoices-api';

/** The dashboard's amounts in one currency, in minor units. */
export interface CurrencyFigures {
  currency: string;
  outstanding: number;
  overdue: number;
  paidThisMonth: number;
}

/**
 * Outstanding = what is still due on issued and sent invoices; overdue = the part of it past
 * its due date; paid this month = the totals of invoices paid since the 1st of `now`'s month
 * (the viewer's time zone). One entry per currency, never summed across currencies.
 */
export function figuresByCurrency(invoices: readonly Invoice[], now: Date): CurrencyFigures[] {
  const monthStart = new Date(now.getFullYear(), now.getMonth(), 1).getTime();
  const byCurrency = new Map<string, CurrencyFigures>();
  const entry = (currency: string) => {
    let figures = byCurrency.get(currency);
    if (!figures) {
      figures = { currency, outstanding: 0, overdue: 0, paidThisMonth: 0 };
      byCurrency.set(currency, figures);
    }
    return figures;
  };
  const seen = new Set<string>();
  for (const invoice of invoices) {
    if (seen.has(invoice.id)) {
      continue;
    }
    seen.add(invoice.id);
    if (invoice.status === 'issued' || invoice.status === 'sent') {
      const figures = entry(invoice.currency);
      figures.outstanding += invoice.totals.amount_due.amount;
      if (invoice.overdue) {
        figures.overdue += invoice.totals.amount_due.amount;
      }
    } else if (invoice.status === 'paid' && invoice.paid_at && Date.parse(invoice.paid_at) >= monthStart) {
      entry(invoice.currency).paidThisMonth += invoice.totals.total.amount;
    }
  }
  return [...byCurrency.values()].sort((a, b) => a.currency.localeCompare(b.currency));
}
