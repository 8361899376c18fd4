package app.lightweight.invoices;

import static app.lightweight.invoices.InvoicesUnderTest.createInvoice;
import static app.lightweight.invoices.InvoicesUnderTest.invoice;
import static app.lightweight.invoices.InvoicesUnderTest.issue;
import static app.lightweight.shared.testing.ServiceFixture.expect;
import static app.lightweight.shared.testing.TestEnv.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import app.lightweight.shared.testing.ServiceFixture;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The email service can record a message's {@code email.delivered} (from the relay's webhook)
 * before its {@code email.sent} (from the dispatcher, after the relay's answer): seen with the real
 * services in {@code InvoiceToReceiptTest}. The events are published here as the email service
 * publishes them, in that order, so that the race is not needed to prove it.
 */
class SendTimelineOrderTest {
  @RegisterExtension static final ServiceFixture invoices = InvoicesUnderTest.fixture();

  @Test
  void aDeliveryHeardBeforeItsSentIsListedAfterIt() throws Exception {
    String tenant = "order-studio";
    String token = invoices.token(tenant);
    String id = createInvoice(invoices, token, invoice("Order Ltd")).getString("id");
    issue(invoices, token, id);
    String sendId =
        expect(invoices.post("/api/invoices/" + id + "/send", token), 202).getString("id");
    Instant delivered = Instant.now().plusSeconds(1);

    publish("email.delivered", tenant, sendId, delivered);
    eventually(
        Duration.ofSeconds(30), () -> assertThat(types(id, token)).contains("send.delivered"));
    publish("email.sent", tenant, sendId, delivered.plusMillis(40));

    eventually(
        Duration.ofSeconds(30),
        () ->
            assertThat(types(id, token))
                .containsExactly(
                    "invoice.created",
                    "invoice.issued",
                    "send.queued",
                    "send.sent",
                    "send.delivered"));
    assertThat(invoices.rows("select status from sends").get(0).getString(0))
        .isEqualTo("delivered");
  }

  private static void publish(String type, String tenant, String sendId, Instant time) {
    invoices
        .vertx()
        .eventBus()
        .publish(
            "email.events",
            new JsonObject()
                .put("specversion", "1.0")
                .put("id", "evt_" + type + sendId)
                .put("source", "/lightweight/email")
                .put("type", type)
                .put("subject", tenant)
                .put("time", time.toString())
                .put(
                    "data",
                    new JsonObject()
                        .put("id", "msg_order")
                        .put("recipient", "orderltd@example.ng")
                        .put(
                            "metadata",
                            new JsonObject()
                                .put("send_id", sendId)
                                .put("tenant", tenant)
                                .put("kind", "invoice"))));
  }

  private static List<String> types(String id, String token) {
    try {
      return expect(invoices.get("/api/invoices/" + id + "/timeline", token), 200)
          .getJsonArray("items")
          .stream()
          .map(item -> ((JsonObject) item).getString("type"))
          .toList();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
