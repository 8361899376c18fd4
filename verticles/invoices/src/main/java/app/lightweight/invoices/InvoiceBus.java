package app.lightweight.invoices;

import app.lightweight.shared.http.Problem;
import app.lightweight.shared.http.ProblemException;
import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The invoices service's answers on the event bus, for the other services:
 *
 * <ul>
 *   <li>{@code invoices.get}: {@code {"tenant", "id"}} or {@code {"pay_token"}} → the invoice as
 *       the API shows it, with its {@code tenant}; fails 404 when there is none, 400 when the
 *       request is malformed.
 *   <li>{@code invoices.mark-paid}: {@code {"tenant", "id", "payment_id"}} → the paid invoice.
 *       Idempotent per {@code payment_id} (the wallets service may ask again); fails 404, 409 (not
 *       payable, or paid by another payment) or 400.
 * </ul>
 */
public final class InvoiceBus {
  public static final String GET = "invoices.get";
  public static final String MARK_PAID = "invoices.mark-paid";
  private static final Logger LOG = LoggerFactory.getLogger(InvoiceBus.class);

  private final InvoiceStore store;
  private final InvoiceJson json;

  public InvoiceBus(InvoiceStore store, InvoiceJson json) {
    this.store = store;
    this.json = json;
  }

  public void onGet(Message<JsonObject> message) {
    JsonObject body = message.body() == null ? new JsonObject() : message.body();
    String token = body.getString("pay_token");
    Future<Invoice> invoice;
    if (token != null) {
      invoice =
          store
              .findByPayToken(token)
              .map(found -> found.orElseThrow(() -> missing("no invoice behind this pay token")));
    } else if (body.getString("tenant") != null && body.getString("id") != null) {
      invoice = store.get(body.getString("tenant"), body.getString("id"));
    } else {
      message.fail(400, "send {\"tenant\", \"id\"} or {\"pay_token\"}");
      return;
    }
    invoice
        .onSuccess(found -> message.reply(internal(found)))
        .onFailure(failure -> fail(message, failure));
  }

  public void onMarkPaid(Message<JsonObject> message) {
    JsonObject body = message.body() == null ? new JsonObject() : message.body();
    String tenant = body.getString("tenant");
    String id = body.getString("id");
    String paymentId = body.getString("payment_id");
    if (tenant == null || id == null || paymentId == null || paymentId.isBlank()) {
      message.fail(400, "send {\"tenant\", \"id\", \"payment_id\"}");
      return;
    }
    store
        .markPaid(tenant, id, null, paymentId)
        .onSuccess(paid -> message.reply(internal(paid)))
        .onFailure(failure -> fail(message, failure));
  }

  private JsonObject internal(Invoice invoice) {
    return json.withTenant(invoice);
  }

  private static RuntimeException missing(String detail) {
    return Problem.notFound(detail).exception();
  }

  private static void fail(Message<JsonObject> message, Throwable failure) {
    if (failure instanceof ProblemException known) {
      message.fail(known.problem().status(), known.problem().detail());
      return;
    }
    LOG.warn("{} failed: {}", message.address(), failure.toString());
    message.fail(503, "invoices cannot answer now: " + failure.getMessage());
  }
}
