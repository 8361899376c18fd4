package app.lightweight.invoices;

import static app.lightweight.invoices.InvoicesUnderTest.createInvoice;
import static app.lightweight.invoices.InvoicesUnderTest.invoice;
import static app.lightweight.invoices.InvoicesUnderTest.issue;
import static app.lightweight.invoices.WalletsUnderTest.balance;
import static app.lightweight.invoices.WalletsUnderTest.fund;
import static app.lightweight.invoices.WalletsUnderTest.ledgerSum;
import static app.lightweight.invoices.WalletsUnderTest.paymentTransfers;
import static app.lightweight.invoices.WalletsUnderTest.revenue;
import static app.lightweight.invoices.WalletsUnderTest.transfersOf;
import static app.lightweight.shared.testing.ServiceFixture.expect;
import static app.lightweight.shared.testing.TestEnv.await;
import static app.lightweight.shared.testing.TestEnv.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import app.lightweight.shared.cluster.ClusterSettings;
import app.lightweight.shared.cluster.ClusteredVertx;
import app.lightweight.shared.config.Settings;
import app.lightweight.shared.testing.ServiceFixture;
import app.lightweight.shared.testing.TestEnv;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A customer pays an invoice from their wallet: invoices and the real wallets service on two
 * clustered Vert.x nodes (Hazelcast over loopback, in this JVM), the sandbox payment provider
 * funding the wallet, every figure checked to the minor unit in the wallets' ledger.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PayFromWalletTest {
  private static final String BUSINESS = "ada-studio";
  private static final String PAYER = "bola";
  private static final long TOTAL = 21_500_000; // InvoicesUnderTest.invoice: ₦215,000.00
  private static final long CHARGE = 332_500; // 1.5 % of 21,500,000 = 322,500, + 10,000
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private Vertx invoicesNode;
  private Vertx walletsNode;
  private ServiceFixture invoices;
  private ServiceFixture wallets;
  private String business;
  private String payer;

  @BeforeAll
  void startBothServicesOnTheCluster() {
    Map<String, String> cluster = new HashMap<>(TestEnv.forService("invoices"));
    cluster.put("CLUSTER_MODE", "loopback");
    cluster.put("CLUSTER_NAME", "pay-test-" + TestEnv.DATABASE);
    cluster.put("CLUSTER_PORT", "5861");
    ClusterSettings settings = ClusterSettings.from(Settings.of("invoices", cluster));
    invoicesNode = await(ClusteredVertx.start(settings));
    walletsNode = await(ClusteredVertx.start(settings));
    wallets = WalletsUnderTest.fixture().start(walletsNode);
    invoices =
        InvoicesUnderTest.fixture()
            .env("INVOICES_PAY_RECONCILE_EVERY_MS", "200")
            .env("INVOICES_PAY_RECONCILE_AFTER_S", "1")
            .start(invoicesNode);
    business = invoices.token(BUSINESS);
    payer = invoices.token(PAYER, "wallets:pay");
  }

  @BeforeEach
  void clean() {
    invoices.clean();
    wallets.clean();
    WalletsUnderTest.provider(wallets);
  }

  @AfterAll
  void stop() {
    invoices.close();
    wallets.close();
    await(invoicesNode.close());
    await(walletsNode.close());
  }

  /** An issued invoice of the business: its id and pay token. */
  private String[] issuedInvoice() throws Exception {
    String id = createInvoice(invoices, business, invoice("Bola Ventures")).getString("id");
    String payUrl = issue(invoices, business, id).getString("pay_url");
    return new String[] {id, payUrl.substring(payUrl.lastIndexOf('/') + 1)};
  }

  private HttpResponse<String> pay(String token, String bearer) throws Exception {
    return invoices.post("/api/invoices/public/" + token + "/pay", bearer);
  }

  private String invoiceRows() {
    return String.join(
        "\n",
        invoices.rows("select t::text from invoices t order by id").stream()
            .map(row -> row.getString(0))
            .toList());
  }

  private JsonObject stored(String id) throws Exception {
    return expect(invoices.get("/api/invoices/" + id, business), 200);
  }

  @Test
  void aPayerFundsTheirWalletAndPaysTheBusinessLessTheChargeToTheMinorUnit() throws Exception {
    String[] invoice = issuedInvoice();
    fund(wallets, PAYER, TOTAL + 1_234, "NGN");

    JsonObject paid = expect(pay(invoice[1], payer), 200);

    assertThat(paid.getString("status")).isEqualTo("paid");
    assertThat(paid.getJsonObject("totals").getJsonObject("amount_due").getLong("amount")).isZero();
    assertThat(paid.containsKey("paid_by")).as("the public view names nobody").isFalse();
    JsonObject kept = stored(invoice[0]);
    assertThat(kept.getString("status")).isEqualTo("paid");
    assertThat(kept.getString("payment_reference")).isEqualTo("pay:" + invoice[0]);
    assertThat(kept.getString("paid_at")).isNotNull();
    assertThat(kept.getJsonObject("totals").getJsonObject("amount_paid").getLong("amount"))
        .isEqualTo(TOTAL);
    assertThat(kept.getJsonObject("paid_by"))
        .isEqualTo(
            new JsonObject()
                .put("subject", PAYER)
                .put("name", "Ada " + PAYER)
                .put("email", PAYER + "@example.com"));
    assertThat(balance(wallets, PAYER, "NGN")).isEqualTo(1_234);
    assertThat(balance(wallets, BUSINESS, "NGN")).isEqualTo(TOTAL - CHARGE);
    assertThat(revenue(wallets, "NGN")).isEqualTo(CHARGE);
    assertThat(ledgerSum(wallets, "NGN")).isZero();
    assertThat(transfersOf(wallets, invoice[0])).isEqualTo(1);
    JsonObject transfer =
        wallets
            .rows("select metadata, reference from transfers where id = 'pay:" + invoice[0] + "'")
            .get(0)
            .toJson();
    assertThat(transfer.getJsonObject("metadata").getString("invoice_id")).isEqualTo(invoice[0]);
    assertThat(transfer.getString("reference")).isEqualTo(kept.getString("number"));
    JsonObject event =
        invoices
            .rows("select data from outbox where type = 'invoice.paid'")
            .get(0)
            .getJsonObject(0);
    assertThat(event.getJsonObject("paid_by").getString("email")).isEqualTo(PAYER + "@example.com");
    assertThat(invoices.rows("select status from payments").get(0).getString(0)).isEqualTo("paid");

    // paying again answers the same, and moves nothing
    JsonObject again = expect(pay(invoice[1], payer), 200);
    assertThat(again).isEqualTo(paid);
    assertThat(balance(wallets, PAYER, "NGN")).isEqualTo(1_234);
  }

  @Test
  void twentyConcurrentPaymentsOfOneInvoiceChargeOnceAndAnswerTheSame() throws Exception {
    String[] invoice = issuedInvoice();
    fund(wallets, PAYER, 3 * TOTAL, "NGN");

    List<CompletableFuture<HttpResponse<String>>> tabs = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      tabs.add(
          HTTP.sendAsync(
              invoices
                  .request("/api/invoices/public/" + invoice[1] + "/pay", payer, Map.of())
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.ofString()));
    }
    List<HttpResponse<String>> answers = tabs.stream().map(CompletableFuture::join).toList();

    for (HttpResponse<String> answer : answers) {
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
      assertThat(new JsonObject(answer.body())).isEqualTo(new JsonObject(answers.get(0).body()));
    }
    assertThat(transfersOf(wallets, invoice[0])).isEqualTo(1);
    assertThat(paymentTransfers(wallets)).isEqualTo(2); // the payment and its charge
    assertThat(balance(wallets, PAYER, "NGN")).isEqualTo(2 * TOTAL);
    assertThat(balance(wallets, BUSINESS, "NGN")).isEqualTo(TOTAL - CHARGE);
    assertThat(invoices.count("outbox where type = 'invoice.paid'")).isEqualTo(1);
  }

  @Test
  void tooLittleInTheWalletIsA409WithTheShortfallAndWhereToFundIt() throws Exception {
    String[] invoice = issuedInvoice();
    fund(wallets, PAYER, 1_000_000, "NGN");
    fund(wallets, PAYER, 90_000_000, "USD"); // plenty, in another currency
    long moved = paymentTransfers(wallets);
    JsonObject before = stored(invoice[0]);

    HttpResponse<String> refused = pay(invoice[1], payer);

    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
    assertThat(refused.headers().firstValue("Content-Type")).contains("application/problem+json");
    JsonObject problem = new JsonObject(refused.body());
    assertThat(problem.getString("type")).endsWith("/insufficient-funds");
    assertThat(problem.getLong("shortfall")).isEqualTo(TOTAL - 1_000_000);
    assertThat(problem.getString("currency")).isEqualTo("NGN");
    assertThat(problem.getString("funding_url"))
        .isEqualTo(
            "http://localhost:8080/wallet?currency=NGN&amount="
                + (TOTAL - 1_000_000)
                + "&return_to=/pay/"
                + invoice[1]);
    assertThat(stored(invoice[0])).isEqualTo(before);
    assertThat(paymentTransfers(wallets)).isEqualTo(moved);
    assertThat(balance(wallets, PAYER, "NGN")).isEqualTo(1_000_000);
    assertThat(balance(wallets, PAYER, "USD")).isEqualTo(90_000_000);
    assertThat(invoices.rows("select status from payments").get(0).getString(0))
        .isEqualTo("closed");

    // funded as the problem says, the same payment goes through
    fund(wallets, PAYER, problem.getLong("shortfall"), "NGN");
    assertThat(expect(pay(invoice[1], payer), 200).getString("status")).isEqualTo("paid");
    assertThat(balance(wallets, PAYER, "NGN")).isZero();
  }

  @Test
  void whatCannotBePaidIsRefusedAndMovesNothing() throws Exception {
    fund(wallets, PAYER, 5 * TOTAL, "NGN");
    String[] voided = issuedInvoice();
    expect(invoices.post("/api/invoices/" + voided[0] + "/void", business), 200);
    String[] paidElsewhere = issuedInvoice();
    expect(
        invoices.post(
            "/api/invoices/" + paidElsewhere[0] + "/mark-paid",
            business,
            new JsonObject().put("reference", "GTB 42")),
        200);
    String[] open = issuedInvoice();
    long moved = paymentTransfers(wallets);
    String invoicesBefore = invoiceRows();

    assertThat(pay(voided[1], payer).statusCode()).isEqualTo(409);
    HttpResponse<String> paid = pay(paidElsewhere[1], payer);
    assertThat(paid.statusCode()).isEqualTo(409);
    assertThat(new JsonObject(paid.body()).getString("type")).endsWith("/invoice-paid");
    assertThat(pay("no-such-token", payer).statusCode()).isEqualTo(404);
    assertThat(pay(open[1], invoices.token(PAYER, "invoices:read invoices:write")).statusCode())
        .isEqualTo(403);
    assertThat(pay(open[1], null).statusCode()).isEqualTo(401);
    HttpResponse<String> own = pay(open[1], invoices.token(BUSINESS, "wallets:pay"));
    assertThat(own.statusCode()).isEqualTo(422);
    assertThat(new JsonObject(own.body()).getString("type")).endsWith("/self-payment");

    assertThat(paymentTransfers(wallets)).isEqualTo(moved);
    assertThat(balance(wallets, PAYER, "NGN")).isEqualTo(5 * TOTAL);
    assertThat(invoiceRows()).isEqualTo(invoicesBefore);
    assertThat(invoices.count("payments")).isZero();
  }

  /**
   * The wallets API lets any user name their payment's transfer id: someone paying the business one
   * kobo under {@code pay:<invoice id>} must not pay the invoice, now or through the reconciler.
   */
  @Test
  void aTransferIdTakenByAnotherPaymentNeverPaysTheInvoice() throws Exception {
    String[] invoice = issuedInvoice();
    fund(wallets, "mallory", 10_000, "NGN");
    fund(wallets, PAYER, TOTAL, "NGN");
    expect(
        wallets.post(
            "/api/wallets/payments",
            wallets.token("mallory"),
            new JsonObject()
                .put("transfer_id", "pay:" + invoice[0])
                .put("payee", BUSINESS)
                .put("amount", 1)
                .put("currency", "NGN")),
        201);

    HttpResponse<String> refused = pay(invoice[1], payer);

    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
    assertThat(new JsonObject(refused.body()).getString("type")).endsWith("/transfer-id-reused");
    assertThat(balance(wallets, PAYER, "NGN")).isEqualTo(TOTAL);
    eventually(
        Duration.ofSeconds(30),
        () ->
            assertThat(invoices.rows("select status from payments").get(0).getString(0))
                .isEqualTo("conflict"));
    assertThat(stored(invoice[0]).getString("status")).isEqualTo("issued");
  }

  /**
   * The transfer was made but the invoice never heard (the answer lost): the reconciler asks the
   * wallets service for {@code pay:<invoice id>} and marks the invoice paid; an attempt whose
   * transfer never happened is closed. A pending attempt holds off voiding until then.
   */
  @Test
  void theReconcilerFinishesAPaymentWhoseAnswerWasLost() throws Exception {
    String[] lost = issuedInvoice();
    String[] never = issuedInvoice();
    fund(wallets, PAYER, TOTAL, "NGN");
    String number = stored(lost[0]).getString("number");
    await(
        invoicesNode
            .eventBus()
            .<JsonObject>request(
                "wallets.transfer",
                new JsonObject()
                    .put("transfer_id", "pay:" + lost[0])
                    .put("payer", PAYER)
                    .put("payee", BUSINESS)
                    .put("amount", TOTAL)
                    .put("currency", "NGN")
                    .put("reference", number)
                    .put("metadata", new JsonObject().put("invoice_id", lost[0]))));
    for (String id : new String[] {lost[0], never[0]}) {
      invoices.rows(
          "insert into payments (transfer_id, invoice_id, tenant, payer, payer_name, payer_email,"
              + " amount, currency, status)"
              + " values ('pay:"
              + id
              + "', '"
              + id
              + "', '"
              + BUSINESS
              + "', '"
              + PAYER
              + "', 'Bola', 'bola@example.ng', "
              + TOTAL
              + ", 'NGN', 'pending')");
    }
    HttpResponse<String> voiding = invoices.post("/api/invoices/" + never[0] + "/void", business);
    assertThat(voiding.statusCode()).as(voiding.body()).isEqualTo(409);
    assertThat(new JsonObject(voiding.body()).getString("type")).endsWith("/payment-in-progress");
    HttpResponse<String> markedPaid =
        invoices.post(
            "/api/invoices/" + never[0] + "/mark-paid",
            business,
            new JsonObject().put("reference", "cash"));
    assertThat(markedPaid.statusCode()).as(markedPaid.body()).isEqualTo(409);

    eventually(
        Duration.ofSeconds(30),
        () -> {
          try {
            assertThat(stored(lost[0]).getString("status")).isEqualTo("paid");
          } catch (Exception e) {
            throw new AssertionError(e);
          }
          assertThat(invoices.count("payments where status = 'pending'")).isZero();
        });
    JsonObject paid = stored(lost[0]);
    assertThat(paid.getString("payment_reference")).isEqualTo("pay:" + lost[0]);
    assertThat(paid.getJsonObject("paid_by").getString("email")).isEqualTo("bola@example.ng");
    assertThat(stored(never[0]).getString("status")).isEqualTo("issued");
    assertThat(invoices.rows("select status from payments where invoice_id = '" + never[0] + "'"))
        .singleElement()
        .satisfies(row -> assertThat(row.getString(0)).isEqualTo("closed"));
    assertThat(transfersOf(wallets, lost[0])).isEqualTo(1);
    assertThat(transfersOf(wallets, never[0])).isZero();
    expect(invoices.post("/api/invoices/" + never[0] + "/void", business), 200);
    // the payer asking again is told it is paid, and nothing moves twice
    assertThat(expect(pay(lost[1], payer), 200).getString("status")).isEqualTo("paid");
    assertThat(balance(wallets, PAYER, "NGN")).isZero();
  }
}
