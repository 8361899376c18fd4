import { formatMoney, fractionDigits, majorText, minorToDecimal, parseMajor } from './money';

describe('money', () => {
  it('knows each currency’s minor units', () => {
    expect([fractionDigits('NGN'), fractionDigits('JPY'), fractionDigits('KWD')]).toEqual([2, 0, 3]);
  });

  it('formats minor units exactly, even past what a double holds', () => {
    expect(formatMoney({ amount: 1250050, currency: 'USD' }, 'en-US')).toBe('$12,500.50');
    expect(formatMoney({ amount: 1999, currency: 'JPY' }, 'en-US')).toBe('¥1,999');
    expect(formatMoney({ amount: -500, currency: 'USD' }, 'en-US')).toBe('-$5.00');
    expect(minorToDecimal(123456789012345678901n, 2)).toBe('1234567890123456789.01');
    expect(minorToDecimal(5n, 3)).toBe('0.005');
  });

  it('reads typed prices in major units without floating point', () => {
    expect(parseMajor('1,000.50', 'NGN')).toBe(100050);
    expect(parseMajor('0.1', 'USD')).toBe(10);
    expect(parseMajor('19.99', 'USD')).toBe(1999);
    expect(parseMajor('1.5', 'JPY')).toBeNull();
    expect(parseMajor('1.234', 'USD')).toBeNull();
    expect(parseMajor('-1', 'USD')).toBeNull();
    expect(parseMajor('abc', 'USD')).toBeNull();
    expect(parseMajor('1.234', 'KWD')).toBe(1234);
  });

  it('gives the input text back for a stored price', () => {
    expect(majorText(100050, 'NGN')).toBe('1000.50');
    expect(majorText(1999, 'JPY')).toBe('1999');
  });
});
