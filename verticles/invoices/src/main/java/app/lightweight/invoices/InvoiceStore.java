package app.lightweight.invoices;

import app.lightweight.invoices.seller.BusinessBlock;
import app.lightweight.invoices.seller.Logo;
import app.lightweight.invoices.sending.Send;
import app.lightweight.invoices.sending.SendKind;
import app.lightweight.invoices.sending.SendStore;
import app.lightweight.invoices.settings.BusinessSettings;
import app.lightweight.invoices.timeline.TimelineEntry;
import app.lightweight.invoices.timeline.TimelineStore;
import app.lightweight.shared.Ids;
import app.lightweight.shared.Money;
import app.lightweight.shared.db.Like;
import app.lightweight.shared.db.Transactions;
import app.lightweight.shared.events.DomainEvent;
import app.lightweight.shared.events.Outbox;
import app.lightweight.shared.http.IfMatch;
import app.lightweight.shared.http.Page;
import app.lightweight.shared.http.Problem;
import app.lightweight.shared.http.Problem.FieldError;
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
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Every SQL statement about invoices. Each is scoped to the tenant (another business's invoice is
 * not found), and every change appends its domain event to the outbox in the same transaction.
 */
public final class InvoiceStore {
  static final String SERVICE = "invoices";

  private static final String COLUMNS =
      "id, tenant, status, number, customer_id, customer, business, business_logo, currency,"
          + " issue_date, due_date, lines, notes, terms, tax_label, amount_paid, payment_reference,"
          + " pay_token, version, created_at, updated_at, issued_at, sent_at, paid_at, voided_at,"
          + " paid_by";

  /**
   * The draft and its {@code invoice.created} outbox row in one statement (one round trip, one
   * commit): the event's data is the invoice as the API shows it, built before the insert, with the
   * two members that come from the business's settings (seller details, tax label) taken from the
   * inserted row; its {@code invoice.created} timeline entry and that entry's event with it. The
   * outbox and timeline columns are those {@link Outbox#append} and {@link TimelineStore#append}
   * write.
   */
  private static final String CREATE =
      """
      with created as (
        insert into invoices (id, tenant, status, customer_id, customer, business, currency,
          issue_date, due_date, lines, notes, terms, tax_label, created_at, updated_at)
        values ($1, $2, 'draft', $3, $4,
          coalesce($5, (select business from business_settings where tenant = $2)),
          $6, $7, $8, $9, $10, $11,
          coalesce($12, (select tax_label from business_settings where tenant = $2)), $13, $13)
        returning
      """
          + COLUMNS
          + """
      ),
      event as (
        insert into outbox (event_id, aggregate_id, type, subject, occurred_at, data)
        select $14, id, 'invoice.created', id, $13,
               $15::jsonb || jsonb_build_object('business', business, 'tax_label', tax_label)
          from created),
      entry as (
        insert into timeline (tenant, invoice_id, type, at)
        select tenant, id, 'invoice.created', $13 from created),
      entry_event as (
        insert into outbox (event_id, aggregate_id, type, subject, occurred_at, data)
        select $16, id, 'invoice.timeline', id, $13,
               jsonb_build_object('tenant', tenant, 'invoice_id', id,
                 'entry', jsonb_build_object('type', 'invoice.created', 'at', $17::text))
          from created)
      select * from created
      """;

  private static final String FIND =
      "select " + COLUMNS + " from invoices where tenant = $1 and id = $2";

  private static final String LOCK =
      "select " + COLUMNS + " from invoices where tenant = $1 and id = $2 for update";

  private static final String FIND_BY_PAY_TOKEN =
      "select " + COLUMNS + " from invoices where pay_token = $1";

  /**
   * Newest first. Filters are null when not asked for: $3 status, $4 customer, $5 overdue (with $6
   * today), $7..$8 issue date range, $10 a search pattern for the number and the customer.
   */
  private static final String LIST =
      "select "
          + COLUMNS
          + """
           from invoices
          where tenant = $1
            and ($2::text is null or id < $2)
            and ($3::text is null or status = $3)
            and ($4::text is null or customer_id = $4)
            and ($5::boolean is null  -- open (Lifecycle.OPEN) and past due
                 or (status in ('issued', 'sent') and due_date < $6::date) = $5)
            and ($7::date is null or issue_date >= $7)
            and ($8::date is null or issue_date <= $8)
            and ($10::text is null or number ilike $10 or customer->>'name' ilike $10
                 or customer->>'email' ilike $10)
          order by id desc
          limit $9
          """;

