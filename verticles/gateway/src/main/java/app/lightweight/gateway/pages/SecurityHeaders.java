package app.lightweight.gateway.pages;

import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;

/**
 * Security headers on every answer, set last (so an upstream cannot weaken them). Pages get a
 * strict Content-Security-Policy and may not be framed; API answers may be framed by our own pages
 * only (the invoice PDF shown inline) and carry no script policy of their own.
 */
public final class SecurityHeaders implements Handler<RoutingContext> {
  private final String pagePolicy;

  /**
   * @param issuer the OIDC issuer: sign-in forms post there ({@code form-action})
   */
  public SecurityHeaders(String issuer) {
    URI uri = URI.create(issuer);
    String issuerOrigin = uri.getScheme() + "://" + uri.getRawAuthority();
    // Angular adds component styles as <style> elements at run time, so styles need
    // 'unsafe-inline'; scripts do not, and get none
    this.pagePolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline';"
            + " connect-src 'self'; img-src 'self' data: blob:; font-src 'self';"
            + " frame-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'self';"
            + " form-action 'self' "
            + issuerOrigin;
  }

  @Override
  public void handle(RoutingContext ctx) {
    boolean api = ctx.request().path().startsWith("/api/");
    ctx.addHeadersEndHandler(
        v -> {
          MultiMap headers = ctx.response().headers();
          headers.set("X-Content-Type-Options", "nosniff");
          headers.set("Referrer-Policy", "same-origin");
          if (api) {
            headers.set("Content-Security-Policy", "frame-ancestors 'self'");
            headers.set("X-Frame-Options", "SAMEORIGIN");
          } else {
            headers.set("Content-Security-Policy", pagePolicy);
            headers.set("X-Frame-Options", "DENY");
          }
        });
    ctx.next();
  }
}
