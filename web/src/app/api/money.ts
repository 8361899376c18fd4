/** An exact amount: integer minor units (kobo, cents; yen have none) of an ISO 4217 currency. */
export interface Money {
  amount: number;
  currency: string;
}

/** Digits after the decimal point of a currency (2 for NGN, 0 for JPY, 3 for KWD). */
export function fractionDigits(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
    .maximumFractionDigits ?? 2;
}

/**
 * The amount for people to read, e.g. "₦12,500.50". The only place where minor units become a
 * decimal: the digits are placed as text, then Intl formats that exact decimal string.
 */
export function formatMoney(money: Money, locale?: string): string {
  const digits = fractionDigits(money.currency);
  const format = new Intl.NumberFormat(locale, { style: 'currency', currency: money.currency });
  return format.format(minorToDecimal(BigInt(money.amount), digits) as unknown as number);
}

/** 1250050n with 2 digits → "12500.50"; exact for any size. */
export function minorToDecimal(minor: bigint, digits: number): string {
  const negative = minor < 0n;
  const text = (negative ? -minor : minor).toString().padStart(digits + 1, '0');
  const whole = digits === 0 ? text : text.slice(0, -digits);
  const fraction = digits === 0 ? '' : '.' + text.slice(-digits);
  return (negative ? '-' : '') + whole + fraction;
}

/**
 * What a person typed as a price in major units ("1,000.5") in minor units (100050), exactly;
 * null when it is not a non-negative amount with at most the currency's digits.
 */
export function parseMajor(text: string, currency: string): number | null {
  const digits = fractionDigits(currency);
  const match = /^(\d+)(?:\.(\d*))?$/.exec(text.trim().replace(/[,\s]/g, ''));
  if (!match || (match[2]?.length ?? 0) > digits) {
    return null;
  }
  const minor = BigInt(match[1] + (match[2] ?? '').padEnd(digits, '0'));
  return minor <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(minor) : null;
}

/** 100050 minor units → "1000.50", for an input field (no grouping, no symbol). */
export function majorText(minor: number, currency: string): string {
  return minorToDecimal(BigInt(minor), fractionDigits(currency));
}
