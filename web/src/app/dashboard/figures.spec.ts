import { Invoice } from '../api/invoices-api';
import { figuresByCurrency } from './figures';

function invoice(id: string, status: Invoice['status'], currency: string, total: number, due: number, extra: Partial<Invoice> = {}): Invoice {
  const money = (amount: number) => ({ amount, currency });
  return {
    id, status, currency, overdue: false, paid_at: null,
    totals: { total: money(total), amount_due: money(due) },
    ...extra,
  } as Invoice;
}

describe('figuresByCurrency', () => {
  const now = new Date(2026, 11, 15, 12);

  it('sums outstanding, overdue and paid this month per currency, never across currencies', () => {
    const figures = figuresByCurrency(
      [
        invoice('1', 'issued', 'NGN', 107500, 107500),
        invoice('2', 'sent', 'NGN', 50000, 50000, { overdue: true }),
        invoice('3', 'paid', 'NGN', 20000, 0, { paid_at: new Date(2026, 11, 2).toISOString() }),
        invoice('4', 'paid', 'NGN', 99999, 0, { paid_at: new Date(2026, 10, 30).toISOString() }),
        invoice('5', 'issued', 'USD', 1000, 1000, { overdue: true }),
        invoice('6', 'draft', 'USD', 5000, 5000),
        invoice('7', 'void', 'USD', 7000, 7000),
        invoice('1', 'issued', 'NGN', 107500, 107500),
      ],
      now,
    );

    expect(figures).toEqual([
      { currency: 'NGN', outstanding: 157500, overdue: 50000, paidThisMonth: 20000 },
      { currency: 'USD', outstanding: 1000, overdue: 1000, paidThisMonth: 0 },
    ]);
  });

  it('has nothing to show without issued or paid invoices', () => {
    expect(figuresByCurrency([invoice('6', 'draft', 'USD', 5000, 5000)], now)).toEqual([]);
  });
});