  private static final String UPDATE_DRAFT =
      """
      update invoices set customer_id = $3, customer = $4, business = $5, currency = $6,
        issue_date = $7, due_date = $8, lines = $9, notes = $10, terms = $11, tax_label = $12,
        version = version + 1, updated_at = now()
      where id = $1 and tenant = $2
      returning
      """
          + COLUMNS;

  /** A draft goes with its timeline (it was only created; it was never sent). */
  private static final String DELETE_DRAFT =
      "with entries as (delete from timeline where tenant = $1 and invoice_id = $2)"
          + " delete from invoices where tenant = $1 and id = $2";

  private static final String SAVE_LOGO =
      "insert into logos (sha256, content_type, bytes) values ($1, $2, $3)"
          + " on conflict (sha256) do nothing";

  private static final String LOGO = "select bytes from logos where sha256 = $1";

  private static final String ISSUE =
      """
      update invoices set status = $7, number = $3, pay_token = $4,
        business = coalesce($5, business), business_logo = $6,
        version = version + 1, updated_at = now(), issued_at = now()
      where tenant = $1 and id = $2
      returning
      """
          + COLUMNS;

  private static final String SEND =
      "update invoices set status = $3, version = version + 1, updated_at = now(),"
          + " sent_at = now() where tenant = $1 and id = $2 returning "
          + COLUMNS;

  /**
   * Not while a wallet payment is in flight (its money may have moved): run after the invoice's row
   * is locked, so this statement sees every attempt committed before the lock was granted (an
   * attempt is written with the row share-locked).
   */
  private static final String VOID =
      "update invoices set status = $3, version = version + 1, updated_at = now(),"
          + " voided_at = now() where tenant = $1 and id = $2"
          + " and not exists (select 1 from payments p where p.invoice_id = $2"
          + " and p.status = 'pending') returning "
          + COLUMNS;

  private static final String PAY =
      "update invoices set status = $5, amount_paid = $3, payment_reference = $4,"
          + " paid_by = $6, version = version + 1, updated_at = now(), paid_at = now()"
          + " where tenant = $1 and id = $2 returning "
          + COLUMNS;

  /** A wallet payment in flight under another reference (run with the invoice's row locked). */
  private static final String OTHER_PAYMENT_IN_FLIGHT =
      "select transfer_id from payments where invoice_id = $1 and status = 'pending'"
          + " and transfer_id <> $2";

  /**
   * Gap-free invoice numbers: {@code INV-2026-000001}, one sequence per business and calendar year
   * of the issue date. The counter row is incremented inside the issuing transaction: the update
   * locks it until that transaction ends, so concurrent issues of one business queue on it and
   * never share a number, and a transaction that rolls back gives its number back (no gap).
   */
  private static final String NEXT_NUMBER =
      """
      with counter as (
        insert into invoice_counters (tenant, year, last_value) values ($1, $2, 1)
        on conflict (tenant, year) do update set last_value = invoice_counters.last_value + 1
        returning last_value)
      select last_value,
             coalesce((select number_prefix from business_settings where tenant = $1), $3)
               as prefix
        from counter
      """;

  private final Pool pool;
  private final InvoiceJson json;
  private final Runnable eventsWritten;

  /**
   * @param json how invoices read in the events' data
   * @param eventsWritten called after a transaction that appended events commits (wakes the relay)
   */
  public InvoiceStore(Pool pool, InvoiceJson json, Runnable eventsWritten) {
    this.pool = pool;
    this.json = json;
    this.eventsWritten = eventsWritten;
  }

