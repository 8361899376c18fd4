package app.lightweight.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import app.lightweight.shared.testing.TestEnv;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What {@code ./lightweight start} runs, on its fixed local ports: the sandbox and every service in
 * one JVM; the users service is ready and answers a machine's client-credentials token.
 */
class LocalPlatformTest {
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void platformServesUsersToAClientCredentialsTokenWithinAMinute() throws Exception {
    Path data = Files.createTempDirectory("lightweight-platform");
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("LIGHTWEIGHT_DATA", data.toString());
    env.put("CLUSTER_MODE", "none");
    long started = System.nanoTime();
    try (LocalPlatform.Running platform = LocalPlatform.start(env)) {
      // services report ready once their identity provider's discovery has answered
      for (String ready :
          List.of(
              "http://localhost:8081/health/ready",
              "http://localhost:8082/health/ready",
              "http://localhost:8084/health/ready")) {
        TestEnv.eventually(
            Duration.ofSeconds(60), () -> assertThat(get(ready, null).statusCode()).isEqualTo(200));
      }
      assertThat((System.nanoTime() - started) / 1_000_000_000).isLessThan(60);

      String token =
          new JsonObject(
                  http.send(
                          HttpRequest.newBuilder(
                                  URI.create(platform.sandbox().oidc().tokenEndpoint()))
                              .header("Content-Type", "application/x-www-form-urlencoded")
                              .POST(
                                  HttpRequest.BodyPublishers.ofString(
                                      "grant_type=client_credentials&client_id=acme-backend"
                                          + "&client_secret=x&scope=users:read"))
                              .build(),
                          HttpResponse.BodyHandlers.ofString())
                      .body())
              .getString("access_token");
      HttpResponse<String> me = get("http://localhost:8081/api/users/me", token);

      assertThat(me.statusCode()).isEqualTo(200);
      assertThat(new JsonObject(me.body()).getString("subject")).isEqualTo("acme-backend");
      assertThat(platform.port("users")).isEqualTo(8081);
    }
  }

  private HttpResponse<String> get(String url, String token) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new AssertionError(url + ": " + e, e);
    }
  }
}
