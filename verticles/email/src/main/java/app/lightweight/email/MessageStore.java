package app.lightweight.email;

import app.lightweight.shared.events.DomainEvent;
import app.lightweight.shared.events.Outbox;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every SQL statement of the email service. */
public final class MessageStore {
  public static final String SERVICE = "email";

  private final Pool pool;
  private final Runnable afterCommit;

  public MessageStore(Pool pool, Runnable afterCommit) {
    this.pool = pool;
    this.afterCommit = afterCommit;
  }

  public Pool pool() {
    return pool;
  }

  // ---- accepting -------------------------------------------------------------------------

  /**
   * The message, its recipients and its attachments in one statement (one round trip). A message
   * whose tenant already stored one with this idempotency key inserts nothing (no row returned).
   */
  private static final String INSERT_MESSAGE =
      """
      with message as (
        insert into messages
          (id, tenant, status, message_id, sender, subject, content, tags, metadata,
           idempotency_key)
        values ($1, $2, 'queued', $3, $4, $5, $6, $7, $8, $16)
        on conflict (tenant, idempotency_key) where idempotency_key is not null do nothing
        returning created_at),
      recipient as (
        insert into recipients (message, position, kind, address, name, status)
        select $1, r.position, r.kind, r.address, r.name, 'queued'
        from unnest($9::int[], $10::text[], $11::text[], $12::text[])
          as r(position, kind, address, name)
        where exists (select 1 from message)),
      attachment as (
        insert into attachments (message, position, file_name, content_type, content)
        select $1, f.position - 1, f.file_name, f.content_type, f.content
        from unnest($13::text[], $14::text[], $15::bytea[])
          with ordinality as f(file_name, content_type, content, position)
        where exists (select 1 from message))
      select created_at from message
      """;

  private static final String FIND_BY_KEY =
      "select id, message_id, status from messages where tenant = $1 and idempotency_key = $2";

  /**
   * A message as stored: its ids and status, and whether an earlier request with the same
   * idempotency key had stored it already.
   */
  public record Accepted(String id, String messageId, String status, boolean replayed) {}

  /**
   * Stores a new message as {@code queued} with its {@code email.queued} event. With an {@code
   * idempotencyKey} (event bus), a message the tenant already sent with that key is answered as it
   * is, and nothing new is stored.
   */
  public Future<Accepted> accept(
      String tenant,
      String id,
      String messageId,
      MessageContent content,
      List<Attachment> files,
      String idempotencyKey) {
    Tuple row =
        Tuple.of(
                id,
                tenant,
                messageId,
                content.from().address(),
                content.subject(),
                content.toJson())
            .addArrayOfString(content.tags().toArray(String[]::new))
            .addValue(content.metadata());
    addRecipients(row, content);
    row.addArrayOfString(files.stream().map(Attachment::fileName).toArray(String[]::new))
        .addArrayOfString(files.stream().map(Attachment::contentType).toArray(String[]::new))
        .addArrayOfBuffer(
            files.stream().map(file -> Buffer.buffer(file.content())).toArray(Buffer[]::new))
        .addValue(idempotencyKey);
    return pool.<Accepted>withTransaction(
            tx ->
                tx.preparedQuery(INSERT_MESSAGE)
                    .execute(row)
                    .compose(
                        created ->
                            created.rowCount() == 0
                                ? earlier(tx, tenant, idempotencyKey)
                                : Outbox.append(
                                        tx,
                                        event(
                                            "email.queued",
                                            id,
                                            tenant,
                                            base(id, content.metadata()).put("status", "queued")))
                                    .map(new Accepted(id, messageId, "queued", false))))
        .andThen(done -> afterCommit.run());
  }

  private static Future<Accepted> earlier(SqlConnection tx, String tenant, String key) {
    return tx.preparedQuery(FIND_BY_KEY)
        .execute(Tuple.of(tenant, key))
        .map(
            rows -> {
              Row row = rows.iterator().next();
              return new Accepted(
                  row.getString("id"), row.getString("message_id"), row.getString("status"), true);
            });
  }

