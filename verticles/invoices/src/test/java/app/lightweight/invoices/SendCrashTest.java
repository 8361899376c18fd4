package app.lightweight.invoices;

import static app.lightweight.invoices.InvoicesUnderTest.invoice;
import static app.lightweight.shared.testing.TestEnv.await;
import static app.lightweight.shared.testing.TestEnv.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import app.lightweight.sandbox.OidcProvider;
import app.lightweight.sandbox.ReceivedMail;
import app.lightweight.sandbox.SmtpRelay;
import app.lightweight.shared.cluster.ClusterSettings;
import app.lightweight.shared.cluster.ClusteredVertx;
import app.lightweight.shared.config.Settings;
import app.lightweight.shared.testing.ChildService;
import app.lightweight.shared.testing.ServiceFixture;
import app.lightweight.shared.testing.TestEnv;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The send relay's promise under SIGKILL: the invoices service as its own JVM on the cluster, the
 * real email service on the test's clustered node with the sandbox's SMTP relays. Invoices are sent
 * all at once and the service is killed while their sends are being handed over: as the email
 * service's answer to one {@code email.send} leaves its node (so that message is stored and
 * invoices never hears it), once some but not all of the mails are at the relays. After a restart
 * every send is handed over, each as exactly one email, and each invoice's timeline shows each send
 * once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SendCrashTest {
  private static final Logger LOG = LoggerFactory.getLogger(SendCrashTest.class);

  private static final int INVOICES = 30;
  private static final long REPLY_DELAY_MS = 150;
  private static final Duration DEADLINE = Duration.ofSeconds(40);

  private final HttpClient http = HttpClient.newHttpClient();
  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final String business = "send-crash-" + run;
  private Vertx emailNode;
  private ServiceFixture email;
  private Pool invoicesDb;
  private ChildService service;
  private String token;

  @BeforeAll
  void start() {
    Map<String, String> cluster = new HashMap<>();
    cluster.put("CLUSTER_MODE", "loopback");
    cluster.put("CLUSTER_NAME", "send-crash-" + TestEnv.DATABASE);
    cluster.put("CLUSTER_PORT", "5941");
    Map<String, String> env = new HashMap<>(TestEnv.forService("invoices"));
    env.putAll(cluster);
    env.put("SEND_POLL_MS", "200");
    env.put("SEND_RETRY_BASE_MS", "200");
    env.put("SEND_RETRY_MAX_MS", "1000");
    // what the killed service held is due again after this
    env.put("SEND_LEASE_MS", "4000");
    env.put("SEND_REPLY_TIMEOUT_MS", "3000");
    // the email events published while it was down are not heard again: the reconciler asks
    env.put("SEND_RECONCILE_EVERY_MS", "500");
    env.put("SEND_RECONCILE_AFTER_MS", "2000");
    service = ChildService.of(InvoicesMain.class, env, "send-crash");
    emailNode = await(ClusteredVertx.start(ClusterSettings.from(Settings.of("invoices", cluster))));
    email = EmailUnderTest.fixture(cluster).start(emailNode);
    email.clean();
    EmailUnderTest.resetRelays(email);
    invoicesDb = TestEnv.pool(emailNode, "invoices");
    token =
        TestEnv.sandbox()
            .oidc()
            .token(
                business,
                OidcProvider.AUDIENCE,
                Map.of("scope", InvoicesUnderTest.ALL_SCOPES),
                Duration.ofMinutes(10));
  }

  @AfterAll
  void stop() {
    if (service != null) {
      service.close();
    }
    if (email != null) {
      email.close();
    }
    if (emailNode != null) {
      await(emailNode.close());
    }
  }

  @Test
  void sendsBeingHandedOverWhenTheServiceIsKilledAreEachOneEmailAfterTheRestart() throws Exception {
    service.start();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < INVOICES; i++) {
      JsonObject body = invoice("Crash Customer " + i);
      body.getJsonObject("customer").put("email", address(i));
      String id = answer(post("/api/invoices", body), 201).getString("id");
      answer(post("/api/invoices/" + id + "/issue", null), 200);
      ids.add(id);
    }

    AtomicBoolean killed = new AtomicBoolean();
    AtomicInteger mailsAtTheKill = new AtomicInteger(-1);
    emailNode
        .eventBus()
        .addOutboundInterceptor(
            delivery -> {
              if (!(delivery.body() instanceof JsonObject reply
                  && reply.getString("id", "").startsWith("msg_")
                  && reply.containsKey("message_id"))) {
                delivery.next();
                return;
              }
              // email.send's answers travel a slow network: the relay's hand-over outlasts the
              // first mails at the relays however fast the machine is
              emailNode.setTimer(
                  REPLY_DELAY_MS,
                  later -> {
                    if (ourMail().size() > 0 && killed.compareAndSet(false, true)) {
                      // SIGKILL: this message is stored, invoices never hears so
                      service.kill();
                      mailsAtTheKill.set(ourMail().size());
                    }
                    delivery.next();
                  });
            });

    Map<String, String> accepted = new ConcurrentHashMap<>(); // invoice id -> send id, 202s
    List<CompletableFuture<?>> sends = new ArrayList<>();
    for (String id : ids) {
      sends.add(
          http.sendAsync(post("/api/invoices/" + id + "/send", null), ofString())
              .thenAccept(
                  response -> {
                    if (response.statusCode() == 202) {
                      accepted.put(id, new JsonObject(response.body()).getString("id"));
                    }
                  }));
    }
    sends.forEach(send -> send.handle((done, failure) -> null).join());
    eventually(
        DEADLINE,
        () ->
            assertThat(mailsAtTheKill)
                .as("killed while sends were handed over")
                .hasPositiveValue());
    assertThat(service.awaitExit(Duration.ofSeconds(30))).as("the service is gone").isTrue();
    List<Row> atTheKill = rows("select id, email_id from sends where tenant = $1");
    long handedOverAtTheKill = atTheKill.stream().filter(row -> row.getString(1) != null).count();
    LOG.info(
        "SendCrashTest: killed with {} of {} sends answered 202, {} recorded, {} handed over, {}"
            + " mails at the relays",
        accepted.size(),
        INVOICES,
        atTheKill.size(),
        handedOverAtTheKill,
        mailsAtTheKill.get());
    assertThat(mailsAtTheKill.get()).as("mails at the kill").isBetween(1, INVOICES - 1);
    assertThat(handedOverAtTheKill).as("handed over at the kill").isLessThan(atTheKill.size());

    service.start();

    eventually(
        DEADLINE,
        () ->
            assertThat(rows("select id from sends where tenant = $1 and email_id is null"))
                .as("sends not handed over")
                .isEmpty());
    List<Row> recorded =
        rows("select id, invoice_id, message_id, status, email_id from sends where tenant = $1");
    assertThat(recorded).hasSizeGreaterThanOrEqualTo(accepted.size());
    eventually(DEADLINE, () -> assertThat(ourMail()).hasSizeGreaterThanOrEqualTo(recorded.size()));
    // the email service has sent all it stored: nothing more is coming
    eventually(
        DEADLINE,
        () ->
            assertThat(
                    email.rows(
                        "select count(*) from messages where tenant = '"
                            + business
                            + "' and status = 'queued'"))
                .singleElement()
                .satisfies(row -> assertThat(row.getLong(0)).isZero()));

    // and every send learns its email's outcome, also those whose events came while it was down
    eventually(
        DEADLINE,
        () ->
            assertThat(rows("select status from sends where tenant = $1"))
                .extracting(row -> row.getString(0))
                .as("statuses of the sends")
                .containsOnly("delivered"));
    Map<String, Row> bySend =
        recorded.stream().collect(Collectors.toMap(row -> row.getString(0), Function.identity()));
    // every send answered 202 was kept, and each send is one message and one email
    assertThat(bySend.keySet()).containsAll(accepted.values());
    assertThat(recorded).extracting(row -> row.getString(3)).doesNotContain("failed");
    List<ReceivedMail> mails = ourMail();
    assertThat(mails)
        .extracting(mail -> mail.envelopeTo() + " " + mail.messageId())
        .as("emails at the relays")
        .hasSize(recorded.size());
    assertThat(
            email.rows(
                "select metadata->>'send_id', count(*) from messages where tenant = '"
                    + business
                    + "' group by 1"))
        .extracting(row -> row.getString(0) + "=" + row.getLong(1))
        .containsExactlyInAnyOrderElementsOf(
            bySend.keySet().stream().map(id -> id + "=1").toList());
    // each send's message, found by the send id in its metadata, is at the relays once and is the
    // one the send records
    int withoutMessageId = 0;
    for (Row message :
        email.rows(
            "select metadata->>'send_id', id, message_id from messages where tenant = '"
                + business
                + "'")) {
      Row send = bySend.get(message.getString(0));
      String messageId = message.getString(2);
      assertThat(EmailUnderTest.relays().stream().mapToInt(relay -> relay.count(messageId)).sum())
          .as("emails of %s (%s)", message.getString(0), messageId)
          .isEqualTo(1);
      assertThat(send.getString(4))
          .as("message of %s", send.getString(0))
          .isEqualTo(message.getString(1));
      if (send.getString(2) == null) {
        withoutMessageId++;
      } else {
        assertThat(send.getString(2)).isEqualTo("<" + messageId + ">");
      }
    }
    // an invoice whose send was never answered either has no send or one, emailed once
    for (int i = 0; i < INVOICES; i++) {
      String id = ids.get(i);
      String to = address(i);
      long sendsOf = recorded.stream().filter(row -> row.getString(1).equals(id)).count();
      assertThat(sendsOf).as("sends of %s", id).isLessThanOrEqualTo(1);
      assertThat(mails.stream().filter(mail -> mail.envelopeTo().contains(to)).count())
          .as("emails to %s", to)
          .isEqualTo(sendsOf);
    }

    // each send once on its invoice's timeline, each step of it at most once
    int withoutSent = 0;
    for (String id : ids) {
      List<JsonObject> entries = timeline(id);
      List<String> sendIds =
          recorded.stream()
              .filter(row -> row.getString(1).equals(id))
              .map(row -> row.getString(0))
              .toList();
      List<JsonObject> steps =
          entries.stream().filter(entry -> entry.getString("type").startsWith("send.")).toList();
      assertThat(steps)
          .filteredOn(entry -> entry.getString("type").equals("send.queued"))
          .extracting(entry -> entry.getString("send_id"))
          .as("queued sends of %s", id)
          .containsExactlyInAnyOrderElementsOf(sendIds);
      assertThat(steps)
          .extracting(entry -> entry.getString("type") + " " + entry.getString("send_id"))
          .as("timeline of %s", id)
          .doesNotHaveDuplicates();
      assertThat(steps)
          .extracting(entry -> entry.getString("send_id"))
          .allSatisfy(sendId -> assertThat(sendIds).contains(sendId));
      if (!sendIds.isEmpty()
          && steps.stream().noneMatch(e -> e.getString("type").equals("send.sent"))) {
        withoutSent++;
      }
      assertThat(steps)
          .extracting(entry -> entry.getString("type") + " " + entry.getString("send_id"))
          .as("timeline of %s", id)
          .containsAll(
              sendIds.stream()
                  .flatMap(sendId -> Stream.of("send.sent " + sendId, "send.delivered " + sendId))
                  .toList());
    }
    LOG.info(
        "SendCrashTest: {} sends, {} emails; {} timelines without send.sent (its event came while"
            + " the service was down); statuses {}; {} sends without their Message-ID",
        recorded.size(),
        mails.size(),
        withoutSent,
        rows("select status, count(*) from sends where tenant = $1 group by 1").stream()
            .map(row -> row.getString(0) + "=" + row.getLong(1))
            .toList(),
        withoutMessageId);
  }

  private String address(int i) {
    return "customer" + i + "." + run + "@example.ng";
  }

  /** The mails at both relays that this run's sends caused. */
  private List<ReceivedMail> ourMail() {
    List<ReceivedMail> ours = new ArrayList<>();
    for (SmtpRelay relay : EmailUnderTest.relays()) {
      for (ReceivedMail mail : relay.mails()) {
        if (mail.envelopeTo().stream().anyMatch(to -> to.endsWith("." + run + "@example.ng"))) {
          ours.add(mail);
        }
      }
    }
    return ours;
  }

  private List<JsonObject> timeline(String id) throws Exception {
    JsonArray items =
        answer(
                HttpRequest.newBuilder(service.uri("/api/invoices/" + id + "/timeline"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + token)
                    .build(),
                200)
            .getJsonArray("items");
    List<JsonObject> entries = new ArrayList<>();
    items.forEach(item -> entries.add((JsonObject) item));
    return entries;
  }

  private List<Row> rows(String sql) {
    List<Row> rows = new ArrayList<>();
    await(invoicesDb.preparedQuery(sql).execute(Tuple.of(business))).forEach(rows::add);
    return rows;
  }

  private HttpRequest post(String path, JsonObject body) {
    return service.post(path, token, body);
  }

  private JsonObject answer(HttpRequest request, int status) throws Exception {
    HttpResponse<String> answer = http.send(request, ofString());
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
    return new JsonObject(answer.body());
  }

  private static HttpResponse.BodyHandler<String> ofString() {
    return HttpResponse.BodyHandlers.ofString();
  }
}
