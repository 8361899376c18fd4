package app.lightweight.invoices;

import static app.lightweight.invoices.InvoicesUnderTest.createInvoice;
import static app.lightweight.invoices.InvoicesUnderTest.invoice;
import static app.lightweight.invoices.InvoicesUnderTest.issue;
import static app.lightweight.shared.testing.ServiceFixture.expect;
import static org.assertj.core.api.Assertions.assertThat;

import app.lightweight.invoices.timeline.TimelineStore;
import app.lightweight.shared.testing.ServiceFixture;
import app.lightweight.shared.testing.TestEnv;
import app.lightweight.shared.testing.TopicEvents;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every change of an invoice is a CloudEvent on the event bus and on the Kafka topic. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InvoiceEventsTest {
  private static final String TOPIC = "lightweight.invoices.v1";

  @RegisterExtension
  static final ServiceFixture invoices = InvoicesUnderTest.fixture().keepDataBetweenTests();

  @Test
  void theLifecycleOfAnInvoiceReachesKafkaInOrder() throws Exception {
    String tenant = "events-" + UUID.randomUUID();
    String token = invoices.token(tenant);
    String id = createInvoice(invoices, token, invoice("Evented Ltd")).getString("id");
    issue(invoices, token, id);
    expect(invoices.post("/api/invoices/" + id + "/send", token), 202);
    expect(invoices.post("/api/invoices/" + id + "/void", token), 200);

    List<JsonObject> events = eventsOf(id, 4, Duration.ofSeconds(30));

    assertThat(events)
        .extracting(event -> event.getString("type"))
        .containsExactly("invoice.created", "invoice.issued", "invoice.sent", "invoice.voided");
    JsonObject created = events.get(0).getJsonObject("data");
    JsonObject asStored = expect(invoices.get("/api/invoices/" + id, token), 200);
    assertThat(created.getString("created_at")).isEqualTo(asStored.getString("created_at"));
    assertThat(created.getValue("business")).isNull();
    assertThat(created.getJsonObject("totals")).isEqualTo(asStored.getJsonObject("totals"));
    JsonObject issued = events.get(1);
    assertThat(issued.getString("source")).isEqualTo("/lightweight/invoices");
    assertThat(issued.getString("id")).startsWith("evt_");
    assertThat(issued.getString("subject")).isEqualTo(id);
    assertThat(issued.getJsonObject("data").getString("tenant")).isEqualTo(tenant);
    assertThat(issued.getJsonObject("data").getString("number")).isEqualTo("INV-2026-000001");
    assertThat(
            issued
                .getJsonObject("data")
                .getJsonObject("totals")
                .getJsonObject("total")
                .getLong("amount"))
        .isEqualTo(215_000_00L);
  }

  @Test
  void eventsArePublishedOnTheEventBus() throws Exception {
    List<JsonObject> heard = new CopyOnWriteArrayList<>();
    var consumer =
        invoices
            .vertx()
            .eventBus()
            .<JsonObject>consumer("invoices.events", m -> heard.add(m.body()));
    TestEnv.await(consumer.completion());
    try {
      String token = invoices.token("bus-" + UUID.randomUUID());
      String id = createInvoice(invoices, token, invoice("Heard Ltd")).getString("id");
      issue(invoices, token, id);

      TestEnv.eventually(
          Duration.ofSeconds(10),
          () ->
              assertThat(heard)
                  .filteredOn(event -> id.equals(event.getString("subject")))
                  .filteredOn(event -> !TimelineStore.EVENT.equals(event.getString("type")))
                  .extracting(event -> event.getString("type"))
                  .containsExactly("invoice.created", "invoice.issued"));
    } finally {
      TestEnv.await(consumer.unregister());
    }
  }

  /**
   * Reads the topic from the beginning until {@code count} lifecycle events of the invoice arrived
   * (its {@code invoice.timeline} events are left out).
   */
  private static List<JsonObject> eventsOf(String invoiceId, int count, Duration deadline) {
    List<JsonObject> found =
        TopicEvents.read(
                TOPIC,
                record ->
                    invoiceId.equals(record.key())
                        && !TimelineStore.EVENT.equals(TopicEvents.event(record).getString("type")),
                count,
                deadline)
            .stream()
            .map(TopicEvents::event)
            .toList();
    assertThat(found).as("events of %s", invoiceId).hasSizeGreaterThanOrEqualTo(count);
    return found;
  }
}
