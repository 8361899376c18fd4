package app.lightweight.wallets;

import static app.lightweight.shared.testing.TestEnv.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import app.lightweight.sandbox.OidcProvider;
import app.lightweight.sandbox.payments.PaymentProvider;
import app.lightweight.shared.testing.ChildService;
import app.lightweight.shared.testing.TestEnv;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The service as its own JVM ({@link WalletsMain}), killed with SIGKILL while payments and fundings
 * are in flight, started again, and every request sent again with its transfer id or
 * Idempotency-Key: whatever was acknowledged before the kill is in the ledger exactly once and
 * answers the same, nothing is left pending, and the ledger's invariants hold.
 */
class KillNineTest {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private static final int PAYERS = 4;
  private static final int PAYMENTS = 160;
  private static final int FUNDINGS = 24;
  private static final long SEED = Long.getLong("wallets.seed", System.nanoTime());

  private record Answer(int status, JsonObject body) {}

  private record Request(String subject, String path, String key, JsonObject body) {}

  private final Vertx vertx = Vertx.vertx();
  private final ChildService service =
      ChildService.of(
              WalletsMain.class, TestEnv.forService(WalletsVerticle.NAME), "kill-nine-wallets")
          .jvmOptions("-Xmx256m");
  private final OidcProvider oidc = TestEnv.sandbox().oidc();

  @AfterEach
  void stop() throws Exception {
    service.kill();
    vertx.close().await(30, TimeUnit.SECONDS);
  }

  @Test
  void whatWasAcknowledgedBeforeAKillIsInTheLedgerOnceAndEveryRetryAnswersTheSame()
      throws Exception {
    service
        .env("WALLETS_RECONCILE_EVERY_MS", "200")
        .env("WALLETS_RECONCILE_AFTER_S", "2")
        .env("WALLETS_SERVICE_CHARGES", "NGN:150:10000:0")
        .start();
    Pool pool = TestEnv.pool(vertx, WalletsVerticle.NAME);
    LedgerChecks.clean(pool);
    PaymentProvider payments = TestEnv.sandbox().payments();
    payments.reset();
    payments.webhookUrl(service.uri(WalletRoutes.WEBHOOK_PATH).toString());

    // money to spend, before the load
    for (int n = 0; n < PAYERS; n++) {
      Answer funding = until(funding("u" + n, "start-" + n, 500_000));
      payments.pay(intentOf(pool, funding.body().getString("id")), Wallets.SUCCESS_CARD);
    }
    eventually(
        Duration.ofSeconds(30),
        () ->
            assertThat(
                    LedgerChecks.count(
                        pool, "select count(*) from fundings where status = 'succeeded'"))
                .isEqualTo(PAYERS));

    Random random = new Random(SEED);
    List<Request> requests = new ArrayList<>();
    for (int i = 0; i < PAYMENTS + FUNDINGS; i++) {
      String subject = "u" + random.nextInt(PAYERS);
      if (i % ((PAYMENTS + FUNDINGS) / FUNDINGS) == 0) {
        requests.add(funding(subject, "fund-" + i, 1_000 + random.nextInt(20_000)));
      } else {
        int payee =
            (Integer.parseInt(subject.substring(1)) + 1 + random.nextInt(PAYERS - 1)) % PAYERS;
        requests.add(
            new Request(
                subject,
                "/api/wallets/payments",
                null,
                new JsonObject()
                    .put("transfer_id", "pay:k" + i)
                    .put("payee", "u" + payee)
                    .put("amount", 1 + random.nextInt(40_000))
                    .put("currency", "NGN")));
      }
    }

    Map<Request, Answer> acknowledged = new ConcurrentHashMap<>();
    ExecutorService clients = Executors.newFixedThreadPool(16);
    try {
      List<Future<?>> inFlight = new ArrayList<>();
      for (Request request : requests) {
        inFlight.add(
            clients.submit(
                () -> {
                  Answer answer = send(request);
                  if (answer != null && answer.status() < 500) {
                    acknowledged.put(request, answer);
                  }
                }));
      }
      eventually(
          Duration.ofSeconds(60), () -> assertThat(acknowledged).hasSizeGreaterThan(PAYMENTS / 4));
      service.kill();
      for (Future<?> f : inFlight) {
        f.get(60, TimeUnit.SECONDS);
      }
      assertThat(acknowledged.size())
          .as("the kill came while requests were in flight (seed %d)", SEED)
          .isLessThan(requests.size());
      service.start();

      Map<Request, Answer> retried = new HashMap<>();
      for (Request request : requests) {
        retried.put(request, until(request));
      }
      Map<String, JsonObject> accepted = new HashMap<>();
      List<String> fundingIds = new ArrayList<>();
      for (Request request : requests) {
        Answer first = acknowledged.get(request);
        Answer again = retried.get(request);
        if (first != null) {
          assertThat(again.body())
              .as("a retry of %s answers as the first time (seed %d)", request, SEED)
              .isEqualTo(first.body());
        }
        if (request.key() == null) {
          assertThat(again.status()).as(again.body().encode()).isIn(200, 201, 409);
          if (again.status() != 409) {
            accepted.put(request.body().getString("transfer_id"), again.body());
          }
        } else {
          assertThat(again.status()).as(again.body().encode()).isEqualTo(201);
          fundingIds.add(again.body().getString("id"));
          payments.pay(intentOf(pool, again.body().getString("id")), Wallets.SUCCESS_CARD);
        }
      }

      // the provider retries webhooks that came while the service was down; the reconciler asks
      eventually(
          Duration.ofSeconds(60),
          () ->
              assertThat(
                      LedgerChecks.count(
                          pool,
                          "select count(*) from fundings where status = 'succeeded' and id in ('"
                              + String.join("', '", fundingIds)
                              + "')"))
                  .as("every funding the clients were told of is paid in, none left pending")
                  .isEqualTo(fundingIds.size()));
      assertThat(
              LedgerChecks.count(
                  pool, "select count(*) from idempotency_keys where status is null"))
          .as("no Idempotency-Key left claimed without an answer")
          .isZero();
      for (var payment : accepted.entrySet()) {
        var rows =
            TestEnv.await(
                pool.query("select amount from transfers where id = '" + payment.getKey() + "'")
                    .execute());
        assertThat(rows.size()).as("%s is in the ledger once", payment.getKey()).isEqualTo(1);
        assertThat(rows.iterator().next().getLong(0))
            .isEqualTo(payment.getValue().getLong("amount"));
      }
      assertThat(LedgerChecks.count(pool, "select count(*) from transfers where kind = 'payment'"))
          .as("no payment the clients were not told of (seed %d)", SEED)
          .isEqualTo(accepted.size());
      assertThat(LedgerChecks.count(pool, "select count(*) from transfers where kind = 'funding'"))
          .as("every funding paid credited once")
          .isEqualTo(PAYERS + fundingIds.size());
      LedgerChecks.assertBalanced(pool);
    } finally {
      clients.shutdownNow();
    }
  }

