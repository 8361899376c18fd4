package app.lightweight.invoices;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;

/**
 * How an invoice reads in the API, in events and on the public pay page. Knows the date (for the
 * derived {@code overdue}) and where pay links point.
 */
public final class InvoiceJson {
  private final Clock clock;
  private final String payUrlBase;

  /**
   * @param payUrlBase the pay page's URL without the token, e.g. {@code
   *     https://app.lightweight.app/pay/}
   */
  public InvoiceJson(Clock clock, String payUrlBase) {
    this.clock = clock;
    this.payUrlBase = payUrlBase.endsWith("/") ? payUrlBase : payUrlBase + "/";
  }

  public LocalDate today() {
    return LocalDate.now(clock);
  }

  /** The public URL where the customer pays, or null before the invoice is issued. */
  public String payUrl(Invoice invoice) {
    return invoice.payToken() == null ? null : payUrlBase + invoice.payToken();
  }

  /** The full invoice, as its business sees it. */
  public JsonObject of(Invoice invoice) {
    return content(new JsonObject().put("id", invoice.id()), invoice)
        .put("customer_id", invoice.customerId())
        .put("pay_token", invoice.payToken())
        .put("payment_reference", invoice.paymentReference())
        .put("version", invoice.version())
        .put("created_at", instant(invoice.createdAt()))
        .put("updated_at", instant(invoice.updatedAt()))
        .put("issued_at", instant(invoice.issuedAt()))
        .put("sent_at", instant(invoice.sentAt()))
        .put("paid_at", instant(invoice.paidAt()))
        .put("voided_at", instant(invoice.voidedAt()))
        .put("paid_by", invoice.paidBy() == null ? null : invoice.paidBy().toJson());
  }

  /** The full invoice plus the business it belongs to: for events and the other services. */
  public JsonObject withTenant(Invoice invoice) {
    return of(invoice).put("tenant", invoice.tenant());
  }

  /** What anyone holding the pay link sees: no ids, versions or references of the business. */
  public JsonObject publicView(Invoice invoice) {
    return content(new JsonObject(), invoice);
  }

  private JsonObject content(JsonObject json, Invoice invoice) {
    LocalDate today = today();
    return json.put("status", invoice.status().json())
        .put("overdue", invoice.overdue(today))
        .put("number", invoice.number())
        .put("customer", invoice.customer().toJson())
        .put("business", invoice.business() == null ? null : invoice.business().toJson())
        .put("currency", invoice.currency())
        .put("issue_date", invoice.issueDate().toString())
        .put("due_date", invoice.dueDate().toString())
        .put("lines", new JsonArray(invoice.lines().stream().map(LineItem::toJson).toList()))
        .put("notes", invoice.notes())
        .put("terms", invoice.terms())
        .put("tax_label", invoice.taxLabel())
        .put("totals", invoice.totals().toJson())
        .put("pay_url", payUrl(invoice));
  }

  private static String instant(OffsetDateTime time) {
    return time == null ? null : time.toInstant().toString();
  }
}
