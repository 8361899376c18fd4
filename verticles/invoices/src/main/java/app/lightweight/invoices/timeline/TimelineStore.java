package app.lightweight.invoices.timeline;

import app.lightweight.shared.events.DomainEvent;
import app.lightweight.shared.events.Outbox;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Every SQL statement about invoices' timelines. An entry is written in the transaction of what it
 * records, with its {@code invoice.timeline} event in the outbox, so the business's browsers hear
 * of it live: {@code data = {"tenant", "invoice_id", "entry": {"type", "at", …}}}.
 */
public final class TimelineStore {
  /** The invoice event that carries each new entry. */
  public static final String EVENT = "invoice.timeline";

  /** The public page opened again within this long is not another entry. */
  public static final Duration VIEW_QUIET = Duration.ofMinutes(10);

  /** An invoice's timeline is listed up to this many entries (the oldest first). */
  static final int MAX_ENTRIES = 1_000;

  private static final String SERVICE = "invoices";

  private static final String APPEND =
      """
      insert into timeline (tenant, invoice_id, type, at, send_id, data, source_event)
      values ($1, $2, $3, $4, $5, $6, $7)
      on conflict (source_event) do nothing
      returning seq
      """;

  private static final String LIST =
      "select type, at, send_id, data from timeline where tenant = $1 and invoice_id = $2"
          + " order by at, seq limit "
          + MAX_ENTRIES;

  /** Views of one invoice queue here, so two at once record one entry. */
  private static final String VIEW_LOCK =
      "select pg_advisory_xact_lock(hashtext('invoice.viewed:' || $1))";

  private static final String RECENT_VIEW =
      "select 1 from timeline where tenant = $1 and invoice_id = $2 and type = 'invoice.viewed'"
          + " and at > $3";

  private final Pool pool;
  private final Runnable eventsWritten;

  /**
   * @param eventsWritten called after a transaction that appended events commits
   */
  public TimelineStore(Pool pool, Runnable eventsWritten) {
    this.pool = pool;
    this.eventsWritten = eventsWritten;
  }

  /**
   * Appends an entry and its event inside the caller's transaction.
   *
   * @param sourceEvent the id of the event it comes from (an email event), so one heard twice is
   *     recorded once; null for entries of the invoices service's own changes
   * @return false when the source event had been recorded already (nothing written)
   */
  public static Future<Boolean> append(
      SqlClient tx, String tenant, String invoiceId, TimelineEntry entry, String sourceEvent) {
    return tx.preparedQuery(APPEND)
        .execute(
            Tuple.from(
                new Object[] {
                  tenant,
                  invoiceId,
                  entry.type(),
                  entry.at().atOffset(ZoneOffset.UTC),
                  entry.sendId(),
                  entry.details(),
                  sourceEvent
                }))
        .compose(
            inserted ->
                inserted.rowCount() == 0
                    ? Future.succeededFuture(false)
                    : Outbox.append(tx, event(tenant, invoiceId, entry)).map(true));
  }

  /** The invoice's entries in time order (the invoice must be the tenant's: check it first). */
  public Future<List<TimelineEntry>> list(String tenant, String invoiceId) {
    return pool.preparedQuery(LIST)
        .execute(Tuple.of(tenant, invoiceId))
        .map(
            rows -> {
              List<TimelineEntry> entries = new ArrayList<>(rows.size());
              for (Row row : rows) {
                entries.add(
                    new TimelineEntry(
                        row.getString("type"),
                        row.getOffsetDateTime("at").toInstant(),
                        row.getString("send_id"),
                        (JsonObject) row.getValue("data")));
              }
              return entries;
            });
  }

  /**
   * Records that the invoice's public page was opened, unless it was within {@link #VIEW_QUIET}.
   *
   * @return whether an entry was written
   */
  public Future<Boolean> viewed(String tenant, String invoiceId, Instant at) {
    return pool.withTransaction(
            tx ->
                tx.preparedQuery(VIEW_LOCK)
                    .execute(Tuple.of(invoiceId))
                    .compose(
                        locked ->
                            tx.preparedQuery(RECENT_VIEW)
                                .execute(
                                    Tuple.of(
                                        tenant,
                                        invoiceId,
                                        at.minus(VIEW_QUIET).atOffset(ZoneOffset.UTC))))
                    .compose(
                        recent ->
                            recent.size() > 0
                                ? Future.succeededFuture(false)
                                : append(
                                    tx,
                                    tenant,
                                    invoiceId,
                                    new TimelineEntry(TimelineEntry.VIEWED, at, null, null),
                                    null)))
        .onSuccess(
            written -> {
              if (written) {
                eventsWritten.run();
              }
            });
  }

  private static DomainEvent event(String tenant, String invoiceId, TimelineEntry entry) {
    return DomainEvent.of(
        SERVICE,
        EVENT,
        invoiceId,
        invoiceId,
        new JsonObject()
            .put("tenant", tenant)
            .put("invoice_id", invoiceId)
            .put("entry", entry.toJson()));
  }
}
