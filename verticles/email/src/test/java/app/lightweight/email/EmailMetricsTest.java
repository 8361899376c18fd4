package app.lightweight.email;

import static app.lightweight.email.Mail.a;
import static app.lightweight.email.Mail.b;
import static app.lightweight.shared.testing.TestEnv.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import app.lightweight.shared.testing.ChildService;
import app.lightweight.shared.testing.TestEnv;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code /metrics} of the service as it runs in production ({@link EmailMain}, its own JVM, where
 * Vert.x has its Micrometer backend): attempts per provider and outcome, the time to fail over, and
 * each breaker.
 */
class EmailMetricsTest {
  private static final Duration DEADLINE = Duration.ofSeconds(60);

  private final HttpClient http = HttpClient.newHttpClient();
  private final ChildService service = child();

  @AfterEach
  void stop() {
    service.kill();
    a().start();
  }

  @Test
  void metricsCountAttemptsPerProviderAndOutcomeAndTheTimeToFailOver() throws Exception {
    service.start();
    a().stop(); // refused: the message fails over to sparkpost

    String token =
        TestEnv.sandbox()
            .oidc()
            .token(
                "acme",
                app.lightweight.sandbox.OidcProvider.AUDIENCE,
                Map.of("scope", "email:send email:read"),
                Duration.ofMinutes(10));
    HttpResponse<String> accepted =
        http.send(
            HttpRequest.newBuilder(service.uri("/api/email/messages"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        Mail.message("metrics@example.com").encode()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
    String id = new JsonObject(accepted.body()).getString("id");

    eventually(DEADLINE, () -> assertThat(b().count("<" + id + "@lightweight.test>")).isEqualTo(1));
    eventually(
        DEADLINE,
        () ->
            assertThat(metrics())
                .containsPattern(
                    "email_attempts_total\\{[^}]*outcome=\"provider_fault\"[^}]*provider=\"mailgun\"[^}]*} [1-9]")
                .containsPattern(
                    "email_attempts_total\\{[^}]*outcome=\"accepted\"[^}]*provider=\"sparkpost\"[^}]*} [1-9]")
                .containsPattern("email_failover_seconds_count(\\{[^}]*})? [1-9]")
                .containsPattern("email_breaker_open\\{[^}]*provider=\"mailgun\"[^}]*} ")
                .containsPattern("email_breaker_open\\{[^}]*provider=\"sparkpost\"[^}]*} 0"));
  }

  private String metrics() {
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(service.uri("/metrics")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      return response.body();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static ChildService child() {
    Map<String, String> env = TestEnv.forService(EmailVerticle.NAME);
    env.putAll(Mail.SETTINGS);
    return ChildService.of(EmailMain.class, env, "email-metrics");
  }
}
