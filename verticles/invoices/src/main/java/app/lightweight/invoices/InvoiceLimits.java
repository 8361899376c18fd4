package app.lightweight.invoices;

import app.lightweight.shared.Money;
import app.lightweight.shared.Text;
import app.lightweight.shared.http.Problem.FieldError;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Every limit on what an invoice may hold, and the one check that enforces them. The bounds keep
 * each line's gross under 10^18 minor units, so a single line never overflows a {@code long}; the
 * invoice total is checked on top because 500 such lines could.
 */
public final class InvoiceLimits {

  public static final int MIN_LINES = 1;
  public static final int MAX_LINES = 500;
  public static final int MAX_DESCRIPTION_CHARS = 500;
  public static final int MAX_NOTES_CHARS = 2_000;
  public static final BigDecimal MAX_QUANTITY = BigDecimal.valueOf(1_000_000);
  public static final int MAX_QUANTITY_DECIMALS = 4;
  public static final long MAX_UNIT_PRICE = 1_000_000_000_000L;
  public static final BigDecimal MAX_PERCENT = BigDecimal.valueOf(100);
  public static final int MAX_PERCENT_DECIMALS = 4;

  private InvoiceLimits() {}

  /**
   * Checks the currency and the lines of an invoice; an empty list means {@link Totals#of} can
   * compute them. Pointers are relative to the invoice: {@code /currency}, {@code /lines}, {@code
   * /lines/3/quantity}.
   */
  public static List<FieldError> validate(String currency, List<LineItem> lines) {
    List<FieldError> errors = new ArrayList<>();
    if (!Money.Currencies.isKnown(currency)) {
      errors.add(new FieldError("/currency", "must be an ISO 4217 currency code such as NGN"));
    }
    if (lines == null || lines.size() < MIN_LINES || lines.size() > MAX_LINES) {
      errors.add(
          new FieldError(
              "/lines", "must have between " + MIN_LINES + " and " + MAX_LINES + " lines"));
      return errors;
    }
    for (int i = 0; i < lines.size(); i++) {
      checkLine(lines.get(i), "/lines/" + i, errors);
    }
    if (errors.isEmpty()) {
      try {
        Totals.of(lines, currency, 0);
      } catch (ArithmeticException tooLarge) {
        errors.add(new FieldError("/lines", "the invoice total is too large"));
      }
    }
    return errors;
  }

  /** Checks free text such as notes and terms: null or at most {@link #MAX_NOTES_CHARS}. */
  public static List<FieldError> validateNotes(String pointer, String text) {
    if (text != null && text.codePointCount(0, text.length()) > MAX_NOTES_CHARS) {
      return List.of(new FieldError(pointer, "must be at most " + MAX_NOTES_CHARS + " characters"));
    }
    return List.of();
  }

  private static void checkLine(LineItem line, String pointer, List<FieldError> errors) {
    String description = line.description();
    int chars = description.codePointCount(0, description.length());
    if (!Text.isVisible(description) || chars > MAX_DESCRIPTION_CHARS) {
      errors.add(
          new FieldError(
              pointer + "/description",
              "must be 1 to "
                  + MAX_DESCRIPTION_CHARS
                  + " characters with a visible one, not only spaces"));
    }
    BigDecimal quantity = line.quantity();
    if (quantity.signum() <= 0
        || quantity.compareTo(MAX_QUANTITY) > 0
        || decimals(quantity) > MAX_QUANTITY_DECIMALS) {
      errors.add(
          new FieldError(
              pointer + "/quantity",
              "must be more than 0 and at most 1000000, with at most "
                  + MAX_QUANTITY_DECIMALS
                  + " decimals"));
    }
    if (line.unitPrice() < 0 || line.unitPrice() > MAX_UNIT_PRICE) {
      errors.add(
          new FieldError(
              pointer + "/unit_price", "must be 0 to " + MAX_UNIT_PRICE + " minor units"));
    }
    checkPercent(line.taxRate(), pointer + "/tax_rate", errors);
    checkPercent(line.discount(), pointer + "/discount", errors);
  }

  private static void checkPercent(BigDecimal percent, String pointer, List<FieldError> errors) {
    if (percent.signum() < 0
        || percent.compareTo(MAX_PERCENT) > 0
        || decimals(percent) > MAX_PERCENT_DECIMALS) {
      errors.add(
          new FieldError(
              pointer,
              "must be 0 to 100 percent, with at most " + MAX_PERCENT_DECIMALS + " decimals"));
    }
  }

  private static int decimals(BigDecimal value) {
    return Math.max(0, value.stripTrailingZeros().scale());
  }
}
