package app.lightweight.invoices;

import app.lightweight.invoices.pdf.InvoiceDocument;
import app.lightweight.shared.Money;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The exact amounts of an invoice, computed by the server; clients never send totals.
 *
 * <p><b>Rule.</b> Amounts are integers of the currency's minor units (kobo, cents; yen have none).
 * For each line, in this order, and each rounded half-to-even to a whole minor unit:
 *
 * <ol>
 *   <li>{@code gross = quantity × unit price}
 *   <li>{@code discount = gross × discount% / 100} (of the rounded gross)
 *   <li>{@code net = gross − discount} (exact)
 *   <li>{@code tax = net × tax rate% / 100} (of the net)
 * </ol>
 *
 * Then the invoice sums the rounded line amounts, so every figure on the invoice adds up to the
 * cent: {@code subtotal = Σ gross}, {@code discount = Σ discount}, {@code tax at rate r = Σ tax of
 * the lines at rate r}, {@code tax = Σ tax}, {@code total = subtotal − discount + tax} (which
 * equals {@code Σ (net + tax)}), and {@code amount due = total − amount paid} (negative when
 * overpaid). Example: 0.333 × ₦1,000.00 at 7.5 % tax is gross 33300 kobo, tax 2497.5 → 2498 kobo.
 *
 * <p>Inputs within {@link InvoiceLimits} never overflow; {@link InvoiceLimits#validate} says so
 * before this is called.
 */
public record Totals(
    List<LineTotal> lines,
    Money subtotal,
    Money discount,
    SortedMap<BigDecimal, Money> taxByRate,
    Money tax,
    Money total,
    Money paid,
    Money due) {

  public Totals {
    lines = List.copyOf(lines);
    taxByRate = Collections.unmodifiableSortedMap(new TreeMap<>(taxByRate));
  }

  public static Totals of(InvoiceDocument invoice) {
    return of(invoice.lines(), invoice.currency(), invoice.amountPaid());
  }

  /**
   * @param amountPaid what has been paid so far, in minor units
   * @throws ArithmeticException if a sum does not fit in a long (validate first)
   */
  public static Totals of(List<LineItem> items, String currency, long amountPaid) {
    List<LineTotal> lines = new ArrayList<>(items.size());
    Money zero = Money.zero(currency);
    Money subtotal = zero;
    Money discount = zero;
    Money tax = zero;
    TreeMap<BigDecimal, Money> taxByRate = new TreeMap<>();
    for (LineItem item : items) {
      LineTotal line = line(item, currency);
      lines.add(line);
      subtotal = subtotal.plus(line.gross());
      discount = discount.plus(line.discount());
      tax = tax.plus(line.tax());
      taxByRate.merge(plain(item.taxRate()), line.tax(), Money::plus);
    }
    Money total = subtotal.minus(discount).plus(tax);
    Money paid = Money.of(amountPaid, currency);
    return new Totals(lines, subtotal, discount, taxByRate, tax, total, paid, total.minus(paid));
  }

  /** One line's amounts, by the rule above. */
  public static LineTotal line(LineItem item, String currency) {
    long gross = round(item.quantity().multiply(BigDecimal.valueOf(item.unitPrice())));
    long discount = percent(gross, item.discount());
    long net = gross - discount;
    long tax = percent(net, item.taxRate());
    return new LineTotal(
        Money.of(gross, currency),
        Money.of(discount, currency),
        Money.of(net, currency),
        Money.of(tax, currency));
  }

  public JsonObject toJson() {
    JsonArray rates = new JsonArray();
    for (Map.Entry<BigDecimal, Money> rate : taxByRate.entrySet()) {
      rates.add(
          new JsonObject()
              .put("rate", rate.getKey().toPlainString())
              .put("amount", rate.getValue().toJson()));
    }
    return new JsonObject()
        .put("lines", new JsonArray(lines.stream().map(LineTotal::toJson).toList()))
        .put("subtotal", subtotal.toJson())
        .put("discount", discount.toJson())
        .put("tax_by_rate", rates)
        .put("tax", tax.toJson())
        .put("total", total.toJson())
        .put("amount_paid", paid.toJson())
        .put("amount_due", due.toJson());
  }

  private static long percent(long amount, BigDecimal percent) {
    return round(BigDecimal.valueOf(amount).multiply(percent).movePointLeft(2));
  }

  /** 7.50 → 7.5 and 20 → 20 (not 2E+1), so equal rates are one key that prints plainly. */
  private static BigDecimal plain(BigDecimal rate) {
    BigDecimal stripped = rate.stripTrailingZeros();
    return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
  }

  private static long round(BigDecimal minorUnits) {
    return minorUnits.setScale(0, RoundingMode.HALF_EVEN).longValueExact();
  }
}
