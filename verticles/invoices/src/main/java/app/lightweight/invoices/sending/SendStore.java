package app.lightweight.invoices.sending;

import app.lightweight.invoices.PaidBy;
import app.lightweight.invoices.timeline.TimelineEntry;
import app.lightweight.invoices.timeline.TimelineStore;
import app.lightweight.shared.Ids;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Every SQL statement about sends: queueing one in the transaction of the change that calls for it,
 * the relay's claims and outcomes, and the email service's reports on it.
 */
public final class SendStore {
  private static final String INSERT =
      """
      insert into sends (id, tenant, invoice_id, kind, recipient, created_at)
      values ($1, $2, $3, $4, $5, $6)
      """;

  /**
   * Due sends not yet handed over, taken for {@code $2} ms: a send whose relay died mid-way is due
   * again then (and the email service's idempotency key keeps it one message).
   */
  private static final String CLAIM =
      """
      with due as (
        select id from sends
         where email_id is null and status = 'queued' and next_attempt_at <= now()
         order by next_attempt_at
         limit $1
         for update skip locked)
      update sends s
         set attempts = s.attempts + 1,
             next_attempt_at = now() + make_interval(secs => $2::float8 / 1000),
             updated_at = now()
        from due where s.id = due.id
      returning s.id, s.tenant, s.invoice_id, s.kind, s.recipient, s.status, s.attempts,
                s.created_at
      """;

  private static final String HANDED_OVER =
      """
      update sends set email_id = $2, message_id = $3, recipient = coalesce(recipient, $4),
        last_error = null, updated_at = now()
      where id = $1 and email_id is null
      """;

  private static final String LATER =
      """
      update sends set next_attempt_at = now() + make_interval(secs => $2::float8 / 1000),
        last_error = $3, updated_at = now()
      where id = $1 and email_id is null
      """;

  private static final String LOCK =
      "select id, tenant, invoice_id, kind, recipient, status, attempts, created_at, email_id"
          + " from sends where id = $1 and tenant = $2 for update";

  private static final String SET_STATUS =
      """
      update sends set status = $2, detail = $3, email_id = coalesce(email_id, $4),
        updated_at = now()
      where id = $1
      """;

  /** When the send's entries of a later step were recorded (the first of them). */
  private static final String FIRST_LATER =
      "select min(at) from timeline where tenant = $1 and send_id = $2 and type = any($3)";

  private static final Map<String, Integer> RANK =
      Map.of("queued", 0, "sent", 1, "delivered", 2, "bounced", 2, "failed", 2);

  private final Pool pool;
  private final Runnable eventsWritten;

  private static final String UNSETTLED =
      """
      select id, tenant, email_id, status from sends
      where email_id is not null and status in ('queued', 'sent')
        and updated_at < now() - make_interval(secs => $1)
        and created_at > now() - interval '7 days'
      order by updated_at
      limit $2
      """;

  private static final String TOUCH = "update sends set updated_at = now() where id = $1";

  /** A send handed over whose email's outcome has not been heard. */
  record Unsettled(String id, String tenant, String emailId, String status) {}

  /**
   * @param eventsWritten called after a transaction that appended events commits
   */
  public SendStore(Pool pool, Runnable eventsWritten) {
    this.pool = pool;
    this.eventsWritten = eventsWritten;
  }

  /**
   * Queues a send, with its {@code send.queued} timeline entry, inside the caller's transaction.
   *
   * @param at when it was asked for
   */
  public static Future<Send> queue(
      SqlClient tx, String tenant, String invoiceId, SendKind kind, String recipient, Instant at) {
    Send send =
        new Send(
            Ids.next("snd"),
            tenant,
            invoiceId,
            kind,
            recipient,
            Send.QUEUED,
            0,
            at.truncatedTo(ChronoUnit.MICROS));
    return tx.preparedQuery(INSERT)
        .execute(
            Tuple.of(
                send.id(),
                tenant,
                invoiceId,
                kind.json(),
                recipient,
                send.createdAt().atOffset(ZoneOffset.UTC)))
        .compose(
            inserted ->
                TimelineStore.append(
                    tx,
                    tenant,
                    invoiceId,
                    new TimelineEntry(
                        TimelineEntry.ofSend(Send.QUEUED),
                        send.createdAt(),
                        send.id(),
                        details(kind, recipient, null)),
                    null))
        .map(send);
  }

  /**
   * The emails a payment calls for, inside the paying transaction: a paid notice to the business
   * (its address is found when it is handed over) and, when it names a payer (a wallet payment's
   * {@code paid_by}), a receipt to the payer: to the email of the payer's token, or, when the token
   * had none, with no recipient yet; the relay then looks the payer's address up in their users
   * profile when it hands the receipt over, as it does the business's for the paid notice.
   *
   * @param payer who paid, or null (paid outside Lightweight: no receipt)
   */
  public static Future<List<Send>> paid(
      SqlClient tx, String tenant, String invoiceId, PaidBy payer, Instant paidAt) {
    List<Send> queued = new ArrayList<>(2);
    String email = payer == null || blank(payer.email()) ? null : payer.email().strip();
    boolean receipt = email != null || payer != null && !blank(payer.subject());
    return (receipt
            ? queue(tx, tenant, invoiceId, SendKind.RECEIPT, email, paidAt)
                .map(queued::add)
                .<Void>mapEmpty()
            : Future.<Void>succeededFuture())
        .compose(v -> queue(tx, tenant, invoiceId, SendKind.PAID_NOTICE, null, paidAt))
        .map(
            notice -> {
              queued.add(notice);
              return queued;
            });
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }

  // ---- the relay

