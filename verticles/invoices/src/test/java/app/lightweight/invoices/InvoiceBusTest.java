package app.lightweight.invoices;

import static app.lightweight.invoices.InvoicesUnderTest.createInvoice;
import static app.lightweight.invoices.InvoicesUnderTest.invoice;
import static app.lightweight.invoices.InvoicesUnderTest.issue;
import static app.lightweight.shared.testing.TestEnv.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.lightweight.shared.testing.ServiceFixture;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What other services ask of invoices on the event bus: an invoice, and marking it paid. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InvoiceBusTest {
  private static final String TENANT = "bus-studio";
  @RegisterExtension static final ServiceFixture invoices = InvoicesUnderTest.fixture();
  private JsonObject issued;

  @BeforeEach
  void anIssuedInvoice() throws Exception {
    String token = invoices.token(TENANT);
    issued =
        issue(invoices, token, createInvoice(invoices, token, invoice("Bus Ltd")).getString("id"));
  }

  @Test
  void invoicesGetAnswersByIdAndByPayToken() {
    JsonObject byId = ask(InvoiceBus.GET, new JsonObject().put("tenant", TENANT).put("id", id()));
    JsonObject byToken =
        ask(InvoiceBus.GET, new JsonObject().put("pay_token", issued.getString("pay_token")));

    assertThat(byId.getString("number")).isEqualTo("INV-2026-000001");
    assertThat(byToken.getString("id")).isEqualTo(id());
    assertThat(byToken.getString("tenant")).isEqualTo(TENANT);
    assertFailsWith(InvoiceBus.GET, new JsonObject().put("pay_token", "nope"), 404);
    assertFailsWith(InvoiceBus.GET, new JsonObject().put("id", id()), 400);
  }

  @Test
  void markPaidIsIdempotentPerPayment() {
    JsonObject payment =
        new JsonObject().put("tenant", TENANT).put("id", id()).put("payment_id", "txn_1");

    JsonObject paid = ask(InvoiceBus.MARK_PAID, payment);
    JsonObject again = ask(InvoiceBus.MARK_PAID, payment);

    assertThat(paid.getString("status")).isEqualTo("paid");
    assertThat(paid.getJsonObject("totals").getJsonObject("amount_due").getLong("amount")).isZero();
    assertThat(again.getInteger("version")).isEqualTo(paid.getInteger("version"));
    assertThat(invoices.count("outbox where type = 'invoice.paid'")).isEqualTo(1);
    assertFailsWith(InvoiceBus.MARK_PAID, payment.copy().put("payment_id", "txn_2"), 409);
  }

  @Test
  void markPaidRefusesWhatCannotBePaid() throws Exception {
    String token = invoices.token(TENANT);
    String draft = createInvoice(invoices, token, invoice("Draft Ltd")).getString("id");

    assertFailsWith(
        InvoiceBus.MARK_PAID,
        new JsonObject().put("tenant", TENANT).put("id", draft).put("payment_id", "txn_3"),
        409);
    assertFailsWith(
        InvoiceBus.MARK_PAID,
        new JsonObject().put("tenant", "someone-else").put("id", id()).put("payment_id", "txn_4"),
        404);
    assertFailsWith(InvoiceBus.MARK_PAID, new JsonObject().put("tenant", TENANT), 400);
  }

  private String id() {
    return issued.getString("id");
  }

  private JsonObject ask(String address, JsonObject request) {
    return await(invoices.vertx().eventBus().<JsonObject>request(address, request)).body();
  }

  private void assertFailsWith(String address, JsonObject request, int code) {
    assertThatThrownBy(() -> ask(address, request))
        .rootCause()
        .isInstanceOf(ReplyException.class)
        .satisfies(e -> assertThat(((ReplyException) e).failureCode()).isEqualTo(code));
  }
}