  /**
   * A new draft; the customer must be resolved ({@link InvoiceDraft#customer()} not null). Seller
   * details and tax label default to the business's settings.
   */
  public Future<Invoice> create(String tenant, InvoiceDraft draft) {
    String id = Ids.next("inv");
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    DomainEvent created = event(Lifecycle.CREATED, Lifecycle.created(id, tenant, draft, now));
    Tuple arguments =
        draftArguments(id, tenant, draft)
            .addValue(now)
            .addValue(created.id())
            .addValue(created.data())
            .addValue(Ids.next("evt"))
            .addValue(now.toInstant().toString());
    return Transactions.client(pool)
        .preparedQuery(CREATE)
        .execute(arguments)
        .map(rows -> invoice(rows.iterator().next()))
        .onSuccess(invoice -> eventsWritten.run());
  }

  /** The tenant's invoice, or a 404 problem (also for another tenant's id). */
  public Future<Invoice> get(String tenant, String id) {
    return pool.preparedQuery(FIND).execute(Tuple.of(tenant, id)).map(rows -> only(rows, id));
  }

  /** The issued invoice a pay link points to; drafts have no token. */
  public Future<Optional<Invoice>> findByPayToken(String token) {
    return pool.preparedQuery(FIND_BY_PAY_TOKEN)
        .execute(Tuple.of(token))
        .map(
            rows ->
                rows.size() == 0 ? Optional.empty() : Optional.of(invoice(rows.iterator().next())));
  }

  public Future<Page<Invoice>> list(String tenant, InvoiceQuery query, LocalDate today) {
    return pool.preparedQuery(LIST)
        .execute(
            Tuple.from(
                new Object[] {
                  tenant,
                  query.after(),
                  query.status() == null ? null : query.status().json(),
                  query.customerId(),
                  query.overdue(),
                  today,
                  query.issuedFrom(),
                  query.issuedTo(),
                  query.limit() + 1,
                  Like.anywhere(query.search())
                }))
        .map(
            rows -> {
              List<Invoice> invoices = new ArrayList<>(rows.size());
              rows.forEach(row -> invoices.add(invoice(row)));
              return Page.of(invoices, query.limit(), Invoice::id);
            });
  }

  /**
   * Replaces a draft's content.
   *
   * @param expectedVersion the version the change was made against (If-Match)
   */
  public Future<Invoice> updateDraft(
      String tenant, String id, IfMatch expectedVersion, InvoiceDraft draft) {
    return changed(
        tx ->
            lockDraft(tx, tenant, id, expectedVersion, "edit")
                .compose(
                    current ->
                        tx.preparedQuery(UPDATE_DRAFT)
                            .execute(draftArguments(id, tenant, draft))
                            .map(rows -> invoice(rows.iterator().next()))),
        Lifecycle.UPDATED);
  }

  /** Deletes a draft (it has no number yet, so nothing is lost); issued invoices are voided. */
  public Future<Invoice> deleteDraft(String tenant, String id, IfMatch expectedVersion) {
    return changed(
        tx ->
            lockDraft(tx, tenant, id, expectedVersion, "delete")
                .compose(
                    draft ->
                        tx.preparedQuery(DELETE_DRAFT).execute(Tuple.of(tenant, id)).map(draft)),
        Lifecycle.DELETED);
  }

  /**
   * Issues a draft: the next number of the business, a pay token, and the business block frozen as
   * the PDF shows it from now on. All in one transaction with the {@code invoice.issued} event.
   *
   * @param business the seller as of now (from the users service), or null to keep the details
   *     stored with the invoice
   */
  public Future<Invoice> issue(
      String tenant, String id, IfMatch expectedVersion, BusinessBlock business) {
    String logoSha = business == null ? null : business.logoSha256();
    JsonObject details = business == null ? null : business.details().toJson();
    return changed(
        tx ->
            lockFor(tx, tenant, id, expectedVersion, Lifecycle.Move.ISSUE)
                .compose(draft -> saveLogo(tx, business, logoSha).map(draft))
                .compose(draft -> nextNumber(tx, tenant, draft.issueDate().getYear()))
                .compose(
                    number ->
                        tx.preparedQuery(ISSUE)
                            .execute(
                                Tuple.of(
                                    tenant,
                                    id,
                                    number,
                                    Lifecycle.newPayToken(),
                                    details,
                                    logoSha,
                                    Lifecycle.Move.ISSUE.to().json())))
                .map(rows -> invoice(rows.iterator().next())),
        Lifecycle.Move.ISSUE.event());
  }

