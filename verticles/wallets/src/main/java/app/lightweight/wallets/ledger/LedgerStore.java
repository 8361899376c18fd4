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
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every SQL statement of the ledger. A batch of postings runs in one database transaction: the
 * wallets it touches are locked ({@code for no key update}), transfer ids already taken are read,
 * and then each posting is decided in order against the locked balances: accepted (its transfers,
 * entries and balance changes are written), a replay (the original is returned), a reuse of its id
 * with other content or a refusal for insufficient funds (nothing of it is written). The platform's
 * accounts that nothing in the batch may overdraw (revenue credited, clearing) are not read to
 * decide: they are moved at the end of the transaction, right before its commit, so that the
 * revenue account every payment credits holds concurrent batches apart only around their commits.
 * Every writer locks in one order — wallets by id, then the platform's accounts by id — so no two
 * transactions wait on each other in a circle. The checks constrain nothing the database does not
 * also enforce: a wallet's balance has a {@code check (balance >= 0)}, a transfer id is a primary
 * key, and {@code post_batch} refuses a batch whose entries are not the legs of its transfers or do
 * not add up to the balances it moves (migration V3, in place of foreign keys).
 */
public final class LedgerStore {
  // Every writer locks accounts in one order, wallets by id and then the platform's accounts by id,
  // so that no two transactions wait on each other in a circle; "no key update" is what an update
  // takes, no more (it left other batches' foreign-key checks alone while the ledger had them).
  private static final String LOCK =
      "select id, kind, balance from accounts where id = any($1)"
          + " order by kind <> 'wallet', id for no key update";
  private static final String POST_BATCH =
      "select post_batch("
          + String.join(
              ", ", java.util.stream.IntStream.rangeClosed(1, 34).mapToObj(n -> "$" + n).toList())
          + ")";
  private static final String EXISTING = "select id from accounts where id = any($1)";
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
        from transfers
       where id = any($1)
          or id = any($2) and parent_id is not null -- their charges: <id>/charge, by key
       order by parent_id nulls first, id
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

  /** Accounts whose balances this instance remembers at most (then it starts again). */
  private static final int KNOWN_AT_MOST = 200_000;

  private final Pool pool;
  private final Runnable eventsWritten;
  private final Map<String, Long> known = new ConcurrentHashMap<>();

  public LedgerStore(Pool pool, Runnable eventsWritten) {
    this.pool = pool;
    this.eventsWritten = eventsWritten;
  }

  public Pool pool() {
    return pool;
  }

  /** Posts a batch in a transaction of its own, retried when a concurrent writer raced it. */
  public Future<List<Outcome>> post(List<Posting> postings) {
    return post(postings, () -> {});
  }

  /**
   * The same, telling {@code decided} once the postings are decided and their writes and COMMIT are
   * sent (what is left is the database's: late accounts' locks, the commit's flush).
   */
  public Future<List<Outcome>> post(List<Posting> postings, Runnable decided) {
    Plan plan = Plan.of(postings);
    Map<String, Long> expected = expected(plan);
    Future<List<Outcome>> posted;
    if (expected == null) {
      posted = postLocked(postings, decided, 3);
    } else {
      posted =
          onKnownBalances(postings, plan, expected, decided)
              .recover(
                  failure ->
                      failure instanceof PgException
                          // the balances changed (or an id was taken): it rolled back, go locked
                          ? postLocked(postings, () -> {}, 3)
                          : Future.failedFuture(failure));
    }
    return posted.onSuccess(
        outcomes -> {
          if (outcomes.stream().anyMatch(o -> o instanceof Accepted a && !a.replayed())) {
            eventsWritten.run();
          }
        });
  }

  private Future<List<Outcome>> postLocked(
      List<Posting> postings, Runnable decided, int attemptsLeft) {
    return pool.withConnection(connection -> inOwnTransaction(connection, postings, decided))
        .recover(
            failure -> {
              if (attemptsLeft > 1
                  && failure instanceof PgException pg
                  && RETRYABLE.contains(pg.getSqlState())) {
                return postLocked(postings, () -> {}, attemptsLeft - 1);
              }
              return Future.failedFuture(failure);
            });
  }

  /**
   * The balances this instance saw its batches commit for each account the plan locks, or null when
   * one is not known: a batch can then be decided before anything is read and sent in one round
   * trip (see {@link #onKnownBalances}).
   */
  private Map<String, Long> expected(Plan plan) {
    Map<String, Long> expected = new HashMap<>();
    for (String id : plan.locked()) {
      Long balance = known.get(id);
      if (balance == null) {
        return null;
      }
      expected.put(id, balance);
    }
    return expected;
  }

  private void remember(Plan plan, Map<String, Long> finals) {
    if (known.size() > KNOWN_AT_MOST) {
      known.clear();
    }
    for (String id : plan.locked()) {
      known.put(id, finals.get(id));
    }
  }

