import table from '../../../../verticles/invoices/src/test/resources/totals-cases.json';
import { LineInput } from '../api/invoices-api';
import { computeTotals } from './totals';

interface TotalsCase {
  name: string;
  currency: string;
  amount_paid?: number;
  lines: LineInput[];
  expected: {
    lines: { gross: number; discount: number; net: number; tax: number; total: number }[];
    subtotal: number;
    discount: number;
    tax_by_rate: [string, number][];
    tax: number;
    total: number;
    amount_paid: number;
    amount_due: number;
  };
}

// the table the server's TotalsCasesTest reads: the editor's totals equal the server's
const cases = (table as unknown as { cases: TotalsCase[] }).cases;

describe('computeTotals, on the rounding cases shared with the server', () => {
  it('has cases, every amount exact in JavaScript', () => {
    expect(cases.length).toBeGreaterThan(20);
    const amounts = cases.flatMap((c) => [c.expected.total, c.expected.subtotal, ...c.expected.lines.map((l) => l.gross)]);
    expect(amounts.every(Number.isSafeInteger)).toBe(true);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, testCase) => {
    const totals = computeTotals(testCase.lines, testCase.currency, testCase.amount_paid ?? 0);

    const amounts = {
      lines: totals.lines.map((line) => ({
        gross: line.gross.amount,
        discount: line.discount.amount,
        net: line.net.amount,
        tax: line.tax.amount,
        total: line.total.amount,
      })),
      subtotal: totals.subtotal.amount,
      discount: totals.discount.amount,
      tax_by_rate: totals.tax_by_rate.map((rate) => [rate.rate, rate.amount.amount]),
      tax: totals.tax.amount,
      total: totals.total.amount,
      amount_paid: totals.amount_paid.amount,
      amount_due: totals.amount_due.amount,
    };
    expect(amounts).toEqual(testCase.expected);
    expect(totals.total.currency).toBe(testCase.currency);
  });
});

describe('computeTotals', () => {
  it('refuses a quantity that is not a decimal string', () => {
    expect(() => computeTotals([{ quantity: '1e3', unit_price: 1 }], 'NGN')).toThrow(SyntaxError);
  });

  it('refuses amounts JavaScript cannot hold exactly', () => {
    expect(() => computeTotals([{ quantity: '1000000', unit_price: 1_000_000_000_000 }], 'NGN')).toThrow(RangeError);
  });
});
