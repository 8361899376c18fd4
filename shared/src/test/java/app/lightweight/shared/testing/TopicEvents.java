package app.lightweight.shared.testing;

import io.vertx.core.json.JsonObject;
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

  public static JsonObject event(ConsumerRecord<String, String> record) {
    return new JsonObject(record.value());
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
