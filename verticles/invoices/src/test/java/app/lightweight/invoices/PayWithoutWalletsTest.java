package app.lightweight.invoices;

import static app.lightweight.invoices.InvoicesUnderTest.createInvoice;
import static app.lightweight.invoices.InvoicesUnderTest.invoice;
import static app.lightweight.invoices.InvoicesUnderTest.issue;
import static app.lightweight.invoices.WalletsUnderTest.balance;
import static app.lightweight.invoices.WalletsUnderTest.fund;
import static app.lightweight.invoices.WalletsUnderTest.paymentTransfers;
import static app.lightweight.shared.testing.ServiceFixture.expect;
import static app.lightweight.shared.testing.TestEnv.await;
import static app.lightweight.shared.testing.TestEnv.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import app.lightweight.shared.testing.CuttableProxy;
import app.lightweight.shared.testing.ServiceFixture;
import app.lightweight.shared.testing.TestEnv;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Paying while the wallets service is not there, or cannot write its ledger: a quick 503 with
 * {@code Retry-After}, no money moved, the invoice as it was; an attempt whose outcome is unknown
 * holds off voiding until the reconciler has asked the wallets service about it.
 */
class PayWithoutWalletsTest {
  private static final String PAYER = "tunde";

  @RegisterExtension
  static final ServiceFixture invoices =
      InvoicesUnderTest.fixture()
          .env("INVOICES_PAY_RECONCILE_EVERY_MS", "200")
          .env("INVOICES_PAY_RECONCILE_AFTER_S", "1")
          .env("INVOICES_PAY_TIMEOUT_MS", "1500");

  private final String business = invoices.token("kemi-studio");
  private final String payer = invoices.token(PAYER, "wallets:pay");

  private String[] issuedInvoice() throws Exception {
    String id = createInvoice(invoices, business, invoice("Tunde Ltd")).getString("id");
    String payUrl = issue(invoices, business, id).getString("pay_url");
    return new String[] {id, payUrl.substring(payUrl.lastIndexOf('/') + 1)};
  }

  private String invoiceRow(String id) {
    return invoices
        .rows("select t::text from invoices t where id = '" + id + "'")
        .get(0)
        .getString(0);
  }

  /** The wallets service runs, funded, but on a Vert.x of its own: not on invoices' event bus. */
  @Test
  void withoutTheWalletsServiceItIsA503AtOnceAndNothingMoves() throws Exception {
    try (ServiceFixture wallets = WalletsUnderTest.fixture().start()) {
      wallets.clean();
      WalletsUnderTest.provider(wallets);
      fund(wallets, PAYER, 50_000_000, "NGN");
      String[] invoice = issuedInvoice();
      String before = invoiceRow(invoice[0]);
      long moved = paymentTransfers(wallets);

      long started = System.nanoTime();
      HttpResponse<String> answer =
          invoices.post("/api/invoices/public/" + invoice[1] + "/pay", payer);
      long tookMs = (System.nanoTime() - started) / 1_000_000;

      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
      assertThat(tookMs).as("answered in ms").isLessThan(5_000);
      assertThat(answer.headers().firstValue("Retry-After")).isPresent();
      assertThat(new JsonObject(answer.body()).getString("type")).endsWith("/unavailable");
      assertThat(invoiceRow(invoice[0])).isEqualTo(before);
      assertThat(paymentTransfers(wallets)).isEqualTo(moved);
      assertThat(balance(wallets, PAYER, "NGN")).isEqualTo(50_000_000);
      // never delivered, so certainly nothing moved: the attempt is closed and voiding works
      assertThat(invoices.rows("select status from payments").get(0).getString(0))
          .isEqualTo("closed");
      expect(invoices.post("/api/invoices/" + invoice[0] + "/void", business), 200);
    }
  }

