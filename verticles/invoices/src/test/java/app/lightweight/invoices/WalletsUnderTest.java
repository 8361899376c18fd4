package app.lightweight.invoices;

import static app.lightweight.shared.testing.ServiceFixture.expect;
import static app.lightweight.shared.testing.TestEnv.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import app.lightweight.sandbox.payments.PaymentProvider;
import app.lightweight.shared.testing.ServiceFixture;
import app.lightweight.shared.testing.TestEnv;
import app.lightweight.wallets.WalletRoutes;
import app.lightweight.wallets.WalletsVerticle;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The real wallets service beside invoices in paying tests: its fixture, funding a wallet through
 * the sandbox payment provider's checkout (card form, signed webhook) and a look at its ledger.
 */
final class WalletsUnderTest {
  static final String SCOPES = "wallets:read wallets:fund wallets:pay";

  /** 1.5 % + ₦100.00, as the wallets default; the tests compute the charge by hand. */
  static final String NGN_CHARGE = "NGN:150:10000:0";

  private WalletsUnderTest() {}

  static ServiceFixture fixture() {
    return ServiceFixture.of(WalletsVerticle.NAME, WalletsVerticle::new)
        .tables(
            "entries",
            "transfers",
            "accounts",
            "fundings",
            "webhook_events",
            "outbox",
            "idempotency_keys")
        .scopes(SCOPES)
        .env("WALLETS_SERVICE_CHARGES", NGN_CHARGE);
  }

  /** The sandbox provider, its webhooks pointed at this wallets service. */
  static PaymentProvider provider(ServiceFixture wallets) {
    PaymentProvider payments = TestEnv.sandbox().payments();
    payments.reset();
    payments.webhookUrl("http://127.0.0.1:" + wallets.port() + WalletRoutes.WEBHOOK_PATH);
    return payments;
  }

  /**
   * Funds {@code subject}'s wallet as a payer does: a funding (payment intent), the provider's
   * checkout form posted with the test card 4242…, the provider's signed webhook; waits for the
   * credit.
   */
  static void fund(ServiceFixture wallets, String subject, long amount, String currency)
      throws Exception {
    String token = wallets.token(subject);
    JsonObject funding =
        expect(
            wallets.post(
                "/api/wallets/fundings",
                token,
                new JsonObject().put("amount", amount).put("currency", currency)),
            201);
    HttpResponse<String> submitted =
        PaymentProvider.submitCheckout(
            funding.getString("checkout_url"), "4242 4242 4242 4242", "Payer");
    assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(303);
    String id = funding.getString("id");
    eventually(
        Duration.ofSeconds(30),
        () -> {
          try {
            assertThat(
                    expect(wallets.get("/api/wallets/fundings/" + id, token), 200)
                        .getString("status"))
                .isEqualTo("succeeded");
          } catch (Exception e) {
            throw new AssertionError(e);
          }
        });
  }

  static long balance(ServiceFixture wallets, String subject, String currency) {
    var rows =
        wallets.rows(
            "select balance from accounts where id = 'wallet:" + subject + ":" + currency + "'");
    return rows.isEmpty() ? 0 : rows.get(0).getLong(0);
  }

  static long revenue(ServiceFixture wallets, String currency) {
    var rows = wallets.rows("select balance from accounts where id = 'revenue:" + currency + "'");
    return rows.isEmpty() ? 0 : rows.get(0).getLong(0);
  }

  /** Transfers other than fundings: payments and their charges. */
  static long paymentTransfers(ServiceFixture wallets) {
    return wallets.count("transfers where kind <> 'funding'");
  }

  static long transfersOf(ServiceFixture wallets, String invoiceId) {
    return wallets.count("transfers where id = 'pay:" + invoiceId + "'");
  }

  /** The sum of every account of a currency: zero in a double-entry ledger. */
  static long ledgerSum(ServiceFixture wallets, String currency) {
    return wallets
        .rows("select coalesce(sum(balance), 0) from accounts where currency = '" + currency + "'")
        .get(0)
        .getLong(0);
  }
}
