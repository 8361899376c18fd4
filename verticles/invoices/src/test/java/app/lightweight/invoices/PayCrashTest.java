package app.lightweight.invoices;

import static app.lightweight.invoices.InvoicesUnderTest.invoice;
import static app.lightweight.invoices.WalletsUnderTest.balance;
import static app.lightweight.invoices.WalletsUnderTest.fund;
import static app.lightweight.invoices.WalletsUnderTest.transfersOf;
import static app.lightweight.shared.testing.TestEnv.await;
import static org.assertj.core.api.Assertions.assertThat;

import app.lightweight.sandbox.OidcProvider;
import app.lightweight.shared.cluster.ClusterSettings;
import app.lightweight.shared.cluster.ClusteredVertx;
import app.lightweight.shared.config.Settings;
import app.lightweight.shared.testing.ChildService;
import app.lightweight.shared.testing.ServiceFixture;
import app.lightweight.shared.testing.TestEnv;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The invoices service as its own JVM on the cluster, killed with SIGKILL mid-payment: after the
 * wallets service has moved the money and before its answer reaches invoices (the kill happens as
 * the answer leaves the wallets node). The payer's retry, to the restarted service, ends with the
 * invoice paid and one transfer.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PayCrashTest {
  private static final long TOTAL = 21_500_000;
  private static final long CHARGE = 332_500;

  private final HttpClient http = HttpClient.newHttpClient();
  private final String business = "crash-biz-" + UUID.randomUUID();
  private final String payer = "crash-payer-" + UUID.randomUUID();
  private Vertx walletsNode;
  private ServiceFixture wallets;
  private Pool invoicesDb;
  private ChildService service;

  @BeforeAll
  void start() throws Exception {
    Map<String, String> env = new HashMap<>(TestEnv.forService("invoices"));
    env.put("CLUSTER_MODE", "loopback");
    env.put("CLUSTER_NAME", "pay-crash-" + TestEnv.DATABASE);
    env.put("CLUSTER_PORT", "5881");
    service = ChildService.of(InvoicesMain.class, env, "pay-crash");
    walletsNode = await(ClusteredVertx.start(ClusterSettings.from(Settings.of("invoices", env))));
    wallets = WalletsUnderTest.fixture().start(walletsNode);
    wallets.clean();
    WalletsUnderTest.provider(wallets);
    invoicesDb = TestEnv.pool(walletsNode, "invoices");
  }

  @AfterAll
  void stop() {
    service.close();
    wallets.close();
    await(walletsNode.close());
  }

  @Test
  void aPaymentRetriedAfterTheServiceWasKilledMidPaymentIsPaidOnce() throws Exception {
    service.start();
    String businessToken = token(business, InvoicesUnderTest.ALL_SCOPES);
    String payerToken = token(payer, "wallets:pay");
    JsonObject created = send(post("/api/invoices", businessToken, invoice("Crash Customer")), 201);
    String id = created.getString("id");
    String payUrl =
        send(post("/api/invoices/" + id + "/issue", businessToken, null), 200).getString("pay_url");
    String payToken = payUrl.substring(payUrl.lastIndexOf('/') + 1);
    fund(wallets, payer, TOTAL, "NGN");

    AtomicBoolean killed = new AtomicBoolean();
    walletsNode
        .eventBus()
        .addOutboundInterceptor(
            delivery -> {
              if (delivery.body() instanceof JsonObject reply
                  && "completed".equals(reply.getString("status"))
                  && ("pay:" + id).equals(reply.getJsonObject("transfer").getString("transfer_id"))
                  && killed.compareAndSet(false, true)) {
                service.kill(); // SIGKILL: the money moved, invoices never hears of it
              }
              delivery.next();
            });
    CompletableFuture<HttpResponse<String>> lost =
        http.sendAsync(pay(payToken, payerToken), HttpResponse.BodyHandlers.ofString());
    Throwable failure = lost.handle((answer, error) -> error).join();

    assertThat(killed)
        .as("killed mid-payment; answered " + (failure == null ? lost.join().body() : ""))
        .isTrue();
    assertThat(failure).as("the request died with the service").isNotNull();
    assertThat(service.awaitExit(Duration.ofSeconds(30))).as("the service is gone").isTrue();
    assertThat(transfersOf(wallets, id)).isEqualTo(1);
    assertThat(status(id)).isEqualTo("issued");

    service.start();
    HttpResponse<String> retried =
        http.send(pay(payToken, payerToken), HttpResponse.BodyHandlers.ofString());

    assertThat(retried.statusCode()).as(retried.body()).isEqualTo(200);
    assertThat(new JsonObject(retried.body()).getString("status")).isEqualTo("paid");
    assertThat(status(id)).isEqualTo("paid");
    assertThat(transfersOf(wallets, id)).isEqualTo(1);
    assertThat(balance(wallets, payer, "NGN")).isZero();
    assertThat(balance(wallets, business, "NGN")).isEqualTo(TOTAL - CHARGE);
    assertThat(
            await(
                    invoicesDb
                        .preparedQuery("select status from payments where invoice_id = $1")
                        .execute(Tuple.of(id)))
                .iterator()
                .next()
                .getString(0))
        .isEqualTo("paid");
  }

  private String status(String id) {
    return await(
            invoicesDb
                .preparedQuery("select status from invoices where id = $1")
                .execute(Tuple.of(id)))
        .iterator()
        .next()
        .getString(0);
  }

  private static String token(String subject, String scopes) {
    return TestEnv.sandbox()
        .oidc()
        .token(
            subject,
            OidcProvider.AUDIENCE,
            Map.of("scope", scopes, "email", "payer@example.com", "name", "Crash Payer"),
            Duration.ofMinutes(10));
  }

  private HttpRequest pay(String payToken, String bearer) {
    return post("/api/invoices/public/" + payToken + "/pay", bearer, null);
  }

  private HttpRequest post(String path, String bearer, JsonObject body) {
    return service.post(path, bearer, body);
  }

  private JsonObject send(HttpRequest request, int status) throws Exception {
    HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
    return new JsonObject(answer.body());
  }
}
