package app.lightweight.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaBrokerTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private static KafkaBroker broker;
  private Vertx vertx;

  @BeforeAll
  static void startBroker() {
    broker = KafkaBroker.start(0, null);
  }

  @AfterAll
  static void closeBroker() {
    broker.close();
  }

  @BeforeEach
  void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void closeVertx() throws Exception {
    await(vertx.close());
  }

  @Test
  void recordProducedIsConsumedAndItsOffsetCommitted() throws Exception {
    var topic = "lightweight.test." + UUID.randomUUID();
    var producer = producer();
    await(producer.send(KafkaProducerRecord.create(topic, "inv_1", "{\"type\":\"invoice.sent\"}")));

    var consumer = consumer("tests");
    var records = readAll(consumer, topic, 1);
    assertThat(records).extracting(KafkaConsumerRecord::key).containsExactly("inv_1");
    assertThat(records.get(0).value()).contains("invoice.sent");

    await(consumer.commit());
    var committed = await(consumer.committed(new TopicPartition(topic, 0)));
    assertThat(committed.getOffset()).isEqualTo(1);
    await(consumer.close());
    await(producer.close());
  }

  @Test
  void recordsSurviveARestartAndAConnectedProducerCarriesOn() throws Exception {
    var topic = "lightweight.restart." + UUID.randomUUID();
    var producer = producer();
    await(producer.send(KafkaProducerRecord.create(topic, "wal_1", "before")));

    broker.stop();
    assertThat(Ports.isListening(broker.port())).isFalse();
    broker.restart();

    await(producer.send(KafkaProducerRecord.create(topic, "wal_1", "after")));
    var consumer = consumer("after-restart");
    var records = readAll(consumer, topic, 2);
    assertThat(records).extracting(KafkaConsumerRecord::value).containsExactly("before", "after");
    await(consumer.close());
    await(producer.close());
  }

  @Test
  void dataDirectoryOutlivesTheBrokerThatWroteIt(@TempDir Path dataDir) throws Exception {
    var topic = "lightweight.durable." + UUID.randomUUID();
    try (var first = KafkaBroker.start(0, dataDir)) {
      var producer = producer(first);
      await(producer.send(KafkaProducerRecord.create(topic, "txn_1", "kept")));
      await(producer.close());
    }
    assertThat(dataDir).isNotEmptyDirectory();

    try (var second = KafkaBroker.start(0, dataDir)) {
      var consumer = consumer(second, "durable");
      assertThat(readAll(consumer, topic, 1))
          .extracting(KafkaConsumerRecord::value)
          .containsExactly("kept");
      await(consumer.close());
    }
  }

  private KafkaProducer<String, String> producer() {
    return producer(broker);
  }

  private KafkaProducer<String, String> producer(KafkaBroker target) {
    return KafkaProducer.create(
        vertx,
        Map.of(
            "bootstrap.servers", target.bootstrapServers(),
            "key.serializer", "org.apache.kafka.common.serialization.StringSerializer",
            "value.serializer", "org.apache.kafka.common.serialization.StringSerializer",
            "acks", "all"));
  }

  private KafkaConsumer<String, String> consumer(String group) {
    return consumer(broker, group);
  }

  private KafkaConsumer<String, String> consumer(KafkaBroker target, String group) {
    return KafkaConsumer.create(
        vertx,
        Map.of(
            "bootstrap.servers", target.bootstrapServers(),
            "key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer",
            "value.deserializer", "org.apache.kafka.common.serialization.StringDeserializer",
            "group.id", group,
            "auto.offset.reset", "earliest",
            "enable.auto.commit", "false"));
  }

  /** Polls until {@code count} records arrived or the deadline passed. */
  private List<KafkaConsumerRecord<String, String>> readAll(
      KafkaConsumer<String, String> consumer, String topic, int count) throws Exception {
    await(consumer.subscribe(topic));
    var records = new ArrayList<KafkaConsumerRecord<String, String>>();
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (records.size() < count && System.nanoTime() < deadline) {
      var batch = await(consumer.poll(Duration.ofMillis(500)));
      for (int i = 0; i < batch.size(); i++) {
        records.add(batch.recordAt(i));
      }
    }
    return records;
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future
        .toCompletionStage()
        .toCompletableFuture()
        .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }
}
