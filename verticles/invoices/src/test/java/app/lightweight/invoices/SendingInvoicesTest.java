package app.lightweight.invoices;

import static app.lightweight.invoices.EmailUnderTest.allMail;
import static app.lightweight.invoices.EmailUnderTest.part;
import static app.lightweight.invoices.InvoicesUnderTest.createInvoice;
import static app.lightweight.invoices.InvoicesUnderTest.invoice;
import static app.lightweight.invoices.InvoicesUnderTest.issue;
import static app.lightweight.invoices.InvoicesUnderTest.line;
import static app.lightweight.shared.testing.ServiceFixture.expect;
import static app.lightweight.shared.testing.TestEnv.await;
import static app.lightweight.shared.testing.TestEnv.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import app.lightweight.email.EmailVerticle;
import app.lightweight.sandbox.ReceivedMail;
import app.lightweight.shared.cluster.ClusterSettings;
import app.lightweight.shared.cluster.ClusteredVertx;
import app.lightweight.shared.config.Settings;
import app.lightweight.shared.testing.ServiceFixture;
import app.lightweight.shared.testing.TestEnv;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Invoices sent through the real email service: the two services on two clustered Vert.x nodes
 * (Hazelcast over loopback), the sandbox's SMTP relays posting their delivery webhooks to the email
 * service, one PostgreSQL. The first test runs while the email service is not deployed yet.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SendingInvoicesTest {
  private static final Duration DEADLINE = Duration.ofSeconds(60);
  private static final String BUSINESS_EMAIL = "accounts@acme-studio.example";

  private static Vertx invoicesNode;
  private static Vertx emailNode;
  private static ServiceFixture invoices;
  private static ServiceFixture email;
  private static ServiceFixture secondInvoices;
  private static ServiceFixture wallets;
  private static Map<String, String> cluster;

  private String token;

  @BeforeAll
  static void cluster() {
    cluster = new HashMap<>();
    cluster.put("CLUSTER_MODE", "loopback");
    cluster.put("CLUSTER_NAME", "sending-test-" + TestEnv.DATABASE);
    cluster.put("CLUSTER_PORT", "5821");
    ClusterSettings settings = ClusterSettings.from(Settings.of("invoices", cluster));
    invoicesNode = await(ClusteredVertx.start(settings));
    emailNode = await(ClusteredVertx.start(settings));
    invoices =
        InvoicesUnderTest.fixture()
            .env(cluster)
            .env("SEND_RETRY_BASE_MS", "200")
            .env("SEND_RETRY_MAX_MS", "1000")
            .env("SEND_POLL_MS", "200")
            .start(invoicesNode);
  }

  @AfterAll
  static void stop() {
    if (email != null) {
      email.close();
    }
    if (invoices != null) {
      invoices.close();
    }
    if (secondInvoices != null) {
      secondInvoices.close();
    }
    if (wallets != null) {
      wallets.close();
    }
    await(emailNode.close());
    await(invoicesNode.close());
  }

  @BeforeEach
  void clean() {
    invoices.clean();
    if (email != null) {
      email.clean();
    }
    resetRelays();
    token = invoices.token("sending-studio");
  }

  @Test
  @Order(1)
  void sendsAcceptedWhileTheEmailServiceIsAwayAreEachDeliveredOnceWhenItComes() throws Exception {
    assertThat(email).as("this test runs before the email service is deployed").isNull();
    List<String> sendIds = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      String id = issued(invoiceTo("Waiting " + i, "waiting" + i + "@example.ng"));
      JsonObject send = expect(invoices.post("/api/invoices/" + id + "/send", token), 202);
      sendIds.add(send.getString("id"));
    }
    // the relay has tried each of them and keeps them
    eventually(
        DEADLINE,
        () ->
            assertThat(
                    invoices
                        .rows("select count(*) from sends where attempts >= 2")
                        .get(0)
                        .getLong(0))
                .isEqualTo(20));

    // a second instance of the invoices service shares the sends and hears the same events
    secondInvoices =
        InvoicesUnderTest.fixture()
            .env(cluster)
            .env("SEND_RETRY_BASE_MS", "200")
            .env("SEND_RETRY_MAX_MS", "1000")
            .env("SEND_POLL_MS", "200")
            .start(emailNode);
    startEmail();

    eventually(DEADLINE, () -> assertThat(allMail()).hasSize(20));
    eventually(
        DEADLINE,
        () ->
            assertThat(invoices.rows("select status from sends"))
                .extracting(row -> row.getString(0))
                .containsOnly("delivered")
                .hasSize(20));
    List<String> messageIds = allMail().stream().map(ReceivedMail::messageId).toList();
    assertThat(new HashSet<>(messageIds)).hasSize(20);
    assertThat(allMail()).hasSize(20);
    assertThat(email.count("messages")).isEqualTo(20);
    // both instances heard every email event; each is on its timeline once
    eventually(
        DEADLINE,
        () ->
            assertThat(
                    invoices.rows(
                        "select type, count(*) from timeline where type like 'send.%'"
                            + " group by type"))
                .extracting(row -> row.getString(0) + "=" + row.getLong(1))
                .containsExactlyInAnyOrder("send.queued=20", "send.sent=20", "send.delivered=20"));
    assertThat(sendIds).doesNotHaveDuplicates().allSatisfy(id -> assertThat(id).startsWith("snd_"));
  }

  @Test
  @Order(2)
  void anIssuedInvoiceArrivesWithItsPdfAndPayLinkAndItsDeliveryIsOnTheTimeline() throws Exception {
    startEmail();
    String id = issued(invoiceTo("Ada Clinic", "ada@example.ng"));
    JsonObject issued = expect(invoices.get("/api/invoices/" + id, token), 200);

    List<JsonObject> live = new CopyOnWriteArrayList<>();
    MessageConsumer<JsonObject> listener =
        emailNode.eventBus().consumer("invoices.events", event -> live.add(event.body()));
    await(listener.completion());

    JsonObject send = expect(invoices.post("/api/invoices/" + id + "/send", token), 202);

    assertThat(send.getString("id")).startsWith("snd_");
    assertThat(send.getString("kind")).isEqualTo("invoice");
    assertThat(send.getString("status")).isEqualTo("queued");
    assertThat(send.getString("recipient")).isEqualTo("ada@example.ng");
    assertThat(send.getJsonObject("invoice").getString("status")).isEqualTo("sent");
    eventually(DEADLINE, () -> assertThat(allMail()).hasSize(1));
    ReceivedMail mail = allMail().get(0);
    byte[] pdf = invoices.getBytes("/api/invoices/" + id + "/pdf", token).body();
    String number = issued.getString("number");
    String payUrl = issued.getString("pay_url");
    assertThat(mail.envelopeTo()).containsExactly("ada@example.ng");
    assertThat(mail.from()).contains("invoices@lightweight.test").contains("Acme Studio");
    assertThat(mail.header("Reply-To")).contains(BUSINESS_EMAIL);
    assertThat(mail.subject()).isEqualTo("Invoice " + number + " from Acme Studio");
    assertThat(mail.attachments()).hasSize(1);
    assertThat(mail.attachments().get(0).name()).isEqualTo(number + ".pdf");
    assertThat(mail.attachments().get(0).content()).isEqualTo(pdf);
    assertThat(part(mail, "text/html")).contains("href=\"" + payUrl + "\"").contains("Pay now");
    assertThat(part(mail, "text/plain")).contains(payUrl).contains("Ada Clinic");
    assertThat(part(mail, "text/html")).contains(BUSINESS_EMAIL).contains("Due date");
    eventually(
        DEADLINE,
        () ->
            assertThat(types(timeline(id)))
                .containsExactly(
                    "invoice.created",
                    "invoice.issued",
                    "send.queued",
                    "send.sent",
                    "send.delivered"));
    // each entry was published for the live bridge, heard on the other node
    eventually(
        DEADLINE,
        () ->
            assertThat(live)
                .filteredOn(event -> event.getString("type").equals("invoice.timeline"))
                .filteredOn(event -> id.equals(event.getString("subject")))
                .extracting(event -> event.getJsonObject("data").getJsonObject("entry"))
                .extracting(entry -> entry.getString("type"))
                .contains("send.queued", "send.sent", "send.delivered"));
    assertThat(live)
        .filteredOn(event -> id.equals(event.getString("subject")))
        .allSatisfy(
            event ->
                assertThat(event.getJsonObject("data").getString("tenant"))
                    .isEqualTo("sending-studio"));
    await(listener.unregister());
    JsonObject delivered = timeline(id).get(4);
    assertThat(delivered.getString("send_id")).isEqualTo(send.getString("id"));
    assertThat(delivered.getString("kind")).isEqualTo("invoice");
    assertThat(delivered.getString("recipient")).isEqualTo("ada@example.ng");
    assertThat(timeline(id).get(1).getString("number")).isEqualTo(number);
    assertThat(mail.header("Message-ID"))
        .isEqualTo(
            email
                .rows("select message_id from messages")
                .get(0)
                .getString(0)
                .transform(m -> "<" + m + ">"));
  }

  @Test
  @Order(3)
  void aCustomerWhoseAddressBouncesShowsBouncedOnTheTimeline() throws Exception {
    startEmail();
    String id = issued(invoiceTo("Gone Ltd", "nobody@bounce.test"));

    expect(invoices.post("/api/invoices/" + id + "/send", token), 202);

    eventually(
        DEADLINE, () -> assertThat(types(timeline(id))).contains("send.sent", "send.bounced"));
    assertThat(types(timeline(id))).doesNotContain("send.delivered");
    assertThat(invoices.rows("select status from sends").get(0).getString(0)).isEqualTo("bounced");
  }

  @Test
  @Order(4)
  void hostileCustomerAndLineTextIsEscapedInTheHtmlBody() throws Exception {
    startEmail();
    String hostileName = "<script>alert(\"pwned\")</script> & \"Sons\" 'Ltd'";
    String hostileLine = "<img src=x onerror=alert(1)> Design & \"build\"";
    JsonObject body = invoiceTo(hostileName, "hostile@example.ng");
    body.put("lines", new JsonArray().add(line(hostileLine, "1", 50_000_00L, "0")));
    String id = issued(body);

    expect(invoices.post("/api/invoices/" + id + "/send", token), 202);

    eventually(DEADLINE, () -> assertThat(allMail()).hasSize(1));
    String html = part(allMail().get(0), "text/html");
    assertThat(html).doesNotContain("<script").doesNotContain("<img src=x");
    assertThat(html)
        .contains("&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt; &amp; &quot;Sons&quot;")
        .contains("&#39;Ltd&#39;")
        .contains("&lt;img src=x onerror=alert(1)&gt; Design &amp; &quot;build&quot;");
    assertThat(part(allMail().get(0), "text/plain")).contains(hostileName).contains(hostileLine);
  }

  @Test
  @Order(5)
  void draftVoidPaidAndAddresslessInvoicesAreRefusedAndNothingIsRecorded() throws Exception {
    startEmail();
    String draft =
        createInvoice(invoices, token, invoiceTo("Draft Ltd", "d@example.ng")).getString("id");
    String voided = issued(invoiceTo("Void Ltd", "v@example.ng"));
    expect(invoices.post("/api/invoices/" + voided + "/void", token), 200);
    String paid = issued(invoiceTo("Paid Ltd", "p@example.ng"));
    expect(
        invoices.post(
            "/api/invoices/" + paid + "/mark-paid", token, new JsonObject().put("reference", "x")),
        200);
    JsonObject addressless = invoiceTo("Nomail Ltd", null);
    String noEmail = issued(addressless);
    // the paid invoice's business notice goes out first, so that nothing else moves meanwhile
    eventually(
        DEADLINE, () -> assertThat(types(timeline(paid))).contains("send.sent", "send.delivered"));
    long sendsBefore = invoices.count("sends");
    long entriesBefore = invoices.count("timeline");
    long eventsBefore = invoices.count("outbox");

    List<HttpResponse<String>> answers =
        List.of(
            invoices.post("/api/invoices/" + draft + "/send", token),
            invoices.post("/api/invoices/" + voided + "/send", token),
            invoices.post("/api/invoices/" + paid + "/send", token),
            invoices.post("/api/invoices/" + noEmail + "/send", token));

    assertThat(answers).extracting(HttpResponse::statusCode).containsExactly(409, 409, 409, 422);
    assertThat(answers)
        .allSatisfy(
            answer ->
                assertThat(answer.headers().firstValue("Content-Type"))
                    .contains("application/problem+json"));
    assertThat(new JsonObject(answers.get(3).body()).getString("detail"))
        .contains("no customer email");
    assertThat(invoices.count("sends")).isEqualTo(sendsBefore);
    assertThat(invoices.count("timeline")).isEqualTo(entriesBefore);
    assertThat(invoices.count("outbox")).isEqualTo(eventsBefore);
    JsonObject stillIssued = expect(invoices.get("/api/invoices/" + noEmail, token), 200);
    assertThat(stillIssued.getString("status")).isEqualTo("issued");
    // only the paid invoice's business notice went out
    assertThat(allMail()).hasSize(1);
    assertThat(allMail().get(0).envelopeTo()).containsExactly(BUSINESS_EMAIL);
  }

  @Test
  @Order(6)
  void sendingAgainIsARecordedReminderThatIsDeliveredToo() throws Exception {
    startEmail();
    String id = issued(invoiceTo("Slow Payer Ltd", "slow@example.ng"));
    JsonObject first = expect(invoices.post("/api/invoices/" + id + "/send", token), 202);
    int version = first.getJsonObject("invoice").getInteger("version");

    JsonObject reminder = expect(keyed("/api/invoices/" + id + "/send", "r-1"), 202);
    JsonObject replay = expect(keyed("/api/invoices/" + id + "/send", "r-1"), 202);

    assertThat(first.getString("kind")).isEqualTo("invoice");
    assertThat(reminder.getString("kind")).isEqualTo("reminder");
    assertThat(reminder.getJsonObject("invoice").getString("status")).isEqualTo("sent");
    assertThat(reminder.getJsonObject("invoice").getInteger("version")).isEqualTo(version);
    assertThat(replay.getString("id")).isEqualTo(reminder.getString("id"));
    assertThat(invoices.count("sends")).isEqualTo(2);
    eventually(DEADLINE, () -> assertThat(allMail()).hasSize(2));
    assertThat(allMail())
        .extracting(ReceivedMail::subject)
        .anySatisfy(subject -> assertThat(subject).startsWith("Reminder: invoice "));
    eventually(
        DEADLINE,
        () ->
            assertThat(timeline(id))
                .filteredOn(entry -> entry.getString("type").equals("send.delivered"))
                .extracting(entry -> entry.getString("kind"))
                .containsExactlyInAnyOrder("invoice", "reminder"));
  }

  @Test
  @Order(7)
  void markingPaidNotifiesTheBusinessAndIsOnTheTimeline() throws Exception {
    startEmail();
    String id = issued(invoiceTo("Prompt Payer Ltd", "prompt@example.ng"));

    JsonObject paid =
        expect(
            invoices.post(
                "/api/invoices/" + id + "/mark-paid",
                token,
                new JsonObject().put("reference", "GTB transfer 0042")),
            200);

    eventually(DEADLINE, () -> assertThat(allMail()).hasSize(1));
    ReceivedMail notice = allMail().get(0);
    assertThat(notice.envelopeTo()).containsExactly(BUSINESS_EMAIL);
    assertThat(notice.subject())
        .isEqualTo("Invoice " + paid.getString("number") + " to Prompt Payer Ltd was paid");
    assertThat(notice.attachments()).isEmpty();
    assertThat(part(notice, "text/plain")).contains("GTB transfer 0042").contains("Amount paid");
    JsonObject entry =
        timeline(id).stream()
            .filter(e -> e.getString("type").equals("invoice.paid"))
            .findFirst()
            .orElseThrow();
    assertThat(entry.getString("reference")).isEqualTo("GTB transfer 0042");
    assertThat(entry.getJsonObject("amount"))
        .isEqualTo(paid.getJsonObject("totals").getJsonObject("amount_paid"));
    eventually(
        DEADLINE,
        () ->
            assertThat(timeline(id))
                .filteredOn(e -> e.getString("type").equals("send.delivered"))
                .extracting(e -> e.getString("kind"))
                .containsExactly("paid_notice"));
  }

  @Test
  @Order(8)
  void aSendHandedOverAgainAfterALostReplyIsStillOneEmail() throws Exception {
    startEmail();
    String id = issued(invoiceTo("Once Ltd", "once@example.ng"));
    expect(invoices.post("/api/invoices/" + id + "/send", token), 202);
    eventually(
        DEADLINE, () -> assertThat(types(timeline(id))).contains("send.sent", "send.delivered"));

    // as if the reply had been lost, or the relay had died before recording it
    invoices.rows("update sends set email_id = null, status = 'queued', next_attempt_at = now()");
    eventually(
        DEADLINE,
        () ->
            assertThat(invoices.rows("select attempts, email_id from sends"))
                .singleElement()
                .satisfies(row -> assertThat(row.getInteger(0)).isEqualTo(2))
                .satisfies(row -> assertThat(row.getString(1)).isNotNull()));

    assertThat(email.count("messages")).isEqualTo(1);
    assertThat(allMail()).hasSize(1);
  }

  @Test
  @Order(9)
  void thePayPageOpenedTwiceIsOneViewOnTheTimeline() throws Exception {
    String id = issued(invoiceTo("Curious Ltd", "curious@example.ng"));
    String payUrl = expect(invoices.get("/api/invoices/" + id, token), 200).getString("pay_url");
    String path = "/api/invoices/public/" + payUrl.substring(payUrl.lastIndexOf('/') + 1);

    expect(invoices.get(path, null), 200);
    expect(invoices.get(path, null), 200);

    assertThat(types(timeline(id)))
        .containsExactly("invoice.created", "invoice.issued", "invoice.viewed");
    assertThat(invoices.count("outbox")).isPositive();
  }

  @Test
  @Order(10)
  void aWalletPaymentSendsTheReceiptToThePayerAndTheNoticeToTheBusiness() throws Exception {
    startEmail();
    startWallets();
    String id = issued(invoiceTo("Bola Ventures", "shop@bola.example"));
    JsonObject issued = expect(invoices.get("/api/invoices/" + id, token), 200);
    String payUrl = issued.getString("pay_url");
    long total = issued.getJsonObject("totals").getJsonObject("total").getLong("amount");
    WalletsUnderTest.fund(wallets, "bola", total, "NGN");

    expect(
        invoices.post(
            "/api/invoices/public/" + payUrl.substring(payUrl.lastIndexOf('/') + 1) + "/pay",
            invoices.token("bola", "wallets:pay")),
        200);

    eventually(DEADLINE, () -> assertThat(allMail()).hasSize(2));
    ReceivedMail receipt =
        allMail().stream()
            .filter(mail -> mail.envelopeTo().contains("bola@example.com"))
            .findFirst()
            .orElseThrow();
    assertThat(receipt.subject())
        .isEqualTo("Receipt for invoice " + issued.getString("number") + " from Acme Studio");
    assertThat(receipt.header("Reply-To")).contains(BUSINESS_EMAIL);
    assertThat(receipt.attachments()).hasSize(1);
    assertThat(receipt.attachments().get(0).content())
        .isEqualTo(invoices.getBytes("/api/invoices/" + id + "/pdf", token).body());
    assertThat(part(receipt, "text/plain"))
        .contains("Hello Ada bola,")
        .contains("Amount paid")
        .contains("pay:" + id);
    assertThat(part(receipt, "text/html")).doesNotContain("Pay now");
    assertThat(allMail())
        .extracting(mail -> mail.envelopeTo().get(0))
        .containsExactlyInAnyOrder("bola@example.com", BUSINESS_EMAIL);
    eventually(
        DEADLINE,
        () ->
            assertThat(timeline(id))
                .filteredOn(e -> e.getString("type").equals("send.delivered"))
                .extracting(e -> e.getString("kind") + " " + e.getString("recipient"))
                .containsExactlyInAnyOrder(
                    "receipt bola@example.com", "paid_notice " + BUSINESS_EMAIL));
    assertThat(types(timeline(id))).contains("invoice.paid");
  }

  // ---- the services and the relays

  private static synchronized void startWallets() {
    if (wallets == null) {
      wallets = WalletsUnderTest.fixture().env(cluster).start(emailNode);
    }
    wallets.clean();
    WalletsUnderTest.provider(wallets);
  }

  private static synchronized void startEmail() {
    if (email != null) {
      return;
    }
    // what an earlier run left, emptied before the service can take a message: the invoices
    // relays send as soon as its email.send consumer is up, and a truncate after the start
    // raced with those first messages (and with the dispatcher's claim), wiping some of them
    var leftovers = TestEnv.pool(emailNode, EmailVerticle.NAME);
    try {
      await(
          leftovers
              .query(
                  "do $$ begin if to_regclass('email.messages') is not null then truncate"
                      + " email.messages, email.recipients, email.attachments, email.attempts,"
                      + " email.provider_events, email.webhook_receipts, email.outbox,"
                      + " email.idempotency_keys; end if; end $$")
              .execute());
    } finally {
      await(leftovers.close());
    }
    email = EmailUnderTest.fixture(cluster).start(emailNode);
    resetRelays();
  }

  private static void resetRelays() {
    EmailUnderTest.resetRelays(email);
  }

  // ---- invoices

  private static JsonObject invoiceTo(String customer, String address) {
    JsonObject body = invoice(customer);
    body.getJsonObject("customer").put("name", customer).put("email", address);
    body.put(
        "business",
        new JsonObject()
            .put("name", "Acme Studio")
            .put("email", BUSINESS_EMAIL)
            .put(
                "address",
                new JsonObject()
                    .put("line1", "1 Marina")
                    .put("city", "Lagos")
                    .put("country", "NG")));
    return body;
  }

  private String issued(JsonObject body) throws Exception {
    String id = createInvoice(invoices, token, body).getString("id");
    issue(invoices, token, id);
    return id;
  }

  private List<JsonObject> timeline(String id) {
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

  private HttpResponse<String> keyed(String path, String key) throws Exception {
    return invoices.send(
        invoices
            .request(path, token, Map.of("Idempotency-Key", key))
            .POST(HttpRequest.BodyPublishers.noBody()));
  }

  private static List<String> types(List<JsonObject> entries) {
    return entries.stream().map(entry -> entry.getString("type")).toList();
  }
}
