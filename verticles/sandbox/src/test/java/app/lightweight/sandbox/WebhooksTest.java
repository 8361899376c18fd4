package app.lightweight.sandbox;

import static app.lightweight.sandbox.Mailer.await;
import static app.lightweight.sandbox.Mailer.failureOf;
import static app.lightweight.sandbox.Mailer.invoice;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mail.MailClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The relays post their provider's delivery webhooks to a receiver, as the providers do. */
class WebhooksTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private static Vertx vertx;
  private static SmtpRelay mailgun;
  private static SmtpRelay sparkpost;
  private static HttpServer receiver;
  private static final List<Received> received = new CopyOnWriteArrayList<>();
  private static final Queue<Integer> answers = new ConcurrentLinkedQueue<>();
  private final List<MailClient> clients = new ArrayList<>();

  record Received(String path, Map<String, String> headers, String body) {}

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    mailgun = SmtpRelay.start("mailgun", 0, "mailgun", "mailgun-secret");
    sparkpost = SmtpRelay.start("sparkpost", 0, "sparkpost", "sparkpost-secret");
    receiver =
        await(
            vertx
                .createHttpServer()
                .requestHandler(
                    request ->
                        request
                            .body()
                            .onSuccess(
                                body -> {
                                  var headers = new HashMap<String, String>();
                                  request
                                      .headers()
                                      .forEach(h -> headers.put(h.getKey(), h.getValue()));
                                  received.add(
                                      new Received(request.path(), headers, body.toString()));
                                  var status = answers.poll();
                                  request
                                      .response()
                                      .setStatusCode(status == null ? 200 : status)
                                      .end();
                                }))
                .listen(0, "127.0.0.1"));
  }

  @AfterAll
  static void stop() throws Exception {
    mailgun.close();
    sparkpost.close();
    await(vertx.close());
  }

  @BeforeEach
  void clean() {
    for (var relay : List.of(mailgun, sparkpost)) {
      relay.reset();
      relay.webhooks().url(url(relay.name()));
    }
    received.clear();
    answers.clear();
  }

  @AfterEach
  void closeClients() {
    clients.forEach(MailClient::close);
  }

  @Test
  void mailgunPostsOneSignedEventPerRecipientDeliveredBouncedOrDeferred() throws Exception {
    var mail =
        invoice("<inv_1@lightweight.test>", "ada@example.com", "bob@bounce.test", "cy@defer.test");
    mail.addHeader("X-Mailgun-Variables", "{\"invoice_id\":\"inv_1\",\"tenant\":\"t-1\"}");

    await(client(mailgun).sendMail(mail));

    var posts = waitForReceived(3);
    var key = mailgun.webhooks().settings().get("MAILGUN_WEBHOOK_SIGNING_KEY");
    assertThat(key).isNotBlank();
    var tokens = new HashSet<String>();
    var byRecipient = new HashMap<String, JsonObject>();
    for (var post : posts) {
      assertThat(post.path()).isEqualTo("/mailgun");
      assertThat(post.headers().get("Content-Type")).isEqualTo("application/json");
      var body = new JsonObject(post.body());
      var signature = body.getJsonObject("signature");
      assertThat(signature.getString("signature"))
          .isEqualTo(
              hmacSha256(key, signature.getString("timestamp") + signature.getString("token")));
      tokens.add(signature.getString("token"));
      var event = body.getJsonObject("event-data");
      assertThat(event.getJsonObject("message").getJsonObject("headers").getString("message-id"))
          .isEqualTo("inv_1@lightweight.test");
      assertThat(event.getJsonObject("user-variables"))
          .isEqualTo(new JsonObject().put("invoice_id", "inv_1").put("tenant", "t-1"));
      assertThat(event.getString("id")).isNotBlank();
      assertThat(event.getDouble("timestamp")).isPositive();
      byRecipient.put(event.getString("recipient"), event);
    }
    assertThat(tokens).hasSize(3);
    assertThat(byRecipient.get("ada@example.com").getString("event")).isEqualTo("delivered");
    assertThat(
            byRecipient.get("ada@example.com").getJsonObject("delivery-status").getInteger("code"))
        .isEqualTo(250);
    var bounced = byRecipient.get("bob@bounce.test");
    assertThat(bounced.getString("event")).isEqualTo("failed");
    assertThat(bounced.getString("severity")).isEqualTo("permanent");
    assertThat(bounced.getJsonObject("delivery-status").getInteger("code")).isEqualTo(550);
    var deferred = byRecipient.get("cy@defer.test");
    assertThat(deferred.getString("event")).isEqualTo("failed");
    assertThat(deferred.getString("severity")).isEqualTo("temporary");
    assertThat(deferred.getJsonObject("delivery-status").getInteger("code")).isEqualTo(451);
  }

  @Test
  void sparkpostPostsOneBatchWithBasicAuthAndTheMetadataAsRcptMeta() throws Exception {
    var mail =
        invoice("<inv_2@lightweight.test>", "ada@example.com", "bob@bounce.test", "cy@defer.test");
    mail.addHeader(
        "X-MSYS-API",
        "{\"campaign_id\":\"invoices\",\"metadata\":{\"message_id\":\"inv_2@lightweight.test\"}}");

    await(client(sparkpost).sendMail(mail));

    var post = waitForReceived(1).get(0);
    assertThat(post.path()).isEqualTo("/sparkpost");
    var settings = sparkpost.webhooks().settings();
    var credentials =
        settings.get("SPARKPOST_WEBHOOK_USER") + ":" + settings.get("SPARKPOST_WEBHOOK_PASSWORD");
    assertThat(post.headers().get("Authorization"))
        .isEqualTo(
            "Basic "
                + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
    assertThat(post.headers().get("X-MessageSystems-Batch-ID")).isNotBlank();
    var batch = new JsonArray(post.body());
    assertThat(batch).hasSize(3);
    var byRecipient = new HashMap<String, JsonObject>();
    for (int i = 0; i < batch.size(); i++) {
      var event = batch.getJsonObject(i).getJsonObject("msys").getJsonObject("message_event");
      assertThat(event.getJsonObject("rcpt_meta").getString("message_id"))
          .isEqualTo("inv_2@lightweight.test");
      assertThat(event.getString("campaign_id")).isEqualTo("invoices");
      assertThat(event.getString("event_id")).isNotBlank();
      assertThat(event.getString("message_id")).isNotBlank();
      assertThat(event.getString("timestamp")).isNotBlank();
      byRecipient.put(event.getString("rcpt_to"), event);
    }
    assertThat(byRecipient.get("ada@example.com").getString("type")).isEqualTo("delivery");
    var bounced = byRecipient.get("bob@bounce.test");
    assertThat(bounced.getString("type")).isEqualTo("bounce");
    assertThat(bounced.getString("bounce_class")).isEqualTo("10");
    assertThat(bounced.getString("error_code")).isEqualTo("550");
    assertThat(bounced.getString("raw_reason")).contains("5.1.1");
    assertThat(byRecipient.get("cy@defer.test").getString("type")).isEqualTo("delay");
    // one message: one SparkPost message_id for all its recipients
    assertThat(byRecipient.values().stream().map(e -> e.getString("message_id")).distinct())
        .hasSize(1);
  }

  @Test
  void anAnswerThatIsNot2xxIsRetriedWithTheSameBody() throws Exception {
    answers.addAll(List.of(500, 503));

    await(client(sparkpost).sendMail(invoice("<retry@lightweight.test>", "ada@example.com")));

    var posts = waitForReceived(3);
    assertThat(posts).extracting(Received::body).containsOnly(posts.get(0).body());
    assertThat(posts)
        .extracting(p -> p.headers().get("X-MessageSystems-Batch-ID"))
        .containsOnly(posts.get(0).headers().get("X-MessageSystems-Batch-ID"));
    // the relay records an attempt once it has read the answer, just after the server got it
    assertThat(eventually(() -> sparkpost.webhooks().posts().size() == 3)).isTrue();
    assertThat(sparkpost.webhooks().posts())
        .extracting(WebhookPost::status, WebhookPost::attempt)
        .containsExactly(tuple(500, 1), tuple(503, 2), tuple(200, 3));
  }

  @Test
  void mailgunTakes406AsFinal() throws Exception {
    answers.add(406);

    await(client(mailgun).sendMail(invoice("<refused@lightweight.test>", "ada@example.com")));

    assertThat(eventually(() -> received.size() == 1)).isTrue();
    // a retry would come FIRST_RETRY later: watch for four times that long
    assertThat(holdsFor(() -> received.size() == 1, Webhooks.FIRST_RETRY.multipliedBy(4))).isTrue();
    assertThat(mailgun.webhooks().posts()).extracting(WebhookPost::status).containsExactly(406);
  }

  @Test
  void duplicatesPostEveryEventTwiceByteForByte() throws Exception {
    mailgun.webhooks().duplicates(true);

    await(client(mailgun).sendMail(invoice("<dup@lightweight.test>", "ada@example.com")));

    var posts = waitForReceived(2);
    assertThat(posts.get(1).body()).isEqualTo(posts.get(0).body());
  }

  @Test
  void replayPostsAnEarlierSignedBodyAgain() throws Exception {
    await(client(mailgun).sendMail(invoice("<replay@lightweight.test>", "ada@example.com")));
    assertThat(mailgun.webhooks().waitForDelivered(1, TIMEOUT)).isTrue();
    var original = mailgun.webhooks().delivered().get(0);

    var replayed = mailgun.webhooks().replay(original);

    assertThat(replayed.status()).isEqualTo(200);
    var posts = waitForReceived(2);
    assertThat(posts.get(1).body()).isEqualTo(original.body());
  }

  @Test
  void aMessageWhoseConnectionDroppedAfterTheDataIsStillReported() throws Exception {
    mailgun.faults().dropAfterData(1);

    failureOf(client(mailgun).sendMail(invoice("<unknown@lightweight.test>", "ada@example.com")));

    var event = new JsonObject(waitForReceived(1).get(0).body()).getJsonObject("event-data");
    assertThat(event.getString("event")).isEqualTo("delivered");
    assertThat(event.getJsonObject("message").getJsonObject("headers").getString("message-id"))
        .isEqualTo("unknown@lightweight.test");
  }

  private MailClient client(SmtpRelay relay) {
    var client = Mailer.client(vertx, relay, UnaryOperator.identity());
    clients.add(client);
    return client;
  }

  private static String url(String provider) {
    return "http://127.0.0.1:" + receiver.actualPort() + "/" + provider;
  }

  private static List<Received> waitForReceived(int count) {
    assertThat(eventually(() -> received.size() >= count))
        .as("%d webhook requests arrived", count)
        .isTrue();
    return List.copyOf(received);
  }

  private static boolean eventually(BooleanSupplier condition) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
    }
    return true;
  }

  private static boolean holdsFor(BooleanSupplier condition, Duration window) {
    long end = System.nanoTime() + window.toNanos();
    while (System.nanoTime() < end) {
      if (!condition.getAsBoolean()) {
        return false;
      }
      LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
    }
    return true;
  }

  private static String hmacSha256(String key, String data) throws Exception {
    var mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
  }
}