  private static void addRecipients(Tuple row, MessageContent c) {
    List<Integer> positions = new ArrayList<>();
    List<String> kinds = new ArrayList<>();
    List<String> addresses = new ArrayList<>();
    List<String> names = new ArrayList<>();
    Map<String, List<Mailbox>> byKind = new LinkedHashMap<>();
    byKind.put("to", c.to());
    byKind.put("cc", c.cc());
    byKind.put("bcc", c.bcc());
    byKind.forEach(
        (kind, list) ->
            list.forEach(
                mailbox -> {
                  positions.add(positions.size());
                  kinds.add(kind);
                  addresses.add(mailbox.address());
                  names.add(mailbox.name());
                }));
    row.addArrayOfInteger(positions.toArray(Integer[]::new))
        .addArrayOfString(kinds.toArray(String[]::new))
        .addArrayOfString(addresses.toArray(String[]::new))
        .addArrayOfString(names.toArray(String[]::new));
  }

  // ---- dispatching ------------------------------------------------------------------------

  private static final String CLAIM =
      """
      with due as (
        select id from messages
        where status in ('queued', 'deferred', 'sending') and next_attempt_at <= now()
        order by next_attempt_at
        limit $1
        for update skip locked),
      claimed as (
        update messages m
        set status = 'sending', lease_owner = $2, attempts = m.attempts + 1,
            next_attempt_at = now() + make_interval(secs => $3::float8 / 1000), updated_at = now()
        from due where m.id = due.id
        returning m.id, m.tenant, m.message_id, m.content, m.tags, m.metadata, m.attempts),
      abandoned as (
        update attempts a
        set ended_at = now(), outcome = 'unknown',
            reply_text = 'the instance sending it stopped before it knew the outcome'
        from claimed where a.message = claimed.id and a.ended_at is null),
      started as (
        insert into attempts (message, provider, started_at)
        select id, $4, clock_timestamp() from claimed where $4::text is not null
        returning message, id)
      select claimed.*, started.id as attempt
      from claimed left join started on started.message = claimed.id
      """;
  private static final String LOAD_RECIPIENTS =
      """
      select message, position, kind, address, name, status, detail from recipients
      where message = any($1) order by message, position
      """;
  private static final String LOAD_ATTACHMENTS =
      """
      select message, file_name, content_type, content from attachments
      where message = any($1) order by message, position
      """;

  /**
   * Takes up to {@code limit} due messages for {@code owner} for {@code leaseMs}: queued ones,
   * deferred ones whose time has come, and sending ones whose lease ran out (their instance died;
   * the attempt it left open is closed as {@code unknown}). With {@code firstProvider} (the
   * provider the dispatcher will try first) each message's attempt with it is started in the same
   * statement.
   */
  public Future<List<ClaimedMessage>> claim(
      String owner, int limit, long leaseMs, String firstProvider) {
    return pool.preparedQuery(CLAIM)
        .execute(Tuple.of(limit, owner, leaseMs, firstProvider))
        .compose(
            claimed -> {
              if (claimed.size() == 0) {
                return Future.succeededFuture(List.of());
              }
              List<String> ids = new ArrayList<>();
              claimed.forEach(row -> ids.add(row.getString("id")));
              String[] idArray = ids.toArray(String[]::new);
              return Future.all(
                      pool.preparedQuery(LOAD_RECIPIENTS).execute(Tuple.of(idArray)),
                      pool.preparedQuery(LOAD_ATTACHMENTS).execute(Tuple.of(idArray)))
                  .map(
                      loaded ->
                          claimedMessages(
                              claimed, loaded.<RowSet<Row>>resultAt(0), loaded.resultAt(1)));
            });
  }

  private static List<ClaimedMessage> claimedMessages(
      RowSet<Row> claimed, RowSet<Row> recipientRows, RowSet<Row> attachmentRows) {
    Map<String, List<Recipient>> recipients = new HashMap<>();
    recipientRows.forEach(
        row ->
            recipients
                .computeIfAbsent(row.getString("message"), k -> new ArrayList<>())
                .add(recipient(row)));
    Map<String, List<Attachment>> attachments = new HashMap<>();
    attachmentRows.forEach(
        row ->
            attachments
                .computeIfAbsent(row.getString("message"), k -> new ArrayList<>())
                .add(
                    new Attachment(
                        row.getString("file_name"),
                        row.getString("content_type"),
                        row.getBuffer("content").getBytes())));
    List<ClaimedMessage> messages = new ArrayList<>();
    claimed.forEach(
        row -> {
          String id = row.getString("id");
          messages.add(
              new ClaimedMessage(
                  id,
                  row.getString("tenant"),
                  row.getString("message_id"),
                  MessageContent.fromJson(
                      (JsonObject) row.getValue("content"),
                      List.of(row.getArrayOfStrings("tags")),
                      (JsonObject) row.getValue("metadata")),
                  row.getInteger("attempts"),
                  recipients.getOrDefault(id, List.of()),
                  attachments.getOrDefault(id, List.of()),
                  row.getLong("attempt")));
        });
    return messages;
  }