  private static Request funding(String subject, String key, long amount) {
    return new Request(
        subject,
        "/api/wallets/fundings",
        key,
        new JsonObject().put("amount", amount).put("currency", "NGN"));
  }

  /** One try; null when the service did not answer (it is being killed). */
  private Answer send(Request request) {
    HttpRequest.Builder http =
        HttpRequest.newBuilder(uri(request.path()))
            .timeout(Duration.ofSeconds(20))
            .header("Content-Type", "application/json")
            .header(
                "Authorization",
                "Bearer "
                    + oidc.token(
                        request.subject(),
                        OidcProvider.AUDIENCE,
                        Map.of("scope", Wallets.SCOPES, "name", "Ada " + request.subject()),
                        Duration.ofMinutes(10)))
            .POST(HttpRequest.BodyPublishers.ofString(request.body().encode()));
    if (request.key() != null) {
      http.header("Idempotency-Key", request.key());
    }
    try {
      HttpResponse<String> response = HTTP.send(http.build(), HttpResponse.BodyHandlers.ofString());
      String body = response.body();
      return new Answer(
          response.statusCode(),
          body == null || body.isEmpty() ? new JsonObject() : new JsonObject(body));
    } catch (Exception gone) {
      return null;
    }
  }

  /**
   * Sends until the service gives a definitive answer. For a funding a 409 ("still being
   * processed") is not one: a key the kill left claimed would answer it until the deadline.
   */
  private Answer until(Request request) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      Answer answer = send(request);
      if (answer != null
          && answer.status() < 500
          && !(request.key() != null && answer.status() == 409)) {
        return answer;
      }
      assertThat(System.nanoTime()).as("%s answered in time", request).isLessThan(deadline);
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  private static String intentOf(Pool pool, String fundingId) {
    return TestEnv.await(
            pool.query("select intent_id from fundings where id = '" + fundingId + "'").execute())
        .iterator()
        .next()
        .getString(0);
  }

  private URI uri(String path) {
    return service.uri(path);
  }
}
