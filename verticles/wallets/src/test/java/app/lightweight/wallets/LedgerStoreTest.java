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
import app.lightweight.wallets.ledger.LedgerStore;
import app.lightweight.wallets.ledger.Outcome;
import app.lightweight.wallets.ledger.Outcome.Accepted;
import app.lightweight.wallets.ledger.Outcome.Refused;
import app.lightweight.wallets.ledger.Outcome.Reused;
import app.lightweight.wallets.ledger.Posting;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LedgerStoreTest {
  private static final ServiceCharge NO_CHARGE = ServiceCharge.NONE;
  private static Vertx vertx;
  private static Pool pool;
  private static LedgerStore ledger;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    DbConfig db = new DbConfig(TestEnv.PG_URL, "wallets", 16);
    Postgres.ensureDatabase(db);
    await(Migrations.apply(vertx, db));
    pool = Postgres.pool(vertx, db);
    ledger = new LedgerStore(pool, () -> {});
  }

  @AfterAll
  static void stop() {
    await(vertx.close());
  }

  @BeforeEach
  void clean() {
    LedgerChecks.clean(pool);
  }

  private static Outcome post(Posting posting) {
    return await(ledger.post(List.of(posting))).get(0);
  }

  private static void fund(String owner, long amount) {
    assertThat(post(FundingCredit.posting("fnd_" + owner + amount, owner, amount, "NGN")))
        .isInstanceOf(Accepted.class);
  }

  private static Payment pay(String id, String payer, String payee, long amount) {
    return new Payment(id, null, payer, payee, amount, "NGN", "inv_1", null, null, null);
  }

  @Test
  void fundingCreditsTheWalletFromTheClearingAccount() {
    fund("alice", 10_000);

    assertThat(balance(pool, "wallet:alice:NGN")).isEqualTo(10_000);
    assertThat(balance(pool, "clearing:NGN")).isEqualTo(-10_000);
    assertBalanced(pool);
  }

  @Test
  void aPaymentMovesTheAmountAndTheChargeInOnePosting() {
    fund("alice", 100_000);

    Outcome outcome =
        post(pay("pay:inv_1", "alice", "bob", 50_000).posting(new ServiceCharge(150, 100, 0)));

    assertThat(outcome).isInstanceOf(Accepted.class);
    assertThat(((Accepted) outcome).transfers()).hasSize(2);
    assertThat(balance(pool, "wallet:alice:NGN")).isEqualTo(50_000);
    assertThat(balance(pool, "wallet:bob:NGN")).isEqualTo(50_000 - 850);
    assertThat(balance(pool, "revenue:NGN")).isEqualTo(850);
    assertBalanced(pool);
  }

  @Test
  void aReplayedTransferIdReturnsTheOriginalAndMovesNothingMore() {
    fund("alice", 10_000);
    Payment payment = pay("pay:inv_2", "alice", "bob", 4_000);

    Accepted first = (Accepted) post(payment.posting(NO_CHARGE));
    Outcome again = post(payment.posting(NO_CHARGE));

    assertThat(again).isInstanceOf(Accepted.class);
    assertThat(((Accepted) again).replayed()).isTrue();
    assertThat(((Accepted) again).main().createdAt()).isEqualTo(first.main().createdAt());
    assertThat(balance(pool, "wallet:alice:NGN")).isEqualTo(6_000);
    assertThat(count(pool, "select count(*) from transfers where kind = 'payment'")).isEqualTo(1);
    assertBalanced(pool);
  }

  @Test
  void aReplayIsAnsweredWithTheOriginalEvenWhenTheWalletCouldNotPayItAgain() {
    fund("alice", 5_000);
    Payment payment = pay("pay:inv_2b", "alice", "bob", 4_000);
    post(payment.posting(NO_CHARGE));

    // decided on the balances this instance remembers (alice 1,000), it looks refused: the id
    // is taken, so the answer is the original
    Outcome again = post(payment.posting(NO_CHARGE));

    assertThat(again).isInstanceOf(Accepted.class);
    assertThat(((Accepted) again).replayed()).isTrue();
    assertThat(balance(pool, "wallet:alice:NGN")).isEqualTo(1_000);
    assertBalanced(pool);
  }

  @Test
  void theSameTransferIdWithOtherContentIsRejected() {
    fund("alice", 10_000);
    post(pay("pay:inv_3", "alice", "bob", 4_000).posting(NO_CHARGE));

    Outcome reuse = post(pay("pay:inv_3", "alice", "bob", 5_000).posting(NO_CHARGE));

    assertThat(reuse).isInstanceOf(Reused.class);
    assertThat(balance(pool, "wallet:alice:NGN")).isEqualTo(6_000);
    assertBalanced(pool);
  }

  @Test
  void insufficientFundsAreRefusedWithTheShortfallAndNothingMoves() {
    fund("alice", 3_000);

    Outcome outcome = post(pay("pay:inv_4", "alice", "bob", 5_000).posting(NO_CHARGE));

    assertThat(outcome).isEqualTo(new Refused("pay:inv_4", "wallet:alice:NGN", 3_000, 2_000));
    assertThat(balance(pool, "wallet:alice:NGN")).isEqualTo(3_000);
    assertThat(count(pool, "select count(*) from transfers where kind = 'payment'")).isZero();
    assertBalanced(pool);
  }

  @Test
  void aWalletNeverSeenBeforeHasNothingToPayWith() {
    Outcome outcome = post(pay("pay:inv_5", "carol", "bob", 1).posting(NO_CHARGE));

    assertThat(outcome).isInstanceOf(Refused.class);
    assertThat(((Refused) outcome).shortfall()).isEqualTo(1);
    assertBalanced(pool);
  }

  @Test
  void oneBatchDecidesEachPostingInOrderAgainstTheBalancesSoFar() {
    fund("alice", 10_000);
    List<Posting> batch =
        List.of(
            pay("pay:a", "alice", "bob", 6_000).posting(NO_CHARGE),
            pay("pay:b", "alice", "bob", 6_000).posting(NO_CHARGE),
            pay("pay:a", "alice", "bob", 6_000).posting(NO_CHARGE),
            pay("pay:c", "bob", "alice", 1_000).posting(NO_CHARGE),
            pay("pay:d", "alice", "bob", 5_000).posting(NO_CHARGE));

    List<Outcome> outcomes = await(ledger.post(batch));

    assertThat(outcomes.get(0)).isInstanceOf(Accepted.class);
    assertThat(outcomes.get(1)).isInstanceOf(Refused.class);
    assertThat(((Accepted) outcomes.get(2)).replayed()).isTrue();
    assertThat(outcomes.get(3)).isInstanceOf(Accepted.class);
    assertThat(outcomes.get(4)).isInstanceOf(Accepted.class);
    assertThat(balance(pool, "wallet:alice:NGN")).isEqualTo(0);
    assertThat(balance(pool, "wallet:bob:NGN")).isEqualTo(10_000);
    assertBalanced(pool);
  }

  @Test
  void sixtyFourConcurrentDebitsNeverOverdrawAndTheAcceptedOnesSumExactly() {
    fund("payer", 100_000);
    // 64 debits of 1,000 to 4,150: together 167,200, so only some fit in 100,000
    List<Future<List<Outcome>>> debits = new ArrayList<>();
    IntStream.range(0, 64)
        .forEach(
            i ->
                debits.add(
                    ledger.post(
                        List.of(
                            pay("pay:c" + i, "payer", "shop" + (i % 4), 1_000 + 50L * i)
                                .posting(NO_CHARGE)))));
    await(Future.join(debits));

    long accepted = 0;
    int refused = 0;
    for (int i = 0; i < 64; i++) {
      Outcome outcome = debits.get(i).result().get(0);
      if (outcome instanceof Accepted) {
        accepted += 1_000 + 50L * i;
      } else {
        assertThat(outcome).isInstanceOf(Refused.class);
        refused++;
      }
    }
    assertThat(refused).isPositive();
    assertThat(balance(pool, "wallet:payer:NGN")).isEqualTo(100_000 - accepted).isNotNegative();
    long credited =
        IntStream.range(0, 4).mapToLong(i -> balance(pool, "wallet:shop" + i + ":NGN")).sum();
    assertThat(credited).isEqualTo(accepted);
    assertBalanced(pool);
  }

  @Test
  void opposingPaymentsBetweenTwoWalletsDoNotDeadlock() {
    fund("a", 50_000);
    fund("b", 50_000);
    List<Future<List<Outcome>>> payments = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      String from = i % 2 == 0 ? "a" : "b";
      String to = i % 2 == 0 ? "b" : "a";
      payments.add(ledger.post(List.of(pay("pay:x" + i, from, to, 100).posting(NO_CHARGE))));
    }
    await(Future.all(payments));

    assertThat(balance(pool, "wallet:a:NGN") + balance(pool, "wallet:b:NGN")).isEqualTo(100_000);
    assertBalanced(pool);
  }

  @Test
  void concurrentBatchesCreditingThePlatformKeepEveryRunningBalance() {
    // the revenue and clearing accounts are moved last in each transaction, their running
    // balances read from the moved row: 24 batches at once, each funding and paying with charges
    for (int p = 0; p < 8; p++) {
      fund("p" + p, 1_000_000);
    }
    List<Future<List<Outcome>>> batches = new ArrayList<>();
    for (int b = 0; b < 24; b++) {
      List<Posting> batch = new ArrayList<>();
      batch.add(FundingCredit.posting("fnd_b" + b, "p" + (b % 8), 5_000 + b, "NGN"));
      for (int i = 0; i < 6; i++) {
        batch.add(
            pay("pay:b" + b + "-" + i, "p" + ((b + i) % 8), "shop" + (i % 3), 10_000 + 37L * i)
                .posting(new ServiceCharge(150, 100, 0)));
      }
      batches.add(ledger.post(batch));
    }
    await(Future.join(batches));

    assertThat(batches).allSatisfy(b -> assertThat(b.succeeded()).isTrue());
    assertThat(batches)
        .allSatisfy(b -> assertThat(b.result()).allMatch(o -> o instanceof Accepted));
    // 1.5 % of 10000 + 37 i, half even, + 100
    long charges = 0;
    for (int i = 0; i < 6; i++) {
      charges += new ServiceCharge(150, 100, 0).on(10_000 + 37L * i);
    }
    assertThat(balance(pool, "revenue:NGN")).isEqualTo(24 * charges);
    assertThat(
            count(
                pool,
                "select count(*) from entries where account_id in ('revenue:NGN', 'clearing:NGN')"))
        .isEqualTo(24 * 6 + 8 + 24);
    assertBalanced(pool);
  }

  @Test
  void aBalanceChangedByAnotherInstanceIsNotDecidedOnFromMemory() {
    // this instance remembers the balances it committed and decides its next batch on them; a
    // change made elsewhere (another instance of the service) must be seen all the same
    LedgerStore other = new LedgerStore(pool, () -> {});
    fund("alice", 10_000);
    assertThat(post(pay("pay:m1", "alice", "bob", 1_000).posting(NO_CHARGE)))
        .isInstanceOf(Accepted.class); // alice 9,000 and bob 1,000, remembered

    await(other.post(List.of(pay("pay:m2", "alice", "carol", 7_000).posting(NO_CHARGE))));
    Outcome tooMuch = post(pay("pay:m3", "alice", "bob", 5_000).posting(NO_CHARGE));
    await(other.post(List.of(FundingCredit.posting("fnd_more", "alice", 20_000, "NGN"))));
    Outcome enough = post(pay("pay:m4", "alice", "bob", 15_000).posting(NO_CHARGE));

    assertThat(tooMuch).isEqualTo(new Refused("pay:m3", "wallet:alice:NGN", 2_000, 3_000));
    assertThat(enough).isInstanceOf(Accepted.class);
    assertThat(balance(pool, "wallet:alice:NGN")).isEqualTo(7_000);
    assertThat(balance(pool, "wallet:bob:NGN")).isEqualTo(16_000);
    assertBalanced(pool);
  }

  @Test
  void theTransferCompletedEventNamesBothPartiesInTheOutbox() {
    fund("alice", 10_000);
    post(pay("pay:inv_9", "alice", "bob", 2_500).posting(new ServiceCharge(100, 0, 0)));

    JsonObject data =
        await(pool.query("select data from outbox where type = 'transfer.completed'").execute())
            .iterator()
            .next()
            .getJsonObject(0);
    assertThat(data.getString("payer")).isEqualTo("alice");
    assertThat(data.getString("payee")).isEqualTo("bob");
    assertThat(data.getLong("charge")).isEqualTo(25);
    assertThat(data.getLong("net")).isEqualTo(2_475);
  }
}