  private static Recipient recipient(Row row) {
    return new Recipient(
        row.getInteger("position"),
        row.getString("kind"),
        row.getString("address"),
        row.getString("name"),
        row.getString("status"),
        row.getString("detail"));
  }

  private static final String START_ATTEMPT =
      "insert into attempts (message, provider, started_at) values ($1, $2, $3) returning id";
  private static final String END_ATTEMPT =
      """
      update attempts set ended_at = $2, outcome = $3, reply_code = $4, reply_text = $5
      where id = $1
      """;

  public Future<Long> startAttempt(String message, String provider, Instant startedAt) {
    return pool.preparedQuery(START_ATTEMPT)
        .execute(Tuple.of(message, provider, utc(startedAt)))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  /** What one try came to, written when it ends. */
  public record AttemptEnd(
      long attempt, Instant endedAt, String outcome, Integer replyCode, String replyText) {}

  public Future<Void> endAttempt(AttemptEnd end) {
    return pool.preparedQuery(END_ATTEMPT).execute(endTuple(end)).mapEmpty();
  }

  private static Tuple endTuple(AttemptEnd end) {
    return Tuple.of(
        end.attempt(),
        utc(end.endedAt()),
        end.outcome(),
        end.replyCode() == null || end.replyCode() == 0 ? null : end.replyCode(),
        end.replyText());
  }

  /**
   * The try's end, the message's new state and its recipients' in one statement: the attempt is
   * recorded even when the lease was lost; the rest only for the lease's owner.
   */
  private static final String SETTLE_MESSAGE =
      """
      with ended as (
        update attempts set ended_at = $8, outcome = $9, reply_code = $10, reply_text = $11
        where id = $12::bigint
        returning 1),
      settled as (
      -- a provider's webhook can arrive before the try that sent it is settled: keep its status
      update messages
      set status = case when status in ('delivered', 'bounced', 'complained') then status else $3 end,
          provider = coalesce($4, provider), next_attempt_at = coalesce($5, now()),
          last_error = $6, lease_owner = null, updated_at = now(), sent_event = sent_event or $7
      -- (counting ended makes the attempt's update run first, before the message's row is locked)
      where id = $1 and lease_owner = $2 and (select count(*) from ended) >= 0
      returning status, held_events, sent_event),
      recipient as (
        update recipients r set status = u.status, detail = u.detail
        from unnest($13::int[], $14::text[], $15::text[]) as u(position, status, detail)
        where r.message = $1 and r.position = u.position and r.status = 'queued'
          and exists (select 1 from settled))
      select * from settled
      """;

  private static final String RELEASE_HELD =
      """
      update provider_events set held = false where message = $1 and held
      returning id, provider, type, recipient, detail
      """;
  private static final String AFTER_HELD =
      """
      update messages set status = $2, held_events = 0, sent_event = true, updated_at = now()
      where id = $1
      """;

  /** A recipient's new state after a try. */
  public record RecipientUpdate(int position, String status, String detail) {}

  /**
   * Where a claimed message stands after the dispatcher is done with it for now.
   *
   * @param nextAttemptAt when it is due again ({@code deferred}), else null
   * @param event written with the change, or null
   */
  public record Settlement(
      String message,
      String tenant,
      JsonObject metadata,
      String owner,
      AttemptEnd attempt,
      List<RecipientUpdate> recipients,
      String status,
      String provider,
      Instant nextAttemptAt,
      String lastError,
      DomainEvent event) {}

  /**
   * Writes the settlement in one transaction. A message whose lease was taken over meanwhile (this
   * instance was too slow) keeps the new owner's state; only the attempt is recorded. Provider
   * events that came while the message was {@code sending} are released after the settlement's own
   * event (see {@link #releaseHeld}).
   */
  public Future<Boolean> settle(Settlement s) {
    AttemptEnd end = s.attempt();
    Tuple row =
        Tuple.of(
                s.message(),
                s.owner(),
                s.status(),
                s.provider(),
                s.nextAttemptAt() == null ? null : utc(s.nextAttemptAt()),
                s.lastError(),
                isSent(s.event()))
            .addValue(end == null ? null : utc(end.endedAt()))
            .addValue(end == null ? null : end.outcome())
            .addValue(
                end == null || end.replyCode() == null || end.replyCode() == 0
                    ? null
                    : end.replyCode())
            .addValue(end == null ? null : end.replyText())
            .addValue(end == null ? null : end.attempt())
            .addArrayOfInteger(
                s.recipients().stream().map(RecipientUpdate::position).toArray(Integer[]::new))
            .addArrayOfString(
                s.recipients().stream().map(RecipientUpdate::status).toArray(String[]::new))
            .addArrayOfString(
                s.recipients().stream().map(RecipientUpdate::detail).toArray(String[]::new));
    return pool.withTransaction(
            tx ->
                tx.preparedQuery(SETTLE_MESSAGE)
                    .execute(row)
                    .compose(
                        settled -> {
                          if (settled.size() == 0) {
                            return Future.succeededFuture(false);
                          }
                          Row state = settled.iterator().next();
                          boolean sentBefore = state.getBoolean("sent_event");
                          boolean held = state.getInteger("held_events") > 0;
                          Future<Void> own =
                              s.event() == null || held && !isSent(s.event())
                                  ? Future.succeededFuture()
                                  : Outbox.append(tx, s.event());
                          return own.compose(
                                  v ->
                                      held
                                          ? releaseHeld(
                                              tx, s, state.getString("status"), sentBefore)
                                          : Future.succeededFuture())
                              .map(true);
                        }))
        .andThen(done -> afterCommit.run());
  }

  private static boolean isSent(DomainEvent event) {
    return event != null && event.type().equals("email.sent");
  }

  /**
   * The events of a settling message's provider reports that came while it was {@code sending}, now
   * in causal order: after the settlement's {@code email.sent}; where this try did not send it (an
   * earlier try's outcome was unknown, and the report proves a provider took it) after an {@code
   * email.sent} of their own; before an {@code email.failed} of this settlement. The message's
   * status follows its recipients' as for any report.
   */
  private static Future<Void> releaseHeld(
      SqlConnection tx, Settlement s, String settledStatus, boolean sentBefore) {
    return tx.preparedQuery(RELEASE_HELD)
        .execute(Tuple.of(s.message()))
        .compose(
            held ->
                tx.preparedQuery(RECIPIENT_STATUSES)
                    .execute(Tuple.of(s.message()))
                    .compose(
                        statuses -> {
                          List<String> all = new ArrayList<>();
                          statuses.forEach(r -> all.add(r.getString(0)));
                          String status = Lifecycle.afterProviderEvent(settledStatus, all);
                          List<Row> reports = new ArrayList<>();
                          held.forEach(reports::add);
                          reports.sort((x, y) -> Long.compare(x.getLong("id"), y.getLong("id")));
                          Future<Void> chain = Future.succeededFuture();
                          if (!isSent(s.event()) && !sentBefore) {
                            JsonArray recipients = new JsonArray();
                            reports.forEach(r -> recipients.add(r.getString("recipient")));
                            DomainEvent sent =
                                event(
                                    "email.sent",
                                    s.message(),
                                    s.tenant(),
                                    base(s.message(), s.metadata())
                                        .put("provider", reports.get(0).getString("provider"))
                                        .put("recipients", recipients)
                                        .put("inferred_from_provider_event", true));
                            chain = chain.compose(v -> Outbox.append(tx, sent));
                          }
                          for (Row report : reports) {
                            DomainEvent reported =
                                event(
                                    "email." + report.getString("type"),
                                    s.message(),
                                    s.tenant(),
                                    base(s.message(), s.metadata())
                                        .put("recipient", report.getString("recipient"))
                                        .put("provider", report.getString("provider"))
                                        .put("status", status)
                                        .put("detail", report.getString("detail")));
                            chain = chain.compose(v -> Outbox.append(tx, reported));
                          }
                          if (s.event() != null && !isSent(s.event())) {
                            chain = chain.compose(v -> Outbox.append(tx, s.event()));
                          }
                          return chain.compose(
                              v ->
                                  tx.preparedQuery(AFTER_HELD)
                                      .execute(Tuple.of(s.message(), status))
                                      .mapEmpty());
                        }));
  }

  // ---- provider events --------------------------------------------------------------------

  /** A delivery event a provider told us about, already authenticated. */
  public record ProviderEvent(
      String provider,
      String eventId,
      String type,
      String messageId,
      String ourId,
      String recipient,
      Instant occurredAt,
      String detail) {}

  public enum EventOutcome {
    RECORDED,
    DUPLICATE,
    UNKNOWN_MESSAGE
  }

  private static final String REMEMBER_RECEIPT =
      """
      insert into webhook_receipts (provider, receipt) values ($1, $2)
      on conflict do nothing returning receipt
      """;
  private static final String FORGET_RECEIPTS =
      "delete from webhook_receipts where received_at < now() - interval '3 days'";
  private static final String FIND_FOR_EVENT =
      """
      select id, tenant, status, metadata, sent_event from messages
      where message_id = $1 or id = $2
      limit 1
      for update
      """;
  private static final String INSERT_EVENT =
      """
      insert into provider_events
        (message, provider, event_id, type, recipient, occurred_at, detail, held)
      values ($1, $2, $3, $4, $5, $6, $7, $8)
      on conflict (provider, event_id) do nothing
      returning id
      """;

  /**
   * The reported recipient's new status (a final one is kept, except that a delivered recipient can
   * still complain) and, in the same round trip, every recipient's status after it.
   */
  private static final String UPDATE_RECIPIENT =
      """
      with updated as (
        update recipients set status = $3, detail = $4
        where message = $1 and lower(address) = lower($2)
          and (status not in ('delivered', 'bounced', 'complained', 'failed')
               or status = 'delivered' and $3 = 'complained')
        returning position, status)
      select coalesce(u.status, r.status) as status, u.position is not null as changed
      from recipients r left join updated u on u.position = r.position
      where r.message = $1
      """;

  private static final String RECIPIENT_STATUSES =
      "select status from recipients where message = $1";
  private static final String UNHOLD = "update provider_events set held = false where id = $1";
  private static final String SET_STATUS =
      "update messages set status = $2, sent_event = true, updated_at = now() where id = $1";
  private static final String HOLD =
      "update messages set held_events = held_events + 1 where id = $1";

  /** The provider events that have an event of ours; the others (deferred, opens…) do not. */
  private static final java.util.Set<String> REPORTED =
      java.util.Set.of("delivered", "bounced", "complained");

  public Future<Void> forgetOldReceipts() {
    return pool.query(FORGET_RECEIPTS).execute().mapEmpty();
  }

  /**
   * One webhook delivery: its receipt (Mailgun's token, SparkPost's batch id; null for none) and
   * its events, each event's outcome in order, or null when the receipt was seen before (a replay:
   * nothing recorded). One transaction and one commit for all of it, so a delivery that fails
   * leaves no receipt behind and the provider's retry gets in.
   */
  public Future<List<EventOutcome>> recordWebhook(
      String provider, String receipt, List<ProviderEvent> events) {
    return pool.<List<EventOutcome>>withTransaction(
            tx -> {
              Future<Boolean> fresh =
                  receipt == null
                      ? Future.succeededFuture(true)
                      : tx.preparedQuery(REMEMBER_RECEIPT)
                          .execute(Tuple.of(provider, receipt))
                          .map(rows -> rows.rowCount() == 1);
              return fresh.compose(
                  isNew -> isNew ? recordAll(tx, events) : Future.succeededFuture(null));
            })
        .andThen(done -> afterCommit.run());
  }

  /**
   * In the order of the batch, but with each message's events together and the messages in one
   * order (by our id where the event carries it, else by the provider's message id), so that two
   * batches naming the same messages lock them in the same order and cannot deadlock; a message's
   * own events keep their order (the sort is stable).
   */
  private static Future<List<EventOutcome>> recordAll(
      SqlConnection tx, List<ProviderEvent> events) {
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      order.add(i);
    }
    order.sort(
        java.util.Comparator.comparing(
            (Integer i) ->
                String.valueOf(
                    events.get(i).ourId() != null
                        ? events.get(i).ourId()
                        : events.get(i).messageId()),
            java.util.Comparator.naturalOrder()));
    EventOutcome[] outcomes = new EventOutcome[events.size()];
    Future<Void> chain = Future.succeededFuture();
    for (int i : order) {
      chain =
          chain.compose(
              v ->
                  recordEvent(tx, events.get(i))
                      .map(
                          outcome -> {
                            outcomes[i] = outcome;
                            return null;
                          }));
    }
    return chain.map(v -> List.of(outcomes));
  }

