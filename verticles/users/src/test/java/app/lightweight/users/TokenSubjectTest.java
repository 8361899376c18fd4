package app.lightweight.users;

import static org.assertj.core.api.Assertions.assertThat;

import app.lightweight.sandbox.OidcProvider;
import app.lightweight.shared.testing.ServiceFixture;
import io.vertx.core.json.JsonArray;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The tenant is the token's sub, so a sub that is not a real string is no tenant: 401. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TokenSubjectTest {
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

  static Stream<Object> unusableSubjects() {
    return Stream.of(42, new JsonArray().add("a").getList(), "", "   ", "ada\u0000admin", "\u3000");
  }

  @ParameterizedTest
  @MethodSource("unusableSubjects")
  void aTokenWhoseSubIsNotANonEmptyStringIs401(Object sub) throws Exception {
    HttpResponse<String> response = users.get("/api/users/me", tokenWithSub(sub));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
    assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
    assertThat(users.rows("select subject from profiles")).isEmpty();
  }

  @Test
  void anOrdinarySubIsTheTenant() throws Exception {
    HttpResponse<String> response = users.get("/api/users/me", tokenWithSub("auth0|6650a1"));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(users.rows("select subject from profiles").get(0).getString(0))
        .isEqualTo("auth0|6650a1");
  }

  /** The sandbox puts extra claims over the ones it sets, so {@code sub} can be anything. */
  private String tokenWithSub(Object sub) {
    Map<String, Object> claims = new HashMap<>();
    claims.put("scope", "users:read users:write");
    claims.put("sub", sub);
    String token =
        users.oidc().token("placeholder", OidcProvider.AUDIENCE, claims, Duration.ofMinutes(5));
    String payload = new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]));
    assertThat(payload).doesNotContain("placeholder");
    return token;
  }
}
