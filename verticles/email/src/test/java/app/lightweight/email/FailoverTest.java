package app.lightweight.email;

import static app.lightweight.email.Mail.a;
import static app.lightweight.email.Mail.b;
import static app.lightweight.shared.testing.ServiceFixture.expect;
import static app.lightweight.shared.testing.TestEnv.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import app.lightweight.shared.testing.ServiceFixture;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The failover rules of DESIGN.md section 7, against the sandbox's two relays with faults. */
class FailoverTest {
  private static final Duration DEADLINE = Duration.ofSeconds(30);

  @RegisterExtension static final ServiceFixture email = Mail.fixture(Map.of());

  private String token;

  @BeforeEach
  void relays() {
    email.clean();
    Mail.resetRelays(email);
    token = email.token("acme");
    eventually(
        DEADLINE,
        () -> {
          assertThat(breaker("mailgun")).isEqualTo("closed");
          assertThat(breaker("sparkpost")).isEqualTo("closed");
        });
  }

  @Test
  void stoppingRelayAInAStreamOf200LosesNoneAndSendsEachOnceThenTrafficReturnsToA()
      throws Exception {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      if (i == 60) {
        a().stop();
      }
      ids.add(send(Mail.message("reader" + i + "@example.com")));
    }

    eventually(
        DEADLINE,
        () -> {
          for (String id : ids) {
            assertThat(a().count(messageId(id)) + b().count(messageId(id)))
                .as("copies of %s", id)
                .isEqualTo(1);
          }
        });
    assertThat(a().messageIds()).isNotEmpty();
    assertThat(breaker("mailgun")).isEqualTo("open");
    eventually(
        DEADLINE,
        () ->
            assertThat(
                    email
                        .rows(
                            "select count(*) from messages where status not in ('sent', 'delivered')")
                        .get(0)
                        .getLong(0))
                .isZero());