  private static Future<EventOutcome> recordEvent(SqlConnection tx, ProviderEvent e) {
    return tx.preparedQuery(FIND_FOR_EVENT)
        .execute(Tuple.of(e.messageId(), e.ourId()))
        .compose(
            found ->
                found.size() == 0
                    ? Future.succeededFuture(EventOutcome.UNKNOWN_MESSAGE)
                    : recordFor(tx, found.iterator().next(), e));
  }

  /**
   * Records a provider's report. Its event ({@code email.delivered}, …) is written at once, after
   * an {@code email.sent} where none was written yet (an earlier try's outcome was unknown), except
   * while the message is {@code sending}: then the try that may have sent it has not settled, and
   * the event is held for {@link #settle} to write after its {@code email.sent}. The recipient's
   * status is updated either way; the message's follows when the event is written.
   */
  private static Future<EventOutcome> recordFor(SqlConnection tx, Row message, ProviderEvent e) {
    String id = message.getString("id");
    String current = message.getString("status");
    String recipientStatus = Lifecycle.recipientStatus(e.type());
    boolean reported =
        REPORTED.contains(e.type()) && recipientStatus != null && e.recipient() != null;
    boolean hold = reported && current.equals("sending");
    return tx.preparedQuery(INSERT_EVENT)
        .execute(
            Tuple.of(
                id,
                e.provider(),
                e.eventId(),
                e.type(),
                e.recipient(),
                utc(e.occurredAt()),
                e.detail(),
                hold))
        .compose(
            inserted -> {
              if (inserted.rowCount() == 0) {
                return Future.succeededFuture(EventOutcome.DUPLICATE);
              }
              if (recipientStatus == null || e.recipient() == null) {
                return Future.succeededFuture(EventOutcome.RECORDED);
              }
              long eventRow = inserted.iterator().next().getLong("id");
              return tx.preparedQuery(UPDATE_RECIPIENT)
                  .execute(Tuple.of(id, e.recipient(), recipientStatus, e.detail()))
                  .compose(
                      statuses -> {
                        List<String> all = new ArrayList<>();
                        boolean changed = false;
                        for (Row row : statuses) {
                          all.add(row.getString("status"));
                          changed |= row.getBoolean("changed");
                        }
                        if (!changed) {
                          // a second report of a recipient already settled (both providers
                          // reported one that was sent twice after an unknown outcome): it is on
                          // the timeline, but no state changed and no event is written again
                          return (hold
                                  ? tx.preparedQuery(UNHOLD).execute(Tuple.of(eventRow))
                                  : Future.succeededFuture())
                              .map(EventOutcome.RECORDED);
                        }
                        if (hold) {
                          return tx.preparedQuery(HOLD)
                              .execute(Tuple.of(id))
                              .map(EventOutcome.RECORDED);
                        }
                        return written(tx, message, e, all);
                      });
            });
  }

