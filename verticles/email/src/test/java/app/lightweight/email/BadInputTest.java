package app.lightweight.email;

import static app.lightweight.shared.testing.ServiceFixture.expect;
import static org.assertj.core.api.Assertions.assertThat;

import app.lightweight.shared.testing.ServiceFixture;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Bad input is a 400 problem naming the field, and nothing is queued. */
class BadInputTest {
  @RegisterExtension
  static final ServiceFixture email = Mail.fixture(Map.of("MAX_ATTACHMENT_BYTES", "1000"));

  @BeforeEach
  void clean() {
    email.clean();
  }

  @Test
  void headerInjectionInAnyFieldIsRefused() throws Exception {
    refused(m -> m.put("subject", "Invoice\r\nBcc: everyone@example.com"), "/subject");
    refused(m -> m.getJsonObject("from").put("name", "Acme\nBcc: x@example.com"), "/from/name");
    refused(
        m -> m.put("to", new JsonArray().add(new JsonObject().put("address", "a@example.com\r\n"))),
        "/to/0/address");
    refused(
        m -> m.put("headers", new JsonObject().put("X-Note", "a\r\nBcc: x@y.z")),
        "/headers/X-Note");
    refused(
        m ->
            Mail.withPdf(m)
                .getJsonArray("attachments")
                .getJsonObject(0)
                .put("file_name", "a\r\n.pdf"),
        "/attachments/0/file_name");
  }

  @Test
  void badAddressesRecipientsBodiesAndSendersAreRefused() throws Exception {
    refused(
        m -> m.put("to", new JsonArray().add(new JsonObject().put("address", "not an address"))),
        "/to/0/address");
    refused(m -> m.put("to", new JsonArray()), "/to");
    refused(m -> m.remove("text"), "/text");
    refused(m -> m.getJsonObject("from").put("address", "billing@elsewhere.test"), "/from/address");
    refused(m -> m.put("headers", new JsonObject().put("Bcc", "x@example.com")), "/headers/Bcc");
    JsonArray many = new JsonArray();
    for (int i = 0; i < 51; i++) {
      many.add(new JsonObject().put("address", "r" + i + "@example.com"));
    }
    refused(m -> m.put("cc", many), "/to");
  }

  @Test
  void attachmentsOverTheLimitOrWithBadBase64AreRefused() throws Exception {
    refused(
        m ->
            Mail.withPdf(m)
                .getJsonArray("attachments")
                .getJsonObject(0)
                .put("content", "%%% not base64 %%%"),
        "/attachments/0/content");
    refused(
        m ->
            Mail.withPdf(m)
                .getJsonArray("attachments")
                .getJsonObject(0)
                .put("content", Base64.getEncoder().encodeToString(new byte[1001])),
        "/attachments");
  }

  private void refused(Consumer<JsonObject> change, String pointer) throws Exception {
    JsonObject body = Mail.message("ada@example.com");
    change.accept(body);
    HttpResponse<String> response = email.post("/api/email/messages", email.token("acme"), body);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(new JsonObject(response.body()).getJsonArray("errors").encode()).contains(pointer);
    assertThat(email.count("messages")).isZero();
    assertThat(email.count("outbox")).isZero();
  }

  @Test
  void theSendScopeIsRequired() throws Exception {
    var response =
        email.post(
            "/api/email/messages",
            email.token("acme", "email:read"),
            Mail.message("a@example.com"));
    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(email.count("messages")).isZero();
    expect(email.get("/api/email/messages", email.token("acme", "email:read")), 200);
  }
}
