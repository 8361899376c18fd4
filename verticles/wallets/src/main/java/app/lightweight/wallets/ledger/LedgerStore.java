package app.lightweight.wallets.ledger;

import app.lightweight.shared.events.DomainEvent;
import app.lightweight.wallets.ledger.Outcome.Accepted;
import app.lightweight.wallets.ledger.Outcome.Refused;
import app.lightweight.wallets.ledger.Outcome.Reused;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Every SQL statement of the ledger. A batch of postings runs in one database transaction: the
 * accounts it touches are locked in id order ({@code for update}, so concurrent batches queue and
 * never deadlock on each other), transfer ids already taken are read, and then each posting is
 * decided in order against the locked balances: accepted (its transfers, entries and balance
 * changes are written), a replay (the original is returned), a reuse of its id with other content
 * or a refusal for insufficient funds (nothing of it is written). The checks constrain nothing the
 * database does not also enforce: a wallet's balance has a {@code check (balance >= 0)} and a
 * transfer id is a primary key.
 */
public final class LedgerStore {
  private static final String LOCK =
      "select id, kind, balance from accounts where id = any($1) order by id for update";
  private static final String OPEN =
      """
      insert into accounts (id, kind, owner, currency)
      select * from unnest($1::text[], $2::text[], $3::text[], $4::text[]) order by 1
      on conflict (id) do nothing
      """;
  private static final String TAKEN =
      """
      select id, parent_id, kind, debit_account, credit_account, amount, currency, reference,
             metadata, debit_name, credit_name, request_hash, created_at
        from transfers where id = any($1) or parent_id = any($1)
       order by parent_id nulls first, id
      """;
  private static final String INSERT_TRANSFERS =
      """
      insert into transfers (id, parent_id, kind, debit_account, credit_account, amount, currency,
                             reference, metadata, debit_name, credit_name, request_hash, created_at)
      select t.id, t.parent_id, t.kind, t.debit_account, t.credit_account, t.amount, t.currency,
             t.reference, t.metadata::jsonb, t.debit_name, t.credit_name, t.request_hash, $12
        from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[],
                    $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $13::text[])
             as t(id, parent_id, kind, debit_account, credit_account, amount, currency,
                  reference, metadata, debit_name, credit_name, request_hash)
      """;
  private static final String INSERT_ENTRIES =
      """
      insert into entries (account_id, transfer_id, amount, balance_after, created_at)
      select e.account_id, e.transfer_id, e.amount, e.balance_after, $5
        from unnest($1::text[], $2::text[], $3::bigint[], $4::bigint[]) with ordinality
             as e(account_id, transfer_id, amount, balance_after, n)
       order by e.n
      """;
  private static final String MOVE_BALANCES =
      """
      update accounts a set balance = a.balance + d.delta, updated_at = $3
        from unnest($1::text[], $2::bigint[]) as d(id, delta) where a.id = d.id
      """;
  private static final String APPEND_EVENTS =
      """
      insert into outbox (event_id, aggregate_id, type, subject, occurred_at, data)
      select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[],
                           $6::jsonb[])
      """;

  private static final String BALANCES =
      "select currency, balance, updated_at from accounts"
          + " where owner = $1 and kind = 'wallet' order by currency";
  private static final String HISTORY =
      """
      select e.seq, e.amount, e.balance_after, e.created_at, t.id, t.kind, t.currency,
             t.reference, t.metadata,
             case when e.amount < 0 then t.credit_account else t.debit_account end as other,
             case when e.amount < 0 then t.credit_name else t.debit_name end as other_name
        from entries e join transfers t on t.id = e.transfer_id
       where e.account_id = $1 and ($2::bigint is null or e.seq < $2)
       order by e.seq desc limit $3
      """;

  private static final Set<String> RETRYABLE =
      Set.of("40P01", "40001", "23505"); // deadlock (other writers), serialization, id race

  private final Pool pool;
  private final Runnable eventsWritten;

  public LedgerStore(Pool pool, Runnable eventsWritten) {
    this.pool = pool;
    this.eventsWritten = eventsWritten;
  }

  public Pool pool() {
    return pool;
  }

  /** Posts a batch in a transaction of its own, retried when a concurrent writer raced it. */
  public Future<List<Outcome>> post(List<Posting> postings) {
    return post(postings, 3);
  }

