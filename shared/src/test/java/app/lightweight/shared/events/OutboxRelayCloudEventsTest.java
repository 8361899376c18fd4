package app.lightweight.shared.events;

import static app.lightweight.shared.testing.TestEnv.await;
import static org.assertj.core.api.Assertions.assertThat;

import app.lightweight.shared.db.DbConfig;
import app.lightweight.shared.db.Migrations;
import app.lightweight.shared.db.Postgres;
import app.lightweight.shared.testing.TestEnv;
import app.lightweight.shared.testing.TopicEvents;
import io.cloudevents.CloudEvent;
import io.cloudevents.SpecVersion;
import io.cloudevents.kafka.CloudEventDeserializer;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The relay's Kafka records are CloudEvents to the official SDK, not only to our own code. */
class OutboxRelayCloudEventsTest {
  private static final String SCHEMA = "relay_cloudevents";
  private Vertx vertx;
  private Pool pool;
  private OutboxRelay relay;
  private String topic;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    DbConfig db = new DbConfig(TestEnv.PG_URL, SCHEMA, 2);
    Postgres.ensureDatabase(db);
    await(Migrations.apply(vertx, db));
    pool = TestEnv.pool(vertx, SCHEMA);
    await(pool.query("delete from outbox").execute());
    topic = "lightweight.relaytest-" + UUID.randomUUID() + ".v1";
    KafkaSettings kafka =
        new KafkaSettings(Optional.of(TestEnv.sandbox().kafka().bootstrapServers()), topic);
    relay = new OutboxRelay(vertx, pool, "relaytest", kafka, 100);
    Promise<Void> started = Promise.promise();
    vertx.getOrCreateContext().runOnContext(v -> relay.start().onComplete(started));
    await(started.future());
  }

  @AfterEach
  void stop() {
    await(relay.stop());
    await(vertx.close());
  }

  @Test
  void theCloudEventsKafkaDeserializerReadsEveryAttributeOfARelayedEvent() {
    DomainEvent sent =
        DomainEvent.of(
            "relaytest",
            "thing.happened",
            "thg_1",
            "user-42",
            new JsonObject().put("display_name", "Kemi"));
    await(Outbox.append(pool, sent));
    relay.wake();

    CloudEvent event = readOneWithTheSdk();

    assertThat(event.getSpecVersion()).isEqualTo(SpecVersion.V1);
    assertThat(event.getId()).isEqualTo(sent.id());
    assertThat(event.getSource()).hasToString("/lightweight/relaytest");
    assertThat(event.getType()).isEqualTo("thing.happened");
    assertThat(event.getSubject()).isEqualTo("user-42");
    assertThat(event.getTime().toInstant()).isEqualTo(sent.time());
    assertThat(event.getDataContentType()).isEqualTo("application/json");
    assertThat(event.getExtension("aggregateid")).isEqualTo("thg_1");
    TopicEvents.assertValid(event);
    assertThat(new JsonObject(new String(event.getData().toBytes(), StandardCharsets.UTF_8)))
        .isEqualTo(new JsonObject().put("display_name", "Kemi"));
  }

  private CloudEvent readOneWithTheSdk() {
    Properties config = new Properties();
    config.putAll(
        Map.of(
            "bootstrap.servers", TestEnv.sandbox().kafka().bootstrapServers(),
            "group.id", "test-" + UUID.randomUUID(),
            "auto.offset.reset", "earliest",
            "key.deserializer", StringDeserializer.class.getName(),
            "value.deserializer", CloudEventDeserializer.class.getName()));
    List<CloudEvent> events = new ArrayList<>();
    try (KafkaConsumer<String, CloudEvent> consumer = new KafkaConsumer<>(config)) {
      consumer.subscribe(List.of(topic));
      long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (events.isEmpty() && System.nanoTime() < end) {
        consumer.poll(Duration.ofMillis(200)).forEach(record -> events.add(record.value()));
      }
    }
    assertThat(events).as("events on " + topic).hasSize(1);
    return events.get(0);
  }
}
