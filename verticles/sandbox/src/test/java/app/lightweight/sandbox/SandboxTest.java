package app.lightweight.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SandboxTest {

  @Test
  void startsEveryStandInAndDescribesThemAsServiceSettings() throws Exception {
    try (var sandbox = Sandbox.startForTests()) {
      var env = sandbox.environment();

      assertThat(env)
          .containsEntry("KAFKA_BOOTSTRAP", sandbox.kafka().bootstrapServers())
          .containsEntry("OIDC_ISSUER", sandbox.oidc().issuer())
          .containsEntry("OIDC_AUDIENCE", "lightweight")
          .containsEntry("SMTP_MAILGUN_HOST", "127.0.0.1")
          .containsEntry("SMTP_MAILGUN_PORT", String.valueOf(sandbox.mailgun().port()))
          .containsEntry("SMTP_MAILGUN_USER", "mailgun")
          .containsEntry("SMTP_MAILGUN_PASSWORD", "mailgun-local-secret")
          .containsEntry("SMTP_SPARKPOST_PORT", String.valueOf(sandbox.sparkpost().port()))
          .containsEntry("SMTP_SPARKPOST_USER", "sparkpost")
          .containsEntry("SMTP_SPARKPOST_PASSWORD", "sparkpost-local-secret")
          .containsEntry("MAILGUN_WEBHOOK_SIGNING_KEY", "mailgun-local-webhook-signing-key")
          .containsEntry("SPARKPOST_WEBHOOK_USER", "sparkpost-webhook")
          .containsEntry("SPARKPOST_WEBHOOK_PASSWORD", "sparkpost-local-webhook-secret")
          .containsEntry("PAYMENTS_API_BASE", "http://127.0.0.1:" + sandbox.payments().port())
          .containsEntry("PAYMENTS_SECRET_KEY", "sk_test_lightweight_sandbox")
          .containsEntry("PAYMENTS_WEBHOOK_SECRET", "whsec_lightweight_sandbox");
      assertThat(sandbox.mailgun().webhooks().url()).isNull();
      assertThat(Ports.isListening(sandbox.payments().port())).isTrue();
      assertThat(sandbox.mailgun().port()).isNotEqualTo(sandbox.sparkpost().port());
      assertThat(Ports.isListening(sandbox.kafka().port())).isTrue();
      assertThat(Ports.isListening(sandbox.mailgun().port())).isTrue();
      assertThat(Ports.isListening(sandbox.sparkpost().port())).isTrue();
      var discovery =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create(env.get("OIDC_ISSUER") + "/.well-known/openid-configuration"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(new JsonObject(discovery.body()).getString("issuer"))
          .isEqualTo(env.get("OIDC_ISSUER"));
    }
  }

  @Test
  void localSandboxUsesTheFixedPorts(@TempDir Path dataDir) {
    var fixed = List.of(9092, 8090, 2525, 2526, 8091);
    assumeTrue(fixed.stream().noneMatch(Ports::isListening), "a local platform is running");

    try (var sandbox = Sandbox.startLocal(dataDir)) {
      assertThat(sandbox.environment())
          .containsEntry("KAFKA_BOOTSTRAP", "localhost:9092")
          .containsEntry("OIDC_ISSUER", "http://localhost:8090/lightweight")
          .containsEntry("SMTP_MAILGUN_PORT", "2525")
          .containsEntry("SMTP_SPARKPOST_PORT", "2526")
          .containsEntry("PAYMENTS_API_BASE", "http://127.0.0.1:8091");
      assertThat(sandbox.payments().webhookUrl())
          .isEqualTo("http://localhost:8084/api/wallets/webhooks/payments");
      if (System.getenv("SANDBOX_MAILGUN_WEBHOOK_URL") == null) {
        assertThat(sandbox.mailgun().webhooks().url())
            .isEqualTo("http://localhost:8083/api/email/webhooks/mailgun");
      }
      if (System.getenv("SANDBOX_SPARKPOST_WEBHOOK_URL") == null) {
        assertThat(sandbox.sparkpost().webhooks().url())
            .isEqualTo("http://localhost:8083/api/email/webhooks/sparkpost");
      }
      assertThat(sandbox.kafka().dataDir()).isEqualTo(dataDir.resolve("kafka").toAbsolutePath());
    }
    assertThat(dataDir.resolve("kafka")).isNotEmptyDirectory();
  }

  @Test
  void closingStopsEverythingAndRemovesTemporaryData() {
    var sandbox = Sandbox.startForTests();
    var kafkaData = sandbox.kafka().dataDir();

    sandbox.close();

    assertThat(Ports.isListening(sandbox.kafka().port())).isFalse();
    assertThat(Ports.isListening(sandbox.oidc().port())).isFalse();
    assertThat(Ports.isListening(sandbox.mailgun().port())).isFalse();
    assertThat(Ports.isListening(sandbox.payments().port())).isFalse();
    assertThat(kafkaData).doesNotExist();
  }

  @Test
  void sharedSandboxIsOnePerJvmAndSurvivesClose() {
    var shared = Sandbox.shared();

    shared.close();

    assertThat(Sandbox.shared()).isSameAs(shared);
    assertThat(Ports.isListening(shared.mailgun().port())).isTrue();
    assertThat(shared.kafka().isRunning()).isTrue();
  }
}