  private Future<List<Outcome>> post(List<Posting> postings, int attemptsLeft) {
    return pool.withTransaction(tx -> post(tx, postings))
        .recover(
            failure -> {
              if (attemptsLeft > 1
                  && failure instanceof PgException pg
                  && RETRYABLE.contains(pg.getSqlState())) {
                return post(postings, attemptsLeft - 1);
              }
              return Future.failedFuture(failure);
            })
        .onSuccess(
            outcomes -> {
              if (outcomes.stream().anyMatch(o -> o instanceof Accepted a && !a.replayed())) {
                eventsWritten.run();
              }
            });
  }

  /** Posts a batch inside the caller's transaction (which may write more, e.g. a funding). */
  public Future<List<Outcome>> post(SqlConnection tx, List<Posting> postings) {
    Map<String, Account> accounts = new TreeMap<>();
    List<String> ids = new ArrayList<>();
    for (Posting posting : postings) {
      ids.add(posting.id());
      for (Leg leg : posting.legs()) {
        accounts.put(leg.debit().id(), leg.debit());
        accounts.put(leg.credit().id(), leg.credit());
      }
    }
    String[] accountIds = accounts.keySet().toArray(String[]::new);
    return lock(tx, accounts, accountIds)
        .compose(
            balances ->
                tx.preparedQuery(TAKEN)
                    .execute(Tuple.tuple().addArrayOfString(ids.toArray(String[]::new)))
                    .map(taken -> decide(postings, accounts, balances, taken(taken))))
        .compose(decision -> write(tx, decision).map(decision.outcomes()));
  }

  private Future<Map<String, Long>> lock(
      SqlConnection tx, Map<String, Account> accounts, String[] accountIds) {
    return tx.preparedQuery(LOCK)
        .execute(Tuple.tuple().addArrayOfString(accountIds))
        .compose(
            rows -> {
              if (rows.size() == accountIds.length) {
                return Future.succeededFuture(balances(rows));
              }
              List<Account> missing = new ArrayList<>(accounts.values());
              rows.forEach(row -> missing.removeIf(a -> a.id().equals(row.getString("id"))));
              return tx.preparedQuery(OPEN)
                  .execute(
                      Tuple.of(
                          missing.stream().map(Account::id).toArray(String[]::new),
                          missing.stream().map(a -> a.kind().sql()).toArray(String[]::new),
                          missing.stream().map(Account::owner).toArray(String[]::new),
                          missing.stream().map(Account::currency).toArray(String[]::new)))
                  .compose(
                      opened ->
                          tx.preparedQuery(LOCK)
                              .execute(Tuple.tuple().addArrayOfString(accountIds)))
                  .map(LedgerStore::balances);
            });
  }

  private static Map<String, Long> balances(RowSet<Row> rows) {
    Map<String, Long> balances = new HashMap<>();
    rows.forEach(row -> balances.put(row.getString("id"), row.getLong("balance")));
    return balances;
  }

  private record Stored(String requestHash, List<Transfer> transfers) {}

  private static Map<String, Stored> taken(RowSet<Row> rows) {
    Map<String, Stored> taken = new HashMap<>();
    for (Row row : rows) {
      Transfer transfer = transfer(row);
      if (transfer.parentId() == null) {
        List<Transfer> legs = new ArrayList<>();
        legs.add(transfer);
        taken.put(transfer.id(), new Stored(row.getString("request_hash"), legs));
      } else {
        taken.get(transfer.parentId()).transfers().add(transfer);
      }
    }
    return taken;
  }

  private record Entry(String account, String transfer, long amount, long balanceAfter) {}

  private record Decision(
      List<Outcome> outcomes,
      List<Transfer> transfers,
      List<String> hashes,
      List<Entry> entries,
      Map<String, Long> deltas,
      List<DomainEvent> events,
      Instant at) {}

