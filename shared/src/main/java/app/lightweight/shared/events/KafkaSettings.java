package app.lightweight.shared.events;

import app.lightweight.shared.config.Settings;
import java.util.Map;
import java.util.Optional;

/** The Kafka leg of the outbox: off when {@code KAFKA_BOOTSTRAP} is unset or {@code off}. */
public record KafkaSettings(Optional<String> bootstrapServers, String topic) {

  public static KafkaSettings from(Settings settings) {
    return new KafkaSettings(
        settings.optional("KAFKA_BOOTSTRAP").filter(value -> !value.equalsIgnoreCase("off")),
        settings.string("KAFKA_TOPIC", "lightweight." + settings.service() + ".v1"));
  }

  public boolean enabled() {
    return bootstrapServers.isPresent();
  }

  /**
   * Producer settings for an ordered, idempotent, at-least-once relay that gives up on a send
   * within seconds (the relay retries the row later) rather than holding events for minutes.
   */
  public Map<String, String> producerConfig(String clientId) {
    return Map.ofEntries(
        Map.entry("bootstrap.servers", bootstrapServers.orElseThrow()),
        Map.entry("client.id", clientId),
        Map.entry("key.serializer", "org.apache.kafka.common.serialization.StringSerializer"),
        Map.entry("value.serializer", "org.apache.kafka.common.serialization.StringSerializer"),
        Map.entry("acks", "all"),
        Map.entry("enable.idempotence", "true"),
        Map.entry("max.in.flight.requests.per.connection", "5"),
        Map.entry("linger.ms", "2"),
        Map.entry("request.timeout.ms", "4000"),
        Map.entry("delivery.timeout.ms", "10000"),
        Map.entry("max.block.ms", "3000"),
        Map.entry("reconnect.backoff.max.ms", "2000"),
        Map.entry("metadata.max.age.ms", "10000"));
  }
}
