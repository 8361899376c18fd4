package app.lightweight.shared.events;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.ZoneOffset;

/** Writes domain events into the service's outbox table, inside the caller's transaction. */
public final class Outbox {
  private static final String APPEND =
      """
      insert into outbox (event_id, aggregate_id, type, subject, occurred_at, data)
      values ($1, $2, $3, $4, $5, $6)
      """;

  private Outbox() {}

  public static Future<Void> append(SqlClient transaction, DomainEvent event) {
    return transaction
        .preparedQuery(APPEND)
        .execute(
            Tuple.of(
                event.id(),
                event.aggregateId(),
                event.type(),
                event.subject(),
                event.time().atOffset(ZoneOffset.UTC),
                event.data()))
        .mapEmpty();
  }
}
