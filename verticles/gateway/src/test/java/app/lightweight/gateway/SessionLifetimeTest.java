package app.lightweight.gateway;

import static app.lightweight.shared.testing.TestEnv.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import app.lightweight.shared.testing.ServiceFixture;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SessionLifetimeTest {
  static final Upstream upstream = Upstream.start();

  @RegisterExtension
  static final ServiceFixture shortSessions =
      ServiceFixture.of(GatewayVerticle.NAME, GatewayVerticle::new)
          .tables("sessions", "logins")
          .env("GATEWAY_SESSION_IDLE_SECONDS", "2")
          .env("GATEWAY_SESSION_MAX_SECONDS", "5");

  @RegisterExtension
  static final ServiceFixture refreshing =
      ServiceFixture.of(GatewayVerticle.NAME, GatewayVerticle::new)
          .tables("sessions", "logins")
          .env("GATEWAY_REFRESH_BEFORE_SECONDS", "3")
          .env("GATEWAY_USERS_URL", upstream.url());

  @AfterAll
  static void stopUpstream() {
    upstream.close();
  }

  private static String base(ServiceFixture gateway) {
    return "http://localhost:" + gateway.port();
  }

  @Test
  void aSessionNotUsedForItsIdleTimeEnds() throws Exception {
    Browser browser = new Browser();
    browser.signIn(base(shortSessions), "ada", "/");
    assertThat(browser.get(base(shortSessions) + "/auth/session").statusCode()).isEqualTo(200);

    // wait without using it, watching the row's last use
    eventually(
        Duration.ofSeconds(10),
        () ->
            assertThat(
                    shortSessions.rows(
                        "select 1 from sessions where last_seen_at > now() - interval '2 seconds'"))
                .isEmpty());

    assertThat(browser.get(base(shortSessions) + "/auth/session").statusCode()).isEqualTo(401);
    assertThat(browser.get(base(shortSessions) + "/api/users/me").statusCode()).isEqualTo(401);
  }

  @Test
  void aSessionInUseEndsAtItsAbsoluteLifetime() throws Exception {
    Browser browser = new Browser();
    Instant signedIn = Instant.now();
    browser.signIn(base(shortSessions), "ada", "/");
    JsonObject first =
        ServiceFixture.expect(browser.get(base(shortSessions) + "/auth/session"), 200);
    assertThat(Instant.parse(first.getString("expires_at")))
        .isBeforeOrEqualTo(signedIn.plusSeconds(5).plusMillis(500));

    // used all the time (never idle), it still ends 5 s after sign-in
    eventually(
        Duration.ofSeconds(10),
        () -> {
          try {
            assertThat(browser.get(base(shortSessions) + "/auth/session").statusCode())
                .isEqualTo(401);
          } catch (Exception e) {
            throw new AssertionError(e);
          }
        });
    assertThat(Duration.between(signedIn, Instant.now()))
        .isGreaterThanOrEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void theAccessTokenIsRefreshedBeforeItExpiresAndRequestsKeepWorking() throws Exception {
    refreshing.oidc().nextTokensLive(Duration.ofSeconds(5));
    Browser browser = new Browser();
    browser.signIn(base(refreshing), "ada", "/");
    String first = tokenSeenUpstream(browser);
    Set<String> seen = new HashSet<>();

    eventually(
        Duration.ofSeconds(10),
        () -> {
          String now = tokenSeenUpstream(browser);
          seen.add(now);
          assertThat(now).isNotEqualTo(first);
        });

    // every request in between went through with a token that was still valid
    assertThat(seen).isNotEmpty();
    Instant expires =
        refreshing
            .rows("select access_expires_at from sessions")
            .get(0)
            .getOffsetDateTime(0)
            .toInstant();
    assertThat(expires).isAfter(Instant.now());
    assertThat(
            ServiceFixture.expect(browser.get(base(refreshing) + "/auth/session"), 200)
                .getString("subject"))
        .isEqualTo("ada");
  }

  @Test
  void aRefreshTheProviderRefusesEndsTheSession() throws Exception {
    Browser browser = new Browser();
    browser.signIn(base(refreshing), "ada", "/");
    // a refresh token the provider cannot parse, and an access token about to expire
    refreshing.rows(
        "update sessions set refresh_token = '', access_expires_at = now() + interval '1 second'");

    HttpResponse<String> answer = browser.get(base(refreshing) + "/api/users/me");

    assertThat(answer.statusCode()).isEqualTo(401);
    assertThat(refreshing.count("sessions")).isZero();
  }

  private static String tokenSeenUpstream(Browser browser) {
    try {
      HttpResponse<String> answer = browser.get(base(refreshing) + "/api/users/me");
      return ServiceFixture.expect(answer, 200).getJsonObject("headers").getString("authorization");
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
