package app.lightweight.email;

import app.lightweight.sandbox.Sandbox;
import app.lightweight.sandbox.SmtpRelay;
import app.lightweight.shared.testing.ServiceFixture;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Base64;
import java.util.Map;

/** What the email tests share: the fixture's settings, sample messages, the relays. */
final class Mail {
  static final byte[] PDF = {'%', 'P', 'D', 'F', '-', '1', '.', '7', 0, (byte) 0xff, '\n', '.'};

  /** The tests' settings beside the test environment's: short timeouts, backoffs and polls. */
  static final Map<String, String> SETTINGS =
      Map.of(
          "SENDER_DOMAINS", "lightweight.test",
          "SMTP_HANDSHAKE_TIMEOUT_MS", "1500",
          "BREAKER_RESET_TIMEOUT_MS", "1000",
          "RETRY_BASE_MS", "500",
          "RETRY_MAX_MS", "1000",
          "RETRY_AFTER_UNKNOWN_MS", "3000",
          "DISPATCH_POLL_MS", "100");

  private Mail() {}

  static ServiceFixture fixture(Map<String, String> more) {
    warmIssuer();
    return ServiceFixture.of(EmailVerticle.NAME, EmailVerticle::new)
        .tables(
            "messages",
            "recipients",
            "attachments",
            "attempts",
            "provider_events",
            "webhook_receipts",
            "outbox",
            "idempotency_keys")
        .scopes("email:send email:read")
        .keepDataBetweenTests()
        .env(SETTINGS)
        .env(more);
  }

  /**
   * The sandbox's OIDC issuer answers its first discovery slowly on a loaded machine, slower than
   * the service's 5 s bound: ask it once, patiently, before the service starts.
   */
  private static void warmIssuer() {
    try {
      String issuer = Sandbox.shared().environment().get("OIDC_ISSUER");
      java.net.http.HttpClient.newHttpClient()
          .send(
              java.net.http.HttpRequest.newBuilder(
                      java.net.URI.create(issuer + "/.well-known/openid-configuration"))
                  .timeout(java.time.Duration.ofSeconds(60))
                  .build(),
              java.net.http.HttpResponse.BodyHandlers.discarding());
    } catch (Exception e) {
      throw new IllegalStateException("the sandbox's issuer does not answer", e);
    }
  }

  static SmtpRelay a() {
    return Sandbox.shared().mailgun();
  }

  static SmtpRelay b() {
    return Sandbox.shared().sparkpost();
  }

  /**
   * Both relays up, empty, without faults, posting their webhooks to this service; the connections
   * the service keeps are cut, so a fault set next meets a new session.
   */
  static void resetRelays(ServiceFixture email) {
    for (SmtpRelay relay : new SmtpRelay[] {a(), b()}) {
      relay.stop();
      relay.start();
      relay.reset();
      relay.webhooks().duplicates(false);
      relay
          .webhooks()
          .url("http://127.0.0.1:" + email.port() + "/api/email/webhooks/" + relay.name());
    }
  }

  static JsonObject message(String to) {
    return new JsonObject()
        .put(
            "from", new JsonObject().put("address", "billing@lightweight.test").put("name", "Acme"))
        .put("to", new JsonArray().add(new JsonObject().put("address", to)))
        .put("subject", "Invoice INV-2026-000001")
        .put("text", "Your invoice is attached.\n.\nA line with a dot.");
  }

  static JsonObject withPdf(JsonObject message) {
    return message.put(
        "attachments",
        new JsonArray()
            .add(
                new JsonObject()
                    .put("file_name", "INV-2026-000001.pdf")
                    .put("content_type", "application/pdf")
                    .put("content", Base64.getEncoder().encodeToString(PDF))));
  }
}
