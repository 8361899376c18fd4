package app.lightweight.invoices.pdf;

import app.lightweight.shared.Money;
import java.math.BigDecimal;
import java.util.Map;

/**
 * How amounts read on an invoice: the currency's symbol, digits grouped by three with commas, and
 * the currency's own number of decimals after a point: {@code ₦1,850,000.00}, {@code ¥12,000},
 * {@code -€5.50}. Currencies without a symbol here use their code and a space: {@code KES
 * 1,000.00}. One style for every currency on purpose: the reader is the business's customer
 * anywhere, and a locale-dependent format would make the same invoice read differently.
 */
public final class MoneyFormat {

  private static final Map<String, String> SYMBOLS =
      Map.of("NGN", "₦", "EUR", "€", "GBP", "£", "JPY", "¥", "INR", "₹", "USD", "$");

  private MoneyFormat() {}

  public static String format(Money money) {
    String digits = Long.toString(Math.abs(money.amount()));
    if (money.amount() == Long.MIN_VALUE) {
      digits = digits.substring(1);
    }
    int fraction = money.fractionDigits();
    if (digits.length() <= fraction) {
      digits = "0".repeat(fraction - digits.length() + 1) + digits;
    }
    int whole = digits.length() - fraction;
    StringBuilder out = new StringBuilder(digits.length() + 8);
    if (money.amount() < 0) {
      out.append('-');
    }
    out.append(symbol(money.currency()));
    for (int i = 0; i < whole; i++) {
      if (i > 0 && (whole - i) % 3 == 0) {
        out.append(',');
      }
      out.append(digits.charAt(i));
    }
    if (fraction > 0) {
      out.append('.').append(digits, whole, digits.length());
    }
    return out.toString();
  }

  /** The symbol of a currency, or its code and a space. */
  public static String symbol(String currency) {
    return SYMBOLS.getOrDefault(currency, currency + " ");
  }

  /** A percentage without needless zeros: {@code 7.5%}, {@code 10%}, {@code 0.3333%}. */
  public static String percent(BigDecimal percent) {
    return percent.stripTrailingZeros().toPlainString() + "%";
  }

  /** A quantity without needless zeros and with grouping: {@code 1,200}, {@code 0.333}. */
  public static String quantity(BigDecimal quantity) {
    String plain = quantity.stripTrailingZeros().toPlainString();
    int point = plain.indexOf('.');
    int whole = point < 0 ? plain.length() : point;
    StringBuilder out = new StringBuilder(plain.length() + 4);
    for (int i = 0; i < whole; i++) {
      if (i > 0 && (whole - i) % 3 == 0) {
        out.append(',');
      }
      out.append(plain.charAt(i));
    }
    return out.append(plain, whole, plain.length()).toString();
  }
}
