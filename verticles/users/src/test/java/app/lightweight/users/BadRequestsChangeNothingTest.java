package app.lightweight.users;

import static org.assertj.core.api.Assertions.assertThat;

import app.lightweight.shared.testing.ServiceFixture;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every bad request is a clear 4xx problem+json and leaves the database as it was. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadRequestsChangeNothingTest {
  private static final JsonObject VALID = new JsonObject().put("display_name", "Changed");
  @RegisterExtension static final ServiceFixture users = UsersUnderTest.fixture();
  private String owner;

  @BeforeEach
  void aProfileExists() throws Exception {
    owner = users.token("owner", "users:read users:write");
    assertThat(
            users
                .put("/api/users/me", owner, new JsonObject().put("display_name", "Original"))
                .statusCode())
        .isEqualTo(200);
  }

  @Test
  void noTokenIs401() throws Exception {
    assertRejected(users.put("/api/users/me", null, VALID), 401);
  }

  @Test
  void expiredTokenIs401() throws Exception {
    String expired =
        users
            .oidc()
            .token("owner", "lightweight", Map.of("scope", "users:write"), Duration.ofMinutes(-10));
    assertRejected(users.put("/api/users/me", expired, VALID), 401);
  }

  @Test
  void tokenOfAnotherIssuerIs401() throws Exception {
    String foreign = users.oidc().tokenFromOtherIssuer("owner", "lightweight");
    assertRejected(users.put("/api/users/me", foreign, VALID), 401);
  }

  @Test
  void tokenForAnotherAudienceIs401() throws Exception {
    String elsewhere =
        users
            .oidc()
            .token("owner", "another-api", Map.of("scope", "users:write"), Duration.ofMinutes(5));
    assertRejected(users.put("/api/users/me", elsewhere, VALID), 401);
  }

  @Test
  void unsignedTokenIs401() throws Exception {
    String signed = owner;
    String payload = signed.split("\\.")[1];
    String header =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
    assertRejected(users.put("/api/users/me", header + "." + payload + ".", VALID), 401);
  }

  @Test
  void tamperedSignatureIs401() throws Exception {
    String[] parts = owner.split("\\.");
    String forged = parts[0] + "." + parts[1] + "." + new StringBuilder(parts[2]).reverse();
    assertRejected(users.put("/api/users/me", forged, VALID), 401);
  }

  @Test
  void missingScopeIs403() throws Exception {
    String readOnly = users.token("owner", "users:read");
    assertRejected(users.put("/api/users/me", readOnly, VALID), 403);
  }

  @Test
  void wrongTypeNamesTheField() throws Exception {
    HttpResponse<String> response =
        users.put("/api/users/me", owner, new JsonObject().put("display_name", 42));
    assertRejected(response, 400);
    assertThat(pointers(response)).containsExactly("/display_name");
    assertThat(response.body()).contains("Expected string");
  }

  @ParameterizedTest(name = "currency {0}")
  @ValueSource(strings = {"XYZ", "naira"})
  void anUnknownOrMalformedCurrencyNamesTheField(String currency) throws Exception {
    HttpResponse<String> response =
        users.put("/api/users/me", owner, VALID.copy().put("default_currency", currency));
    assertRejected(response, 400);
    assertThat(pointers(response)).contains("/default_currency");
  }

  @Test
  void camelCaseNamesAreUnknownFields() throws Exception {
    HttpResponse<String> response =
        users.put(
            "/api/users/me",
            owner,
            VALID.copy().put("defaultCurrency", "NGN").put("businessName", "Camel Ltd"));
    assertRejected(response, 400);
  }

  @Test
  void unknownFieldIsRejected() throws Exception {
    assertRejected(users.put("/api/users/me", owner, VALID.copy().put("role", "admin")), 400);
  }

  @Test
  void malformedJsonIs400() throws Exception {
    assertRejected(
        users.put("/api/users/me", owner, "application/json", "{\"display_name\": ".getBytes()),
        400);
  }

  @Test
  void bodyOverTheLimitIs413() throws Exception {
    String huge = "x".repeat(600 * 1024);
    assertRejected(
        users.put("/api/users/me", owner, new JsonObject().put("display_name", huge)), 413);
  }

  @Test
  void logoThatIsNotAnImageIs415() throws Exception {
    assertRejected(
        users.put("/api/users/me/logo", owner, "image/png", "not a picture at all".getBytes()),
        415);
  }

  @Test
  void logoWhoseBytesContradictItsTypeIs415() throws Exception {
    assertRejected(users.put("/api/users/me/logo", owner, "image/png", TestImages.jpeg()), 415);
  }

  @Test
  void logoOverHalfAMegabyteIs413() throws Exception {
    byte[] big = new byte[512 * 1024 + 1];
    System.arraycopy(TestImages.png(), 0, big, 0, 8);
    assertRejected(users.put("/api/users/me/logo", owner, "image/png", big), 413);
  }

  @Test
  void unknownPathIsProblem404() throws Exception {
    HttpResponse<String> response = users.get("/api/users/nobody", owner);
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
  }

  private void assertRejected(HttpResponse<String> response, int status) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
    JsonObject problem = new JsonObject(response.body());
    assertThat(problem.getInteger("status")).isEqualTo(status);
    assertThat(problem.getString("title")).isNotBlank();
    assertThat(problem.getString("type")).isNotBlank();
    assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
    var rows =
        users.rows("select display_name, version, logo from profiles where subject = 'owner'");
    assertThat(rows).hasSize(1);
    assertThat(rows.get(0).getString("display_name")).isEqualTo("Original");
    assertThat(rows.get(0).getInteger("version")).isEqualTo(2);
    assertThat(rows.get(0).getBuffer("logo")).isNull();
  }

  private static java.util.List<String> pointers(HttpResponse<String> response) {
    return new JsonObject(response.body())
        .getJsonArray("errors").stream()
            .map(error -> ((JsonObject) error).getString("pointer"))
            .toList();
  }
}
