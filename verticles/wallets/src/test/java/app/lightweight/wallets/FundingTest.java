package app.lightweight.wallets;

import static app.lightweight.shared.testing.ServiceFixture.expect;
import static app.lightweight.shared.testing.TestEnv.eventually;
import static app.lightweight.wallets.Wallets.DECLINED_CARD;
import static app.lightweight.wallets.Wallets.NO_FUNDS_CARD;
import static app.lightweight.wallets.Wallets.SUCCESS_CARD;
import static app.lightweight.wallets.Wallets.balance;
import static app.lightweight.wallets.Wallets.funding;
import static app.lightweight.wallets.Wallets.intentOf;
import static app.lightweight.wallets.Wallets.signature;
import static app.lightweight.wallets.Wallets.startFunding;
import static org.assertj.core.api.Assertions.assertThat;

import app.lightweight.sandbox.payments.PaymentProvider;
import app.lightweight.shared.testing.ServiceFixture;
import app.lightweight.shared.testing.TestEnv;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class FundingTest {
  @RegisterExtension static final ServiceFixture wallets = Wallets.fixture();
  private PaymentProvider payments;
  private final String token = wallets.token("ada");

  @BeforeEach
  void provider() {
    payments = Wallets.provider(wallets);
  }

  private void awaitStatus(String fundingId, String status) {
    eventually(
        Duration.ofSeconds(10),
        () -> {
          try {
            assertThat(funding(wallets, token, fundingId).getString("status")).isEqualTo(status);
          } catch (Exception e) {
            throw new AssertionError(e);
          }
        });
  }

  private long fundingTransfers() {
    return wallets.rows("select count(*) from transfers where kind = 'funding'").get(0).getLong(0);
  }

  @Test
  void theCheckoutPageWithTheSuccessCardCreditsTheWalletOnce() throws Exception {
    JsonObject funding = startFunding(wallets, token, 250_000, "NGN");
    assertThat(funding.getString("status")).isEqualTo("pending");

    HttpResponse<String> submitted =
        PaymentProvider.submitCheckout(
            funding.getString("checkout_url"), "4242 4242 4242 4242", "Ada");

    assertThat(submitted.statusCode()).isEqualTo(303);
    awaitStatus(funding.getString("id"), "succeeded");
    assertThat(balance(wallets, "ada", "NGN")).isEqualTo(250_000);
    JsonObject listed = expect(wallets.get("/api/wallets", token), 200);
    assertThat(listed.getJsonArray("data").getJsonObject(0).getLong("balance")).isEqualTo(250_000);
    assertThat(fundingTransfers()).isEqualTo(1);
    LedgerChecks.assertBalanced(wallets.pool());
    assertThat(wallets.rows("select type from outbox where type = 'wallet.funded'")).hasSize(1);
  }

  /** Found by WalletsFuzzTest: 10^400 was a 500, and 2^64 + 1 wrapped to a funding of 1. */
  @Test
  void anAmountBeyondALongIsTooLargeNotWrapped() throws Exception {
    for (String amount : new String[] {"18446744073709551617", "1" + "0".repeat(400)}) {
      HttpResponse<String> response =
          wallets.raw(
              "POST",
              "/api/wallets/fundings",
              token,
              "application/json",
              ("{\"amount\":" + amount + ",\"currency\":\"NGN\"}").getBytes());

      assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
      assertThat(new JsonObject(response.body()).getString("type")).endsWith("amount-too-large");
    }
    assertThat(wallets.count("fundings")).isZero();
  }

  @Test
  void aDeclinedCardLeavesTheBalanceAndFailsTheFundingWithTheReason() throws Exception {
    JsonObject funding = startFunding(wallets, token, 10_000, "NGN");

    payments.pay(intentOf(wallets, funding.getString("id")), DECLINED_CARD);

    awaitStatus(funding.getString("id"), "failed");
    assertThat(funding(wallets, token, funding.getString("id")).getString("failure_reason"))
        .isEqualTo("generic_decline");
    assertThat(balance(wallets, "ada", "NGN")).isZero();
    assertThat(wallets.rows("select type from outbox where type = 'funding.failed'")).hasSize(1);
  }

  @Test
  void aCardWithoutFundsLeavesTheBalanceAndSaysSo() throws Exception {
    JsonObject funding = startFunding(wallets, token, 10_000, "NGN");

    payments.pay(intentOf(wallets, funding.getString("id")), NO_FUNDS_CARD);

    awaitStatus(funding.getString("id"), "failed");
    assertThat(funding(wallets, token, funding.getString("id")).getString("failure_reason"))
        .isEqualTo("insufficient_funds");
    assertThat(balance(wallets, "ada", "NGN")).isZero();
  }

  @Test
  void aWebhookDeliveredTwiceCreditsOnce() throws Exception {
    JsonObject funding = startFunding(wallets, token, 7_000, "NGN");
    payments.deliverNextTwice(1);

    payments.pay(intentOf(wallets, funding.getString("id")), SUCCESS_CARD);

    assertThat(payments.awaitDelivered(2, Duration.ofSeconds(10))).isTrue();
    awaitStatus(funding.getString("id"), "succeeded");
    assertThat(balance(wallets, "ada", "NGN")).isEqualTo(7_000);
    assertThat(fundingTransfers()).isEqualTo(1);
  }

  @Test
  void aFailureArrivingAfterTheSuccessDoesNotUndoIt() throws Exception {
    JsonObject funding = startFunding(wallets, token, 9_000, "NGN");
    String intent = intentOf(wallets, funding.getString("id"));
    payments.holdEvents();
    payments.pay(intent, DECLINED_CARD);
    payments.pay(intent, SUCCESS_CARD);
    var held = payments.heldEvents();
    assertThat(held).hasSize(2);

    payments.release(held.get(1).id(), held.get(0).id());

    assertThat(payments.awaitDelivered(2, Duration.ofSeconds(10))).isTrue();
    awaitStatus(funding.getString("id"), "succeeded");
    assertThat(balance(wallets, "ada", "NGN")).isEqualTo(9_000);
    assertThat(fundingTransfers()).isEqualTo(1);
  }

  @Test
  void aLateWebhookStillCreditsOnce() throws Exception {
    JsonObject funding = startFunding(wallets, token, 3_000, "NGN");
    payments.delayNext(Duration.ofMillis(1_500));

    payments.pay(intentOf(wallets, funding.getString("id")), SUCCESS_CARD);

    assertThat(funding(wallets, token, funding.getString("id")).getString("status"))
        .isEqualTo("pending");
    awaitStatus(funding.getString("id"), "succeeded");
    assertThat(balance(wallets, "ada", "NGN")).isEqualTo(3_000);
  }

  @Test
  void aLostWebhookIsRecoveredByTheReconciler() throws Exception {
    JsonObject funding = startFunding(wallets, token, 4_000, "NGN");
    payments.dropNext();

    payments.pay(intentOf(wallets, funding.getString("id")), SUCCESS_CARD);

    awaitStatus(funding.getString("id"), "succeeded");
    assertThat(payments.delivered()).isEmpty();
    assertThat(balance(wallets, "ada", "NGN")).isEqualTo(4_000);
  }

  private HttpResponse<String> postWebhook(String body, String signature) throws Exception {
    return wallets.send(
        wallets
            .request(WalletRoutes.WEBHOOK_PATH, null, Map.of("Stripe-Signature", signature))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  private String succeededEvent(String eventId, String fundingId, long amount) {
    String intent = intentOf(wallets, fundingId);
    return new JsonObject()
        .put("id", eventId)
        .put("object", "event")
        .put("type", "payment_intent.succeeded")
        .put(
            "data",
            new JsonObject()
                .put(
                    "object",
                    new JsonObject()
                        .put("id", intent)
                        .put("object", "payment_intent")
                        .put("amount", amount)
                        .put("amount_received", amount)
                        .put("currency", "ngn")
                        .put("status", "succeeded")
                        .put("metadata", new JsonObject().put("funding_id", fundingId))))
        .encode();
  }

  private static String secret() {
    return TestEnv.sandbox().environment().get("PAYMENTS_WEBHOOK_SECRET");
  }

  @Test
  void aForgedSignatureCreditsNothing() throws Exception {
    JsonObject funding = startFunding(wallets, token, 5_000, "NGN");
    String body = succeededEvent("evt_forged", funding.getString("id"), 5_000);
    long now = Instant.now().getEpochSecond();

    assertThat(postWebhook(body, signature("whsec_guessed", now, body)).statusCode())
        .isEqualTo(400);
    assertThat(postWebhook(body, "t=" + now + ",v1=00ff").statusCode()).isEqualTo(400);
    assertThat(
            postWebhook(body.replace("5000", "50000"), signature(secret(), now, body)).statusCode())
        .isEqualTo(400);

    assertThat(balance(wallets, "ada", "NGN")).isZero();
    assertThat(wallets.count("webhook_events")).isZero();
  }

  @Test
  void aStaleTimestampCreditsNothing() throws Exception {
    JsonObject funding = startFunding(wallets, token, 5_000, "NGN");
    String body = succeededEvent("evt_stale", funding.getString("id"), 5_000);
    long stale = Instant.now().getEpochSecond() - 301;

    HttpResponse<String> answer = postWebhook(body, signature(secret(), stale, body));

    assertThat(answer.statusCode()).isEqualTo(400);
    assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(balance(wallets, "ada", "NGN")).isZero();
  }

  @Test
  void aSignedEventOfAnotherTypeOrForAnUnknownFundingChangesNothing() throws Exception {
    long now = Instant.now().getEpochSecond();
    String other =
        new JsonObject()
            .put("id", "evt_other")
            .put("type", "charge.refunded")
            .put("data", new JsonObject().put("object", new JsonObject().put("object", "charge")))
            .encode();
    assertThat(postWebhook(other, signature(secret(), now, other)).statusCode()).isEqualTo(400);

    String unknown =
        new JsonObject()
            .put("id", "evt_unknown")
            .put("type", "payment_intent.succeeded")
            .put(
                "data",
                new JsonObject()
                    .put(
                        "object",
                        new JsonObject()
                            .put("id", "pi_nobody")
                            .put("object", "payment_intent")
                            .put("amount", 100)
                            .put("amount_received", 100)
                            .put("currency", "ngn")
                            .put("status", "succeeded")))
            .encode();
    assertThat(postWebhook(unknown, signature(secret(), now, unknown)).statusCode()).isEqualTo(422);
    assertThat(wallets.count("transfers")).isZero();
  }

  @Test
  void aSignedSuccessForAnotherAmountCreditsNothing() throws Exception {
    JsonObject funding = startFunding(wallets, token, 5_000, "NGN");
    String body = succeededEvent("evt_short", funding.getString("id"), 500);
    long now = Instant.now().getEpochSecond();

    assertThat(postWebhook(body, signature(secret(), now, body)).statusCode()).isEqualTo(422);
    assertThat(balance(wallets, "ada", "NGN")).isZero();
  }

  @Test
  void anotherUsersFundingIsNotFound() throws Exception {
    JsonObject funding = startFunding(wallets, token, 5_000, "NGN");

    HttpResponse<String> answer =
        wallets.get("/api/wallets/fundings/" + funding.getString("id"), wallets.token("eve"));

    assertThat(answer.statusCode()).isEqualTo(404);
  }

  @Test
  void anIdempotencyKeyReplaysTheSameFundingAndAnotherBodyIsRefused() throws Exception {
    JsonObject body = new JsonObject().put("amount", 12_000).put("currency", "NGN");
    Map<String, String> key = Map.of("Idempotency-Key", "fund-once-1");

    HttpResponse<String> first = wallets.post("/api/wallets/fundings", token, body, key);
    HttpResponse<String> again = wallets.post("/api/wallets/fundings", token, body, key);
    HttpResponse<String> other =
        wallets.post("/api/wallets/fundings", token, body.copy().put("amount", 13_000), key);

    JsonObject created = expect(first, 201);
    JsonObject replayed = expect(again, 201);
    assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");
    assertThat(replayed.getString("id")).isEqualTo(created.getString("id"));
    assertThat(replayed.getString("checkout_url")).isEqualTo(created.getString("checkout_url"));
    assertThat(again.headers().firstValue("Location"))
        .isEqualTo(first.headers().firstValue("Location"));
    assertThat(other.statusCode()).isEqualTo(422);
    assertThat(other.body()).contains("idempotency-key-reused");
    assertThat(wallets.rows("select id from fundings")).hasSize(1);
    assertThat(payments.intents()).hasSize(1);
    // another user's same key is another request
    HttpResponse<String> eve =
        wallets.post("/api/wallets/fundings", wallets.token("eve"), body, key);
    assertThat(expect(eve, 201).getString("id")).isNotEqualTo(created.getString("id"));
  }

  @Test
  void aFundingWhoseIntentWasNeverCreatedDoesNotStayPending() throws Exception {
    // the service stopped between writing the funding and getting the provider's intent (or the
    // provider failed and so did marking the funding failed): a row without an intent
    wallets.rows(
        "insert into fundings (id, owner, amount, currency, status, provider, created_at,"
            + " updated_at) values ('fnd_stuck', 'ada', 9000, 'NGN', 'pending', 'stripe',"
            + " now() - interval '1 hour', now() - interval '1 hour') returning id");
    wallets.rows(
        "insert into fundings (id, owner, amount, currency, status, provider, created_at,"
            + " updated_at) values ('fnd_starting', 'ada', 9000, 'NGN', 'pending', 'stripe',"
            + " now() - interval '10 seconds', now() - interval '10 seconds') returning id");

    awaitStatus("fnd_stuck", "failed");

    JsonObject stuck = funding(wallets, token, "fnd_stuck");
    assertThat(stuck.getString("failure_reason")).isEqualTo("checkout_not_created");
    assertThat(stuck.getValue("checkout_url")).isNull();
    assertThat(wallets.rows("select type from outbox where type = 'funding.failed'")).hasSize(1);
    // one younger than the provider's call may take (it may still be under way) is left alone,
    // though older than the reconciler's RECONCILE_AFTER_S
    assertThat(funding(wallets, token, "fnd_starting").getString("status")).isEqualTo("pending");
    assertThat(balance(wallets, "ada", "NGN")).isZero();
  }

  @Test
  void aFundingNeedsTheFundScope() throws Exception {
    HttpResponse<String> answer =
        wallets.post(
            "/api/wallets/fundings",
            wallets.token("ada", "wallets:read"),
            new JsonObject().put("amount", 100).put("currency", "NGN"));

    assertThat(answer.statusCode()).isEqualTo(403);
  }
}
