package app.lightweight.shared.events;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Relays outbox rows, in their order, to the clustered event bus (publish on {@code
 * <service>.events}) and to Kafka (topic {@code lightweight.<service>.v1}, key = aggregate id,
 * CloudEvents structured mode: header {@code content-type: application/cloudevents+json}). Each leg
 * marks the rows it delivered; a row stays pending until its leg succeeds, so events wait while
 * Kafka is down and then go in order. Only one relay per service works at a time (a
 * transaction-scoped advisory lock), so several instances of a service do not interleave.
 */
public final class OutboxRelay {
  private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);
  private static final int BATCH = 200;
  private static final long MAX_BACKOFF_MS = 5_000;

  private static final String LOCK =
      "select pg_try_advisory_xact_lock(hashtext(current_schema() || '.outbox')) as locked";
  private static final String PENDING_BUS =
      "select seq, event_id, aggregate_id, type, subject, occurred_at, data from outbox"
          + " where bus_sent_at is null order by seq limit "
          + BATCH;
  private static final String PENDING_KAFKA =
      "select seq, event_id, aggregate_id, type, subject, occurred_at, data from outbox"
          + " where kafka_sent_at is null order by seq limit "
          + BATCH;
  private static final String MARK_BUS =
      "update outbox set bus_sent_at = now() where seq = any($1)";
  private static final String MARK_KAFKA =
      "update outbox set kafka_sent_at = now(), last_error = null where seq = any($1)";
  private static final String RECORD_FAILURE =
      "update outbox set attempts = attempts + 1, last_error = $2 where seq = $1";
  private static final String COUNT_KAFKA_PENDING =
      "select count(*) from outbox where kafka_sent_at is null";
  private static final String FORGET_DELIVERED =
      "delete from outbox where bus_sent_at < now() - interval '7 days'"
          + " and (kafka_sent_at is not null or not $1)";

  private final Vertx vertx;
  private final Pool pool;
  private final String service;
  private final KafkaSettings kafka;
  private final long intervalMs;
  private KafkaProducer<String, String> producer;
  private boolean running;
  private boolean wanted;
  private long backoffMs;
  private long timerId = -1;
  private volatile boolean kafkaHealthy = true;

  public OutboxRelay(Vertx vertx, Pool pool, String service, KafkaSettings kafka, long intervalMs) {
    this.vertx = vertx;
    this.pool = pool;
    this.service = service;
    this.kafka = kafka;
    this.intervalMs = intervalMs;
  }

  public static String busAddress(String service) {
    return service + ".events";
  }

  public Future<Void> start() {
    if (kafka.enabled()) {
      producer =
          KafkaProducer.create(vertx, kafka.producerConfig("lightweight-" + service + "-outbox"));
      LOG.info(
          "outbox of {}: relaying to event bus {} and Kafka topic {} at {}",
          service,
          busAddress(service),
          kafka.topic(),
          kafka.bootstrapServers().orElseThrow());
    } else {
      LOG.info(
          "outbox of {}: Kafka leg is off (KAFKA_BOOTSTRAP not set); relaying to event bus {} only",
          service,
          busAddress(service));
    }
    timerId = vertx.setPeriodic(intervalMs, tick -> wake());
    vertx.setPeriodic(3_600_000, tick -> forgetDelivered());
    wake();
    return Future.succeededFuture();
  }

  public Future<Void> stop() {
    vertx.cancelTimer(timerId);
    return producer == null ? Future.succeededFuture() : producer.close();
  }

  /** Asks for a relay pass soon; call after committing a transaction that appended events. */
  public void wake() {
    if (running) {
      wanted = true;
      return;
    }
    running = true;
    wanted = false;
    relayBus()
        .compose(
            busMore ->
                kafka.enabled()
                    ? relayKafka().map(k -> k || busMore)
                    : Future.succeededFuture(busMore))
        .onComplete(
            pass -> {
              running = false;
              if (pass.failed()) {
                backoffMs = Math.min(MAX_BACKOFF_MS, Math.max(250, backoffMs * 2));
                vertx.setTimer(backoffMs, t -> wake());
              } else {
                backoffMs = 0;
                if (pass.result() || wanted) {
                  vertx.runOnContext(v -> wake());
                }
              }
            });
  }

  public boolean kafkaEnabled() {
    return kafka.enabled();
  }

  public boolean kafkaHealthy() {
    return kafkaHealthy;
  }

  public Future<Long> kafkaPending() {
    return pool.query(COUNT_KAFKA_PENDING).execute().map(rows -> rows.iterator().next().getLong(0));
  }

  /**
   * @return whether a full batch went out, so more may be waiting
   */
  private Future<Boolean> relayBus() {
    return pendingUnderLock(PENDING_BUS, this::publishOnBus);
  }

  private Future<Boolean> relayKafka() {
    return pendingUnderLock(PENDING_KAFKA, this::sendInOrder)
        .compose(
            more ->
                kafkaHealthy
                    ? Future.succeededFuture(more)
                    : Future.failedFuture("Kafka unreachable"));
  }

  /** Runs one leg over the pending rows, inside a transaction that holds the relay lock. */
  private Future<Boolean> pendingUnderLock(
      String pendingSql, BiFunction<SqlConnection, RowSet<Row>, Future<Boolean>> leg) {
    return pool.withTransaction(
        connection ->
            locked(connection)
                .compose(
                    locked ->
                        locked
                            ? connection
                                .query(pendingSql)
                                .execute()
                                .compose(rows -> leg.apply(connection, rows))
                            : Future.succeededFuture(false)));
  }

  private Future<Boolean> publishOnBus(SqlConnection connection, RowSet<Row> rows) {
    List<Long> sent = new ArrayList<>();
    for (Row row : rows) {
      vertx.eventBus().publish(busAddress(service), event(row).toCloudEvent());
      sent.add(row.getLong("seq"));
    }
    return mark(connection, MARK_BUS, sent).map(sent.size() == BATCH);
  }

  /**
   * Sends the batch; marks the longest prefix that the broker acknowledged. A failed row and all
   * after it stay pending and go again (same event id) on the next pass.
   */
  private Future<Boolean> sendInOrder(SqlConnection connection, RowSet<Row> rows) {
    List<Long> seqs = new ArrayList<>();
    List<Future<?>> sends = new ArrayList<>();
    for (Row row : rows) {
      DomainEvent event = event(row);
      seqs.add(row.getLong("seq"));
      sends.add(
          producer.send(
              KafkaProducerRecord.create(
                      kafka.topic(), event.aggregateId(), event.toCloudEvent().encode())
                  .addHeader("content-type", DomainEvent.STRUCTURED_CONTENT_TYPE)));
    }
    if (sends.isEmpty()) {
      return Future.succeededFuture(false);
    }
    return Future.join(sends)
        .transform(
            all -> {
              int delivered = acknowledgedPrefix(sends);
              Future<Void> marked = mark(connection, MARK_KAFKA, seqs.subList(0, delivered));
              if (delivered == sends.size()) {
                if (!kafkaHealthy) {
                  LOG.info("Kafka is reachable again; outbox of {} is draining", service);
                }
                kafkaHealthy = true;
                return marked.map(sends.size() == BATCH);
              }
              Throwable cause = sends.get(delivered).cause();
              if (kafkaHealthy) {
                LOG.warn(
                    "Kafka send failed, events of {} wait in the outbox: {}",
                    service,
                    cause.getMessage());
              }
              kafkaHealthy = false;
              // commit what was delivered; wake() sees kafkaHealthy == false and backs off
              return marked
                  .compose(
                      v ->
                          connection
                              .preparedQuery(RECORD_FAILURE)
                              .execute(
                                  Tuple.of(
                                      seqs.get(delivered), String.valueOf(cause.getMessage()))))
                  .map(false);
            });
  }

  private static int acknowledgedPrefix(List<Future<?>> sends) {
    int delivered = 0;
    while (delivered < sends.size() && sends.get(delivered).succeeded()) {
      delivered++;
    }
    return delivered;
  }

  private static Future<Boolean> locked(SqlConnection connection) {
    return connection.query(LOCK).execute().map(rows -> rows.iterator().next().getBoolean(0));
  }

  private static Future<Void> mark(SqlConnection connection, String sql, List<Long> seqs) {
    if (seqs.isEmpty()) {
      return Future.succeededFuture();
    }
    return connection.preparedQuery(sql).execute(Tuple.of(seqs.toArray(new Long[0]))).mapEmpty();
  }

  private void forgetDelivered() {
    pool.preparedQuery(FORGET_DELIVERED)
        .execute(Tuple.of(kafka.enabled()))
        .onFailure(failure -> LOG.warn("outbox clean-up failed: {}", failure.getMessage()));
  }

  private DomainEvent event(Row row) {
    Instant time =
        row.getOffsetDateTime("occurred_at").withOffsetSameInstant(ZoneOffset.UTC).toInstant();
    return new DomainEvent(
        row.getString("event_id"),
        "/lightweight/" + service,
        row.getString("type"),
        row.getString("aggregate_id"),
        row.getString("subject"),
        time,
        (JsonObject) row.getValue("data"));
  }
}
