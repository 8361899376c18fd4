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
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DeliveryTest {
  private static final Duration DEADLINE = Duration.ofSeconds(15);

  @RegisterExtension static final ServiceFixture email = Mail.fixture(Map.of());

  @BeforeEach
  void relays() {
    email.clean();
    Mail.resetRelays(email);
  }

  @Test
  void aMessageWithAPdfArrivesWithItsBytesAndStableMessageIdThenIsDelivered() throws Exception {
    String token = email.token("acme");
    JsonObject accepted =
        expect(
            email.post(
                "/api/email/messages",
                token,
                Mail.withPdf(Mail.message("ada@example.com"))
                    .put("headers", new JsonObject().put("X-Invoice", "INV-2026-000001"))
                    .put("metadata", new JsonObject().put("invoice_id", "inv_1"))),
            202);
    String id = accepted.getString("id");
    assertThat(accepted.getString("status")).isEqualTo("queued");
    assertThat(id).startsWith("msg_");

    eventually(DEADLINE, () -> assertThat(a().count("<" + id + "@lightweight.test>")).isEqualTo(1));
    var mail = a().mails().get(0);
    assertThat(mail.messageId()).isEqualTo("<" + id + "@lightweight.test>");
    // (AUTH is proven by the 535 failover test: GreenMail forgets a session's login on RSET, and
    // a kept connection is RSET before each message)
    assertThat(mail.envelopeTo()).containsExactly("ada@example.com");
    assertThat(mail.subject()).isEqualTo("Invoice INV-2026-000001");
    assertThat(mail.header("X-Invoice")).isEqualTo("INV-2026-000001");
    assertThat(mail.text().replace("\r\n", "\n")).contains("\n.\nA line with a dot.");
    assertThat(mail.attachments()).hasSize(1);
    assertThat(mail.attachments().get(0).name()).isEqualTo("INV-2026-000001.pdf");
    assertThat(mail.attachments().get(0).content()).isEqualTo(Mail.PDF);
    assertThat(b().mails()).isEmpty();

    eventually(
        DEADLINE,
        () -> {
          JsonObject message = message(token, id);
          assertThat(message.getString("status")).isEqualTo("delivered");
          JsonArray timeline = message.getJsonArray("timeline");
          assertThat(timeline.getJsonObject(0).getString("type")).isEqualTo("attempt");
          assertThat(timeline.getJsonObject(0).getString("provider")).isEqualTo("mailgun");
          assertThat(timeline.getJsonObject(0).getString("outcome")).isEqualTo("accepted");
          assertThat(timeline.getJsonObject(0).getInteger("reply_code")).isEqualTo(250);
          assertThat(timeline.getJsonObject(1).getString("type")).isEqualTo("event");
          assertThat(timeline.getJsonObject(1).getString("event")).isEqualTo("delivered");
          assertThat(message.getJsonArray("recipients").getJsonObject(0).getString("status"))
              .isEqualTo("delivered");
        });
  }

  @Test
  void aRecipientAtTheBouncingDomainEndsBounced() throws Exception {
    String token = email.token("acme");
    String id =
        expect(email.post("/api/email/messages", token, Mail.message("nobody@bounce.test")), 202)
            .getString("id");

    eventually(
        DEADLINE, () -> assertThat(message(token, id).getString("status")).isEqualTo("bounced"));
  }

  @Test
  void sparkPostEventsAreMatchedThroughOurIdInItsMetadata() throws Exception {
    a().stop();
    String token = email.token("acme");
    String id =
        expect(email.post("/api/email/messages", token, Mail.message("ada@example.com")), 202)
            .getString("id");

    eventually(
        DEADLINE, () -> assertThat(message(token, id).getString("status")).isEqualTo("delivered"));
    assertThat(b().count("<" + id + "@lightweight.test>")).isEqualTo(1);
    assertThat(message(token, id).getString("provider")).isEqualTo("sparkpost");
  }

  @Test
  void anIdempotencyKeyReplayAnswersTheFirstMessageAndSendsItOnce() throws Exception {
    String token = email.token("acme");
    var headers = Map.of("Idempotency-Key", "invoice-inv_1-send");
    JsonObject body = Mail.message("ada@example.com");
    String first =
        expect(email.post("/api/email/messages", token, body, headers), 202).getString("id");
    String again =
        expect(email.post("/api/email/messages", token, body, headers), 202).getString("id");

    assertThat(again).isEqualTo(first);
    eventually(
        DEADLINE, () -> assertThat(a().count("<" + first + "@lightweight.test>")).isEqualTo(1));
    assertThat(email.count("messages")).isEqualTo(1);
    assertThat(a().mails()).hasSize(1);
  }

  @Test
  void anotherTenantsMessageIsNotFound() throws Exception {
    String id =
        expect(
                email.post(
                    "/api/email/messages", email.token("acme"), Mail.message("ada@example.com")),
                202)
            .getString("id");

    assertThat(email.get("/api/email/messages/" + id, email.token("other")).statusCode())
        .isEqualTo(404);
  }

  @Test
  void theListFiltersByStatusAndRecipient() throws Exception {
    String token = email.token("acme");
    String delivered =
        expect(email.post("/api/email/messages", token, Mail.message("ada@example.com")), 202)
            .getString("id");
    String bounced =
        expect(email.post("/api/email/messages", token, Mail.message("bob@bounce.test")), 202)
            .getString("id");
    eventually(
        DEADLINE,
        () -> assertThat(message(token, bounced).getString("status")).isEqualTo("bounced"));
    eventually(
        DEADLINE,
        () -> assertThat(message(token, delivered).getString("status")).isEqualTo("delivered"));

    assertThat(ids(token, "?status=bounced")).containsExactly(bounced);
    assertThat(ids(token, "?recipient=ADA@example.com")).containsExactly(delivered);
    assertThat(ids(token, "")).containsExactly(bounced, delivered);
  }

  @Test
  void theListFiltersByTagAndTimeAndPagesWithItsCursor() throws Exception {
    String token = email.token("acme");
    Instant before = Instant.now().minusSeconds(1);
    List<String> sent = new java.util.ArrayList<>();
    for (int i = 0; i < 3; i++) {
      JsonObject body = Mail.message("page" + i + "@example.com");
      if (i < 2) {
        body.put("tags", new JsonArray().add("invoice"));
      }
      sent.add(expect(email.post("/api/email/messages", token, body), 202).getString("id"));
    }
    Instant after = Instant.now().plusSeconds(1);

    assertThat(ids(token, "?tag=invoice")).containsExactly(sent.get(1), sent.get(0));
    assertThat(ids(token, "?created_from=" + after)).isEmpty();
    assertThat(ids(token, "?created_from=" + before + "&created_to=" + after)).hasSize(3);
    assertThat(ids(token, "?created_to=" + before)).isEmpty();

    JsonObject first = expect(email.get("/api/email/messages?limit=2", token), 200);
    assertThat(first.getJsonArray("data")).hasSize(2);
    String cursor = first.getString("next_cursor");
    assertThat(cursor).isNotNull();
    JsonObject second =
        expect(
            email.get(
                "/api/email/messages?limit=2&cursor="
                    + java.net.URLEncoder.encode(cursor, java.nio.charset.StandardCharsets.UTF_8),
                token),
            200);
    assertThat(second.getJsonArray("data")).hasSize(1);
    assertThat(second.getValue("next_cursor")).isNull();
    assertThat(second.getJsonArray("data").getJsonObject(0).getString("id")).isEqualTo(sent.get(0));
  }

  private List<Object> ids(String token, String query) throws Exception {
    return expect(email.get("/api/email/messages" + query, token), 200)
        .getJsonArray("data")
        .stream()
        .map(item -> ((JsonObject) item).getValue("id"))
        .toList();
  }

  static JsonObject message(String token, String id) {
    try {
      return expect(email.get("/api/email/messages/" + id, token), 200);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
