/**
 * Exact decimals on bigint, just enough for the totals rule: a decimal string such as "7.125" is
 * `units` 7125 at `scale` 3. No floating point anywhere.
 */
export interface Decimal {
  units: bigint;
  scale: number;
}

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

export function parseDecimal(text: string): Decimal {
  const match = DECIMAL.exec(text);
  if (!match) {
    throw new SyntaxError(`not a decimal string: "${text}"`);
  }
  const fraction = match[3] ?? '';
  return { units: BigInt(match[1] + match[2] + fraction), scale: fraction.length };
}

export function isDecimal(text: string): boolean {
  return DECIMAL.test(text);
}

/** numerator / denominator rounded half-to-even (banker's rounding) to an integer. */
export function divideHalfEven(numerator: bigint, denominator: bigint): bigint {
  if (denominator < 0n) {
    return divideHalfEven(-numerator, -denominator);
  }
  const quotient = numerator / denominator; // truncates toward zero
  const remainder = numerator % denominator;
  const sign = numerator < 0n ? -1n : 1n;
  const twice = 2n * (remainder < 0n ? -remainder : remainder);
  if (twice > denominator || (twice === denominator && quotient % 2n !== 0n)) {
    return quotient + sign;
  }
  return quotient;
}

/** The value written plainly without trailing zeros: "7.50" → "7.5", "007.5000" → "7.5", "20" → "20". */
export function plainDecimal(value: Decimal): string {
  let { units, scale } = value;
  while (scale > 0 && units % 10n === 0n) {
    units /= 10n;
    scale--;
  }
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return (negative ? '-' : '') + text;
}

/** Orders two decimals by value. */
export function compareDecimals(a: Decimal, b: Decimal): number {
  const scale = Math.max(a.scale, b.scale);
  const left = a.units * 10n ** BigInt(scale - a.scale);
  const right = b.units * 10n ** BigInt(scale - b.scale);
  return left < right ? -1 : left > right ? 1 : 0;
}
