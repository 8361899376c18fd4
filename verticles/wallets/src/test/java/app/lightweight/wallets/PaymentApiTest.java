package app.lightweight.wallets;

import static app.lightweight.shared.testing.ServiceFixture.expect;
import static app.lightweight.shared.testing.TestEnv.await;
import static app.lightweight.wallets.Wallets.balance;
import static org.assertj.core.api.Assertions.assertThat;

import app.lightweight.sandbox.payments.PaymentProvider;
import app.lightweight.shared.testing.ServiceFixture;
import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PaymentApiTest {
  @RegisterExtension static final ServiceFixture wallets = Wallets.fixture();

  private PaymentProvider payments;
  private final String ada = wallets.token("ada");

  @BeforeEach
  void provider() {
    payments = Wallets.provider(wallets);
  }

  private static JsonObject payment(String id, String payee, long amount) {
    return new JsonObject()
        .put("transfer_id", id)
        .put("payee", payee)
        .put("amount", amount)
        .put("currency", "NGN")
        .put("reference", "inv_1")
        .put("payee_name", "Bob's Bakery");
  }

  @Test
  void payingCreditsTheBusinessAndThePlatformToTheMinorUnit() throws Exception {
    Wallets.fund(wallets, payments, "ada", 1_000_000);

    // NGN: 1.5 % + 10000 kobo; 1.5 % of 123450 is 1851.75 → 1852
    JsonObject paid =
        expect(
            wallets.post("/api/wallets/payments", ada, payment("pay:inv_1", "bob", 123_450)), 201);

    assertThat(paid.getLong("charge")).isEqualTo(11_852);
    assertThat(paid.getLong("net")).isEqualTo(111_598);
    assertThat(balance(wallets, "ada", "NGN")).isEqualTo(1_000_000 - 123_450);
    assertThat(balance(wallets, "bob", "NGN")).isEqualTo(111_598);
    assertThat(
            wallets.rows("select balance from accounts where id = 'revenue:NGN'").get(0).getLong(0))
        .isEqualTo(11_852);
    LedgerChecks.assertBalanced(wallets.pool());
  }

  @Test
  void aHalfKoboChargeRoundsToTheEvenKobo() throws Exception {
    Wallets.fund(wallets, payments, "ada", 10_000);
    // USD is configured 1 % with no fixed part, but the wallet is NGN: pay USD fails for funds
    HttpResponse<String> usd =
        wallets.post(
            "/api/wallets/payments", ada, payment("pay:usd", "bob", 250).put("currency", "USD"));
    assertThat(usd.statusCode()).isEqualTo(409);

    // NGN: 1.5 % of 300 is 4.5 → 4, plus 10000 capped at the amount: all of it
    JsonObject small =
        expect(wallets.post("/api/wallets/payments", ada, payment("pay:small", "bob", 300)), 201);
    assertThat(small.getLong("charge")).isEqualTo(300);
    assertThat(small.getLong("net")).isZero();
  }

  @Test
  void aReplayedTransferIdAnswersTheOriginalAndMovesNothingMore() throws Exception {
    Wallets.fund(wallets, payments, "ada", 100_000);
    JsonObject first =
        expect(
            wallets.post("/api/wallets/payments", ada, payment("pay:inv_2", "bob", 20_000)), 201);

    JsonObject again =
        expect(
            wallets.post("/api/wallets/payments", ada, payment("pay:inv_2", "bob", 20_000)), 200);
    HttpResponse<String> reused =
        wallets.post("/api/wallets/payments", ada, payment("pay:inv_2", "bob", 20_001));

    assertThat(again).isEqualTo(first);
    assertThat(reused.statusCode()).isEqualTo(409);
    assertThat(new JsonObject(reused.body()).getString("type")).endsWith("/transfer-id-reused");
    assertThat(balance(wallets, "ada", "NGN")).isEqualTo(80_000);
  }

  @Test
  void insufficientFundsAre409WithTheShortfallAndNothingMoves() throws Exception {
    Wallets.fund(wallets, payments, "ada", 5_000);

    HttpResponse<String> answer =
        wallets.post("/api/wallets/payments", ada, payment("pay:inv_3", "bob", 8_000));

    assertThat(answer.statusCode()).isEqualTo(409);
    assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    JsonObject problem = new JsonObject(answer.body());
    assertThat(problem.getString("type")).endsWith("/insufficient-funds");
    assertThat(problem.getJsonObject("shortfall"))
        .isEqualTo(new JsonObject().put("amount", 3_000).put("currency", "NGN"));
    assertThat(balance(wallets, "ada", "NGN")).isEqualTo(5_000);
    assertThat(balance(wallets, "bob", "NGN")).isZero();
  }

  @Test
  void badPaymentsAreRefusedAndMoveNothing() throws Exception {
    Wallets.fund(wallets, payments, "ada", 5_000);

    assertThat(
            wallets
                .post("/api/wallets/payments", ada, payment("pay:self", "ada", 100))
                .statusCode())
        .isEqualTo(422);
    assertThat(
            wallets.post("/api/wallets/payments", ada, payment("pay:zero", "bob", 0)).statusCode())
        .isEqualTo(400);
    assertThat(
            wallets
                .post("/api/wallets/payments", ada, payment("pay:big", "bob", 100_000_000_001L))
                .statusCode())
        .isEqualTo(422);
    assertThat(
            wallets
                .post(
                    "/api/wallets/payments",
                    ada,
                    payment("pay:cur", "bob", 100).put("currency", "XYZ"))
                .statusCode())
        .isEqualTo(400);
    // a funding's credit is posted under funding:<funding id>: a payment taking that id first
    // would make the card payment's credit a reused id, and the money paid in would never arrive
    assertThat(
            wallets
                .post("/api/wallets/payments", ada, payment("funding:fnd_someone", "bob", 100))
                .statusCode())
        .isEqualTo(400);
    // a payment's charge is posted under <id>/charge: a payment with such an id would be read as
    // the charge of payment <id> (it failed the batch), or make that payment's charge a reuse
    assertThat(
            wallets
                .post("/api/wallets/payments", ada, payment("pay:inv_x/charge", "bob", 100))
                .statusCode())
        .isEqualTo(400);
    assertThat(
            wallets
                .post(
                    "/api/wallets/payments",
                    wallets.token("ada", "wallets:read"),
                    payment("pay:s", "bob", 1))
                .statusCode())
        .isEqualTo(403);
    assertThat(balance(wallets, "ada", "NGN")).isEqualTo(5_000);
    assertThat(wallets.rows("select id from transfers where kind <> 'funding'")).isEmpty();
  }

  @Test
  void theTransferOnTheEventBusPaysAndRefusesLikeTheApi() throws Exception {
    Wallets.fund(wallets, payments, "ada", 50_000);
    JsonObject request =
        new JsonObject()
            .put("transfer_id", "pay:inv_9")
            .put("payer", "ada")
            .put("payee", "bob")
            .put("amount", 40_000)
            .put("currency", "NGN")
            .put("reference", "inv_9");

    JsonObject done =
        await(wallets.vertx().eventBus().<JsonObject>request(TransferBus.TRANSFER, request)).body();
    JsonObject replay =
        await(wallets.vertx().eventBus().<JsonObject>request(TransferBus.TRANSFER, request)).body();
    JsonObject refused =
        await(
                wallets
                    .vertx()
                    .eventBus()
                    .<JsonObject>request(
                        TransferBus.TRANSFER, request.copy().put("transfer_id", "pay:inv_10")))
            .body();

    assertThat(done.getString("status")).isEqualTo("completed");
    assertThat(done.getBoolean("replayed")).isFalse();
    assertThat(done.getJsonObject("transfer").getLong("charge")).isEqualTo(10_600);
    assertThat(replay.getBoolean("replayed")).isTrue();
    assertThat(refused.getString("status")).isEqualTo("refused");
    assertThat(refused.getString("reason")).isEqualTo("insufficient-funds");
    assertThat(refused.getJsonObject("shortfall").getLong("amount")).isEqualTo(30_000);
    assertThat(balance(wallets, "ada", "NGN")).isEqualTo(10_000);
    JsonObject event =
        wallets
            .rows("select data from outbox where type = 'transfer.completed'")
            .get(0)
            .getJsonObject(0);
    assertThat(event.getString("payer")).isEqualTo("ada");
    assertThat(event.getString("payee")).isEqualTo("bob");
  }

  @Test
  void sixtyFourConcurrentPaymentsOnTheBusFromOneWalletNeverOverdrawIt() throws Exception {
    // through the service: group commit puts concurrent payments into shared transactions;
    // together they ask 2,288,000 of the 1,000,000 ada has
    Wallets.fund(wallets, payments, "ada", 1_000_000);
    List<Future<Message<JsonObject>>> sent = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      sent.add(
          wallets
              .vertx()
              .eventBus()
              .request(
                  TransferBus.TRANSFER,
                  new JsonObject()
                      .put("transfer_id", "pay:many-" + i)
                      .put("payer", "ada")
                      .put("payee", "shop" + (i % 5))
                      .put("amount", 20_000 + 500L * i)
                      .put("currency", "NGN")));
    }
    await(Future.join(sent));

    long paid = 0;
    int refused = 0;
    for (int i = 0; i < 64; i++) {
      JsonObject answer = sent.get(i).result().body();
      if (answer.getString("status").equals("completed")) {
        paid += 20_000 + 500L * i;
      } else {
        assertThat(answer.getString("reason")).isEqualTo("insufficient-funds");
        refused++;
      }
    }
    assertThat(refused).isPositive();
    assertThat(balance(wallets, "ada", "NGN")).isEqualTo(1_000_000 - paid).isNotNegative();
    long received =
        wallets
            .rows(
                "select coalesce(sum(balance), 0) from accounts"
                    + " where id like 'wallet:shop%' or id = 'revenue:NGN'")
            .get(0)
            .getLong(0);
    assertThat(received).isEqualTo(paid);
    assertThat(wallets.rows("select id from transfers where kind = 'payment'"))
        .hasSize(64 - refused);
    LedgerChecks.assertBalanced(wallets.pool());
  }

  @Test
  void theHistoryShowsEveryLineWithItsRunningBalanceInPagesAndAsCsv() throws Exception {
    Wallets.fund(wallets, payments, "ada", 100_000);
    for (int i = 1; i <= 3; i++) {
      expect(wallets.post("/api/wallets/payments", ada, payment("pay:h" + i, "bob", 10_000)), 201);
    }

    JsonObject first = expect(wallets.get("/api/wallets/NGN/transactions?limit=2", ada), 200);
    JsonArray lines = first.getJsonArray("data");
    assertThat(lines).hasSize(2);
    assertThat(lines.getJsonObject(0).getLong("amount")).isEqualTo(-10_000);
    assertThat(lines.getJsonObject(0).getLong("balance_after")).isEqualTo(70_000);
    assertThat(lines.getJsonObject(0).getString("counterparty")).isEqualTo("bob");
    assertThat(lines.getJsonObject(0).getString("counterparty_name")).isEqualTo("Bob's Bakery");
    JsonObject second =
        expect(
            wallets.get(
                "/api/wallets/NGN/transactions?limit=2&cursor=" + first.getString("next_cursor"),
                ada),
            200);
    assertThat(second.getJsonArray("data")).hasSize(2);
    assertThat(second.getJsonArray("data").getJsonObject(1).getString("kind")).isEqualTo("funding");
    assertThat(second.getJsonArray("data").getJsonObject(1).getLong("balance_after"))
        .isEqualTo(100_000);
    assertThat(second.getString("next_cursor")).isNull();

    JsonObject bobs =
        expect(wallets.get("/api/wallets/NGN/transactions", wallets.token("bob")), 200);
    assertThat(bobs.getJsonArray("data")).hasSize(6); // three payments in, three charges out
    assertThat(bobs.getJsonArray("data").getJsonObject(0).getString("counterparty"))
        .isEqualTo("revenue");

    HttpResponse<String> csv =
        wallets.get("/api/wallets/NGN/transactions", ada, Map.of("Accept", "text/csv"));
    assertThat(csv.statusCode()).isEqualTo(200);
    assertThat(csv.headers().firstValue("Content-Type")).hasValue("text/csv; charset=utf-8");
    String[] rows = csv.body().split("\r\n");
    assertThat(rows).hasSize(5);
    assertThat(rows[0]).startsWith("created_at,transfer_id,kind,amount");
    assertThat(rows[1]).contains(",pay:h3,payment,-100.00,NGN,700.00,bob,Bob's Bakery,inv_1");
    assertThat(rows[4]).contains(",funding,1000.00,NGN,1000.00,clearing,Card payment,");
  }

  @Test
  void anotherUsersWalletCannotBeReached() throws Exception {
    Wallets.fund(wallets, payments, "ada", 100_000);
    expect(wallets.post("/api/wallets/payments", ada, payment("pay:w1", "bob", 10_000)), 201);
    JsonObject adas = expect(wallets.get("/api/wallets/NGN/transactions?limit=1", ada), 200);
    String eve = wallets.token("eve");

    // a wallet is always the caller's: eve sees her own, empty one, even with ada's cursor
    assertThat(expect(wallets.get("/api/wallets", eve), 200).getJsonArray("data")).isEmpty();
    assertThat(expect(wallets.get("/api/wallets/NGN/transactions", eve), 200).getJsonArray("data"))
        .isEmpty();
    assertThat(
            expect(
                    wallets.get(
                        "/api/wallets/NGN/transactions?cursor=" + adas.getString("next_cursor"),
                        eve),
                    200)
                .getJsonArray("data"))
        .isEmpty();
    // no path names another user's wallet
    assertThat(wallets.get("/api/wallets/wallet:ada:NGN/transactions", eve).statusCode())
        .isEqualTo(400);
    assertThat(wallets.get("/api/wallets/wallet:ada:NGN", eve).statusCode()).isEqualTo(404);
    // nor can a payment name its payer: the caller pays
    HttpResponse<String> asAda =
        wallets.post(
            "/api/wallets/payments", eve, payment("pay:w2", "bob", 1_000).put("payer", "ada"));
    assertThat(asAda.statusCode()).isEqualTo(400);
    assertThat(balance(wallets, "ada", "NGN")).isEqualTo(90_000);
  }
}
