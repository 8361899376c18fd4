package app.lightweight.wallets;

import static app.lightweight.shared.testing.TestEnv.await;
import static app.lightweight.wallets.LedgerChecks.assertBalanced;
import static app.lightweight.wallets.LedgerChecks.balance;
import static app.lightweight.wallets.LedgerChecks.count;
import static org.assertj.core.api.Assertions.assertThat;

import app.lightweight.shared.db.DbConfig;
import app.lightweight.shared.db.Migrations;
import app.lightweight.shared.db.Postgres;
import app.lightweight.shared.testing.TestEnv;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code post_batch} called directly, as the store calls it (migration V3): its batch checks stand
 * where the foreign keys of transfers and entries stood. Each broken batch is the valid one below
 * with one thing wrong, and every check of the function is the only one that refuses at least one
 * of them: without it, that batch would commit.
 */
class PostBatchChecksTest {
  private static final String ALICE = "wallet:alice:NGN";
  private static final String BOB = "wallet:bob:NGN";
  private static final String DAVE = "wallet:dave:NGN";
  private static final String CAROL = "wallet:carol:NGN"; // never opened
  private static final String REVENUE = "revenue:NGN";
  private static final String CLEARING = "clearing:NGN";
  private static final String POST_BATCH =
      "select post_batch("
          + String.join(", ", IntStream.rangeClosed(1, 34).mapToObj(n -> "$" + n).toList())
          + ")";

  private static final String LEGS = "are not the two legs of its transfers";
  private static final String SUMS = "do not add up to the balances it moves";
  private static final String MISSING = "an account of the batch is missing";
  private static final String PARENT = "a parent transfer of this batch does not exist";
  private static final String NAMED = "a transfer with a parent must be named <parent>/charge";

  private static Vertx vertx;
  private static Pool pool;

  private record T(
      String id, String parent, String kind, String debit, String credit, long amount) {}

  /** An entry: for a locked account {@code after} is its balance after; for a late one, "rest". */
  private record E(String account, String transfer, long amount, long after) {}

  /** The arguments of one call, as lists a test may change before sending it. */
  private static final class Batch {
    final List<T> transfers = new ArrayList<>();
    final Map<String, Long> locked = new LinkedHashMap<>();
    final List<E> entries = new ArrayList<>();
    final Map<String, Long> late = new LinkedHashMap<>();
    final List<E> lateEntries = new ArrayList<>();

    /**
     * Alice (10,000) pays Bob 1,000 and Bob's charge of 15 goes to revenue (late), the way the
     * store writes a payment on the locked path.
     */
    static Batch payment() {
      Batch batch = new Batch();
      batch.transfers.add(new T("pay:1", null, "payment", ALICE, BOB, 1_000));
      batch.transfers.add(new T("pay:1/charge", "pay:1", "charge", BOB, REVENUE, 15));
      batch.locked.put(ALICE, -1_000L);
      batch.locked.put(BOB, 985L);
      batch.entries.add(new E(ALICE, "pay:1", -1_000, 9_000));
      batch.entries.add(new E(BOB, "pay:1", 1_000, 1_000));
      batch.entries.add(new E(BOB, "pay:1/charge", -15, 985));
      batch.late.put(REVENUE, 15L);
      batch.lateEntries.add(new E(REVENUE, "pay:1/charge", 15, 0));
      return batch;
    }

    /** The charge (transfer 1) as the child {@code id} of {@code parent}, with its entries. */
    void child(String parent, String id) {
      T charge = transfers.get(1);
      transfers.set(
          1, new T(id, parent, charge.kind(), charge.debit(), charge.credit(), charge.amount()));
      entries.replaceAll(e -> renamed(e, charge.id(), id));
      lateEntries.replaceAll(e -> renamed(e, charge.id(), id));
    }

    private static E renamed(E entry, String from, String to) {
      return entry.transfer().equals(from)
          ? new E(entry.account(), to, entry.amount(), entry.after())
          : entry;
    }