  /**
   * The wallets service answers on the bus but its database is cut: a 503, and since whether the
   * money moved is not known, the attempt stays until the reconciler learns there is no transfer.
   */
  @Test
  void whenTheWalletsServiceCannotWriteTheAttemptWaitsForTheReconciler() throws Exception {
    CuttableProxy database =
        CuttableProxy.start(invoices.vertx(), "127.0.0.1", 5432); // TestEnv.PG_URL's server
    Set<String> deployed = Set.copyOf(invoices.vertx().deploymentIDs());
    ServiceFixture wallets = walletsOnTheInvoicesBus(database.port());
    try {
      wallets.clean();
      WalletsUnderTest.provider(wallets);
      fund(wallets, PAYER, 50_000_000, "NGN");
      String[] invoice = issuedInvoice();
      String before = invoiceRow(invoice[0]);
      database.cut();

      HttpResponse<String> answer =
          invoices.post("/api/invoices/public/" + invoice[1] + "/pay", payer);

      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
      assertThat(answer.headers().firstValue("Retry-After")).isPresent();
      assertThat(invoiceRow(invoice[0])).isEqualTo(before);
      HttpResponse<String> voiding =
          invoices.post("/api/invoices/" + invoice[0] + "/void", business);
      assertThat(voiding.statusCode()).as(voiding.body()).isEqualTo(409);
      assertThat(paymentTransfers(wallets)).isZero();

      database.restore();
      eventually(
          Duration.ofSeconds(30),
          () ->
              assertThat(invoices.rows("select status from payments").get(0).getString(0))
                  .isEqualTo("closed"));
      assertThat(paymentTransfers(wallets)).isZero();
      assertThat(balance(wallets, PAYER, "NGN")).isEqualTo(50_000_000);
      assertThat(invoiceRow(invoice[0])).isEqualTo(before);
      assertThat(
              expect(invoices.post("/api/invoices/public/" + invoice[1] + "/pay", payer), 200)
                  .getString("status"))
          .isEqualTo("paid");
    } finally {
      wallets.close();
      undeployAllBut(deployed);
      database.close();
    }
  }

  /**
   * The wallets service answers on the bus, but its database stops answering (a partition: no
   * error) while it posts the payment: after the pay timeout a 503, the attempt pending. When the
   * database answers again the held payment commits late; its {@code transfer.completed} event (or
   * the reconciler) pays the invoice, and the payer's retry answers the paid invoice: one transfer.
   */
  @Test
  void aWalletsServiceThatDoesNotAnswerIsA503AfterTheTimeoutAndTheLatePaymentCountsOnce()
      throws Exception {
    StallingProxy database = StallingProxy.start(invoices.vertx(), "127.0.0.1", 5432);
    Set<String> deployed = Set.copyOf(invoices.vertx().deploymentIDs());
    ServiceFixture wallets = walletsOnTheInvoicesBus(database.port());
    try {
      wallets.clean();
      WalletsUnderTest.provider(wallets);
      fund(wallets, PAYER, 50_000_000, "NGN");
      String[] invoice = issuedInvoice();
      String before = invoiceRow(invoice[0]);
      database.stall();

      long started = System.nanoTime();
      HttpResponse<String> answer =
          invoices.post("/api/invoices/public/" + invoice[1] + "/pay", payer);
      long tookMs = (System.nanoTime() - started) / 1_000_000;

      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
      assertThat(tookMs).as("answered in ms").isBetween(1_400L, 10_000L);
      assertThat(answer.headers().firstValue("Retry-After")).isPresent();
      assertThat(invoiceRow(invoice[0])).isEqualTo(before);
      assertThat(invoices.rows("select status from payments").get(0).getString(0))
          .isEqualTo("pending");
      assertThat(invoices.post("/api/invoices/" + invoice[0] + "/void", business).statusCode())
          .isEqualTo(409);

      database.flow();
      eventually(
          Duration.ofSeconds(30),
          () ->
              assertThat(
                      invoices
                          .rows("select status from invoices where id = '" + invoice[0] + "'")
                          .get(0)
                          .getString(0))
                  .isEqualTo("paid"));
      assertThat(
              expect(invoices.post("/api/invoices/public/" + invoice[1] + "/pay", payer), 200)
                  .getString("status"))
          .isEqualTo("paid");
      assertThat(WalletsUnderTest.transfersOf(wallets, invoice[0])).isEqualTo(1);
      assertThat(balance(wallets, PAYER, "NGN")).isEqualTo(50_000_000 - 21_500_000);
      eventually( // marked right after the invoice's move, in a statement of its own
          Duration.ofSeconds(30),
          () ->
              assertThat(invoices.rows("select status from payments").get(0).getString(0))
                  .isEqualTo("paid"));
    } finally {
      wallets.close();
      undeployAllBut(deployed);
      database.close();
    }
  }

  /** A second wallets service, on invoices' Vert.x, its database behind a proxy on {@code port}. */
  private static ServiceFixture walletsOnTheInvoicesBus(int port) {
    return WalletsUnderTest.fixture()
        .env("WALLETS_PG_URL", "postgresql://postgres@127.0.0.1:" + port + "/" + TestEnv.DATABASE)
        .start(invoices.vertx());
  }

  private static void undeployAllBut(Set<String> kept) {
    for (String id : invoices.vertx().deploymentIDs()) {
      if (!kept.contains(id)) {
        await(invoices.vertx().undeploy(id));
      }
    }
  }
}
