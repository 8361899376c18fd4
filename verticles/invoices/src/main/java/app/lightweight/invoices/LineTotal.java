package app.lightweight.invoices;

import app.lightweight.shared.Money;
import io.vertx.core.json.JsonObject;

/**
 * The amounts of one invoice line, each already rounded to minor units (see {@link Totals} for the
 * rule).
 */
public record LineTotal(Money gross, Money discount, Money net, Money tax) {

  /** What the line adds to the invoice total: net plus tax. */
  public Money total() {
    return net.plus(tax);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("gross", gross.toJson())
        .put("discount", discount.toJson())
        .put("net", net.toJson())
        .put("tax", tax.toJson())
        .put("total", total().toJson());
  }
}
