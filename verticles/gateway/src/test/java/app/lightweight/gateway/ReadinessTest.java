package app.lightweight.gateway;

import static app.lightweight.shared.testing.TestEnv.await;
import static org.assertj.core.api.Assertions.assertThat;

import app.lightweight.shared.testing.ServiceFixture;
import app.lightweight.shared.testing.TestEnv;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code /health/ready} says whether the identity provider has been discovered: nobody can sign in
 * before, so the gateway must stay out of rotation until then.
 */
class ReadinessTest {
  static final Issuer issuer = new Issuer();

  @RegisterExtension
  static final ServiceFixture gateway =
      ServiceFixture.of(GatewayVerticle.NAME, GatewayVerticle::new)
          .env("OIDC_ISSUER", issuer.url())
          .withoutWaitingForReady();

  @AfterAll
  static void stopIssuer() {
    issuer.close();
  }

  @Test
  void notReadyWhileTheProviderCannotBeDiscoveredAndReadyOnceItIs() throws Exception {
    TestEnv.eventually(
        Duration.ofSeconds(30),
        () -> {
          JsonObject provider = check(ready(503), "identity-provider");
          assertThat(provider.getString("status")).isEqualTo("DOWN");
          assertThat(provider.getJsonObject("data").getString("state")).isEqualTo("down");
          assertThat(provider.getJsonObject("data").getString("error")).contains("503");
          assertThat(provider.getJsonObject("data").getString("issuer")).isEqualTo(issuer.url());
        });
    assertThat(new Browser().get(base() + "/auth/login?return_to=/").statusCode()).isEqualTo(503);

    issuer.up.set(true);

    // discovery is retried with backoff (0.5 s doubling, at most 30 s)
    TestEnv.eventually(
        Duration.ofSeconds(60),
        () -> {
          JsonObject provider = check(ready(200), "identity-provider");
          assertThat(provider.getString("status")).isEqualTo("UP");
          assertThat(provider.getJsonObject("data").getString("state")).isEqualTo("up");
        });
    assertThat(new Browser().get(base() + "/auth/login?return_to=/").statusCode()).isEqualTo(302);
  }

  private static String base() {
    return "http://localhost:" + gateway.port();
  }

  private static JsonObject ready(int status) {
    try {
      HttpResponse<String> answer = new Browser().get(base() + "/health/ready");
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
      return new JsonObject(answer.body());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static JsonObject check(JsonObject health, String id) {
    return health.getJsonArray("checks").stream()
        .map(JsonObject.class::cast)
        .filter(c -> id.equals(c.getString("id")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no check " + id + " in " + health));
  }

  /** A provider whose discovery answers 503 until {@link #up} is set. */
  static final class Issuer implements AutoCloseable {
    final AtomicBoolean up = new AtomicBoolean();
    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;

    Issuer() {
      server =
          await(
              vertx
                  .createHttpServer()
                  .requestHandler(
                      request -> {
                        if (!up.get()) {
                          request.response().setStatusCode(503).end("starting");
                          return;
                        }
                        request
                            .response()
                            .putHeader("Content-Type", "application/json")
                            .end(
                                new JsonObject()
                                    .put("issuer", url())
                                    .put("authorization_endpoint", url() + "/authorize")
                                    .put("token_endpoint", url() + "/token")
                                    .put("jwks_uri", url() + "/jwks")
                                    .encode());
                      })
                  .listen(0, "127.0.0.1"));
    }

    String url() {
      return "http://localhost:" + server.actualPort() + "/issuer";
    }

    @Override
    public void close() {
      await(vertx.close());
    }
  }
}
