package app.lightweight.email;

import static app.lightweight.email.Mail.a;
import static app.lightweight.shared.testing.TestEnv.await;
import static app.lightweight.shared.testing.TestEnv.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import app.lightweight.shared.testing.ServiceFixture;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** email.send on the bus, and the events with the caller's metadata. */
class EmailEventsTest {
  private static final Duration DEADLINE = Duration.ofSeconds(20);

  @RegisterExtension static final ServiceFixture email = Mail.fixture(Map.of());

  @BeforeEach
  void relays() {
    email.clean();
    Mail.resetRelays(email);
  }

  @Test
  void aMessageFromTheBusIsStoredSentAndItsEventsCarryTheMetadata() {
    List<JsonObject> events = busEvents();
    JsonObject send =
        Mail.message("ada@example.com")
            .put("tenant", "acme")
            .put("metadata", new JsonObject().put("invoice_id", "inv_42"));

    JsonObject reply =
        await(email.vertx().eventBus().<JsonObject>request("email.send", send)).body();

    String id = reply.getString("id");
    assertThat(reply.getString("status")).isEqualTo("queued");
    eventually(DEADLINE, () -> assertThat(a().count("<" + id + "@lightweight.test>")).isEqualTo(1));
    eventually(
        DEADLINE,
        () ->
            assertThat(events.stream().map(e -> e.getString("type")))
                .contains("email.queued", "email.sent", "email.delivered"));
    events.forEach(
        event -> {
          assertThat(event.getJsonObject("data").getString("id")).isEqualTo(id);
          assertThat(event.getJsonObject("data").getJsonObject("metadata").getString("invoice_id"))
              .isEqualTo("inv_42");
          assertThat(event.getString("subject")).isEqualTo("acme");
        });
  }

  @Test
  void anAttachmentFromTheBusMayBeRawBytesAndArrivesIdentical() {
    JsonObject send =
        Mail.message("ada@example.com")
            .put("tenant", "acme")
            .put(
                "attachments",
                new JsonArray()
                    .add(
                        new JsonObject()
                            .put("file_name", "INV-2026-000002.pdf")
                            .put("content_type", "application/pdf")
                            .put("bytes", Mail.PDF)));

    String id =
        await(email.vertx().eventBus().<JsonObject>request("email.send", send))
            .body()
            .getString("id");

    eventually(DEADLINE, () -> assertThat(a().count("<" + id + "@lightweight.test>")).isEqualTo(1));
    var mail = a().mails().get(0);
    assertThat(mail.attachments()).hasSize(1);
    assertThat(mail.attachments().get(0).name()).isEqualTo("INV-2026-000002.pdf");
    assertThat(mail.attachments().get(0).content()).isEqualTo(Mail.PDF);
  }

  @Test
  void aBounceAndARefusedRecipientBringBouncedAndFailedWithTheMetadata() {
    List<JsonObject> events = busEvents();
    a().faults().unknownRecipients("nobody@example.com");
    try {
      String bounced = sendOnTheBus("bob@bounce.test", "inv_bounce");
      String refused = sendOnTheBus("nobody@example.com", "inv_refused");

      eventually(
          DEADLINE,
          () -> {
            assertThat(types(events, bounced))
                .containsExactly("email.queued", "email.sent", "email.bounced");
            assertThat(types(events, refused)).containsExactly("email.queued", "email.failed");
          });
      events.stream()
          .filter(e -> e.getString("type").equals("email.bounced"))
          .forEach(
              e ->
                  assertThat(
                          e.getJsonObject("data").getJsonObject("metadata").getString("invoice_id"))
                      .isEqualTo("inv_bounce"));
      JsonObject failed =
          events.stream()
              .filter(e -> e.getString("type").equals("email.failed"))
              .findFirst()
              .orElseThrow();
      assertThat(failed.getJsonObject("data").getJsonObject("metadata").getString("invoice_id"))
          .isEqualTo("inv_refused");
      assertThat(failed.getJsonObject("data").getString("reason")).contains("5.1.1");
    } finally {
      a().faults().clear();
    }
  }

  /** Every event the service publishes on the bus from now on. */
  private static List<JsonObject> busEvents() {
    List<JsonObject> events = new CopyOnWriteArrayList<>();
    await(
        email
            .vertx()
            .eventBus()
            .<JsonObject>consumer("email.events", event -> events.add(event.body()))
            .completion());
    return events;
  }

  private String sendOnTheBus(String to, String invoiceId) {
    JsonObject send =
        Mail.message(to)
            .put("tenant", "acme")
            .put("metadata", new JsonObject().put("invoice_id", invoiceId));
    return await(email.vertx().eventBus().<JsonObject>request("email.send", send))
        .body()
        .getString("id");
  }

  private static List<String> types(List<JsonObject> events, String id) {
    return events.stream()
        .filter(e -> id.equals(e.getJsonObject("data").getString("id")))
        .map(e -> e.getString("type"))
        .toList();
  }

  @Test
  void aMessageAskedForTwiceWithOneIdempotencyKeyIsStoredAndSentOnce() {
    JsonObject send = Mail.message("grace@example.com").put("tenant", "acme");
    DeliveryOptions keyed = new DeliveryOptions().addHeader("Idempotency-Key", "snd_once");

    JsonObject first =
        await(email.vertx().eventBus().<JsonObject>request("email.send", send, keyed)).body();
    JsonObject again =
        await(email.vertx().eventBus().<JsonObject>request("email.send", send, keyed)).body();
    JsonObject otherTenant =
        await(
                email
                    .vertx()
                    .eventBus()
                    .<JsonObject>request("email.send", send.copy().put("tenant", "zeta"), keyed))
            .body();

    assertThat(again.getString("id")).isEqualTo(first.getString("id"));
    assertThat(again.getString("message_id")).isEqualTo(first.getString("message_id"));
    assertThat(otherTenant.getString("id")).isNotEqualTo(first.getString("id"));
    eventually(DEADLINE, () -> assertThat(a().count(first.getString("message_id"))).isEqualTo(1));
    assertThat(email.count("messages")).isEqualTo(2);
  }

  @Test
  void aBadMessageFromTheBusFailsWith400NamingTheField() {
    JsonObject send = Mail.message("not an address").put("tenant", "acme");

    Throwable failure =
        email
            .vertx()
            .eventBus()
            .request("email.send", send)
            .toCompletionStage()
            .handle((ok, error) -> error)
            .toCompletableFuture()
            .join();

    assertThat(failure).isInstanceOf(ReplyException.class);
    assertThat(((ReplyException) failure).failureCode()).isEqualTo(400);
    assertThat(failure.getMessage()).contains("/to/0/address");
    assertThat(email.count("messages")).isZero();
  }
}
