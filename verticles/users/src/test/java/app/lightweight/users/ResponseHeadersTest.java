package app.lightweight.users;

import static org.assertj.core.api.Assertions.assertThat;

import app.lightweight.shared.testing.ServiceFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Headers every answer carries: a request id that cannot forge log lines, and nosniff. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ResponseHeadersTest {
  private final HttpClient http = HttpClient.newHttpClient();
  private ServiceFixture users;

  @BeforeAll
  void start() {
    users = UsersUnderTest.fixture().start();
  }

  @AfterAll
  void stop() {
    users.close();
  }

  @BeforeEach
  void clean() {
    users.clean();
  }

  @Test
  void aSafeRequestIdIsKept() throws Exception {
    HttpResponse<String> response = get("/health/live", "req-42_a.B");

    assertThat(response.headers().firstValue("X-Request-Id")).contains("req-42_a.B");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "abc\" level=ERROR msg=\"forged",
        "tab\there",
        "ünïcode",
        "a/b",
        "0123456789012345678901234567890123456789012345678901234567890123456789"
      })
  void anUnsafeRequestIdIsReplacedByANewOne(String forged) throws Exception {
    HttpResponse<String> response = get("/health/live", forged);

    String id = response.headers().firstValue("X-Request-Id").orElseThrow();
    assertThat(id).isNotEqualTo(forged).matches("[A-Za-z0-9._-]{1,64}");
  }

  @Test
  void theStoredLogoIsServedWithNosniff() throws Exception {
    String token = users.token("sniff-owner", "users:read users:write");
    users.put("/api/users/me/logo", token, "image/png", TestImages.png());

    HttpResponse<byte[]> logo = users.getBytes("/api/users/me/logo", token);

    assertThat(logo.statusCode()).isEqualTo(200);
    assertThat(logo.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
  }

  @Test
  void everyAnswerHasNosniffEvenProblemsAndHealth() throws Exception {
    assertThat(get("/api/users/me", null).headers().firstValue("X-Content-Type-Options"))
        .contains("nosniff");
    assertThat(get("/no/such/path", null).headers().firstValue("X-Content-Type-Options"))
        .contains("nosniff");
    assertThat(get("/health/live", null).headers().firstValue("X-Content-Type-Options"))
        .contains("nosniff");
  }

  private HttpResponse<String> get(String path, String requestId) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + users.port() + path)).GET();
    if (requestId != null) {
      request.header("X-Request-Id", requestId);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