  /** The message's status after a changed recipient, and the report's event where it has one. */
  private static Future<EventOutcome> written(
      SqlConnection tx, Row message, ProviderEvent e, List<String> recipientStatuses) {
    String id = message.getString("id");
    String current = message.getString("status");
    boolean reported = REPORTED.contains(e.type());
    String next = Lifecycle.afterProviderEvent(current, recipientStatuses);
    boolean sentBefore = message.getBoolean("sent_event");
    Future<?> status =
        next.equals(current) && (sentBefore || !reported)
            ? Future.succeededFuture()
            : tx.preparedQuery(SET_STATUS).execute(Tuple.of(id, next));
    if (!reported) {
      return status.map(EventOutcome.RECORDED);
    }
    JsonObject metadata = (JsonObject) message.getValue("metadata");
    String tenant = message.getString("tenant");
    Future<Void> sent =
        sentBefore
            ? Future.succeededFuture()
            : Outbox.append(
                tx,
                event(
                    "email.sent",
                    id,
                    tenant,
                    base(id, metadata)
                        .put("provider", e.provider())
                        .put("recipients", new JsonArray().add(e.recipient()))
                        .put("inferred_from_provider_event", true)));
    JsonObject data =
        base(id, metadata)
            .put("recipient", e.recipient())
            .put("provider", e.provider())
            .put("status", next)
            .put("detail", e.detail());
    return status
        .compose(v -> sent)
        .compose(v -> Outbox.append(tx, event("email." + e.type(), id, tenant, data)))
        .map(EventOutcome.RECORDED);
  }

