package app.lightweight.email;

import static app.lightweight.email.Mail.a;
import static app.lightweight.shared.testing.ServiceFixture.expect;
import static app.lightweight.shared.testing.TestEnv.await;
import static app.lightweight.shared.testing.TestEnv.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import app.lightweight.shared.testing.ServiceFixture;
import app.lightweight.shared.testing.TestEnv;
import app.lightweight.shared.testing.TopicEvents;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A message's events are in causal order on the bus and the topic: {@code email.sent} before the
 * {@code email.delivered} of the relay's real webhook, even when that webhook is recorded before
 * the dispatcher commits the try that sent it (which the test makes certain by holding the try's
 * row locked until the webhook is in).
 */
class EventOrderTest {
  private static final Duration DEADLINE = Duration.ofSeconds(30);
  private static final List<String> CAUSAL =
      List.of("email.queued", "email.sent", "email.delivered");

  @RegisterExtension static final ServiceFixture email = Mail.fixture(Map.of());

  private final List<JsonObject> bus = new CopyOnWriteArrayList<>();

  @BeforeEach
  void relays() {
    email.clean();
    Mail.resetRelays(email);
    await(
        email
            .vertx()
            .eventBus()
            .<JsonObject>consumer("email.events", event -> bus.add(event.body()))
            .completion());
  }

  @AfterEach
  void clear() {
    a().faults().clear();
  }

  @Test
  void aDeliveryWebhookThatBeatsTheDispatchersCommitIsEmittedAfterSent() throws Exception {
    a().faults().slowReplies(Duration.ofMillis(250)); // time to take the lock while it sends
    String id = send();
    Pool pool = TestEnv.pool(email.vertx(), EmailVerticle.NAME);
    try {
      eventually(
          DEADLINE,
          () ->
              assertThat(count("attempts where ended_at is null and message = '" + id + "'"))
                  .isEqualTo(1));
      SqlConnection connection = await(pool.getConnection());
      Transaction lock = await(connection.begin());
      // the dispatcher's settlement starts by closing this attempt: it waits on the lock
      await(
          connection
              .preparedQuery("select id from attempts where message = $1 for update")
              .execute(Tuple.of(id)));
      try {
        assertThat(a().webhooks().waitForDelivered(1, DEADLINE)).isTrue();
        eventually(
            DEADLINE,
            () -> assertThat(count("provider_events where message = '" + id + "'")).isEqualTo(1));
        assertThat(count("attempts where ended_at is null"))
            .as("the webhook was recorded before the try settled")
            .isEqualTo(1);
      } finally {
        await(lock.commit());
        await(connection.close());
      }
    } finally {
      await(pool.close());
    }

    assertCausal(id);
    JsonObject message = expect(email.get("/api/email/messages/" + id, email.token("acme")), 200);
    assertThat(message.getString("status")).isEqualTo("delivered");
    assertThat(message.getJsonArray("timeline").getJsonObject(0).getString("outcome"))
        .isEqualTo("accepted");
  }

  @Test
  void aDeliveryWebhookAfterAnUnknownOutcomeComesAfterAnInferredSentAndNothingIsSentTwice()
      throws Exception {
    a().faults().dropAfterData(1); // the relay takes it and reports it; we never see the 250

    String id = send();

    assertCausal(id);
    JsonObject sent =
        bus.stream()
            .filter(e -> e.getString("type").equals("email.sent"))
            .findFirst()
            .orElseThrow();
    assertThat(sent.getJsonObject("data").getBoolean("inferred_from_provider_event")).isTrue();
    // delivered, so the retry that waits for unknown outcomes never claims it
    assertThat(email.rows("select status from messages").get(0).getString(0))
        .isEqualTo("delivered");
    assertThat(a().count("<" + id + "@lightweight.test>")).isEqualTo(1);
  }

  private String send() throws Exception {
    JsonObject body =
        Mail.message("ada@example.com")
            .put("metadata", new JsonObject().put("invoice_id", "inv_9"));
    return expect(email.post("/api/email/messages", email.token("acme"), body), 202)
        .getString("id");
  }

  /** queued, sent, delivered: in the outbox, on the bus and on the topic, in that order. */
  private void assertCausal(String id) {
    eventually(
        DEADLINE,
        () ->
            assertThat(
                    email.rows("select type from outbox order by seq").stream()
                        .map(row -> row.getString(0))
                        .toList())
                .containsExactlyElementsOf(CAUSAL));
    eventually(
        DEADLINE,
        () ->
            assertThat(bus.stream().map(e -> e.getString("type")).toList())
                .containsExactlyElementsOf(CAUSAL));
    assertThat(
            TopicEvents.read("lightweight.email.v1", r -> id.equals(r.key()), 3, DEADLINE).stream()
                .map(r -> TopicEvents.event(r).getString("type"))
                .toList())
        .containsExactlyElementsOf(CAUSAL);
  }

  private long count(String from) {
    return email.rows("select count(*) from " + from).get(0).getLong(0);
  }
}