  private static Decision decide(
      List<Posting> postings,
      Map<String, Account> accounts,
      Map<String, Long> balances,
      Map<String, Stored> taken) {
    Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
    Map<String, Stored> seen = new HashMap<>(taken);
    List<Outcome> outcomes = new ArrayList<>();
    List<Transfer> transfers = new ArrayList<>();
    List<String> hashes = new ArrayList<>();
    List<Entry> entries = new ArrayList<>();
    Map<String, Long> deltas = new LinkedHashMap<>();
    List<DomainEvent> events = new ArrayList<>();
    for (Posting posting : postings) {
      Stored earlier = seen.get(posting.id());
      if (earlier != null) {
        outcomes.add(
            earlier.requestHash().equals(posting.requestHash())
                ? new Accepted(posting.id(), earlier.transfers(), true)
                : new Reused(posting.id()));
        continue;
      }
      Map<String, Long> after = new HashMap<>();
      List<Entry> legEntries = new ArrayList<>();
      Refused refused = null;
      for (Leg leg : posting.legs()) {
        long debitBefore = after.getOrDefault(leg.debit().id(), balances.get(leg.debit().id()));
        if (!accounts.get(leg.debit().id()).kind().mayGoNegative() && debitBefore < leg.amount()) {
          refused =
              new Refused(posting.id(), leg.debit().id(), debitBefore, leg.amount() - debitBefore);
          break;
        }
        long debitAfter = debitBefore - leg.amount();
        after.put(leg.debit().id(), debitAfter);
        long creditAfter =
            Math.addExact(
                after.getOrDefault(leg.credit().id(), balances.get(leg.credit().id())),
                leg.amount());
        after.put(leg.credit().id(), creditAfter);
        legEntries.add(new Entry(leg.debit().id(), leg.id(), -leg.amount(), debitAfter));
        legEntries.add(new Entry(leg.credit().id(), leg.id(), leg.amount(), creditAfter));
      }
      if (refused != null) {
        outcomes.add(refused);
        continue;
      }
      after.forEach(
          (account, balance) -> {
            deltas.merge(account, balance - balances.get(account), Long::sum);
            balances.put(account, balance);
          });
      entries.addAll(legEntries);
      List<Transfer> posted = posting.legs().stream().map(leg -> transfer(leg, at)).toList();
      for (Transfer transfer : posted) {
        transfers.add(transfer);
        hashes.add(transfer.id().equals(posting.id()) ? posting.requestHash() : "");
      }
      seen.put(posting.id(), new Stored(posting.requestHash(), posted));
      events.addAll(posting.events().apply(posted));
      outcomes.add(new Accepted(posting.id(), posted, false));
    }
    return new Decision(outcomes, transfers, hashes, entries, deltas, events, at);
  }

  private static Transfer transfer(Leg leg, Instant at) {
    return new Transfer(
        leg.id(),
        leg.parentId(),
        leg.kind(),
        leg.debit().id(),
        leg.credit().id(),
        leg.amount(),
        leg.currency(),
        leg.reference(),
        leg.metadata(),
        leg.debitName(),
        leg.creditName(),
        at);
  }

  private Future<Void> write(SqlConnection tx, Decision decision) {
    if (decision.transfers().isEmpty()) {
      return Future.succeededFuture();
    }
    var at = decision.at().atOffset(ZoneOffset.UTC);
    List<Transfer> t = decision.transfers();
    Future<?> transfers =
        tx.preparedQuery(INSERT_TRANSFERS)
            .execute(
                Tuple.tuple()
                    .addArrayOfString(t.stream().map(Transfer::id).toArray(String[]::new))
                    .addArrayOfString(t.stream().map(Transfer::parentId).toArray(String[]::new))
                    .addArrayOfString(t.stream().map(Transfer::kind).toArray(String[]::new))
                    .addArrayOfString(t.stream().map(Transfer::debitAccount).toArray(String[]::new))
                    .addArrayOfString(
                        t.stream().map(Transfer::creditAccount).toArray(String[]::new))
                    .addArrayOfLong(t.stream().map(Transfer::amount).toArray(Long[]::new))
                    .addArrayOfString(t.stream().map(Transfer::currency).toArray(String[]::new))
                    .addArrayOfString(t.stream().map(Transfer::reference).toArray(String[]::new))
                    .addArrayOfString(
                        t.stream().map(x -> x.metadata().encode()).toArray(String[]::new))
                    .addArrayOfString(t.stream().map(Transfer::debitName).toArray(String[]::new))
                    .addArrayOfString(t.stream().map(Transfer::creditName).toArray(String[]::new))
                    .addOffsetDateTime(at)
                    .addArrayOfString(decision.hashes().toArray(String[]::new)));
    List<Entry> e = decision.entries();
    Future<?> entries =
        tx.preparedQuery(INSERT_ENTRIES)
            .execute(
                Tuple.of(
                    e.stream().map(Entry::account).toArray(String[]::new),
                    e.stream().map(Entry::transfer).toArray(String[]::new),
                    e.stream().map(Entry::amount).toArray(Long[]::new),
                    e.stream().map(Entry::balanceAfter).toArray(Long[]::new),
                    at));
    Future<?> balances =
        tx.preparedQuery(MOVE_BALANCES)
            .execute(
                Tuple.of(
                    decision.deltas().keySet().toArray(String[]::new),
                    decision.deltas().values().toArray(Long[]::new),
                    at));
    Future<?> events = appendEvents(tx, decision.events());
    // sent together: the connection pipelines them, one round trip for the batch
    return Future.all(transfers, entries, balances, events).mapEmpty();
  }

