package app.lightweight.wallets;

import static app.lightweight.shared.testing.ServiceFixture.expect;
import static app.lightweight.shared.testing.TestEnv.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import app.lightweight.sandbox.payments.PaymentProvider;
import app.lightweight.shared.testing.ServiceFixture;
import app.lightweight.shared.testing.TestEnv;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** What the wallets tests share: the fixture, funding through the sandbox provider, signing. */
final class Wallets {
  static final String TABLES_TRUNCATED =
      "entries, transfers, accounts, fundings, webhook_events, outbox, idempotency_keys";
  static final String SCOPES = "wallets:read wallets:fund wallets:pay";
  static final String SUCCESS_CARD = "4242424242424242";
  static final String DECLINED_CARD = "4000000000000002";
  static final String NO_FUNDS_CARD = "4000000000009995";

  private Wallets() {}

  static ServiceFixture fixture() {
    warmUpIssuer();
    return ServiceFixture.of(WalletsVerticle.NAME, WalletsVerticle::new)
        .tables(TABLES_TRUNCATED.split(", "))
        .scopes(SCOPES)
        .env("WALLETS_RECONCILE_EVERY_MS", "200")
        .env("WALLETS_RECONCILE_AFTER_S", "2")
        .env("WALLETS_SERVICE_CHARGES", "NGN:150:10000:0,USD:100:0:0");
  }

  /**
   * The sandbox's OIDC issuer answers its first requests slowly while the JVM is cold; on a loaded
   * machine that outlasted the service's 5 s discovery timeout. Ask it once with patience first.
   */
  private static void warmUpIssuer() {
    String issuer = TestEnv.sandbox().environment().get("OIDC_ISSUER");
    try {
      java.net.http.HttpClient.newHttpClient()
          .send(
              java.net.http.HttpRequest.newBuilder(
                      java.net.URI.create(issuer + "/.well-known/openid-configuration"))
                  .timeout(Duration.ofSeconds(60))
                  .build(),
              java.net.http.HttpResponse.BodyHandlers.discarding());
    } catch (Exception e) {
      throw new IllegalStateException("the sandbox's issuer does not answer", e);
    }
  }

  static PaymentProvider provider(ServiceFixture wallets) {
    PaymentProvider payments = TestEnv.sandbox().payments();
    payments.reset();
    payments.webhookUrl("http://127.0.0.1:" + wallets.port() + WalletRoutes.WEBHOOK_PATH);
    return payments;
  }

  static JsonObject startFunding(ServiceFixture wallets, String token, long amount, String cur)
      throws Exception {
    return expect(
        wallets.post(
            "/api/wallets/fundings",
            token,
            new JsonObject().put("amount", amount).put("currency", cur)),
        201);
  }

  static String intentOf(ServiceFixture wallets, String fundingId) {
    return wallets
        .rows("select intent_id from fundings where id = '" + fundingId + "'")
        .get(0)
        .getString(0);
  }

  static JsonObject funding(ServiceFixture wallets, String token, String id) throws Exception {
    return expect(wallets.get("/api/wallets/fundings/" + id, token), 200);
  }

  /** Funds a wallet end to end (provider, webhook) and waits for the credit. */
  static void fund(ServiceFixture wallets, PaymentProvider payments, String subject, long amount)
      throws Exception {
    String token = wallets.token(subject);
    JsonObject funding = startFunding(wallets, token, amount, "NGN");
    payments.pay(intentOf(wallets, funding.getString("id")), SUCCESS_CARD);
    eventually(
        Duration.ofSeconds(10),
        () -> {
          try {
            assertThat(funding(wallets, token, funding.getString("id")).getString("status"))
                .isEqualTo("succeeded");
          } catch (Exception e) {
            throw new AssertionError(e);
          }
        });
  }

  static void awaitNoPendingFundings(ServiceFixture wallets, Duration deadline) {
    eventually(
        deadline,
        () ->
            assertThat(wallets.rows("select id from fundings where status = 'pending'")).isEmpty());
  }

  static String signature(String secret, long timestamp, String body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return "t="
        + timestamp
        + ",v1="
        + HexFormat.of()
            .formatHex(mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
  }

  static long balance(ServiceFixture wallets, String subject, String currency) {
    var rows =
        wallets.rows(
            "select balance from accounts where id = 'wallet:" + subject + ":" + currency + "'");
    return rows.isEmpty() ? 0 : rows.get(0).getLong(0);
  }
}