  /** An invoice being emailed: the invoice after the move, and the send recorded with it. */
  public record Sending(Invoice invoice, Send send) {}

  /**
   * Sends an issued invoice to its customer's email, or a sent one again (a reminder, {@link
   * Lifecycle#isReminder}): the send is queued (for {@code SendRelay}) in the transaction that
   * marks the invoice sent. A draft, void or paid invoice is a 409, one without a customer email a
   * 422, and then nothing is recorded.
   */
  public Future<Sending> send(String tenant, String id, IfMatch expectedVersion) {
    Instant now = Instant.now();
    return pool.withTransaction(
            Transactions.JOIN,
            tx ->
                lockFor(tx, tenant, id, expectedVersion, Lifecycle.Move.SEND)
                    .compose(
                        current -> {
                          String to = Lifecycle.recipient(current);
                          boolean reminder = Lifecycle.isReminder(current);
                          Future<Invoice> moved =
                              reminder
                                  ? Future.succeededFuture(current)
                                  : tx.preparedQuery(SEND)
                                      .execute(
                                          Tuple.of(tenant, id, Lifecycle.Move.SEND.to().json()))
                                      .map(rows -> invoice(rows.iterator().next()))
                                      .compose(
                                          sent -> recorded(tx, Lifecycle.Move.SEND.event(), sent));
                          SendKind kind = reminder ? SendKind.REMINDER : SendKind.INVOICE;
                          return moved.compose(
                              invoice ->
                                  SendStore.queue(tx, tenant, id, kind, to, now)
                                      .map(send -> new Sending(invoice, send)));
                        }))
        .onSuccess(sending -> eventsWritten.run());
  }

  /** Voids an issued or sent invoice. */
  public Future<Invoice> move(
      String tenant, String id, IfMatch expectedVersion, Lifecycle.Move move) {
    String sql =
        switch (move) {
          case VOID -> VOID;
          default -> throw new IllegalArgumentException(move + " has its own method");
        };
    return changed(
        tx ->
            lockFor(tx, tenant, id, expectedVersion, move)
                .compose(
                    current ->
                        tx.preparedQuery(sql)
                            .execute(Tuple.of(tenant, id, move.to().json()))
                            .map(
                                rows -> {
                                  if (rows.size() == 0) { // VOID with a wallet payment in flight
                                    throw paymentInFlight(id, move).exception();
                                  }
                                  return invoice(rows.iterator().next());
                                })),
        move.event());
  }

  /**
   * Records that the invoice is paid in full. Asking again with the same payment reference answers
   * the paid invoice unchanged (the wallets service may retry); another reference is a conflict.
   */
  public Future<Invoice> markPaid(
      String tenant, String id, IfMatch expectedVersion, String paymentReference) {
    return markPaid(tenant, id, expectedVersion, paymentReference, null);
  }

  /**
   * {@link #markPaid(String, String, IfMatch, String)} for a wallet payment: also records who paid.
   * Refused (409) while a wallet payment under another reference is in flight.
   *
   * @param paidBy the payer, or null when it was paid outside Lightweight
   */
  public Future<Invoice> markPaid(
      String tenant, String id, IfMatch expectedVersion, String paymentReference, PaidBy paidBy) {
    return pool.withTransaction(
            Transactions.JOIN,
            tx ->
                lock(tx, tenant, id)
                    .compose(
                        current -> {
                          if (Lifecycle.alreadyPaidBy(current, paymentReference)) {
                            return Future.succeededFuture(new Changed(current, false));
                          }
                          checkMove(current, expectedVersion, Lifecycle.Move.PAY);
                          return tx.preparedQuery(OTHER_PAYMENT_IN_FLIGHT)
                              .execute(Tuple.of(id, paymentReference))
                              .compose(
                                  inFlight -> {
                                    if (inFlight.size() > 0) {
                                      throw paymentInFlight(id, Lifecycle.Move.PAY).exception();
                                    }
                                    return tx.preparedQuery(PAY)
                                        .execute(
                                            Tuple.of(
                                                tenant,
                                                id,
                                                Lifecycle.fullPayment(current),
                                                paymentReference,
                                                Lifecycle.Move.PAY.to().json(),
                                                paidBy == null ? null : paidBy.toJson()));
                                  })
                              .map(rows -> invoice(rows.iterator().next()))
                              .compose(paid -> recorded(tx, Lifecycle.Move.PAY.event(), paid))
                              .map(paid -> new Changed(paid, true));
                        }))
        .map(
            changed -> {
              if (changed.evented()) {
                eventsWritten.run();
              }
              return changed.invoice();
            });
  }