  private static Future<?> appendEvents(SqlConnection tx, List<DomainEvent> events) {
    if (events.isEmpty()) {
      return Future.succeededFuture();
    }
    return tx.preparedQuery(APPEND_EVENTS)
        .execute(
            Tuple.tuple()
                .addArrayOfString(events.stream().map(DomainEvent::id).toArray(String[]::new))
                .addArrayOfString(
                    events.stream().map(DomainEvent::aggregateId).toArray(String[]::new))
                .addArrayOfString(events.stream().map(DomainEvent::type).toArray(String[]::new))
                .addArrayOfString(events.stream().map(DomainEvent::subject).toArray(String[]::new))
                .addArrayOfOffsetDateTime(
                    events.stream()
                        .map(ev -> ev.time().atOffset(ZoneOffset.UTC))
                        .toArray(java.time.OffsetDateTime[]::new))
                .addArrayOfJsonObject(
                    events.stream().map(DomainEvent::data).toArray(JsonObject[]::new)));
  }

  /**
   * The transfer {@code id} with the transfers posted with it (a payment's charge), the main one
   * first; empty when there is none (or {@code id} names a charge, which is part of its payment).
   */
  public Future<List<Transfer>> transfer(String id) {
    return pool.preparedQuery(TAKEN)
        .execute(Tuple.tuple().addArrayOfString(new String[] {id}))
        .map(
            rows -> {
              List<Transfer> found = new ArrayList<>();
              rows.forEach(row -> found.add(transfer(row)));
              boolean main = !found.isEmpty() && found.get(0).parentId() == null;
              return main && found.get(0).id().equals(id) ? List.copyOf(found) : List.of();
            });
  }

  public Future<List<Balance>> balances(String owner) {
    return pool.preparedQuery(BALANCES)
        .execute(Tuple.of(owner))
        .map(
            rows -> {
              List<Balance> balances = new ArrayList<>();
              rows.forEach(
                  row ->
                      balances.add(
                          new Balance(
                              row.getString("currency"),
                              row.getLong("balance"),
                              row.getOffsetDateTime("updated_at").toInstant())));
              return balances;
            });
  }

  /** A wallet's lines, newest first, before entry {@code beforeSeq} (null: from the newest). */
  public Future<List<Line>> history(Account wallet, Long beforeSeq, int limit) {
    return pool.preparedQuery(HISTORY)
        .execute(Tuple.of(wallet.id(), beforeSeq, limit))
        .map(
            rows -> {
              List<Line> lines = new ArrayList<>();
              for (Row row : rows) {
                String other = row.getString("other");
                String otherOwner = Account.ownerOf(other);
                lines.add(
                    new Line(
                        row.getLong("seq"),
                        row.getString("id"),
                        row.getString("kind"),
                        row.getLong("amount"),
                        row.getString("currency"),
                        row.getLong("balance_after"),
                        otherOwner != null ? otherOwner : other.substring(0, other.indexOf(':')),
                        row.getString("other_name"),
                        row.getString("reference"),
                        (JsonObject) row.getValue("metadata"),
                        row.getOffsetDateTime("created_at").toInstant()));
              }
              return lines;
            });
  }

  static Transfer transfer(Row row) {
    return new Transfer(
        row.getString("id"),
        row.getString("parent_id"),
        row.getString("kind"),
        row.getString("debit_account"),
        row.getString("credit_account"),
        row.getLong("amount"),
        row.getString("currency"),
        row.getString("reference"),
        (JsonObject) row.getValue("metadata"),
        row.getString("debit_name"),
        row.getString("credit_name"),
        row.getOffsetDateTime("created_at").toInstant());
  }
}
