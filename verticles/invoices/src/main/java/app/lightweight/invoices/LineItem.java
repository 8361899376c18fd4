package app.lightweight.invoices;

import app.lightweight.shared.http.Problem.FieldError;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One line of an invoice as the business wrote it.
 *
 * @param quantity how many, exactly (parsed from a decimal string such as {@code "0.333"})
 * @param unitPrice price of one unit in minor units of the invoice's currency
 * @param taxRate tax in percent, e.g. {@code 7.5}
 * @param discount discount in percent of the line's gross amount, e.g. {@code 10}
 */
public record LineItem(
    String description,
    BigDecimal quantity,
    long unitPrice,
    BigDecimal taxRate,
    BigDecimal discount) {

  private static final Pattern DECIMAL = Pattern.compile("-?[0-9]+(\\.[0-9]+)?");

  public LineItem {
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(quantity, "quantity");
    Objects.requireNonNull(taxRate, "taxRate");
    Objects.requireNonNull(discount, "discount");
  }

  /**
   * Reads {@code {"description", "quantity": "2.5", "unit_price": 150000, "tax_rate": "7.5",
   * "discount": "0"}}: quantity and percentages are decimal strings, the unit price an integer of
   * minor units of the invoice's currency. {@code tax_rate} and {@code discount} default to "0".
   * Shape errors (a missing field, a number where a decimal string belongs) are added to {@code
   * errors} under {@code pointer} and give {@code null}; range checks are {@link InvoiceLimits}'s.
   */
  public static LineItem fromJson(JsonObject json, String pointer, List<FieldError> errors) {
    int before = errors.size();
    Object description = json.getValue("description");
    if (!(description instanceof String)) {
      errors.add(new FieldError(pointer + "/description", "is required and must be a string"));
    }
    BigDecimal quantity = decimal(json.getValue("quantity"), null, pointer + "/quantity", errors);
    Object unitPrice = json.getValue("unit_price");
    if (!(unitPrice instanceof Integer || unitPrice instanceof Long)) {
      errors.add(
          new FieldError(
              pointer + "/unit_price", "is required and must be an integer of minor units"));
    }
    BigDecimal taxRate =
        decimal(json.getValue("tax_rate"), BigDecimal.ZERO, pointer + "/tax_rate", errors);
    BigDecimal discount =
        decimal(json.getValue("discount"), BigDecimal.ZERO, pointer + "/discount", errors);
    if (errors.size() > before) {
      return null;
    }
    return new LineItem(
        (String) description, quantity, ((Number) unitPrice).longValue(), taxRate, discount);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("description", description)
        .put("quantity", quantity.toPlainString())
        .put("unit_price", unitPrice)
        .put("tax_rate", taxRate.toPlainString())
        .put("discount", discount.toPlainString());
  }

  private static BigDecimal decimal(
      Object value, BigDecimal absent, String pointer, List<FieldError> errors) {
    if (value == null && absent != null) {
      return absent;
    }
    if (value instanceof String text && DECIMAL.matcher(text).matches()) {
      return new BigDecimal(text);
    }
    errors.add(new FieldError(pointer, "must be a decimal string such as \"2.5\""));
    return null;
  }
}
