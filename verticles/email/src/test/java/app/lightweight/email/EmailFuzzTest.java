package app.lightweight.email;

import static app.lightweight.shared.testing.ServiceFixture.expect;
import static app.lightweight.shared.testing.TestEnv.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import app.lightweight.shared.testing.ContractFuzzer;
import app.lightweight.shared.testing.ServiceFixture;
import app.lightweight.shared.testing.TestEnv;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every operation of the contract, attacked, the providers' webhooks included: no 5xx, 4xx
 * problem+json, nothing stored changed (every row of every table compared). The webhooks are
 * attacked from a request that is right but for one thing: Mailgun's is signed with the real key
 * but its token was used before (so each variant is forged or replayed), SparkPost's carries the
 * real basic auth (so its body's checks are reached) for a message we never sent.
 */
class EmailFuzzTest {
  private static final Duration DEADLINE = Duration.ofSeconds(30);

  @RegisterExtension
  static final ServiceFixture email =
      Mail.fixture(Map.of("MAILGUN_WEBHOOK_TOLERANCE_SECONDS", "3600"));

  private final HttpClient http = HttpClient.newHttpClient();
  private final Map<String, String> sandbox = TestEnv.sandbox().environment();

  @Test
  void hostileRequestsToEveryOperationAreRefusedAndChangeNothing() throws Exception {
    email.clean();
    Mail.resetRelays(email);
    // one message, settled (sent, delivered, its events relayed) before the snapshot
    String token = email.token("fuzzed-sender");
    String id =
        expect(email.post("/api/email/messages", token, Mail.message("ada@example.com")), 202)
            .getString("id");
    eventually(
        DEADLINE,
        () ->
            assertThat(email.rows("select status from messages").get(0).getString(0))
                .isEqualTo("delivered"));

    JsonObject mailgun = mailgunEvent(id);
    assertThat(post("/api/email/webhooks/mailgun", mailgun.encode(), Map.of()).statusCode())
        .as("the first use of the token is recorded, so every variant below is a replay")
        .isEqualTo(200);
    assertThat(post("/api/email/webhooks/mailgun", mailgun.encode(), Map.of()).statusCode())
        .isEqualTo(401);

    String basic =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(
                    (sandbox.get("SPARKPOST_WEBHOOK_USER")
                            + ":"
                            + sandbox.get("SPARKPOST_WEBHOOK_PASSWORD"))
                        .getBytes(StandardCharsets.UTF_8));
    JsonArray sparkpost = sparkpostBatch("msg_never_sent");
    assertThat(
            post(
                    "/api/email/webhooks/sparkpost",
                    sparkpost.encode(),
                    Map.of("Authorization", basic))
                .statusCode())
        .as("the valid request is served and changes nothing (not our message)")
        .isEqualTo(200);

    ContractFuzzer.of(email, EmailVerticle.CONTRACT)
        .subject("fuzzed-sender")
        .value("id", id)
        .value("Idempotency-Key", "fuzz-key-1")
        .example("mailgunWebhook", mailgun)
        .credentials("sparkpostWebhook", "Authorization", basic)
        .run();
  }

  /** A delivery event for our message, signed as Mailgun signs, with a fresh token. */
  private JsonObject mailgunEvent(String id) {
    String timestamp = String.valueOf(Instant.now().getEpochSecond());
    String token = HexFormat.of().formatHex(("fuzz" + System.nanoTime()).getBytes());
    return new JsonObject()
        .put(
            "signature",
            new JsonObject()
                .put("timestamp", timestamp)
                .put("token", token)
                .put(
                    "signature",
                    sign(sandbox.get("MAILGUN_WEBHOOK_SIGNING_KEY"), timestamp + token)))
        .put(
            "event-data",
            new JsonObject()
                .put("id", "fuzz-event-" + System.nanoTime())
                .put("event", "delivered")
                .put("timestamp", Instant.now().toEpochMilli() / 1000.0)
                .put("recipient", "ada@example.com")
                .put(
                    "message",
                    new JsonObject()
                        .put(
                            "headers",
                            new JsonObject().put("message-id", id + "@lightweight.test")))
                .put("user-variables", new JsonObject().put("lightweight_id", id))
                .put("delivery-status", new JsonObject().put("code", 250).put("message", "OK")));
  }

  private static JsonArray sparkpostBatch(String id) {
    return new JsonArray()
        .add(
            new JsonObject()
                .put(
                    "msys",
                    new JsonObject()
                        .put(
                            "message_event",
                            new JsonObject()
                                .put("event_id", "4242424242")
                                .put("type", "delivery")
                                .put("message_id", "000443ee14578172be22")
                                .put("rcpt_to", "ada@example.com")
                                .put("timestamp", String.valueOf(Instant.now().getEpochSecond()))
                                .put("rcpt_meta", new JsonObject().put("lightweight_id", id)))));
  }

  private static String sign(String key, String text) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private HttpResponse<String> post(String path, String body, Map<String, String> headers)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + email.port() + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(request::header);
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