  private void forget(Plan plan) {
    for (String id : plan.locked()) {
      known.remove(id);
    }
  }

  /**
   * A batch decided on the balances its accounts had when this instance last committed them, sent
   * as one statement in one round trip ({@code post_batch} with {@code expected}): it locks the
   * accounts (in the one order), raises 40001 unless each still has the balance the decision
   * assumed and 23505 if a posting's id is taken (every posting was decided as new, a refused one
   * too), then writes. So it commits only what the locked path would have decided; if a balance
   * changed meanwhile (a funding, another instance) or an id is taken (a replay), the statement
   * fails whole and the batch goes the locked way, which reads under the locks.
   */
  private Future<List<Outcome>> onKnownBalances(
      List<Posting> postings, Plan plan, Map<String, Long> expected, Runnable decided) {
    Decision decision;
    try {
      decision = decide(postings, plan, expected, Map.of());
    } catch (ArithmeticException overflow) {
      return Future.failedFuture(overflow);
    }
    // one statement, its own transaction: answered once committed (and flushed)
    Future<Void> written = write(pool, plan, decision, expected);
    decided.run();
    return written
        .onFailure(failed -> forget(plan))
        .map(
            committed -> {
              remember(plan, decision.finals());
              return decision.outcomes();
            });
  }

  /**
   * The batch's own transaction in two round trips: BEGIN, the locks and the ids taken go out
   * together (the connection pipelines them; the server runs them in order), and once every posting
   * is decided, its one write statement and COMMIT go out together. If the write fails (in the
   * database, which then turns the COMMIT into a rollback, or before it was sent, when the COMMIT
   * has only locks to commit) the batch fails; its outcomes are answered only once both succeeded.
   */
  private Future<List<Outcome>> inOwnTransaction(
      SqlConnection connection, List<Posting> postings, Runnable decided) {
    Future<RowSet<Row>> begin = connection.query("begin").execute();
    Future<Written> written = decideAndWrite(connection, postings);
    return Future.join(begin, written)
        .transform(
            read -> {
              if (read.failed()) {
                Throwable cause = begin.failed() ? begin.cause() : written.cause();
                return connection
                    .query("rollback")
                    .execute()
                    .transform(rolledBack -> Future.failedFuture(cause));
              }
              Future<Void> writes = written.result().writes();
              Future<RowSet<Row>> commit = connection.query("commit").execute();
              decided.run();
              return firstFailure(List.of(writes, commit))
                  .onFailure(failed -> forget(written.result().plan()))
                  .map(
                      committed -> {
                        remember(written.result().plan(), written.result().finals());
                        return written.result().outcomes();
                      });
            });
  }

  /** Posts a batch inside the caller's transaction (which may write more, e.g. a funding). */
  public Future<List<Outcome>> post(SqlConnection tx, List<Posting> postings) {
    // committed (or not) by the caller, later: what this instance knew of these accounts is over
    forget(Plan.of(postings));
    return decideAndWrite(tx, postings)
        .compose(written -> written.writes().map(written.outcomes()));
  }

  /** The outcomes decided, the writes sent (not yet answered), the balances once they commit. */
  private record Written(
      List<Outcome> outcomes, Future<Void> writes, Plan plan, Map<String, Long> finals) {}

  /**
   * Which accounts a batch locks before deciding: every wallet (its balance decides refusals), and
   * every account if a platform account that may not go negative is debited. The others — the
   * revenue account a payment only credits, the clearing account that may go negative — are "late":
   * moved at the end of the transaction under their row lock, so that concurrent batches with other
   * wallets wait for each other only around their commits, not their round trips.
   */
  private record Plan(Map<String, Account> accounts, String[] locked, String[] late) {
    static Plan of(List<Posting> postings) {
      Map<String, Account> accounts = new TreeMap<>();
      boolean guardedPlatformDebit = false;
      for (Posting posting : postings) {
        for (Leg leg : posting.legs()) {
          accounts.put(leg.debit().id(), leg.debit());
          accounts.put(leg.credit().id(), leg.credit());
          guardedPlatformDebit |=
              leg.debit().kind() != Account.Kind.WALLET && !leg.debit().kind().mayGoNegative();
        }
      }
      List<String> locked = new ArrayList<>();
      List<String> late = new ArrayList<>();
      for (Account account : accounts.values()) {
        (account.kind() == Account.Kind.WALLET || guardedPlatformDebit ? locked : late)
            .add(account.id());
      }
      return new Plan(accounts, locked.toArray(String[]::new), late.toArray(String[]::new));
    }

    boolean isLate(String accountId) {
      return Arrays.binarySearch(late, accountId) >= 0;
    }
  }

