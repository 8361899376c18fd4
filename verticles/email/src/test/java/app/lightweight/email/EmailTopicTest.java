package app.lightweight.email;

import static app.lightweight.email.Mail.a;
import static app.lightweight.shared.testing.ServiceFixture.expect;
import static app.lightweight.shared.testing.TestEnv.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import app.lightweight.shared.testing.ServiceFixture;
import app.lightweight.shared.testing.TopicEvents;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Kafka leg: a message's events reach lightweight.email.v1 as CloudEvents with its metadata.
 */
class EmailTopicTest {
  private static final String TOPIC = "lightweight.email.v1";
  private static final Duration DEADLINE = Duration.ofSeconds(30);

  @RegisterExtension static final ServiceFixture email = Mail.fixture(Map.of());

  @BeforeEach
  void relays() {
    email.clean();
    Mail.resetRelays(email);
  }

  @Test
  void queuedSentAndDeliveredReachTheTopicWithTheMessagesMetadata() throws Exception {
    JsonObject message =
        Mail.message("ada@example.com")
            .put("metadata", new JsonObject().put("invoice_id", "inv_kafka_7"));
    String id =
        expect(email.post("/api/email/messages", email.token("acme"), message), 202)
            .getString("id");
    eventually(DEADLINE, () -> assertThat(a().count("<" + id + "@lightweight.test>")).isEqualTo(1));

    List<JsonObject> events =
        TopicEvents.read(TOPIC, record -> id.equals(record.key()), 3, DEADLINE).stream()
            .map(TopicEvents::event)
            .toList();

    // in causal order, even where the relay's webhook beat the dispatcher's commit (EventOrderTest)
    assertThat(events.stream().map(e -> e.getString("type")))
        .containsExactly("email.queued", "email.sent", "email.delivered");
    events.forEach(
        event -> {
          assertThat(event.getString("subject")).isEqualTo("acme");
          assertThat(event.getJsonObject("data").getString("id")).isEqualTo(id);
          assertThat(event.getJsonObject("data").getJsonObject("metadata").getString("invoice_id"))
              .isEqualTo("inv_kafka_7");
        });
  }
}
