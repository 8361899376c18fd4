package app.lightweight.email;

import static app.lightweight.email.Mail.a;
import static app.lightweight.email.Mail.b;
import static app.lightweight.shared.testing.ServiceFixture.expect;
import static app.lightweight.shared.testing.TestEnv.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import app.lightweight.shared.testing.ServiceFixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two instances on one database: each message once; one dies mid-send, nothing is lost. */
class TwoInstancesTest {
  private static final Duration DEADLINE = Duration.ofSeconds(60);
  private static final Map<String, String> SHORT_LEASE =
      Map.of("DISPATCH_LEASE_MS", "7000", "SMTP_SEND_TIMEOUT_MS", "4000");

  private final List<ServiceFixture> started = new ArrayList<>();

  @AfterEach
  void close() {
    started.forEach(ServiceFixture::close);
  }

  @Test
  void twoInstancesDeliverFiveHundredMessagesExactlyOnceBetweenThem() throws Exception {
    ServiceFixture one = start();
    ServiceFixture two = start();
    one.clean();
    Mail.resetRelays(one);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      ServiceFixture to = i % 2 == 0 ? one : two;
      ids.add(
          expect(
                  to.post(
                      "/api/email/messages",
                      to.token("acme"),
                      Mail.message("r" + i + "@example.com")),
                  202)
              .getString("id"));
    }

    eventually(
        DEADLINE,
        () ->
            assertThat(a().messageIds().size() + b().messageIds().size())
                .isGreaterThanOrEqualTo(500));
    for (String id : ids) {
      assertThat(a().count(messageId(id)) + b().count(messageId(id))).as(id).isEqualTo(1);
    }
    assertThat(one.rows("select count(distinct a.provider) from attempts a").get(0).getLong(0))
        .isPositive();
  }

  @Test
  void messagesOfAnInstanceThatDiesWhileSendingAreDeliveredByTheOther() throws Exception {
    ServiceFixture doomed = start();
    doomed.clean();
    Mail.resetRelays(doomed);
    a().faults().slowReplies(Duration.ofMillis(400));
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      ids.add(
          expect(
                  doomed.post(
                      "/api/email/messages",
                      doomed.token("acme"),
                      Mail.message("r" + i + "@example.com")),
                  202)
              .getString("id"));
    }
    eventually(
        DEADLINE,
        () ->
            assertThat(
                    doomed
                        .rows("select count(*) from messages where status = 'sending'")
                        .get(0)
                        .getLong(0))
                .isPositive());
    started.remove(doomed);
    doomed.close();
    a().faults().clear();

    ServiceFixture survivor = start();
    eventually(
        DEADLINE,
        () -> {
          for (String id : ids) {
            assertThat(a().count(messageId(id)) + b().count(messageId(id))).as(id).isPositive();
          }
        });
    for (String id : ids) {
      int copies = a().count(messageId(id)) + b().count(messageId(id));
      if (copies > 1) {
        // only when the outcome was unknown, and then with the same Message-ID (counted by it)
        assertThat(
                survivor
                    .rows(
                        "select count(*) from attempts where outcome = 'unknown' and message = '"
                            + id
                            + "'")
                    .get(0)
                    .getLong(0))
            .isPositive();
      }
    }
  }

  private ServiceFixture start() {
    ServiceFixture fixture = Mail.fixture(SHORT_LEASE).start();
    started.add(fixture);
    return fixture;
  }

  private static String messageId(String id) {
    return "<" + id + "@lightweight.test>";
  }
}
