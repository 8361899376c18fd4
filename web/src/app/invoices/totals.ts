import { Money } from '../api/money';
import { LineInput, Totals } from '../api/invoices-api';
import { Decimal, compareDecimals, divideHalfEven, parseDecimal, plainDecimal } from './decimal';

/**
 * The server's totals rule (invoices openapi.yaml, Totals.java), exactly: per line, each step
 * rounded half-to-even to a minor unit, `gross = quantity × unit_price`, `discount = gross ×
 * discount / 100`, `net = gross − discount`, `tax = net × tax_rate / 100`; the invoice sums the
 * rounded lines. Checked against the table the server is tested with (totals-cases.json).
 *
 * @throws SyntaxError when a quantity or percentage is not a decimal string
 * @throws RangeError when an amount is beyond what JavaScript numbers hold exactly
 */
export function computeTotals(lines: readonly LineInput[], currency: string, amountPaid = 0): Totals {
  const money = (amount: bigint): Money => ({ amount: toNumber(amount), currency });
  let subtotal = 0n;
  let discount = 0n;
  let tax = 0n;
  const byRate = new Map<string, { rate: Decimal; amount: bigint }>();
  const lineTotals = lines.map((line) => {
    const amounts = lineAmounts(line);
    subtotal += amounts.gross;
    discount += amounts.discount;
    tax += amounts.tax;
    const rate = parseDecimal(line.tax_rate ?? '0');
    const key = plainDecimal(rate);
    const entry = byRate.get(key) ?? { rate, amount: 0n };
    byRate.set(key, { rate, amount: entry.amount + amounts.tax });
    return {
      gross: money(amounts.gross),
      discount: money(amounts.discount),
      net: money(amounts.net),
      tax: money(amounts.tax),
      total: money(amounts.net + amounts.tax),
    };
  });
  const total = subtotal - discount + tax;
  return {
    lines: lineTotals,
    subtotal: money(subtotal),
    discount: money(discount),
    tax_by_rate: [...byRate.entries()]
      .sort(([, a], [, b]) => compareDecimals(a.rate, b.rate))
      .map(([rate, entry]) => ({ rate, amount: money(entry.amount) })),
    tax: money(tax),
    total: money(total),
    amount_paid: money(BigInt(amountPaid)),
    amount_due: money(total - BigInt(amountPaid)),
  };
}

function lineAmounts(line: LineInput) {
  const quantity = parseDecimal(line.quantity);
  const gross = divideHalfEven(quantity.units * BigInt(line.unit_price), 10n ** BigInt(quantity.scale));
  const discount = percent(gross, parseDecimal(line.discount ?? '0'));
  const net = gross - discount;
  const tax = percent(net, parseDecimal(line.tax_rate ?? '0'));
  return { gross, discount, net, tax };
}

function percent(amount: bigint, rate: Decimal): bigint {
  return divideHalfEven(amount * rate.units, 100n * 10n ** BigInt(rate.scale));
}

function toNumber(amount: bigint): number {
  if (amount > BigInt(Number.MAX_SAFE_INTEGER) || amount < -BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new RangeError('amount too large');
  }
  return Number(amount);
}
