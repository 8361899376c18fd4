package app.lightweight.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import app.lightweight.gateway.auth.OpaqueTokens;
import app.lightweight.shared.testing.ServiceFixture;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SignInTest {
  @RegisterExtension
  static final ServiceFixture gateway =
      ServiceFixture.of(GatewayVerticle.NAME, GatewayVerticle::new).tables("sessions", "logins");

  private static String base() {
    return "http://localhost:" + gateway.port();
  }

  private static String host() {
    return "localhost:" + gateway.port();
  }

  @Test
  void aBrowserSignsInWithCodeAndPkceAndHoldsOnlyAnOpaqueSessionCookie() throws Exception {
    Browser browser = new Browser();
    HttpResponse<String> toProvider =
        browser.get(base() + "/auth/login?return_to=" + encode("/invoices?status=draft"));

    assertThat(toProvider.statusCode()).isEqualTo(302);
    String authorize = Browser.location(toProvider);
    assertThat(authorize).startsWith(gateway.oidc().authorizationEndpoint() + "?");
    Map<String, String> query = query(authorize);
    assertThat(query)
        .containsEntry("response_type", "code")
        .containsEntry("client_id", "lightweight-web")
        .containsEntry("redirect_uri", base() + "/auth/callback")
        .containsEntry("code_challenge_method", "S256")
        .containsEntry("scope", GatewayConfig.DEFAULT_SCOPES);
    assertThat(query.get("code_challenge")).hasSize(43);
    assertThat(query.get("state")).hasSize(43);
    assertThat(query.get("nonce")).hasSize(43);
    assertThat(cookieAttributes(browser, "lw_login"))
        .contains("httponly", "samesite=lax", "path=/auth/callback")
        .doesNotContain("secure");

    HttpResponse<String> back =
        browser.get(Browser.location(browser.atProvider(authorize, "ada-studio")));

    assertThat(back.statusCode()).isEqualTo(302);
    assertThat(back.headers().firstValue("Location")).contains("/invoices?status=draft");
    assertThat(cookieAttributes(browser, "lw_session"))
        .contains("httponly", "samesite=lax", "path=/")
        .doesNotContain("secure");
    assertThat(cookieAttributes(browser, "XSRF-TOKEN"))
        .contains("samesite=lax", "path=/")
        .doesNotContain("httponly");
    assertThat(browser.cookie(host(), "lw_login")).isNull();

    String sessionId = browser.cookie(host(), "lw_session");
    List<Row> rows = gateway.rows("select * from sessions");
    assertThat(rows).hasSize(1);
    Row row = rows.get(0);
    assertThat(row.getString("id_hash")).isEqualTo(OpaqueTokens.hash(sessionId));
    assertThat(row.getString("subject")).isEqualTo("ada-studio");
    assertThat(row.getString("access_token")).isNotBlank().isNotEqualTo(sessionId);
    assertThat(row.getString("refresh_token")).isNotBlank();
    assertThat(row.getString("id_token")).isNotBlank();
    assertThat(row.getString("csrf_token")).isEqualTo(browser.cookie(host(), "XSRF-TOKEN"));
    assertThat(gateway.count("logins")).isZero();

    JsonObject session = ServiceFixture.expect(browser.get(base() + "/auth/session"), 200);
    assertThat(session.getString("subject")).isEqualTo("ada-studio");
    assertThat(session.getString("name")).isEqualTo("Ada ada-studio");
    assertThat(session.getString("email")).isEqualTo("ada-studio@example.com");
    assertThat(Instant.parse(session.getString("expires_at"))).isAfter(Instant.now());
  }

  @Test
  void cookiesAreSecureWhenTheBrowserCameOverHttps() throws Exception {
    Browser browser = new Browser();
    Map<String, String> https = Map.of("X-Forwarded-Proto", "https");
    HttpResponse<String> toProvider = browser.get(base() + "/auth/login", https);
    assertThat(cookieAttributes(browser, "lw_login")).contains("secure");

    String callback = Browser.location(browser.atProvider(Browser.location(toProvider), "ada"));
    assertThat(browser.get(callback, https).statusCode()).isEqualTo(302);

    assertThat(cookieAttributes(browser, "lw_session")).contains("secure", "httponly");
    assertThat(cookieAttributes(browser, "XSRF-TOKEN")).contains("secure");
  }

  @Test
  void aCallbackWhoseStateIsNotThisBrowsersSignInStartsNoSession() throws Exception {
    Browser browser = new Browser();
    HttpResponse<String> toProvider = browser.get(base() + "/auth/login");
    String callback = Browser.location(browser.atProvider(Browser.location(toProvider), "ada"));
    String forged =
        callback.replace("state=" + query(callback).get("state"), "state=" + OpaqueTokens.random());

    HttpResponse<String> answer = browser.get(forged);

    assertThat(answer.statusCode()).isEqualTo(400);
    assertThat(answer.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
    assertThat(browser.cookie(host(), "lw_session")).isNull();
    assertThat(gateway.count("sessions")).isZero();
    // the sign-in is spent: the right state afterwards does not complete it either
    assertThat(browser.get(callback).statusCode()).isEqualTo(400);
    assertThat(gateway.count("sessions")).isZero();
  }

  @Test
  void aCodeRedeemedWithAnotherSignInsPkceVerifierStartsNoSession() throws Exception {
    Browser victim = new Browser();
    HttpResponse<String> victimLogin = victim.get(base() + "/auth/login");
    String victimState = query(Browser.location(victimLogin)).get("state");

    Browser attacker = new Browser();
    HttpResponse<String> attackerLogin = attacker.get(base() + "/auth/login");
    String attackerCallback =
        Browser.location(attacker.atProvider(Browser.location(attackerLogin), "mallory"));
    String code = query(attackerCallback).get("code");

    // the victim's state and cookie, the attacker's code: only the PKCE verifier tells them apart
    HttpResponse<String> answer =
        victim.get(base() + "/auth/callback?code=" + encode(code) + "&state=" + victimState);

    assertThat(answer.statusCode()).isEqualTo(400);
    assertThat(gateway.count("sessions")).isZero();
    assertThat(victim.cookie(host(), "lw_session")).isNull();
  }

  @Test
  void aCallbackWithoutThePreLoginCookieStartsNoSession() throws Exception {
    Browser started = new Browser();
    String callback =
        Browser.location(
            started.atProvider(Browser.location(started.get(base() + "/auth/login")), "ada"));

    HttpResponse<String> answer = new Browser().get(callback);

    assertThat(answer.statusCode()).isEqualTo(400);
    assertThat(gateway.count("sessions")).isZero();
  }

  @Test
  void returnToAcceptsOnlyPathsOfThisSite() throws Exception {
    for (String elsewhere :
        List.of(
            "//evil.example/x",
            "///evil.example",
            "https://evil.example/",
            "/\\evil.example",
            "\\\\evil.example",
            "/\t/evil.example",
            "javascript:alert(1)",
            "evil.example")) {
      HttpResponse<String> answer =
          new Browser().get(base() + "/auth/login?return_to=" + encode(elsewhere));
      assertThat(answer.statusCode()).as(elsewhere).isEqualTo(400);
      assertThat(answer.headers().firstValue("Location")).as(elsewhere).isEmpty();
    }
    assertThat(gateway.count("logins")).isZero();

    Browser browser = new Browser();
    HttpResponse<String> back = browser.signIn(base(), "ada", "/");
    assertThat(back.headers().firstValue("Location")).contains("/");
  }

  @Test
  void signOutNeedsTheCsrfTokenThenEndsTheSessionAndNamesTheProvidersEndSession() throws Exception {
    Browser browser = new Browser();
    browser.signIn(base(), "ada", "/");

    HttpResponse<String> noHeader =
        browser.send(
            java.net.http.HttpRequest.newBuilder(URI.create(base() + "/auth/logout"))
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()),
            Map.of());
    HttpResponse<String> wrongHeader =
        browser.send(
            java.net.http.HttpRequest.newBuilder(URI.create(base() + "/auth/logout"))
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()),
            Map.of("X-XSRF-TOKEN", OpaqueTokens.random()));

    assertThat(noHeader.statusCode()).isEqualTo(403);
    assertThat(noHeader.headers().firstValue("Content-Type")).contains("application/problem+json");
    assertThat(wrongHeader.statusCode()).isEqualTo(403);
    assertThat(gateway.count("sessions")).isOne();

    JsonObject out =
        ServiceFixture.expect(browser.withCsrf("POST", base() + "/auth/logout", null), 200);

    String logoutUrl = out.getString("logout_url");
    assertThat(logoutUrl).startsWith(gateway.oidc().issuer() + "/endsession?");
    assertThat(query(logoutUrl))
        .containsKey("id_token_hint")
        .containsEntry("post_logout_redirect_uri", base() + "/");
    assertThat(gateway.count("sessions")).isZero();
    assertThat(cookieAttributes(browser, "lw_session")).contains("max-age=0");
    assertThat(browser.get(base() + "/auth/session").statusCode()).isEqualTo(401);
  }

  @Test
  void withoutASessionOrWithAForgedOneSessionIs401() throws Exception {
    HttpResponse<String> none = new Browser().get(base() + "/auth/session");
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.headers().firstValue("Content-Type")).contains("application/problem+json");

    Browser forger = new Browser();
    forger.setCookie(host(), "lw_session", OpaqueTokens.random());
    assertThat(forger.get(base() + "/auth/session").statusCode()).isEqualTo(401);
    assertThat(cookieAttributes(forger, "lw_session")).contains("max-age=0");
  }

  /** The Set-Cookie header that last set the cookie, in lower case (attributes are case-blind). */
  private static String cookieAttributes(Browser browser, String name) {
    String header = browser.setCookieHeader(name);
    assertThat(header).as("Set-Cookie of " + name).isNotNull();
    return header.toLowerCase(java.util.Locale.ROOT);
  }

  private static Map<String, String> query(String url) {
    Map<String, String> values = new HashMap<>();
    String raw = URI.create(url).getRawQuery();
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      values.put(
          URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return values;
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