  /** Takes up to {@code limit} due sends for {@code leaseMs}. */
  Future<List<Send>> claim(int limit, long leaseMs) {
    return pool.preparedQuery(CLAIM)
        .execute(Tuple.of(limit, leaseMs))
        .map(
            rows -> {
              List<Send> sends = new ArrayList<>(rows.size());
              rows.forEach(row -> sends.add(send(row)));
              return sends;
            });
  }

  /** The email service has stored it as {@code emailId}: it will not be handed over again. */
  Future<Void> handedOver(Send send, String emailId, String messageId, String recipient) {
    return pool.preparedQuery(HANDED_OVER)
        .execute(Tuple.of(send.id(), emailId, messageId, recipient))
        .mapEmpty();
  }

  /** It could not be handed over now: again in {@code delayMs}. */
  Future<Void> later(Send send, long delayMs, String why) {
    return pool.preparedQuery(LATER).execute(Tuple.of(send.id(), delayMs, why)).mapEmpty();
  }

  /** It can never be sent (the email service refused it, no address is known): {@code failed}. */
  Future<Boolean> failed(Send send, String why) {
    return report(send.tenant(), send.id(), null, "failed", Instant.now(), null, why, null);
  }

  /**
   * Sends handed over to the email service whose status has not moved for {@code quietSeconds}
   * (queued or sent), the oldest first; a week after they were asked for they are left as they are.
   */
  Future<List<Unsettled>> unsettled(long quietSeconds, int limit) {
    return pool.preparedQuery(UNSETTLED)
        .execute(Tuple.of(quietSeconds, limit))
        .map(
            rows -> {
              List<Unsettled> found = new ArrayList<>();
              for (Row row : rows) {
                found.add(
                    new Unsettled(
                        row.getString("id"),
                        row.getString("tenant"),
                        row.getString("email_id"),
                        row.getString("status")));
              }
              return found;
            });
  }

  /** The send was looked at now: it waits another quiet period before it is asked about again. */
  Future<Void> touch(String sendId) {
    return pool.preparedQuery(TOUCH).execute(Tuple.of(sendId)).mapEmpty();
  }

  /**
   * What the email service reported about a send's message: recorded once per event (by {@code
   * eventId}) on the invoice's timeline; the send's status moves forward only (a late {@code sent}
   * after {@code delivered} is on the timeline but leaves the status).
   *
   * @param emailId the email service's message id; a report about another message than the one the
   *     send was handed over as is ignored
   * @return whether it was recorded (false: unknown send, another message, or heard before)
   */
  Future<Boolean> report(
      String tenant,
      String sendId,
      String emailId,
      String status,
      Instant at,
      String recipient,
      String detail,
      String eventId) {
    return pool.withTransaction(
            tx ->
                tx.preparedQuery(LOCK)
                    .execute(Tuple.of(sendId, tenant))
                    .compose(
                        rows -> {
                          if (rows.size() == 0) {
                            return Future.succeededFuture(false);
                          }
                          Row row = rows.iterator().next();
                          String handedAs = row.getString("email_id");
                          if (emailId != null && handedAs != null && !handedAs.equals(emailId)) {
                            return Future.succeededFuture(false);
                          }
                          Send send = send(row);
                          String to = recipient != null ? recipient : send.recipient();
                          return placed(tx, send, status, at.truncatedTo(ChronoUnit.MICROS))
                              .compose(
                                  when ->
                                      TimelineStore.append(
                                          tx,
                                          tenant,
                                          send.invoiceId(),
                                          new TimelineEntry(
                                              TimelineEntry.ofSend(status),
                                              when,
                                              sendId,
                                              details(send.kind(), to, detail)),
                                          eventId))
                              .compose(
                                  written ->
                                      written && RANK.get(status) > RANK.get(send.status())
                                          ? tx.preparedQuery(SET_STATUS)
                                              .execute(Tuple.of(sendId, status, detail, emailId))
                                              .map(true)
                                          : Future.succeededFuture(written));
                        }))
        .onSuccess(
            written -> {
              if (written) {
                eventsWritten.run();
              }
            });
  }

  /**
   * When a report goes on the timeline: when it happened, unless a later step of the send is there
   * already at or before that (a provider's delivery report can be recorded before the email
   * service has settled the SMTP reply that it follows); then just before that step, so the
   * timeline reads queued, sent, delivered.
   */
  private static Future<Instant> placed(SqlClient tx, Send send, String status, Instant at) {
    int rank = RANK.get(status);
    if (rank >= RANK.get(send.status())) {
      return Future.succeededFuture(at);
    }
    String[] later =
        RANK.entrySet().stream()
            .filter(step -> step.getValue() > rank)
            .map(step -> TimelineEntry.ofSend(step.getKey()))
            .toArray(String[]::new);
    return tx.preparedQuery(FIRST_LATER)
        .execute(Tuple.of(send.tenant(), send.id(), later))
        .map(
            rows -> {
              OffsetDateTime first = rows.iterator().next().getOffsetDateTime(0);
              if (first == null || at.isBefore(first.toInstant())) {
                return at;
              }
              return first.toInstant().minus(1, ChronoUnit.MICROS);
            });
  }

  private static JsonObject details(SendKind kind, String recipient, String detail) {
    return new JsonObject()
        .put("kind", kind.json())
        .put("recipient", recipient)
        .put("detail", detail);
  }

  private static Send send(Row row) {
    return new Send(
        row.getString("id"),
        row.getString("tenant"),
        row.getString("invoice_id"),
        SendKind.fromJson(row.getString("kind")),
        row.getString("recipient"),
        row.getString("status"),
        row.getInteger("attempts"),
        row.getOffsetDateTime("created_at").toInstant());
  }
}