  // ---- reading ----------------------------------------------------------------------------

  private static final String FIND =
      """
      select id, status, message_id, sender, subject, content, tags, metadata, attempts,
             next_attempt_at, provider, last_error, created_at, updated_at
      from messages where id = $1 and tenant = $2
      """;
  private static final String FIND_RECIPIENTS =
      "select position, kind, address, name, status, detail from recipients"
          + " where message = $1 order by position";
  private static final String FIND_ATTACHMENTS =
      "select file_name, content_type, length(content) as bytes from attachments"
          + " where message = $1 order by position";
  private static final String FIND_ATTEMPTS =
      "select provider, started_at, ended_at, outcome, reply_code, reply_text from attempts"
          + " where message = $1 order by id";
  private static final String FIND_EVENTS =
      "select provider, type, recipient, occurred_at, received_at, detail from provider_events"
          + " where message = $1 order by occurred_at, id";

  /** The message with its recipients and timeline, or null (also for another tenant's). */
  public Future<JsonObject> find(String tenant, String id) {
    return pool.preparedQuery(FIND)
        .execute(Tuple.of(id, tenant))
        .compose(
            found -> {
              if (found.size() == 0) {
                return Future.succeededFuture(null);
              }
              Row row = found.iterator().next();
              return Future.all(
                      pool.preparedQuery(FIND_RECIPIENTS).execute(Tuple.of(id)),
                      pool.preparedQuery(FIND_ATTACHMENTS).execute(Tuple.of(id)),
                      pool.preparedQuery(FIND_ATTEMPTS).execute(Tuple.of(id)),
                      pool.preparedQuery(FIND_EVENTS).execute(Tuple.of(id)))
                  .map(
                      all ->
                          MessageJson.full(
                              row,
                              all.resultAt(0),
                              all.resultAt(1),
                              all.resultAt(2),
                              all.resultAt(3)));
            });
  }

