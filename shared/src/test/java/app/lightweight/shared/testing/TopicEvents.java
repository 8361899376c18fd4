package app.lightweight.shared.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudevents.CloudEvent;
import io.cloudevents.SpecVersion;
import io.cloudevents.kafka.CloudEventDeserializer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads CloudEvents back from a topic of the sandbox broker, as an outside consumer would. */
public final class TopicEvents {
  private TopicEvents() {}

  /**
   * Reads {@code topic} from the beginning (a fresh consumer group) until {@code count} records
   * match or the deadline passes, then one second more, so that a duplicate right behind shows up.
   */
  public static List<ConsumerRecord<String, String>> read(
      String topic,
      Predicate<ConsumerRecord<String, String>> matches,
      int count,
      Duration deadline) {
    Properties config = new Properties();
    config.putAll(
        Map.of(
            "bootstrap.servers", TestEnv.sandbox().kafka().bootstrapServers(),
            "group.id", "test-" + UUID.randomUUID(),
            "auto.offset.reset", "earliest",
            "key.deserializer", StringDeserializer.class.getName(),
            "value.deserializer", StringDeserializer.class.getName()));
    List<ConsumerRecord<String, String>> found = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
      consumer.subscribe(List.of(topic));
      long end = System.nanoTime() + deadline.toNanos();
      while (System.nanoTime() < end && found.size() < count) {
        pollInto(consumer, matches, found);
      }
      long settle = System.nanoTime() + Duration.ofSeconds(1).toNanos();
      while (System.nanoTime() < settle) {
        pollInto(consumer, matches, found);
      }
    }
    return found;
  }

  /**
   * The record's CloudEvent as JSON, once the official SDK's Kafka deserializer has read it (so a
   * record a standard consumer could not read fails the test) and its attributes are valid.
   */
  public static JsonObject event(ConsumerRecord<String, String> record) {
    CloudEvent parsed;
    try (CloudEventDeserializer sdk = new CloudEventDeserializer()) {
      parsed =
          sdk.deserialize(
              record.topic(), record.headers(), record.value().getBytes(StandardCharsets.UTF_8));
    }
    assertValid(parsed);
    return new JsonObject(record.value());
  }

  /** What CloudEvents 1.0 requires of the attributes beyond what the SDK checks when parsing. */
  public static void assertValid(CloudEvent event) {
    assertThat(event.getSpecVersion()).isEqualTo(SpecVersion.V1);
    assertThat(event.getId()).isNotBlank();
    assertThat(event.getSource().toString()).isNotBlank();
    assertThat(event.getType()).isNotBlank();
    assertThat(event.getTime()).as("time (RFC 3339)").isNotNull();
    assertThat(event.getDataContentType()).isEqualTo("application/json");
    assertThat(event.getSubject()).isNotBlank();
    assertThat(event.getExtensionNames()).allMatch(name -> name.matches("[a-z0-9]{1,20}"));
  }

  private static void pollInto(
      KafkaConsumer<String, String> consumer,
      Predicate<ConsumerRecord<String, String>> matches,
      List<ConsumerRecord<String, String>> found) {
    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
      if (matches.test(record)) {
        found.add(record);
      }
    }
  }
}