  /** A logo frozen into an issued invoice. */
  public Future<Optional<Logo>> logo(String sha256) {
    return pool.preparedQuery(LOGO)
        .execute(Tuple.of(sha256))
        .map(
            rows ->
                rows.size() == 0
                    ? Optional.empty()
                    : Optional.of(new Logo(rows.iterator().next().getBuffer(0).getBytes())));
  }

  // ---- transactions

  private record Changed(Invoice invoice, boolean evented) {}

  /** Runs a change and {@link #recorded its record} in one transaction, then wakes the relays. */
  private Future<Invoice> changed(
      Function<SqlConnection, Future<Invoice>> change, String eventType) {
    return pool.withTransaction(
            Transactions.JOIN,
            tx -> change.apply(tx).compose(invoice -> recorded(tx, eventType, invoice)))
        .onSuccess(invoice -> eventsWritten.run());
  }

  /**
   * The one way a change of an invoice is recorded, inside its transaction (every change but the
   * creating statement, which writes the same rows itself): its domain event, its timeline entry
   * (with that entry's event) and the emails it calls for (a payment: the business's notice and the
   * payer's receipt).
   */
  private Future<Invoice> recorded(SqlConnection tx, String eventType, Invoice invoice) {
    Future<Void> event = Outbox.append(tx, event(eventType, invoice));
    TimelineEntry entry = timelineEntry(eventType, invoice);
    if (entry == null) {
      return event.map(invoice);
    }
    return event
        .compose(v -> TimelineStore.append(tx, invoice.tenant(), invoice.id(), entry, null))
        .compose(
            v ->
                eventType.equals(Lifecycle.Move.PAY.event())
                    ? SendStore.paid(
                            tx, invoice.tenant(), invoice.id(), invoice.paidBy(), entry.at())
                        .mapEmpty()
                    : Future.<Void>succeededFuture())
        .map(invoice);
  }

  /** What a change shows on the invoice's timeline, or null (edits, deletes, marking it sent). */
  private static TimelineEntry timelineEntry(String eventType, Invoice invoice) {
    return switch (eventType) {
      case "invoice.issued" ->
          new TimelineEntry(
              TimelineEntry.ISSUED,
              invoice.issuedAt().toInstant(),
              null,
              new JsonObject().put("number", invoice.number()));
      case "invoice.paid" ->
          new TimelineEntry(
              TimelineEntry.PAID,
              invoice.paidAt().toInstant(),
              null,
              new JsonObject()
                  .put("amount", new Money(invoice.amountPaid(), invoice.currency()).toJson())
                  .put("reference", invoice.paymentReference()));
      case "invoice.voided" ->
          new TimelineEntry(TimelineEntry.VOIDED, invoice.voidedAt().toInstant(), null, null);
      default -> null;
    };
  }

  private static Problem paymentInFlight(String id, Lifecycle.Move move) {
    return Problem.of(
        409,
        "payment-in-progress",
        "A wallet payment is in progress",
        "cannot "
            + move.verb()
            + " invoice "
            + id
            + ": a payment from a wallet is being made; try again in a minute");
  }

  private Future<Invoice> lock(SqlConnection tx, String tenant, String id) {
    return tx.preparedQuery(LOCK).execute(Tuple.of(tenant, id)).map(rows -> only(rows, id));
  }