    a().start();
    eventually(DEADLINE, () -> assertThat(breaker("mailgun")).isEqualTo("closed"));
    String after = send(Mail.message("later@example.com"));
    eventually(DEADLINE, () -> assertThat(a().count(messageId(after))).isEqualTo(1));
    assertThat(b().count(messageId(after))).isZero();
  }

  @Test
  void aBlackHoledRelayFailsOverWithinTheBoundThenAtOnceWhileItsBreakerIsOpen() throws Exception {
    a().faults().blackHole();

    long started = System.nanoTime();
    List<String> first = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      first.add(send(Mail.message("ada" + i + "@example.com")));
    }
    eventually(
        DEADLINE, () -> first.forEach(id -> assertThat(b().count(messageId(id))).isEqualTo(1)));
    Duration firstFailover = Duration.ofNanos(System.nanoTime() - started);
    assertThat(firstFailover).isLessThan(Duration.ofSeconds(3));
    eventually(DEADLINE, () -> assertThat(breaker("mailgun")).isEqualTo("open"));

    long next = System.nanoTime();
    String id = send(Mail.message("bob@example.com"));
    eventually(DEADLINE, () -> assertThat(b().count(messageId(id))).isEqualTo(1));
    assertThat(Duration.ofNanos(System.nanoTime() - next)).isLessThan(Duration.ofMillis(1_000));
    assertThat(a().mails()).isEmpty();
  }

  @Test
  void aRejectedLoginFailsOverAndIsInTheTimeline() throws Exception {
    a().faults().rejectLogin();

    String id = send(Mail.message("ada@example.com"));

    eventually(DEADLINE, () -> assertThat(b().count(messageId(id))).isEqualTo(1));
    eventually(
        DEADLINE,
        () -> {
          JsonArray attempts = attempts(id);
          assertThat(attempts).hasSize(2);
          assertThat(attempts.getJsonObject(0).getString("provider")).isEqualTo("mailgun");
          assertThat(attempts.getJsonObject(0).getString("outcome")).isEqualTo("provider_fault");
          assertThat(attempts.getJsonObject(0).getInteger("reply_code")).isEqualTo(535);
          assertThat(attempts.getJsonObject(1).getString("provider")).isEqualTo("sparkpost");
          assertThat(attempts.getJsonObject(1).getString("outcome")).isEqualTo("accepted");
        });
    assertThat(a().mails()).isEmpty();
  }

  @Test
  void aRelayGreetingWith421FailsOver() throws Exception {
    a().faults().unavailable();

    String id = send(Mail.message("ada@example.com"));

    eventually(DEADLINE, () -> assertThat(b().count(messageId(id))).isEqualTo(1));
    eventually(
        DEADLINE,
        () -> assertThat(attempts(id).getJsonObject(0).getInteger("reply_code")).isEqualTo(421));
  }

  @Test
  void recipientRejectionDoesNotTripTheBreaker() throws Exception {
    a().faults().unknownRecipients("nobody@example.com");

    List<String> refused = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      refused.add(send(Mail.message("nobody@example.com")));
    }

    eventually(
        DEADLINE,
        () ->
            refused.forEach(
                id -> {
                  JsonObject message = message(id);
                  assertThat(message.getString("status")).isEqualTo("failed");
                  assertThat(
                          message.getJsonArray("recipients").getJsonObject(0).getString("detail"))
                      .contains("5.1.1");
                }));
    assertThat(b().mails()).isEmpty();
    assertThat(breaker("mailgun")).isEqualTo("closed");
    refused.forEach(id -> assertThat(attempts(id)).hasSize(1));
    String good = send(Mail.message("ada@example.com"));
    eventually(DEADLINE, () -> assertThat(a().count(messageId(good))).isEqualTo(1));
  }

  @Test
  void oneRefusedRecipientFailsAloneAndTheOthersGetTheMessage() throws Exception {
    a().faults().unknownRecipients("nobody@example.com");
    JsonObject body = Mail.message("ada@example.com");
    body.getJsonArray("to").add(new JsonObject().put("address", "nobody@example.com"));

    String id = send(body);

    eventually(DEADLINE, () -> assertThat(a().count(messageId(id))).isEqualTo(1));
    assertThat(a().mails().get(0).envelopeTo()).containsExactly("ada@example.com");
    eventually(
        DEADLINE,
        () -> {
          JsonArray recipients = message(id).getJsonArray("recipients");
          assertThat(recipients.getJsonObject(0).getString("status")).isEqualTo("delivered");
          assertThat(recipients.getJsonObject(1).getString("status")).isEqualTo("failed");
        });
  }

  @Test
  void anUnknownOutcomeIsRetriedLaterThroughTheSameProviderWithTheSameMessageId() throws Exception {
    a().webhooks().url(null);
    a().faults().dropAfterData(1);

    String id = send(Mail.message("ada@example.com"));

    eventually(DEADLINE, () -> assertThat(a().count(messageId(id))).isEqualTo(2));
    assertThat(b().count(messageId(id))).isZero();
    eventually(
        DEADLINE,
        () -> {
          JsonArray attempts = attempts(id);
          assertThat(attempts).hasSize(2);
          assertThat(attempts.getJsonObject(0).getString("outcome")).isEqualTo("unknown");
          assertThat(attempts.getJsonObject(1).getString("provider")).isEqualTo("mailgun");
          assertThat(attempts.getJsonObject(1).getString("outcome")).isEqualTo("accepted");
          assertThat(message(id).getString("status")).isEqualTo("sent");
        });
  }

  @Test
  void aDeliveryReportSettlesAnUnknownOutcomeWithoutSendingAgain() throws Exception {
    a().faults().dropAfterData(1);

    String id = send(Mail.message("ada@example.com"));

    eventually(DEADLINE, () -> assertThat(message(id).getString("status")).isEqualTo("delivered"));
    assertThat(attempts(id).getJsonObject(0).getString("outcome")).isEqualTo("unknown");
    assertThat(a().count(messageId(id)) + b().count(messageId(id))).isEqualTo(1);
  }

  @Test
  void aDeferredRecipientWaitsAndIsSentOnALaterTry() throws Exception {
    a().faults().deferRecipients("ada@example.com");

    String id = send(Mail.message("ada@example.com"));

    eventually(DEADLINE, () -> assertThat(message(id).getString("status")).isEqualTo("deferred"));
    assertThat(b().mails()).isEmpty();
    a().faults().clear();
    eventually(DEADLINE, () -> assertThat(a().count(messageId(id))).isEqualTo(1));
    assertThat(breaker("mailgun")).isEqualTo("closed");
  }

  private String send(JsonObject body) throws Exception {
    return expect(email.post("/api/email/messages", token, body), 202).getString("id");
  }

  private static String messageId(String id) {
    return "<" + id + "@lightweight.test>";
  }

  private JsonObject message(String id) {
    try {
      return expect(email.get("/api/email/messages/" + id, token), 200);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private JsonArray attempts(String id) {
    JsonArray attempts = new JsonArray();
    message(id).getJsonArray("timeline").stream()
        .map(JsonObject.class::cast)
        .filter(entry -> entry.getString("type").equals("attempt"))
        .forEach(attempts::add);
    return attempts;
  }

  static String breaker(String provider) {
    try {
      JsonObject health = new JsonObject(email.get("/health/ready", null).body());
      return health.getJsonArray("checks").stream()
          .map(JsonObject.class::cast)
          .filter(check -> check.getString("id").equals("smtp-" + provider))
          .map(check -> check.getJsonObject("data").getString("breaker"))
          .findFirst()
          .orElseThrow();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
