package app.lightweight.users;

import static app.lightweight.shared.testing.TestEnv.await;
import static org.assertj.core.api.Assertions.assertThat;

import app.lightweight.shared.testing.OidcTestProvider;
import app.lightweight.shared.testing.ServiceFixture;
import app.lightweight.shared.testing.TestEnv;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import io.vertx.core.Vertx;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A service started before its identity provider waits for it, out of rotation, then serves. */
class LateIdentityProviderTest {
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void stop() {
    await(vertx.close());
  }

  @Test
  void aServiceStartedBeforeItsProviderAnswers503UntilTheProviderIsUp() throws Exception {
    OidcTestProvider provider = OidcTestProvider.start(vertx, "realms/late");
    RSAKey key = new RSAKeyGenerator(2048).keyID("late-1").generate();
    provider.publish(key);
    provider.down();
    ServiceFixture users =
        UsersUnderTest.fixture()
            .env("OIDC_ISSUER", provider.issuer)
            .env("OIDC_AUDIENCE", "lightweight")
            .withoutWaitingForReady()
            .start(vertx);
    String token =
        provider.token(
            key, provider.claims().audience("lightweight").claim("scope", "users:read").build());

    HttpResponse<String> early = get(users, "/api/users/me", token);
    assertThat(early.statusCode()).isEqualTo(503);
    assertThat(early.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(early.headers().firstValue("Retry-After")).isPresent();
    HttpResponse<String> notReady = get(users, "/health/ready", null);
    assertThat(notReady.statusCode()).isEqualTo(503);
    assertThat(notReady.body()).contains("identity-provider");

    provider.up();

    TestEnv.eventually(
        Duration.ofSeconds(15),
        () -> assertThat(get(users, "/health/ready", null).statusCode()).isEqualTo(200));
    assertThat(get(users, "/api/users/me", token).statusCode()).isEqualTo(200);
  }

  private static HttpResponse<String> get(ServiceFixture users, String path, String token) {
    try {
      return users.get(path, token);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