  private Future<Invoice> lockDraft(
      SqlConnection tx, String tenant, String id, IfMatch expectedVersion, String verb) {
    return lock(tx, tenant, id)
        .map(invoice -> Lifecycle.editable(Lifecycle.atVersion(invoice, expectedVersion), verb));
  }

  private Future<Invoice> lockFor(
      SqlConnection tx, String tenant, String id, IfMatch expectedVersion, Lifecycle.Move move) {
    return lock(tx, tenant, id).map(invoice -> checkMove(invoice, expectedVersion, move));
  }

  private static Invoice checkMove(Invoice invoice, IfMatch expectedVersion, Lifecycle.Move move) {
    return Lifecycle.allow(Lifecycle.atVersion(invoice, expectedVersion), move);
  }

  /** The next number of the business for the year; call inside the issuing transaction. */
  private static Future<String> nextNumber(SqlConnection tx, String tenant, int year) {
    return tx.preparedQuery(NEXT_NUMBER)
        .execute(Tuple.of(tenant, year, BusinessSettings.DEFAULT_PREFIX))
        .map(
            rows -> {
              Row row = rows.iterator().next();
              return String.format("%s-%d-%06d", row.getString("prefix"), year, row.getInteger(0));
            });
  }

  private Future<Void> saveLogo(SqlConnection tx, BusinessBlock business, String sha) {
    if (sha == null) {
      return Future.succeededFuture();
    }
    return tx.preparedQuery(SAVE_LOGO)
        .execute(Tuple.of(sha, business.logoContentType(), Buffer.buffer(business.logo().bytes())))
        .mapEmpty();
  }

  // ---- rows and events

  private DomainEvent event(String type, Invoice invoice) {
    return DomainEvent.of(SERVICE, type, invoice.id(), invoice.id(), json.withTenant(invoice));
  }

  private static Tuple draftArguments(String id, String tenant, InvoiceDraft draft) {
    return Tuple.from(
        new Object[] {
          id,
          tenant,
          draft.customerId(),
          draft.customer().toJson(),
          draft.business() == null ? null : draft.business().toJson(),
          draft.currency(),
          draft.issueDate(),
          draft.dueDate(),
          new JsonArray(draft.lines().stream().map(LineItem::toJson).toList()),
          draft.notes(),
          draft.terms(),
          draft.taxLabel()
        });
  }

  private static Invoice only(RowSet<Row> rows, String id) {
    if (rows.size() == 0) {
      throw Problem.notFound("no invoice " + id).exception();
    }
    return invoice(rows.iterator().next());
  }

  static Invoice invoice(Row row) {
    JsonArray linesJson = (JsonArray) row.getValue("lines");
    List<LineItem> lines = new ArrayList<>(linesJson.size());
    List<FieldError> ignored = new ArrayList<>(0);
    for (int i = 0; i < linesJson.size(); i++) {
      lines.add(LineItem.fromJson(linesJson.getJsonObject(i), "", ignored));
    }
    return new Invoice(
        row.getString("id"),
        row.getString("tenant"),
        InvoiceStatus.fromJson(row.getString("status")),
        row.getString("number"),
        row.getString("customer_id"),
        PartyDetails.fromJson((JsonObject) row.getValue("customer")),
        PartyDetails.fromJson((JsonObject) row.getValue("business")),
        row.getString("business_logo"),
        row.getString("currency"),
        row.getLocalDate("issue_date"),
        row.getLocalDate("due_date"),
        lines,
        row.getString("notes"),
        row.getString("terms"),
        row.getString("tax_label"),
        row.getLong("amount_paid"),
        row.getString("payment_reference"),
        row.getString("pay_token"),
        row.getInteger("version"),
        row.getOffsetDateTime("created_at"),
        row.getOffsetDateTime("updated_at"),
        row.getOffsetDateTime("issued_at"),
        row.getOffsetDateTime("sent_at"),
        row.getOffsetDateTime("paid_at"),
        row.getOffsetDateTime("voided_at"),
        PaidBy.fromJson((JsonObject) row.getValue("paid_by")));
  }
}