  private Future<Written> decideAndWrite(SqlConnection tx, List<Posting> postings) {
    Plan plan = Plan.of(postings);
    String[] ids = postings.stream().map(Posting::id).toArray(String[]::new);
    Future<Map<String, Long>> balances = lock(tx, plan);
    Future<RowSet<Row>> taken = tx.preparedQuery(TAKEN).execute(taken(ids));
    return firstFailure(List.of(balances, taken))
        .map(
            read -> {
              Decision decision = decide(postings, plan, balances.result(), taken(taken.result()));
              return new Written(
                  decision.outcomes(), write(tx, plan, decision, null), plan, decision.finals());
            });
  }

  /** The balances of the locked accounts; opens the accounts not seen before. */
  private Future<Map<String, Long>> lock(SqlConnection tx, Plan plan) {
    Future<RowSet<Row>> locked =
        tx.preparedQuery(LOCK).execute(Tuple.tuple().addArrayOfString(plan.locked()));
    Future<RowSet<Row>> late =
        plan.late().length == 0
            ? Future.succeededFuture(null)
            : tx.preparedQuery(EXISTING).execute(Tuple.tuple().addArrayOfString(plan.late()));
    return firstFailure(List.of(locked, late))
        .compose(
            found -> {
              Set<String> existing = new HashSet<>();
              locked.result().forEach(row -> existing.add(row.getString("id")));
              if (late.result() != null) {
                late.result().forEach(row -> existing.add(row.getString("id")));
              }
              if (existing.size() == plan.accounts().size()) {
                return Future.succeededFuture(balances(locked.result()));
              }
              List<Account> missing =
                  plan.accounts().values().stream()
                      .filter(a -> !existing.contains(a.id()))
                      .toList();
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
                              .execute(Tuple.tuple().addArrayOfString(plan.locked())))
                  .map(LedgerStore::balances);
            });
  }

  /** Waits for all; fails with the first of them (in the order sent) that failed. */
  private static Future<Void> firstFailure(List<Future<?>> steps) {
    return Future.join(steps)
        .transform(
            all -> {
              for (Future<?> step : steps) {
                if (step.failed()) {
                  return Future.failedFuture(step.cause());
                }
              }
              return Future.succeededFuture();
            });
  }

  private static Map<String, Long> balances(RowSet<Row> rows) {
    Map<String, Long> balances = new HashMap<>();
    rows.forEach(row -> balances.put(row.getString("id"), row.getLong("balance")));
    return balances;
  }

  private record Stored(String requestHash, List<Transfer> transfers) {}

  /** The arguments of {@link #TAKEN}: the ids, and the ids their dependent legs would have. */
  private static Tuple taken(String[] ids) {
    return Tuple.tuple()
        .addArrayOfString(ids)
        .addArrayOfString(Arrays.stream(ids).map(Leg::dependentId).toArray(String[]::new));
  }

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

  /**
   * An entry as decided: for a locked account {@code balanceAfter} is the balance after it; for a
   * late account it is relative to the account's balance before the batch (which is not read).
   */
  private record Entry(String account, String transfer, long amount, long balanceAfter) {}

  private record Decision(
      List<Outcome> outcomes,
      List<Transfer> transfers,
      List<String> hashes,
      List<Entry> entries,
      Map<String, Long> deltas,
      List<DomainEvent> events,
      Map<String, Long> finals,
      Instant at,
      String[] postingIds) {}

  private static Decision decide(
      List<Posting> postings,
      Plan plan,
      Map<String, Long> lockedBalances,
      Map<String, Stored> taken) {
    Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
    Map<String, Account> accounts = plan.accounts();
    // late accounts start at 0: their entries' running balances are completed by the database
    Map<String, Long> balances = new HashMap<>(lockedBalances);
    for (String late : plan.late()) {
      balances.put(late, 0L);
    }
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
          // never a late account: a platform account that may not go negative is locked
          refused =
              new Refused(posting.id(), leg.debit().id(), debitBefore, leg.amount() - debitBefore);
          break;
        }
        long debitAfter = Math.subtractExact(debitBefore, leg.amount());
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
    return new Decision(
        outcomes,
        transfers,
        hashes,
        entries,
        deltas,
        events,
        balances,
        at,
        postings.stream().map(Posting::id).toArray(String[]::new));
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

  /**
   * Sends the batch's writes as one statement, {@code post_batch} (see its migration): transfers,
   * the locked accounts' balances and entries, the outbox events, and last the late accounts, whose
   * entries' running balances the database completes from the moved rows. One statement is written
   * whole or not at all. With {@code expected} (balances decided on without reading them) it first
   * locks and checks them and that no posting's id is taken; without, and with nothing to write,
   * nothing is sent.
   */
  private Future<Void> write(
      SqlClient tx, Plan plan, Decision decision, Map<String, Long> expected) {
    if (decision.transfers().isEmpty() && expected == null) {
      return Future.succeededFuture();
    }
    var at = decision.at().atOffset(ZoneOffset.UTC);
    List<Transfer> t = decision.transfers();
    Map<String, Long> lockedDeltas = new LinkedHashMap<>();
    Map<String, Long> lateDeltas = new TreeMap<>();
    decision
        .deltas()
        .forEach((id, delta) -> (plan.isLate(id) ? lateDeltas : lockedDeltas).put(id, delta));
    List<Entry> lockedEntries = new ArrayList<>();
    List<Entry> lateEntries = new ArrayList<>();
    for (Entry entry : decision.entries()) {
      (plan.isLate(entry.account()) ? lateEntries : lockedEntries).add(entry);
    }
    List<DomainEvent> events = decision.events();
    Tuple call = Tuple.tuple().addArrayOfString(plan.locked());
    if (expected == null) {
      call.addValue(null).addValue(null);
    } else {
      call.addArrayOfLong(
              java.util.Arrays.stream(plan.locked()).map(expected::get).toArray(Long[]::new))
          .addArrayOfString(decision.postingIds());
    }
    call.addArrayOfString(t.stream().map(Transfer::id).toArray(String[]::new))
        .addArrayOfString(t.stream().map(Transfer::parentId).toArray(String[]::new))
        .addArrayOfString(t.stream().map(Transfer::kind).toArray(String[]::new))
        .addArrayOfString(t.stream().map(Transfer::debitAccount).toArray(String[]::new))
        .addArrayOfString(t.stream().map(Transfer::creditAccount).toArray(String[]::new))
        .addArrayOfLong(t.stream().map(Transfer::amount).toArray(Long[]::new))
        .addArrayOfString(t.stream().map(Transfer::currency).toArray(String[]::new))
        .addArrayOfString(t.stream().map(Transfer::reference).toArray(String[]::new))
        .addArrayOfString(t.stream().map(x -> x.metadata().encode()).toArray(String[]::new))
        .addArrayOfString(t.stream().map(Transfer::debitName).toArray(String[]::new))
        .addArrayOfString(t.stream().map(Transfer::creditName).toArray(String[]::new))
        .addArrayOfString(decision.hashes().toArray(String[]::new))
        .addOffsetDateTime(at)
        .addArrayOfString(lockedDeltas.keySet().toArray(String[]::new))
        .addArrayOfLong(lockedDeltas.values().toArray(Long[]::new))
        .addArrayOfString(lockedEntries.stream().map(Entry::account).toArray(String[]::new))
        .addArrayOfString(lockedEntries.stream().map(Entry::transfer).toArray(String[]::new))
        .addArrayOfLong(lockedEntries.stream().map(Entry::amount).toArray(Long[]::new))
        .addArrayOfLong(lockedEntries.stream().map(Entry::balanceAfter).toArray(Long[]::new))
        .addArrayOfString(lateDeltas.keySet().toArray(String[]::new))
        .addArrayOfLong(lateDeltas.values().toArray(Long[]::new))
        .addArrayOfString(lateEntries.stream().map(Entry::account).toArray(String[]::new))
        .addArrayOfString(lateEntries.stream().map(Entry::transfer).toArray(String[]::new))
        .addArrayOfLong(lateEntries.stream().map(Entry::amount).toArray(Long[]::new))
        // what moves after each entry in the batch: its balance after = the moved one less this
        .addArrayOfLong(
            lateEntries.stream()
                .map(e -> lateDeltas.get(e.account()) - e.balanceAfter())
                .toArray(Long[]::new))
        .addArrayOfString(events.stream().map(DomainEvent::id).toArray(String[]::new))
        .addArrayOfString(events.stream().map(DomainEvent::aggregateId).toArray(String[]::new))
        .addArrayOfString(events.stream().map(DomainEvent::type).toArray(String[]::new))
        .addArrayOfString(events.stream().map(DomainEvent::subject).toArray(String[]::new))
        .addArrayOfOffsetDateTime(
            events.stream()
                .map(ev -> ev.time().atOffset(ZoneOffset.UTC))
                .toArray(java.time.OffsetDateTime[]::new))
        .addArrayOfJsonObject(events.stream().map(DomainEvent::data).toArray(JsonObject[]::new));
    return tx.preparedQuery(POST_BATCH).execute(call).mapEmpty();
  }

  /**
   * The transfer {@code id} with the transfers posted with it (a payment's charge), the main one
   * first; empty when there is none (or {@code id} names a charge, which is part of its payment).
   */
  public Future<List<Transfer>> transfer(String id) {
    return pool.preparedQuery(TAKEN)
        .execute(taken(new String[] {id}))
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
