package app.lightweight.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import app.lightweight.shared.testing.ServiceFixture;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class WebAppTest {
  static final Path webRoot = builtApp();

  @RegisterExtension
  static final ServiceFixture gateway =
      ServiceFixture.of(GatewayVerticle.NAME, GatewayVerticle::new)
          .env("GATEWAY_WEB_ROOT", webRoot.toString());

  @RegisterExtension
  static final ServiceFixture unbuilt =
      ServiceFixture.of(GatewayVerticle.NAME, GatewayVerticle::new)
          .env("GATEWAY_WEB_ROOT", webRoot.resolve("missing").toString());

  private static String base() {
    return "http://localhost:" + gateway.port();
  }

  @Test
  void appRoutesGetIndexHtmlRevalidatedEveryTimeWithoutASession() throws Exception {
    for (String path : new String[] {"/", "/invoices/inv_123", "/pay/tok_abc"}) {
      HttpResponse<String> page = new Browser().get(base() + path);
      assertThat(page.statusCode()).as(path).isEqualTo(200);
      assertThat(page.body()).as(path).contains("<app-root>");
      assertThat(page.headers().firstValue("Cache-Control")).as(path).contains("no-cache");
    }
  }

  @Test
  void hashedAssetsAreCachedForAYearAndMissingFilesAre404() throws Exception {
    HttpResponse<String> asset = new Browser().get(base() + "/main-ABCD1234.js");
    HttpResponse<String> plain = new Browser().get(base() + "/favicon.ico");
    HttpResponse<String> missing = new Browser().get(base() + "/chunk-NOPE1234.js");

    assertThat(asset.statusCode()).isEqualTo(200);
    assertThat(asset.headers().firstValue("Cache-Control"))
        .contains("public, max-age=31536000, immutable");
    assertThat(asset.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).contains("javascript"));
    assertThat(plain.headers().firstValue("Cache-Control")).contains("no-cache");
    assertThat(missing.statusCode()).isEqualTo(404);
  }

  @Test
  void pagesCarryAStrictContentSecurityPolicyAndCannotBeFramed() throws Exception {
    HttpResponse<String> page = new Browser().get(base() + "/invoices");

    String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
    assertThat(csp)
        .contains(
            "default-src 'self'",
            "script-src 'self';",
            "connect-src 'self'",
            "img-src 'self' data: blob:",
            "frame-src 'self'",
            "frame-ancestors 'none'",
            "base-uri 'self'",
            "form-action 'self' http://localhost:" + gateway.oidc().port());
    assertThat(csp).doesNotContain("script-src 'self' 'unsafe-inline'");
    assertThat(page.headers().firstValue("X-Frame-Options")).contains("DENY");
    assertThat(page.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
    assertThat(page.headers().firstValue("Referrer-Policy")).contains("same-origin");
  }

  @Test
  void withoutABuiltAppAPageSaysHowToBuildIt() throws Exception {
    HttpResponse<String> page = new Browser().get("http://localhost:" + unbuilt.port() + "/");

    assertThat(page.statusCode()).isEqualTo(503);
    assertThat(page.body()).contains("npm run build");
    assertThat(page.headers().firstValue("Content-Security-Policy")).isPresent();
  }

  @Test
  void healthAndMetricsAnswerLikeEveryService() throws Exception {
    assertThat(new Browser().get(base() + "/health/ready").statusCode()).isEqualTo(200);
    assertThat(new Browser().get(base() + "/metrics").statusCode()).isEqualTo(200);
    assertThat(new Browser().get(base() + "/openapi.yaml").body()).contains("/auth/session");
  }

  /** A stand-in for the built Angular app: index.html, a hashed bundle, a favicon. */
  static Path builtApp() {
    try {
      Path root = Files.createTempDirectory("lightweight-web");
      Files.writeString(
          root.resolve("index.html"),
          "<!doctype html><html><head><script src=\"main-ABCD1234.js\" type=\"module\"></script>"
              + "</head><body><app-root></app-root></body></html>");
      Files.writeString(root.resolve("main-ABCD1234.js"), "console.log('app');");
      Files.write(root.resolve("favicon.ico"), new byte[] {0, 0, 1, 0});
      return root;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
