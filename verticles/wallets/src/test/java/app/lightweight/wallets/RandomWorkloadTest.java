package app.lightweight.wallets;

import static app.lightweight.wallets.Wallets.SUCCESS_CARD;
import static org.assertj.core.api.Assertions.assertThat;

import app.lightweight.sandbox.payments.PaymentProvider;
import app.lightweight.shared.testing.ServiceFixture;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Property-style: a random concurrent mix of fundings, payments, replays and reused ids, with the
 * service stopped abruptly (its Vert.x closed under load) and started again in the middle. Whatever
 * the interleaving, every currency sums to zero, no wallet is below zero, every balance is the sum
 * of its history, and every payment the service accepted is in the ledger exactly once.
 */
class RandomWorkloadTest {
  private static final int USERS = 8;
  private static final int OPERATIONS = 240;
  private static final long SEED = Long.getLong("wallets.seed", System.nanoTime());

  private record Answer(int status, JsonObject body) {}

  @Test
  void anyMixOfFundingsPaymentsAndReplaysKeepsTheLedgerWholeAcrossARestart() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    ServiceFixture wallets = Wallets.fixture().env("HTTP_PORT", String.valueOf(port)).start();
    wallets.clean();
    PaymentProvider payments = Wallets.provider(wallets);
    Random random = new Random(SEED);
    Map<String, JsonObject> accepted = new ConcurrentHashMap<>();
    List<String> fundingIds = java.util.Collections.synchronizedList(new ArrayList<>());
    ExecutorService clients = Executors.newFixedThreadPool(16);
    try {
      List<Future<?>> work = new ArrayList<>();
      List<JsonObject> sent = java.util.Collections.synchronizedList(new ArrayList<>());
      for (int i = 0; i < OPERATIONS; i++) {
        if (i == OPERATIONS / 2) {
          for (Future<?> f : work) {
            f.get(60, TimeUnit.SECONDS);
          }
          work.clear();
          // a burst in flight, then the service is gone mid-way and comes back on the same port
          for (int j = 0; j < 16; j++) {
            int n = j;
            work.add(clients.submit(() -> pay(wallets, payment(random(n), "r" + n), accepted)));
          }
          wallets.close();
          wallets.start();
        }
        int dice = random.nextInt(100);
        String payer = "u" + random.nextInt(USERS);
        if (dice < 20) {
          long amount = 1_000 + random.nextInt(50_000);
          work.add(clients.submit(() -> fund(wallets, payments, payer, amount, fundingIds)));
        } else if (dice < 35 && !sent.isEmpty()) {
          JsonObject earlier = sent.get(random.nextInt(sent.size()));
          JsonObject replay = dice < 32 ? earlier : earlier.copy().put("amount", 1);
          work.add(clients.submit(() -> pay(wallets, replay, accepted)));
        } else {
          String payee =
              "u"
                  + ((Integer.parseInt(payer.substring(1)) + 1 + random.nextInt(USERS - 1))
                      % USERS);
          JsonObject request =
              new JsonObject()
                  .put("payer", payer)
                  .put("transfer_id", "pay:" + i)
                  .put("payee", payee)
                  .put("amount", 1 + random.nextInt(20_000))
                  .put("currency", "NGN");
          sent.add(request);
          work.add(clients.submit(() -> pay(wallets, request, accepted)));
        }
      }
      for (Future<?> f : work) {
        f.get(120, TimeUnit.SECONDS);
      }
      // fundings whose webhook was in flight during the restart are retried by the provider
      Wallets.awaitNoPendingFundings(wallets, Duration.ofSeconds(30));

      LedgerChecks.assertBalanced(wallets.pool());
      assertThat(accepted).as("a workload that moved money").hasSizeGreaterThan(20);
      for (var entry : accepted.entrySet()) {
        var rows = wallets.rows("select amount from transfers where id = '" + entry.getKey() + "'");
        assertThat(rows).as("accepted %s is in the ledger once", entry.getKey()).hasSize(1);
        assertThat(rows.get(0).getLong(0)).isEqualTo(entry.getValue().getLong("amount"));
      }
      long payments_ =
          wallets.rows("select count(*) from transfers where kind = 'payment'").get(0).getLong(0);
      assertThat(payments_)
          .as("no payment the clients were not told of (seed %d)", SEED)
          .isEqualTo(accepted.size());
    } finally {
      clients.shutdownNow();
      wallets.close();
    }
  }

  private static JsonObject payment(Random random, String id) {
    return new JsonObject()
        .put("payer", "u0")
        .put("transfer_id", "pay:" + id)
        .put("payee", "u1")
        .put("amount", 1 + random.nextInt(5_000))
        .put("currency", "NGN");
  }

  private static Random random(int n) {
    return new Random(SEED + n);
  }

  /** Sends until the service gives a definitive answer (it may be restarting). */
  private static void pay(
      ServiceFixture wallets, JsonObject request, Map<String, JsonObject> accepted) {
    Answer answer =
        until(
            () -> {
              HttpResponse<String> response =
                  wallets.post(
                      "/api/wallets/payments",
                      wallets.token(request.getString("payer")),
                      withoutPayer(request));
              return new Answer(response.statusCode(), body(response));
            });
    if (answer.status() == 201 || answer.status() == 200) {
      JsonObject previous = accepted.putIfAbsent(request.getString("transfer_id"), answer.body());
      if (previous != null) {
        assertThat(answer.body()).isEqualTo(previous);
      }
    } else {
      assertThat(answer.status()).as(answer.body().encode()).isEqualTo(409);
    }
  }

  private static void fund(
      ServiceFixture wallets,
      PaymentProvider payments,
      String owner,
      long amount,
      List<String> ids) {
    Answer created =
        until(
            () -> {
              HttpResponse<String> response =
                  wallets.post(
                      "/api/wallets/fundings",
                      wallets.token(owner),
                      new JsonObject().put("amount", amount).put("currency", "NGN"));
              return new Answer(response.statusCode(), body(response));
            });
    assertThat(created.status()).isEqualTo(201);
    String id = created.body().getString("id");
    ids.add(id);
    payments.pay(Wallets.intentOf(wallets, id), SUCCESS_CARD);
  }

  private interface Call {
    Answer call() throws Exception;
  }

  private static Answer until(Call call) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      try {
        Answer answer = call.call();
        if (answer.status() < 500) {
          return answer;
        }
      } catch (Exception restarting) {
        // connection refused or cut: the service is restarting
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the service did not come back");
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  private static JsonObject withoutPayer(JsonObject request) {
    JsonObject body = request.copy();
    body.remove("payer");
    return body;
  }

  private static JsonObject body(HttpResponse<String> response) {
    return response.body() == null || response.body().isEmpty()
        ? new JsonObject()
        : new JsonObject(response.body());
  }
}
