import { compareDecimals, divideHalfEven, parseDecimal, plainDecimal } from './decimal';

describe('decimal', () => {
  it('rounds halves to the even neighbour, both signs', () => {
    expect([5n, 15n, 25n, 35n, -5n, -15n, -25n].map((n) => divideHalfEven(n, 10n))).toEqual([0n, 2n, 2n, 4n, 0n, -2n, -2n]);
    expect(divideHalfEven(26n, 10n)).toBe(3n);
    expect(divideHalfEven(-26n, 10n)).toBe(-3n);
    expect(divideHalfEven(24n, 10n)).toBe(2n);
  });

  it('writes rates plainly, as the server does', () => {
    expect(['7.50', '007.5000', '20', '0', '0.0001', '10.0'].map((t) => plainDecimal(parseDecimal(t)))).toEqual([
      '7.5', '7.5', '20', '0', '0.0001', '10',
    ]);
  });

  it('orders by value, not by text', () => {
    expect(compareDecimals(parseDecimal('7.5'), parseDecimal('10'))).toBe(-1);
    expect(compareDecimals(parseDecimal('7.50'), parseDecimal('7.5'))).toBe(0);
  });
});
