package app.lightweight.invoices.payments;

import static app.lightweight.shared.testing.ServiceFixture.expect;
import static app.lightweight.shared.testing.TestEnv.await;
import static org.assertj.core.api.Assertions.assertThat;

import app.lightweight.invoices.Invoice;
import app.lightweight.invoices.InvoiceJson;
import app.lightweight.invoices.InvoiceStore;
import app.lightweight.invoices.InvoicesVerticle;
import app.lightweight.invoices.PaidBy;
import app.lightweight.shared.testing.ServiceFixture;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The pay attempts' rules, on the service's own tables. */
class PayAttemptsTest {
  @RegisterExtension
  static final ServiceFixture invoices =
      ServiceFixture.of(InvoicesVerticle.NAME, InvoicesVerticle::new)
          .tables("invoices", "customers", "invoice_counters", "payments", "outbox")
          .scopes("invoices:read invoices:write");

  private final PaidBy payer = new PaidBy("bola", "Bola", "bola@example.ng");

  private Invoice issued(String business) throws Exception {
    String token = invoices.token(business);
    JsonObject draft =
        new JsonObject()
            .put("customer", new JsonObject().put("name", "Bola Ventures"))
            .put("currency", "NGN")
            .put("issue_date", "2026-03-01")
            .put("due_date", "2026-03-31")
            .put(
                "lines",
                new JsonArray()
                    .add(
                        new JsonObject()
                            .put("description", "Workshop")
                            .put("quantity", "1")
                            .put("unit_price", 500_000)));
    String id = expect(invoices.post("/api/invoices", token, draft), 201).getString("id");
    expect(invoices.post("/api/invoices/" + id + "/issue", token), 200);
    InvoiceStore store =
        new InvoiceStore(
            invoices.pool(), new InvoiceJson(Clock.systemUTC(), "http://x/pay/"), () -> {});
    return await(store.get(business, id));
  }

  private String status(String transferId) {
    return invoices
        .rows("select status from payments where transfer_id = '" + transferId + "'")
        .get(0)
        .getString(0);
  }

  @Test
  void anOutcomeClosesOnlyTheAttemptItAnswersNeverARetryBegunSince() throws Exception {
    Invoice invoice = issued("ada-studio");
    String transferId = InvoicePayments.transferId(invoice);
    PaymentStore attempts = new PaymentStore(invoices.pool());

    int first = await(attempts.begin(transferId, invoice, payer, 500_000));
    int second =
        await(attempts.begin(transferId, invoice, new PaidBy("tunde", null, null), 500_000));
    await(attempts.close(transferId, first)); // the first request's refusal comes late

    assertThat(second).isEqualTo(first + 1);
    assertThat(status(transferId)).isEqualTo("pending");
    assertThat(
            invoices
                .post("/api/invoices/" + invoice.id() + "/void", invoices.token("ada-studio"))
                .statusCode())
        .as("a payment is still on its way")
        .isEqualTo(409);

    await(attempts.close(transferId, second));
    assertThat(status(transferId)).isEqualTo("closed");
    await(attempts.paid(transferId)); // its transfer came after all
    assertThat(status(transferId)).isEqualTo("paid");
  }

  @Test
  void noAttemptIsWrittenForAnInvoiceThatIsNoLongerOpen() throws Exception {
    Invoice invoice = issued("ada-studio");
    expect(
        invoices.post("/api/invoices/" + invoice.id() + "/void", invoices.token("ada-studio")),
        200);

    assertThat(
            await(
                new PaymentStore(invoices.pool())
                    .begin(InvoicePayments.transferId(invoice), invoice, payer, 500_000)))
        .isZero();
    assertThat(invoices.count("payments")).isZero();
  }
}
