package app.lightweight.gateway.auth;

import app.lightweight.gateway.GatewayConfig;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/**
 * The cookies the gateway gives a browser: the opaque session id (HttpOnly), the CSRF token that
 * the web app echoes in {@code X-XSRF-TOKEN} (readable by scripts, as Angular needs), and the
 * pre-login cookie that binds a sign-in's state and PKCE verifier to this browser.
 */
public final class SessionCookies {
  public static final String SESSION = "lw_session";
  public static final String CSRF = "XSRF-TOKEN";
  public static final String CSRF_HEADER = "X-XSRF-TOKEN";
  public static final String LOGIN = "lw_login";
  private static final String LOGIN_PATH = "/auth/callback";

  private final GatewayConfig config;

  public SessionCookies(GatewayConfig config) {
    this.config = config;
  }

  public Optional<String> session(RoutingContext ctx) {
    return value(ctx.request(), SESSION);
  }

  public Optional<String> login(RoutingContext ctx) {
    return value(ctx.request(), LOGIN);
  }

  /** The session id in a raw {@code Cookie} header (the SockJS connection's upgrade request). */
  public static Optional<String> sessionIn(String cookieHeader) {
    if (cookieHeader == null) {
      return Optional.empty();
    }
    return ServerCookieDecoder.STRICT.decode(cookieHeader).stream()
        .filter(cookie -> cookie.name().equals(SESSION))
        .map(io.netty.handler.codec.http.cookie.Cookie::value)
        .filter(value -> !value.isEmpty())
        .findFirst();
  }

  public void setSession(RoutingContext ctx, String sessionId, String csrfToken) {
    long maxAge = config.sessionMax().toSeconds();
    ctx.response()
        .addCookie(base(ctx, SESSION, sessionId, "/").setHttpOnly(true).setMaxAge(maxAge))
        .addCookie(base(ctx, CSRF, csrfToken, "/").setHttpOnly(false).setMaxAge(maxAge));
  }

  /** Sets the CSRF cookie again (a browser that lost it gets it back with the session). */
  public void setCsrf(RoutingContext ctx, String csrfToken) {
    ctx.response()
        .addCookie(
            base(ctx, CSRF, csrfToken, "/")
                .setHttpOnly(false)
                .setMaxAge(config.sessionMax().toSeconds()));
  }

  public void clearSession(RoutingContext ctx) {
    ctx.response()
        .addCookie(base(ctx, SESSION, "", "/").setHttpOnly(true).setMaxAge(0))
        .addCookie(base(ctx, CSRF, "", "/").setHttpOnly(false).setMaxAge(0));
  }

  public void setLogin(RoutingContext ctx, String loginId) {
    ctx.response()
        .addCookie(
            base(ctx, LOGIN, loginId, LOGIN_PATH)
                .setHttpOnly(true)
                .setMaxAge(SessionStore.LOGIN_TIMEOUT.toSeconds()));
  }

  public void clearLogin(RoutingContext ctx) {
    ctx.response().addCookie(base(ctx, LOGIN, "", LOGIN_PATH).setHttpOnly(true).setMaxAge(0));
  }

  /** Secure when the browser reached us over HTTPS (directly or through a TLS-ending proxy). */
  public boolean secure(HttpServerRequest request) {
    return switch (config.secureCookies()) {
      case "true" -> true;
      case "false" -> false;
      default ->
          config.publicUrl().startsWith("https:")
              || request.isSSL()
              || "https".equalsIgnoreCase(request.getHeader("X-Forwarded-Proto"));
    };
  }

  private Cookie base(RoutingContext ctx, String name, String value, String path) {
    return Cookie.cookie(name, value)
        .setPath(path)
        .setSameSite(CookieSameSite.LAX)
        .setSecure(secure(ctx.request()));
  }

  private static Optional<String> value(HttpServerRequest request, String name) {
    Cookie cookie = request.getCookie(name);
    return cookie == null || cookie.getValue().isEmpty()
        ? Optional.empty()
        : Optional.of(cookie.getValue());
  }
}