    Future<?> send() {
      Tuple call =
          Tuple.tuple()
              .addArrayOfString(locked.keySet().toArray(String[]::new))
              .addValue(null)
              .addValue(null)
              .addArrayOfString(transfers.stream().map(T::id).toArray(String[]::new))
              .addArrayOfString(transfers.stream().map(T::parent).toArray(String[]::new))
              .addArrayOfString(transfers.stream().map(T::kind).toArray(String[]::new))
              .addArrayOfString(transfers.stream().map(T::debit).toArray(String[]::new))
              .addArrayOfString(transfers.stream().map(T::credit).toArray(String[]::new))
              .addArrayOfLong(transfers.stream().map(T::amount).toArray(Long[]::new))
              .addArrayOfString(transfers.stream().map(t -> "NGN").toArray(String[]::new))
              .addArrayOfString(transfers.stream().map(t -> "inv_1").toArray(String[]::new))
              .addArrayOfString(transfers.stream().map(t -> "{}").toArray(String[]::new))
              .addArrayOfString(transfers.stream().map(t -> (String) null).toArray(String[]::new))
              .addArrayOfString(transfers.stream().map(t -> (String) null).toArray(String[]::new))
              .addArrayOfString(
                  transfers.stream().map(t -> t.parent() == null ? "h" : "").toArray(String[]::new))
              .addOffsetDateTime(OffsetDateTime.now(ZoneOffset.UTC))
              .addArrayOfString(locked.keySet().toArray(String[]::new))
              .addArrayOfLong(locked.values().toArray(Long[]::new));
      addEntries(call, entries);
      call.addArrayOfString(late.keySet().toArray(String[]::new))
          .addArrayOfLong(late.values().toArray(Long[]::new));
      addEntries(call, lateEntries);
      call.addArrayOfString(new String[0])
          .addArrayOfString(new String[0])
          .addArrayOfString(new String[0])
          .addArrayOfString(new String[0])
          .addArrayOfOffsetDateTime(new OffsetDateTime[0])
          .addArrayOfJsonObject(new JsonObject[0]);
      return pool.preparedQuery(POST_BATCH).execute(call);
    }

