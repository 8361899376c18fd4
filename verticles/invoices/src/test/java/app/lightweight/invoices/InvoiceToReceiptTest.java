package app.lightweight.invoices;

import static app.lightweight.invoices.EmailUnderTest.allMail;
import static app.lightweight.invoices.EmailUnderTest.part;
import static app.lightweight.invoices.InvoicesUnderTest.createInvoice;
import static app.lightweight.invoices.InvoicesUnderTest.invoice;
import static app.lightweight.invoices.InvoicesUnderTest.issue;
import static app.lightweight.invoices.WalletsUnderTest.balance;
import static app.lightweight.invoices.WalletsUnderTest.fund;
import static app.lightweight.invoices.WalletsUnderTest.ledgerSum;
import static app.lightweight.invoices.WalletsUnderTest.revenue;
import static app.lightweight.invoices.WalletsUnderTest.transfersOf;
import static app.lightweight.shared.testing.ServiceFixture.expect;
import static app.lightweight.shared.testing.TestEnv.await;
import static app.lightweight.shared.testing.TestEnv.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import app.lightweight.invoices.pdf.MoneyFormat;
import app.lightweight.sandbox.OidcProvider;
import app.lightweight.sandbox.ReceivedMail;
import app.lightweight.shared.Money;
import app.lightweight.shared.cluster.ClusterSettings;
import app.lightweight.shared.cluster.ClusteredVertx;
import app.lightweight.shared.config.Settings;
import app.lightweight.shared.testing.ServiceFixture;
import app.lightweight.shared.testing.TestEnv;
import app.lightweight.users.UsersVerticle;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The whole of issue 11 in one story, every service real and on one clustered event bus: invoices
 * on one Vert.x node; email, wallets and users on another (Hazelcast over loopback); the sandbox's
 * SMTP relays, payment provider and OIDC issuer; one PostgreSQL. A business sends an invoice, a
 * payer funds a wallet by card and pays it, and the receipt and the business's paid notice arrive.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InvoiceToReceiptTest {
  private static final Duration DEADLINE = Duration.ofSeconds(60);
  private static final String BUSINESS = "acme-studio";

  /** The business's address in its users profile: the token's email claim. */
  private static final String PROFILE_EMAIL = BUSINESS + "@example.com";

  /** The address kept with the invoice, used only when users has no profile. */
  private static final String KEPT_EMAIL = "accounts@acme-studio.example";

  private static final String PROFILE_NAME = "Acme Studio Ltd";
  private static final String CUSTOMER_EMAIL = "bolaventures@example.ng";
  private static final String PAYER = "bola";
  private static final String PAYER_EMAIL = PAYER + "@example.com";
  private static final long TOTAL = 21_500_000; // InvoicesUnderTest.invoice: ₦215,000.00
  private static final long CHARGE = 332_500; // 1.5 % of 21,500,000 = 322,500, + 10,000
  private static final long LEFT_OVER = 4_321;

  private Vertx invoicesNode;
  private Vertx servicesNode;
  private ServiceFixture invoices;
  private ServiceFixture email;
  private ServiceFixture wallets;
  private ServiceFixture users;

  @BeforeAll
  void startEveryServiceOnOneCluster() {
    Map<String, String> cluster = new HashMap<>();
    cluster.put("CLUSTER_MODE", "loopback");
    cluster.put("CLUSTER_NAME", "invoice-to-receipt-" + TestEnv.DATABASE);
    cluster.put("CLUSTER_PORT", "5881");
    ClusterSettings settings = ClusterSettings.from(Settings.of("invoices", cluster));
    invoicesNode = await(ClusteredVertx.start(settings));
    servicesNode = await(ClusteredVertx.start(settings));
    users =
        ServiceFixture.of(UsersVerticle.NAME, UsersVerticle::new)
            .tables("profiles", "outbox", "idempotency_keys")
            .scopes("users:read users:write")
            .env(cluster)
            .start(servicesNode);
    wallets = WalletsUnderTest.fixture().env(cluster).start(servicesNode);
    email = EmailUnderTest.fixture(cluster).start(servicesNode);
    invoices =
        InvoicesUnderTest.fixture()
            .env(cluster)
            .env("SEND_RETRY_BASE_MS", "200")
            .env("SEND_RETRY_MAX_MS", "1000")
            .env("SEND_POLL_MS", "200")
            // the reconciler stays out of these tests: only wallets' event can pay late
            .env("PAY_RECONCILE_AFTER_S", "3600")
            .start(invoicesNode);
  }

  @BeforeEach
  void clean() {
    for (ServiceFixture service : new ServiceFixture[] {invoices, email, wallets, users}) {
      service.clean();
    }
    WalletsUnderTest.provider(wallets);
    EmailUnderTest.resetRelays(email);
  }

  @AfterAll
  void stop() {
    for (ServiceFixture service : new ServiceFixture[] {invoices, email, wallets, users}) {
      if (service != null) {
        service.close();
      }
    }
    await(invoicesNode.close());
    await(servicesNode.close());
  }

  @Test
  void aSentInvoicePaidFromAFundedWalletMovesTheMoneyExactlyAndSendsTheReceiptAndNoticeOnce()
      throws Exception {
    String business = invoices.token(BUSINESS);
    expect(
        users.put(
            "/api/users/me",
            users.token(BUSINESS),
            new JsonObject().put("display_name", "Ada Obi").put("business_name", PROFILE_NAME)),
        200);

    // the business issues and sends the invoice: one email, to the customer
    JsonObject body = invoice("Bola Ventures");
    body.put("business", new JsonObject().put("name", "Acme Studio").put("email", KEPT_EMAIL));
    String id = createInvoice(invoices, business, body).getString("id");
    JsonObject issued = issue(invoices, business, id);
    String number = issued.getString("number");
    String payUrl = issued.getString("pay_url");
    String payToken = payUrl.substring(payUrl.lastIndexOf('/') + 1);
    JsonObject send = expect(invoices.post("/api/invoices/" + id + "/send", business), 202);
    assertThat(send.getString("recipient")).isEqualTo(CUSTOMER_EMAIL);
    eventually(DEADLINE, () -> assertThat(allMail()).hasSize(1));
    ReceivedMail invoiceMail = allMail().get(0);
    assertThat(invoiceMail.envelopeTo()).containsExactly(CUSTOMER_EMAIL);
    assertThat(invoiceMail.subject()).isEqualTo("Invoice " + number + " from " + PROFILE_NAME);
    assertThat(invoiceMail.header("Reply-To")).contains(PROFILE_EMAIL);
    assertThat(part(invoiceMail, "text/plain")).contains(payUrl);
    eventually(
        DEADLINE, () -> assertThat(types(timeline(id, business))).contains("send.delivered"));

    // a payer, who is no business here, funds a wallet by card and pays through the pay link
    fund(wallets, PAYER, TOTAL + LEFT_OVER, "NGN");
    long payerBefore = balance(wallets, PAYER, "NGN");
    long businessBefore = balance(wallets, BUSINESS, "NGN");
    long revenueBefore = revenue(wallets, "NGN");
    assertThat(payerBefore).isEqualTo(TOTAL + LEFT_OVER);

    JsonObject paid =
        expect(
            invoices.post(
                "/api/invoices/public/" + payToken + "/pay", invoices.token(PAYER, "wallets:pay")),
            200);

    assertThat(paid.getString("status")).isEqualTo("paid");
    JsonObject kept = expect(invoices.get("/api/invoices/" + id, business), 200);
    assertThat(kept.getString("status")).isEqualTo("paid");
    assertThat(kept.getString("payment_reference")).isEqualTo("pay:" + id);
    assertThat(kept.getJsonObject("totals").getJsonObject("amount_paid").getLong("amount"))
        .isEqualTo(TOTAL);
    assertThat(kept.getJsonObject("paid_by"))
        .isEqualTo(
            new JsonObject()
                .put("subject", PAYER)
                .put("name", "Ada " + PAYER)
                .put("email", PAYER_EMAIL));
    assertThat(balance(wallets, PAYER, "NGN")).isEqualTo(payerBefore - TOTAL);
    assertThat(balance(wallets, BUSINESS, "NGN")).isEqualTo(businessBefore + TOTAL - CHARGE);
    assertThat(revenue(wallets, "NGN")).isEqualTo(revenueBefore + CHARGE);
    assertThat(ledgerSum(wallets, "NGN")).isZero();
    assertThat(transfersOf(wallets, id)).isEqualTo(1);

    // the receipt to the payer and the paid notice to the business, each delivered once
    eventually(
        DEADLINE,
        () ->
            assertThat(timeline(id, business))
                .filteredOn(entry -> entry.getString("type").equals("send.delivered"))
                .extracting(entry -> entry.getString("kind"))
                .containsExactlyInAnyOrder("invoice", "receipt", "paid_notice"));
    assertThat(allMail()).hasSize(3);
    assertThat(email.count("messages")).isEqualTo(3);
    String amount = MoneyFormat.format(new Money(TOTAL, "NGN"));
    ReceivedMail receipt = only(PAYER_EMAIL);
    assertThat(receipt.subject())
        .isEqualTo("Receipt for invoice " + number + " from " + PROFILE_NAME);
    assertThat(part(receipt, "text/plain"))
        .contains("Amount paid: " + amount)
        .contains("invoice " + number)
        .contains("Payment reference: pay:" + id);
    assertThat(part(receipt, "text/html")).contains(amount).contains(number);
    assertThat(receipt.attachments())
        .singleElement()
        .satisfies(pdf -> assertThat(pdf.name()).isEqualTo(number + ".pdf"));
    ReceivedMail notice = only(PROFILE_EMAIL);
    assertThat(notice.subject()).isEqualTo("Invoice " + number + " to Bola Ventures was paid");
    assertThat(part(notice, "text/plain")).contains("Amount paid: " + amount);
    assertThat(notice.attachments()).isEmpty();

    List<JsonObject> timeline = timeline(id, business);
    assertThat(types(timeline).subList(0, 6))
        .containsExactly(
            "invoice.created",
            "invoice.issued",
            "send.queued",
            "send.sent",
            "send.delivered",
            "invoice.paid");
    JsonObject paidEntry = timeline.get(5);
    assertThat(paidEntry.getJsonObject("amount"))
        .isEqualTo(new JsonObject().put("amount", TOTAL).put("currency", "NGN"));
    assertThat(paidEntry.getString("reference")).isEqualTo("pay:" + id);
    for (String kind : List.of("receipt", "paid_notice")) {
      assertThat(timeline.subList(6, timeline.size()))
          .filteredOn(entry -> kind.equals(entry.getString("kind")))
          .extracting(entry -> entry.getString("type"))
          .as("the %s's sends", kind)
          .containsExactly("send.queued", "send.sent", "send.delivered");
    }
    assertThat(timeline.subList(6, timeline.size()))
        .filteredOn(entry -> "receipt".equals(entry.getString("kind")))
        .allSatisfy(entry -> assertThat(entry.getString("recipient")).isEqualTo(PAYER_EMAIL));
    assertThat(timeline).hasSize(12);
  }

  /**
   * The consumer of {@code wallets.events} against the real wallets service: the pay request gave
   * up waiting (its attempt is left pending), then wallets posts the payment; its {@code
   * transfer.completed} event pays the invoice, and the receipt goes to the payer of the attempt.
   */
  @Test
  void aPaymentPostedAfterThePayRequestGaveUpPaysTheInvoiceThroughWalletsEvent() throws Exception {
    String business = invoices.token(BUSINESS);
    JsonObject body = invoice("Bola Ventures");
    String id = createInvoice(invoices, business, body).getString("id");
    String number = issue(invoices, business, id).getString("number");
    fund(wallets, PAYER, TOTAL, "NGN");
    invoices.rows(
        "insert into payments (transfer_id, invoice_id, tenant, payer, payer_name, payer_email,"
            + " amount, currency, status) values ('pay:"
            + id
            + "', '"
            + id
            + "', '"
            + BUSINESS
            + "', '"
            + PAYER
            + "', 'Bola', '"
            + PAYER_EMAIL
            + "', "
            + TOTAL
            + ", 'NGN', 'pending')");

    await(
        servicesNode
            .eventBus()
            .<JsonObject>request(
                "wallets.transfer",
                new JsonObject()
                    .put("transfer_id", "pay:" + id)
                    .put("payer", PAYER)
                    .put("payee", BUSINESS)
                    .put("amount", TOTAL)
                    .put("currency", "NGN")
                    .put("reference", number)
                    .put("metadata", new JsonObject().put("invoice_id", id))));

    eventually(
        DEADLINE,
        () -> {
          try {
            assertThat(
                    expect(invoices.get("/api/invoices/" + id, business), 200).getString("status"))
                .isEqualTo("paid");
          } catch (Exception e) {
            throw new AssertionError(e);
          }
        });
    JsonObject paid = expect(invoices.get("/api/invoices/" + id, business), 200);
    assertThat(paid.getString("payment_reference")).isEqualTo("pay:" + id);
    assertThat(paid.getJsonObject("paid_by").getString("email")).isEqualTo(PAYER_EMAIL);
    assertThat(invoices.rows("select status from payments").get(0).getString(0)).isEqualTo("paid");
    assertThat(transfersOf(wallets, id)).isEqualTo(1);
    assertThat(balance(wallets, BUSINESS, "NGN")).isEqualTo(TOTAL - CHARGE);
    eventually(
        DEADLINE,
        () -> assertThat(only(PAYER_EMAIL).subject()).startsWith("Receipt for invoice " + number));
  }

  /**
   * A payer whose token carries no {@code email} claim (an identity provider asked without the
   * {@code email} scope): the receipt goes to the email of the payer's users profile, found when it
   * is handed over, once, with the paid PDF.
   */
  @Test
  void aPayerWhoseTokenHasNoEmailGetsTheReceiptAtTheirProfileEmail() throws Exception {
    String business = invoices.token(BUSINESS);
    String profileEmail = "bola.wallet@example.org";
    signInToUsers(
        PAYER, Map.of("scope", "users:read users:write", "email", profileEmail, "name", "Bola"));
    JsonObject body = invoice("Bola Ventures");
    body.put("business", new JsonObject().put("name", "Acme Studio").put("email", KEPT_EMAIL));
    String id = createInvoice(invoices, business, body).getString("id");
    JsonObject issued = issue(invoices, business, id);
    String number = issued.getString("number");
    fund(wallets, PAYER, TOTAL, "NGN");

    JsonObject paid = expect(pay(issued, withoutEmail(PAYER)), 200);

    assertThat(paid.getString("status")).isEqualTo("paid");
    JsonObject paidBy =
        expect(invoices.get("/api/invoices/" + id, business), 200).getJsonObject("paid_by");
    assertThat(paidBy.getString("subject")).isEqualTo(PAYER);
    assertThat(paidBy.getString("email")).isNull();
    eventually(
        DEADLINE,
        () ->
            assertThat(timeline(id, business))
                .filteredOn(entry -> entry.getString("type").equals("send.delivered"))
                .extracting(entry -> entry.getString("kind"))
                .containsExactlyInAnyOrder("receipt", "paid_notice"));
    assertThat(allMail()).hasSize(2);
    ReceivedMail receipt = only(profileEmail);
    assertThat(receipt.envelopeTo()).containsExactly(profileEmail);
    assertThat(receipt.subject()).startsWith("Receipt for invoice " + number);
    assertThat(receipt.attachments())
        .singleElement()
        .satisfies(
            pdf -> {
              assertThat(pdf.name()).isEqualTo(number + ".pdf");
              assertThat(pdf.content())
                  .isEqualTo(invoices.getBytes("/api/invoices/" + id + "/pdf", business).body());
            });
    List<JsonObject> receiptEntries =
        timeline(id, business).stream()
            .filter(entry -> "receipt".equals(entry.getString("kind")))
            .toList();
    assertThat(receiptEntries)
        .extracting(entry -> entry.getString("type"))
        .containsExactly("send.queued", "send.sent", "send.delivered");
    assertThat(receiptEntries.get(0).getString("recipient")).isNull();
    assertThat(receiptEntries.get(2).getString("recipient")).isEqualTo(profileEmail);
    assertThat(invoices.rows("select recipient from sends where kind = 'receipt'"))
        .singleElement()
        .satisfies(row -> assertThat(row.getString(0)).isEqualTo(profileEmail));
  }

  /**
   * A payer with no email in their token and none in users (no profile, or a profile made from a
   * token without one): the receipt ends {@code failed} on the invoice's timeline with the reason,
   * after one try, and is not tried again; the paid notice still goes.
   */
  @Test
  void aReceiptForAPayerWithNoEmailAnywhereFailsOnceOnTheTimeline() throws Exception {
    String business = invoices.token(BUSINESS);
    String unknown = "kemi"; // never signed in to users: 404
    String nameless = "tunde"; // signed in with a token without an email claim
    signInToUsers(nameless, Map.of("scope", "users:read users:write"));
    Map<String, String> invoiceOf = new HashMap<>();
    for (String payer : List.of(unknown, nameless)) {
      JsonObject body = invoice("Bola Ventures");
      body.put("business", new JsonObject().put("name", "Acme Studio").put("email", KEPT_EMAIL));
      String id = createInvoice(invoices, business, body).getString("id");
      JsonObject issued = issue(invoices, business, id);
      fund(wallets, payer, TOTAL, "NGN");
      expect(pay(issued, withoutEmail(payer)), 200);
      invoiceOf.put(payer, id);
    }

    for (String id : invoiceOf.values()) {
      eventually(
          DEADLINE,
          () ->
              assertThat(timeline(id, business))
                  .filteredOn(entry -> "receipt".equals(entry.getString("kind")))
                  .extracting(entry -> entry.getString("type"))
                  .containsExactly("send.queued", "send.failed"));
      eventually(
          DEADLINE,
          () ->
              assertThat(timeline(id, business))
                  .filteredOn(entry -> "paid_notice".equals(entry.getString("kind")))
                  .extracting(entry -> entry.getString("type"))
                  .contains("send.delivered"));
      JsonObject failed =
          timeline(id, business).stream()
              .filter(entry -> entry.getString("type").equals("send.failed"))
              .findFirst()
              .orElseThrow();
      assertThat(failed.getString("detail"))
          .isEqualTo(
              "the payer has no email address for a receipt: none in their token, none in their"
                  + " users profile");
    }
    Thread.sleep(1_000); // five relay polls: a failed receipt is not taken again
    assertThat(
            invoices.rows(
                "select status, attempts, recipient, email_id from sends where kind = 'receipt'"))
        .hasSize(2)
        .allSatisfy(
            row -> {
              assertThat(row.getString(0)).isEqualTo("failed");
              assertThat(row.getInteger(1)).isEqualTo(1);
              assertThat(row.getString(2)).isNull();
              assertThat(row.getString(3)).isNull();
            });
    assertThat(allMail())
        .hasSize(2)
        .allSatisfy(mail -> assertThat(mail.envelopeTo()).containsExactly(KEPT_EMAIL));
    assertThat(email.count("messages")).isEqualTo(2);
  }

  /** A wallet-paying token for {@code subject} without {@code email} or {@code name} claims. */
  private String withoutEmail(String subject) {
    return invoices
        .oidc()
        .token(
            subject, OidcProvider.AUDIENCE, Map.of("scope", "wallets:pay"), Duration.ofMinutes(10));
  }

  /** Pays through the pay link of {@code issued}. */
  private HttpResponse<String> pay(JsonObject issued, String payerToken) throws Exception {
    String payUrl = issued.getString("pay_url");
    return invoices.post(
        "/api/invoices/public/" + payUrl.substring(payUrl.lastIndexOf('/') + 1) + "/pay",
        payerToken);
  }

  /** The one message the relays received for {@code address}. */
  private static ReceivedMail only(String address) {
    List<ReceivedMail> to =
        allMail().stream().filter(mail -> mail.envelopeTo().contains(address)).toList();
    assertThat(to).as("mail to %s", address).hasSize(1);
    return to.get(0);
  }

  private List<JsonObject> timeline(String id, String token) {
    try {
      JsonArray items =
          expect(invoices.get("/api/invoices/" + id + "/timeline", token), 200)
              .getJsonArray("items");
      List<JsonObject> entries = new ArrayList<>();
      items.forEach(item -> entries.add((JsonObject) item));
      return entries;
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static List<String> types(List<JsonObject> entries) {
    return entries.stream().map(entry -> entry.getString("type")).toList();
  }

  /** The users profile a first request makes, from a token with exactly these claims. */
  private void signInToUsers(String subject, Map<String, Object> claims) throws Exception {
    expect(
        users.get(
            "/api/users/me",
            users.oidc().token(subject, OidcProvider.AUDIENCE, claims, Duration.ofMinutes(10))),
        200);
  }
}
