package app.lightweight.email;

import static app.lightweight.email.Mail.a;
import static app.lightweight.email.Mail.b;
import static app.lightweight.shared.testing.ServiceFixture.expect;
import static app.lightweight.shared.testing.TestEnv.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import app.lightweight.email.webhooks.WebhookRoutes;
import app.lightweight.shared.testing.ServiceFixture;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/** Forged, replayed and duplicated webhooks change nothing. */
class WebhookSecurityTest {
  private static final Duration DEADLINE = Duration.ofSeconds(20);

  @RegisterExtension static final ServiceFixture email = Mail.fixture(Map.of());

  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void relays() {
    email.clean();
    Mail.resetRelays(email);
  }

  @Test
  void aReplayedMailgunTokenIsRefusedAndAForgedSignatureToo() throws Exception {
    String token = email.token("acme");
    String id =
        expect(email.post("/api/email/messages", token, Mail.message("ada@example.com")), 202)
            .getString("id");
    assertThat(a().webhooks().waitForDelivered(1, DEADLINE)).isTrue();
    long events = email.count("provider_events");

    var replay = a().webhooks().replay(a().webhooks().delivered().get(0));
    assertThat(replay.status()).isEqualTo(401);

    JsonObject forged = new JsonObject(a().webhooks().delivered().get(0).body());
    forged.getJsonObject("signature").put("token", "another-token-" + System.nanoTime());
    assertThat(post("/api/email/webhooks/mailgun", forged.encode(), null).statusCode())
        .isEqualTo(401);
    assertThat(email.count("provider_events")).isEqualTo(events);
    assertThat(expect(email.get("/api/email/messages/" + id, token), 200).getString("status"))
        .isEqualTo("delivered");
  }

  @Test
  void aRefusedWebhookIsLogged() throws Exception {
    Logger logger = (Logger) LoggerFactory.getLogger(WebhookRoutes.class);
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.start();
    logger.addAppender(lines);
    try {
      assertThat(post("/api/email/webhooks/sparkpost", "[]", "Basic d3Jvbmc6d3Jvbmc=").statusCode())
          .isEqualTo(401);
      assertThat(post("/api/email/webhooks/mailgun", "{\"signature\":{}}", null).statusCode())
          .isEqualTo(401);
    } finally {
      logger.detachAppender(lines);
    }
    assertThat(lines.list)
        .extracting(ILoggingEvent::getFormattedMessage)
        .anySatisfy(line -> assertThat(line).contains("sparkpost webhook refused from"))
        .anySatisfy(line -> assertThat(line).contains("mailgun webhook refused from"));
    assertThat(lines.list).allSatisfy(line -> assertThat(line.getLevel()).isEqualTo(Level.WARN));
  }

  @Test
  void sparkPostNeedsItsBasicAuthAndDuplicateBatchesCountOnce() throws Exception {
    a().stop();
    b().webhooks().duplicates(true);
    String token = email.token("acme");
    String id =
        expect(email.post("/api/email/messages", token, Mail.message("ada@example.com")), 202)
            .getString("id");
    assertThat(b().webhooks().waitForDelivered(2, DEADLINE)).isTrue();

    eventually(
        DEADLINE,
        () ->
            assertThat(
                    email
                        .rows("select count(*) from provider_events where provider = 'sparkpost'")
                        .get(0)
                        .getLong(0))
                .isEqualTo(1));
    String batch = b().webhooks().delivered().get(0).body();
    assertThat(post("/api/email/webhooks/sparkpost", batch, "Basic d3Jvbmc6d3Jvbmc=").statusCode())
        .isEqualTo(401);
    assertThat(new JsonArray(batch)).isNotEmpty();
    assertThat(expect(email.get("/api/email/messages/" + id, token), 200).getString("status"))
        .isEqualTo("delivered");
  }

  /**
   * A recipient reported delivered a second time (both providers took a message whose first try had
   * an unknown outcome) is on the timeline twice but is one {@code email.delivered}; a complaint
   * after the delivery is a change of its own. Each report comes in a batch of its own, posted as
   * the relay posts them.
   */
  @Test
  void aSecondDeliveryReportIsOnTheTimelineButNotASecondEvent() throws Exception {
    a().stop();
    String token = email.token("acme");
    String id =
        expect(email.post("/api/email/messages", token, Mail.message("ada@example.com")), 202)
            .getString("id");
    assertThat(b().webhooks().waitForDelivered(1, DEADLINE)).isTrue();
    var delivery = b().webhooks().delivered().get(0);
    eventually(DEADLINE, () -> assertThat(outbox("email.delivered")).isEqualTo(1));

    assertThat(repost(delivery, "delivery").statusCode()).isEqualTo(200);
    assertThat(email.count("provider_events")).isEqualTo(2);
    assertThat(outbox("email.delivered")).isEqualTo(1);
    assertThat(expect(email.get("/api/email/messages/" + id, token), 200).getString("status"))
        .isEqualTo("delivered");

    assertThat(repost(delivery, "spam_complaint").statusCode()).isEqualTo(200);
    assertThat(outbox("email.complained")).isEqualTo(1);
    JsonObject complained = expect(email.get("/api/email/messages/" + id, token), 200);
    assertThat(complained.getString("status")).isEqualTo("complained");
    assertThat(complained.getJsonArray("recipients").getJsonObject(0).getString("status"))
        .isEqualTo("complained");
  }

  /** The relay's batch again with a new event id, batch id and type. */
  private HttpResponse<String> repost(app.lightweight.sandbox.WebhookPost earlier, String type)
      throws Exception {
    JsonArray batch = new JsonArray(earlier.body());
    batch
        .getJsonObject(0)
        .getJsonObject("msys")
        .getJsonObject("message_event")
        .put("type", type)
        .put("event_id", String.valueOf(System.nanoTime()));
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + email.port() + "/api/email/webhooks/sparkpost"))
            .header("Content-Type", "application/json")
            .header("Authorization", earlier.headers().get("Authorization"))
            .header("X-MessageSystems-Batch-ID", "batch-" + System.nanoTime())
            .POST(HttpRequest.BodyPublishers.ofString(batch.encode()))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private long outbox(String type) {
    return email.rows("select count(*) from outbox where type = '" + type + "'").get(0).getLong(0);
  }

  private HttpResponse<String> post(String path, String body, String authorization)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + email.port() + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
