package app.lightweight.users;

import static org.assertj.core.api.Assertions.assertThat;

import app.lightweight.shared.testing.ServiceFixture;
import app.lightweight.shared.testing.TestEnv;
import app.lightweight.shared.testing.TopicEvents;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/** user.updated reaches the real Kafka broker as a CloudEvent, also across a broker outage. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UserEventsTest {
  private static final String TOPIC = "lightweight.users.v1";

  @RegisterExtension
  static final ServiceFixture users = UsersUnderTest.fixture().keepDataBetweenTests();

  @Test
  void updatePublishesACloudEventOnTheUsersTopic() throws Exception {
    String subject = "events-" + UUID.randomUUID();
    String token = users.token(subject, "users:read users:write");

    assertThat(
            users
                .put("/api/users/me", token, new JsonObject().put("display_name", "Kemi"))
                .statusCode())
        .isEqualTo(200);

    List<JsonObject> events = eventsFor(subject, "user.updated", 1, Duration.ofSeconds(30));
    JsonObject event = events.get(0);
    assertThat(event.getString("specversion")).isEqualTo("1.0");
    assertThat(event.getString("source")).isEqualTo("/lightweight/users");
    assertThat(event.getString("id")).startsWith("evt_");
    assertThat(event.getString("time")).isNotBlank();
    assertThat(event.getJsonObject("data").getString("display_name")).isEqualTo("Kemi");
    assertThat(event.getJsonObject("data").fieldNames())
        .contains("business_name", "tax_id", "default_currency", "created_at", "updated_at")
        .allMatch(name -> name.matches("[a-z0-9_]+"));
  }

  @Test
  void eventsWrittenWhileKafkaIsDownArriveOnceItIsBack() throws Exception {
    String subject = "outage-" + UUID.randomUUID();
    String token = users.token(subject, "users:read users:write");
    users.get("/api/users/me", token);
    var broker = TestEnv.sandbox().kafka();

    broker.stop();
    try {
      var put =
          users.put("/api/users/me", token, new JsonObject().put("display_name", "During outage"));
      assertThat(put.statusCode()).isEqualTo(200);
      TestEnv.eventually(
          Duration.ofSeconds(20),
          () ->
              assertThat(
                      users.rows(
                          "select 1 from outbox where type = 'user.updated' and kafka_sent_at is null"))
                  .isNotEmpty());
    } finally {
      broker.restart();
    }

    List<JsonObject> events = eventsFor(subject, "user.updated", 1, Duration.ofSeconds(60));
    assertThat(events.get(0).getJsonObject("data").getString("display_name"))
        .isEqualTo("During outage");
    // once the outbox is drained, the topic holds the event exactly once
    TestEnv.eventually(
        Duration.ofSeconds(30),
        () -> assertThat(users.rows("select 1 from outbox where kafka_sent_at is null")).isEmpty());
    List<JsonObject> again = eventsFor(subject, "user.updated", 1, Duration.ofSeconds(5));
    assertThat(again).hasSize(1);
  }

  @Test
  void eventsOfOneUserArriveInTheOrderTheyHappened() throws Exception {
    String subject = "ordered-" + UUID.randomUUID();
    String token = users.token(subject, "users:read users:write");
    for (int i = 1; i <= 5; i++) {
      users.put("/api/users/me", token, new JsonObject().put("display_name", "v" + i));
    }

    List<JsonObject> events = eventsFor(subject, "user.updated", 5, Duration.ofSeconds(30));

    assertThat(events.stream().map(e -> e.getJsonObject("data").getString("display_name")))
        .containsExactly("v1", "v2", "v3", "v4", "v5");
  }

  @Test
  void updateIsPublishedOnTheEventBus() throws Exception {
    String subject = "bus-" + UUID.randomUUID();
    List<JsonObject> received = new java.util.concurrent.CopyOnWriteArrayList<>();
    TestEnv.await(
        users
            .vertx()
            .eventBus()
            .<JsonObject>consumer("users.events", message -> received.add(message.body()))
            .completion());

    users.put(
        "/api/users/me",
        users.token(subject, "users:read users:write"),
        new JsonObject().put("display_name", "On the bus"));

    TestEnv.eventually(
        Duration.ofSeconds(10),
        () ->
            assertThat(received)
                .anySatisfy(
                    event -> {
                      assertThat(event.getString("type")).isEqualTo("user.updated");
                      assertThat(event.getString("subject")).isEqualTo(subject);
                    }));
  }

  /** The {@code type} events of one user on the users topic, each keyed by its aggregate. */
  private static List<JsonObject> eventsFor(
      String subject, String type, int count, Duration deadline) {
    List<JsonObject> found = new ArrayList<>();
    for (ConsumerRecord<String, String> record :
        TopicEvents.read(
            TOPIC,
            r -> {
              JsonObject event = TopicEvents.event(r);
              return subject.equals(event.getString("subject"))
                  && type.equals(event.getString("type"));
            },
            count,
            deadline)) {
      JsonObject event = TopicEvents.event(record);
      assertThat(record.key()).isEqualTo(event.getString("aggregateid"));
      found.add(event);
    }
    assertThat(found).as("events %s for %s", type, subject).hasSizeGreaterThanOrEqualTo(count);
    return found;
  }
}
