package app.lightweight.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import app.lightweight.shared.testing.ServiceFixture;
import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ApiProxyTest {
  static final Upstream upstream = Upstream.start();

  @RegisterExtension
  static final ServiceFixture gateway =
      ServiceFixture.of(GatewayVerticle.NAME, GatewayVerticle::new)
          .tables("sessions", "logins")
          .env("GATEWAY_USERS_URL", upstream.url())
          .env("GATEWAY_INVOICES_URL", upstream.url())
          .env("GATEWAY_EMAIL_URL", "http://localhost:" + closedPort());

  private Browser browser;

  @BeforeEach
  void signIn() throws Exception {
    browser = new Browser();
    browser.signIn(base(), "ada-studio", "/");
  }

  @AfterAll
  static void stopUpstream() {
    upstream.close();
  }

  private static String base() {
    return "http://localhost:" + gateway.port();
  }

  @Test
  void aRequestGoesOutWithTheSessionsTokenAndWithoutTheBrowsersCredentials() throws Exception {
    String token = gateway.rows("select access_token from sessions").get(0).getString(0);

    HttpResponse<String> answer =
        browser.get(
            base() + "/api/users/me?x=1%202",
            Map.of(
                "Authorization", "Bearer forged",
                "X-Request-Id", "req-42",
                "Proxy-Authorization", "Basic eDp5",
                "Keep-Alive", "timeout=5",
                "Accept", "application/json"));

    assertThat(answer.statusCode()).isEqualTo(200);
    JsonObject seen = new JsonObject(answer.body());
    JsonObject headers = seen.getJsonObject("headers");
    assertThat(seen.getString("uri")).isEqualTo("/api/users/me?x=1%202");
    assertThat(headers.getString("authorization")).isEqualTo("Bearer " + token);
    assertThat(headers.getString("x-request-id")).isEqualTo("req-42");
    assertThat(headers.getString("accept")).isEqualTo("application/json");
    assertThat(headers.fieldNames())
        .doesNotContain("cookie", "proxy-authorization", "keep-alive", "x-xsrf-token");
    assertThat(answer.headers().firstValue("X-Request-Id")).contains("req-42");
    assertThat(answer.headers().firstValue("X-Upstream-Kept")).contains("passes");
    assertThat(answer.headers().firstValue("X-Upstream-Hop")).isEmpty();
    assertThat(answer.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("upstream="));
  }

  @Test
  void anUploadStreamsThroughWithoutALength() throws Exception {
    byte[] logo = new byte[3 * 1024 * 1024 + 17];
    new Random(7).nextBytes(logo);
    HttpRequest.Builder put =
        HttpRequest.newBuilder(URI.create(base() + "/api/users/me/logo"))
            .PUT(
                HttpRequest.BodyPublishers.ofInputStream(
                    () -> new java.io.ByteArrayInputStream(logo)));

    HttpResponse<String> answer =
        browser.send(
            put,
            Map.of(
                "Content-Type",
                "image/png",
                "X-XSRF-TOKEN",
                browser.cookie("localhost:" + gateway.port(), "XSRF-TOKEN")));

    JsonObject seen = ServiceFixture.expect(answer, 200);
    assertThat(seen.getString("method")).isEqualTo("PUT");
    assertThat(seen.getLong("body_bytes")).isEqualTo(logo.length);
    assertThat(seen.getString("body_sha256")).isEqualTo(sha256(logo));
  }

  @Test
  void aLargeDownloadStreamsBackWhole() throws Exception {
    int size = 5 * 1024 * 1024 + 3;

    HttpResponse<byte[]> answer =
        browser.getBytes(base() + "/api/invoices/inv_1/download?bytes=" + size);

    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.headers().firstValue("Content-Type")).contains("application/pdf");
    assertThat(answer.body()).hasSize(size);
    assertThat(sha256(answer.body())).isEqualTo(sha256(Upstream.pattern(size)));
  }

  @Test
  void aStateChangeWithoutTheCsrfTokenIs403AndNeverReachesTheService() throws Exception {
    int before = upstream.requests.get();
    HttpResponse<String> none =
        browser.send(
            HttpRequest.newBuilder(URI.create(base() + "/api/invoices"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")),
            Map.of("Content-Type", "application/json"));
    HttpResponse<String> wrong =
        browser.send(
            HttpRequest.newBuilder(URI.create(base() + "/api/invoices/inv_1")).DELETE(),
            Map.of("X-XSRF-TOKEN", "guessed"));

    assertThat(none.statusCode()).isEqualTo(403);
    assertThat(none.headers().firstValue("Content-Type")).contains("application/problem+json");
    assertThat(wrong.statusCode()).isEqualTo(403);
    assertThat(upstream.requests.get()).isEqualTo(before);

    HttpResponse<String> right = browser.withCsrf("POST", base() + "/api/invoices", "{\"a\":1}");
    assertThat(ServiceFixture.expect(right, 200).getLong("body_bytes")).isEqualTo(7);
  }

  @Test
  void withoutASessionTheApiIs401ExceptThePublicInvoicePages() throws Exception {
    Browser stranger = new Browser();

    HttpResponse<String> privateApi = stranger.get(base() + "/api/invoices");
    HttpResponse<String> publicPage =
        stranger.get(base() + "/api/invoices/public/tok_abc", Map.of("Authorization", "Bearer x"));

    assertThat(privateApi.statusCode()).isEqualTo(401);
    assertThat(privateApi.headers().firstValue("Content-Type"))
        .contains("application/problem+json");
    JsonObject seen = ServiceFixture.expect(publicPage, 200);
    assertThat(seen.getString("uri")).isEqualTo("/api/invoices/public/tok_abc");
    assertThat(seen.getJsonObject("headers").fieldNames()).doesNotContain("authorization");
  }

  /** Paying from a wallet is the signed-in payer's: it goes out with the session's token. */
  @Test
  void payingThroughAPayLinkNeedsTheSessionAndCarriesItsToken() throws Exception {
    String token = gateway.rows("select access_token from sessions").get(0).getString(0);

    HttpResponse<String> paid =
        browser.withCsrf("POST", base() + "/api/invoices/public/tok_abc/pay", null);
    HttpResponse<String> stranger =
        new Browser()
            .send(
                HttpRequest.newBuilder(URI.create(base() + "/api/invoices/public/tok_abc/pay"))
                    .POST(HttpRequest.BodyPublishers.noBody()),
                Map.of());

    JsonObject seen = ServiceFixture.expect(paid, 200);
    assertThat(seen.getString("uri")).isEqualTo("/api/invoices/public/tok_abc/pay");
    assertThat(seen.getJsonObject("headers").getString("authorization"))
        .isEqualTo("Bearer " + token);
    assertThat(stranger.statusCode()).isEqualTo(401);
  }

  @Test
  void aPathThatClimbsOutOfThePublicPagesIsRefusedBeforeAnyService() throws Exception {
    Browser stranger = new Browser();
    int before = upstream.requests.get();
    for (String path :
        new String[] {
          "/api/invoices/public/%2e%2e/inv_1",
          "/api/invoices/public/..%2finv_1",
          "/api/invoices/public/tok/%2E%2E/%2E%2E/users/me"
        }) {
      HttpResponse<String> answer = stranger.get(base() + path);
      assertThat(answer.statusCode()).as(path).isEqualTo(400);
      assertThat(answer.headers().firstValue("Content-Type"))
          .as(path)
          .contains("application/problem+json");
    }
    assertThat(upstream.requests.get()).isEqualTo(before);
  }

  @Test
  void aServiceThatCannotBeReachedIs503NamingIt() throws Exception {
    HttpResponse<String> answer = browser.get(base() + "/api/email/messages");

    assertThat(answer.statusCode()).isEqualTo(503);
    assertThat(answer.headers().firstValue("Content-Type")).contains("application/problem+json");
    assertThat(answer.headers().firstValue("Retry-After")).isPresent();
    JsonObject problem = new JsonObject(answer.body());
    assertThat(problem.getString("service")).isEqualTo("email");
    assertThat(problem.getString("detail")).contains("email");
    assertThat(browser.get(base() + "/api/users/me").statusCode()).isEqualTo(200);
  }

  @Test
  void anUnknownServiceIs404() throws Exception {
    assertThat(browser.get(base() + "/api/nothing/here").statusCode()).isEqualTo(404);
  }

  @Test
  void apiAnswersMayBeFramedOnlyByOurPages() throws Exception {
    HttpResponse<String> answer = browser.get(base() + "/api/users/me");

    assertThat(answer.headers().firstValue("X-Frame-Options")).contains("SAMEORIGIN");
    assertThat(answer.headers().firstValue("Content-Security-Policy"))
        .contains("frame-ancestors 'self'");
    assertThat(answer.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  private static int closedPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