  /** Filters of the list; null = any. */
  public record ListQuery(
      String status,
      String tag,
      String recipient,
      Instant createdFrom,
      Instant createdTo,
      String after,
      int limit) {}

  private static final String LIST =
      """
      select id, status, message_id, sender, subject, content, tags, metadata, attempts,
             next_attempt_at, provider, last_error, created_at, updated_at
      from messages m
      where tenant = $1
        and ($2::text is null or status = $2)
        and ($3::text is null or $3 = any(tags))
        and ($4::text is null or exists (
              select 1 from recipients r where r.message = m.id and lower(r.address) = lower($4)))
        and ($5::timestamptz is null or created_at >= $5)
        and ($6::timestamptz is null or created_at < $6)
        and ($7::text is null or id < $7)
      order by id desc
      limit $8
      """;

  public Future<List<JsonObject>> list(String tenant, ListQuery q) {
    return pool.preparedQuery(LIST)
        .execute(
            Tuple.of(
                tenant,
                q.status(),
                q.tag(),
                q.recipient(),
                q.createdFrom() == null ? null : utc(q.createdFrom()),
                q.createdTo() == null ? null : utc(q.createdTo()),
                q.after(),
                q.limit()))
        .map(
            rows -> {
              List<JsonObject> items = new ArrayList<>();
              rows.forEach(row -> items.add(MessageJson.summary(row)));
              return items;
            });
  }

  // ---- helpers ----------------------------------------------------------------------------

  public static DomainEvent event(String type, String id, String tenant, JsonObject data) {
    return DomainEvent.of(SERVICE, type, id, tenant, data);
  }

  public static JsonObject base(String id, JsonObject metadata) {
    return new JsonObject()
        .put("id", id)
        .put("metadata", metadata == null ? new JsonObject() : metadata);
  }

  static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }

  static JsonArray strings(String[] values) {
    return new JsonArray(values == null ? List.of() : List.of(values));
  }
}
