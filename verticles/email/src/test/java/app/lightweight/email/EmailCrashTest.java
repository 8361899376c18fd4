package app.lightweight.email;

import static app.lightweight.email.Mail.a;
import static app.lightweight.email.Mail.b;
import static app.lightweight.shared.testing.TestEnv.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import app.lightweight.shared.testing.ChildService;
import app.lightweight.shared.testing.ServiceFixture;
import app.lightweight.shared.testing.TestEnv;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * kill -9 of an instance while it sends: the email service runs as a child JVM (its own main, the
 * test classpath) beside an in-process instance on the same database. The child is killed with
 * SIGKILL while messages are {@code sending}; the survivor delivers every accepted message, a
 * second copy only where an attempt is recorded as an unknown outcome, and then with the same
 * Message-ID (the relays count by it).
 */
class EmailCrashTest {
  private static final Duration DEADLINE = Duration.ofSeconds(90);
  private static final int MESSAGES = 40;
  private static final Map<String, String> SETTINGS =
      Map.of("DISPATCH_LEASE_MS", "7000", "SMTP_SEND_TIMEOUT_MS", "4000");

  /** The survivor: few messages in flight, so that most of those sending are the child's. */
  @RegisterExtension
  static final ServiceFixture survivor =
      Mail.fixture(Map.of("DISPATCH_CONCURRENCY", "2")).env(SETTINGS);

  private final HttpClient http = HttpClient.newHttpClient();
  private final ChildService child = child();

  @AfterEach
  void killChild() {
    a().faults().clear();
    child.kill();
  }

  @Test
  void afterAKillDashNineEveryAcceptedMessageIsDeliveredAndOnlyUnknownOutcomesTwice()
      throws Exception {
    survivor.clean();
    Mail.resetRelays(survivor);
    child.start();
    a().faults().slowReplies(Duration.ofMillis(300));
    String token = survivor.token("acme");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < MESSAGES; i++) {
      HttpResponse<String> accepted =
          http.send(
              HttpRequest.newBuilder(child.uri("/api/email/messages"))
                  .timeout(Duration.ofSeconds(10))
                  .header("Authorization", "Bearer " + token)
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          Mail.message("crash" + i + "@example.com").encode()))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
      ids.add(new JsonObject(accepted.body()).getString("id"));
    }
    // more messages sending than the survivor takes at once: some are the child's
    eventually(DEADLINE, () -> assertThat(sending()).isGreaterThan(2));

    child.kill(); // SIGKILL: no shutdown hook, its leases simply run out
    a().faults().clear();

    eventually(
        DEADLINE,
        () -> {
          for (String id : ids) {
            assertThat(copies(id)).as("copies of %s", id).isPositive();
          }
        });
    eventually(
        DEADLINE,
        () ->
            assertThat(
                    survivor
                        .rows(
                            "select count(*) from messages"
                                + " where status in ('queued', 'sending', 'deferred')")
                        .get(0)
                        .getLong(0))
                .as("messages stuck")
                .isZero());
    for (String id : ids) {
      if (copies(id) > 1) {
        assertThat(
                survivor
                    .rows(
                        "select count(*) from attempts where outcome = 'unknown' and message = '"
                            + id
                            + "'")
                    .get(0)
                    .getLong(0))
            .as("%s arrived %d times: only after an unknown outcome", id, copies(id))
            .isPositive();
      }
    }
  }

  private long sending() {
    return survivor
        .rows("select count(*) from messages where status = 'sending'")
        .get(0)
        .getLong(0);
  }

  private static int copies(String id) {
    String messageId = "<" + id + "@lightweight.test>";
    return a().count(messageId) + b().count(messageId);
  }

  /** EmailMain in a JVM of its own, on the test classpath and the survivor's settings. */
  private static ChildService child() {
    Map<String, String> env = TestEnv.forService(EmailVerticle.NAME);
    env.putAll(Mail.SETTINGS);
    env.putAll(SETTINGS);
    env.put("DISPATCH_CONCURRENCY", "64");
    return ChildService.of(EmailMain.class, env, "email-crash-child");
  }
}