    private static void addEntries(Tuple call, List<E> entries) {
      call.addArrayOfString(entries.stream().map(E::account).toArray(String[]::new))
          .addArrayOfString(entries.stream().map(E::transfer).toArray(String[]::new))
          .addArrayOfLong(entries.stream().map(E::amount).toArray(Long[]::new))
          .addArrayOfLong(entries.stream().map(E::after).toArray(Long[]::new));
    }
  }

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    DbConfig db = new DbConfig(TestEnv.PG_URL, "wallets", 4);
    Postgres.ensureDatabase(db);
    await(Migrations.apply(vertx, db));
    pool = Postgres.pool(vertx, db);
  }

  @AfterAll
  static void stop() {
    await(vertx.close());
  }

  /** Alice funded with 10,000 through the clearing account; Bob, Dave and revenue at zero. */
  @BeforeEach
  void seed() {
    LedgerChecks.clean(pool);
    await(
        pool.query(
                """
                insert into accounts (id, kind, owner, currency, balance) values
                  ('clearing:NGN', 'clearing', null, 'NGN', -10000),
                  ('revenue:NGN', 'revenue', null, 'NGN', 0),
                  ('wallet:alice:NGN', 'wallet', 'alice', 'NGN', 10000),
                  ('wallet:bob:NGN', 'wallet', 'bob', 'NGN', 0),
                  ('wallet:dave:NGN', 'wallet', 'dave', 'NGN', 0);
                insert into transfers (id, kind, debit_account, credit_account, amount, currency,
                                       request_hash)
                  values ('funding:1', 'funding', 'clearing:NGN', 'wallet:alice:NGN', 10000,
                          'NGN', 'f');
                insert into entries (account_id, transfer_id, amount, balance_after) values
                  ('clearing:NGN', 'funding:1', -10000, -10000),
                  ('wallet:alice:NGN', 'funding:1', 10000, 10000);
                """)
            .execute());
    assertBalanced(pool);
  }

  @Test
  void theValidBatchIsWrittenWhole() {
    await(Batch.payment().send());

    assertThat(balance(pool, ALICE)).isEqualTo(9_000);
    assertThat(balance(pool, BOB)).isEqualTo(985);
    assertThat(balance(pool, REVENUE)).isEqualTo(15);
    assertThat(count(pool, "select count(*) from transfers")).isEqualTo(3);
    assertThat(count(pool, "select count(*) from entries")).isEqualTo(6);
    assertBalanced(pool);
  }

  @Test
  void aParentThatExistsAlreadyIsAccepted() {
    Batch batch = Batch.payment();
    batch.child("funding:1", "funding:1/charge");

    await(batch.send());

    assertThat(count(pool, "select count(*) from transfers where parent_id = 'funding:1'"))
        .isEqualTo(1);
    assertBalanced(pool);
  }

  // check 1: the entries are exactly the two legs of the batch's transfers

  @Test
  void anEntryWhoseAmountDisagreesWithItsTransferIsRefused() {
    refused(
        "23514",
        LEGS,
        batch -> {
          // Bob's entries and delta agree with each other (check 2 passes), not with the transfer
          batch.entries.set(1, new E(BOB, "pay:1", 999, 999));
          batch.entries.set(2, new E(BOB, "pay:1/charge", -15, 984));
          batch.locked.put(BOB, 984L);
          // the unit Bob lacks goes to the clearing account: every balance adds up, sums to zero
          batch.locked.put(CLEARING, 1L);
          batch.entries.add(new E(CLEARING, "pay:1", 1, -9_999));
        });
  }

  @Test
  void aMissingLegIsRefused() {
    // Alice's debit left out, and her delta with it: Bob's 1,000 would come from nowhere
    refused(
        "23514",
        LEGS,
        batch -> {
          batch.entries.remove(0);
          batch.locked.remove(ALICE);
        });
  }

  @Test
  void anEntryOfATransferOutsideTheBatchIsRefused() {
    // the foreign key let an entry name any transfer that exists
    refused(
        "23514",
        LEGS,
        batch -> {
          batch.entries.add(new E(DAVE, "funding:1", 5, 5));
          batch.locked.put(DAVE, 5L);
          batch.entries.add(new E(ALICE, "funding:1", -5, 8_995));
          batch.locked.put(ALICE, -1_005L);
        });
  }

  @Test
  void anEntryOnTheOtherAccountOfItsTransferIsRefused() {
    // both legs of the charge on revenue: every delta agrees with its entries, Bob keeps the 15
    refused(
        "23514",
        LEGS,
        batch -> {
          batch.entries.remove(2);
          batch.locked.put(BOB, 1_000L);
          batch.late.put(REVENUE, 0L);
          batch.lateEntries.set(0, new E(REVENUE, "pay:1/charge", -15, 15));
          batch.lateEntries.add(new E(REVENUE, "pay:1/charge", 15, 0));
        });
  }

  // check 2: per account, one delta where its entries are, equal to their sum, and an entry

  @Test
  void aDeltaThatDisagreesWithTheEntriesIsRefused() {
    refused("23514", SUMS, batch -> batch.locked.put(BOB, 986L));
  }

  @Test
  void aLateDeltaThatDisagreesWithTheEntriesIsRefused() {
    refused("23514", SUMS, batch -> batch.late.put(REVENUE, 16L));
  }

  @Test
  void entriesOnAnAccountTheBatchDoesNotMoveAreRefused() {
    // Alice → Carol → Bob: Carol's entries net zero, every leg has its entries, but Carol is not
    // among the accounts moved, so nothing proves she exists (she does not)
    refused(
        "23514",
        SUMS,
        batch -> {
          batch.transfers.set(0, new T("pay:1", null, "payment", ALICE, CAROL, 1_000));
          batch.transfers.add(new T("pay:1/on", null, "payment", CAROL, BOB, 1_000));
          batch.entries.set(1, new E(CAROL, "pay:1", 1_000, 1_000));
          batch.entries.add(new E(CAROL, "pay:1/on", -1_000, 0));
          batch.entries.add(new E(BOB, "pay:1/on", 1_000, 1_000));
        });
  }

  @Test
  void aDeltaWithoutAnEntryIsRefused() {
    refused("23514", SUMS, batch -> batch.locked.put(DAVE, 0L));
  }

  @Test
  void aLateAccountsEntryAmongTheLockedOnesIsRefused() {
    // its running balance would be taken as given instead of from the moved row
    refused(
        "23514",
        SUMS,
        batch -> {
          batch.entries.add(batch.lateEntries.remove(0));
        });
  }

  @Test
  void anAccountMovedTwiceIsRefused() {
    // once locked and once late: its entries are on the locked side, the late delta has none
    refused(
        "23514",
        SUMS,
        batch -> {
          batch.locked.put(BOB, 980L);
          batch.late.put(BOB, 5L);
        });
  }

  // the updates' row counts: every account moved exists

  @Test
  void anAccountThatDoesNotExistIsRefused() {
    refused(
        "23503",
        MISSING,
        batch -> {
          batch.transfers.set(0, new T("pay:1", null, "payment", ALICE, CAROL, 1_000));
          batch.transfers.set(1, new T("pay:1/charge", "pay:1", "charge", CAROL, REVENUE, 15));
          batch.locked.remove(BOB);
          batch.locked.put(CAROL, 985L);
          batch.entries.replaceAll(
              e -> e.account().equals(BOB) ? new E(CAROL, e.transfer(), e.amount(), e.after()) : e);
        });
  }

  @Test
  void aLateAccountThatDoesNotExistIsRefused() {
    refused(
        "23503",
        MISSING,
        batch -> {
          String nowhere = "revenue:XXX";
          batch.transfers.set(1, new T("pay:1/charge", "pay:1", "charge", BOB, nowhere, 15));
          batch.late.clear();
          batch.late.put(nowhere, 15L);
          batch.lateEntries.set(0, new E(nowhere, "pay:1/charge", 15, 0));
        });
  }

  // check 3: a parent is in the batch or exists

  @Test
  void aParentThatDoesNotExistIsRefused() {
    refused("23503", PARENT, batch -> batch.child("pay:0", "pay:0/charge"));
  }

  @Test
  void aChildNotNamedAfterItsParentIsRefused() {
    // the replay lookup finds a payment's charge by key, as <payment id>/charge
    refused("23514", NAMED, batch -> batch.child("pay:1", "pay:1/fee"));
  }

  @Test
  void aTransferThatIsItsOwnParentIsRefused() {
    refused("23514", NAMED, batch -> batch.child("pay:1/charge", "pay:1/charge"));
  }

  /**
   * The valid batch changed by {@code breaking} fails with {@code sqlState} and the message of the
   * check meant (not another check's, nor a table constraint's), and changes nothing.
   */
  private static void refused(String sqlState, String message, Consumer<Batch> breaking) {
    String before = snapshot();
    Batch batch = Batch.payment();
    breaking.accept(batch);

    Throwable failure = await(batch.send().transform(sent -> Future.succeededFuture(sent.cause())));

    assertThat(failure).as("refused").isInstanceOf(PgException.class);
    assertThat(((PgException) failure).getSqlState()).as(failure.getMessage()).isEqualTo(sqlState);
    assertThat(((PgException) failure).getErrorMessage()).contains(message);
    assertThat(snapshot()).as("nothing changed").isEqualTo(before);
    assertBalanced(pool);
  }

  /** Every row of accounts, transfers, entries and the outbox, as text. */
  private static String snapshot() {
    StringBuilder rows = new StringBuilder();
    for (String sql :
        List.of(
            "select a::text from accounts a order by id",
            "select t::text from transfers t order by id",
            "select e::text from entries e order by seq",
            "select o::text from outbox o order by event_id")) {
      for (Row row : await(pool.query(sql).execute())) {
        rows.append(row.getString(0)).append('\n');
      }
    }
    return rows.toString();
  }
}
