package app.lightweight.gateway;

import app.lightweight.shared.ServiceConfig;
import app.lightweight.shared.config.Settings;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The gateway's settings, read once at start.
 *
 * @param publicUrl the origin browsers use ({@code GATEWAY_PUBLIC_URL}), the base of the OIDC
 *     {@code redirect_uri} and of the post-logout redirect; an {@code https} one makes every cookie
 *     Secure
 * @param clientId the gateway's OIDC client ({@code GATEWAY_CLIENT_ID})
 * @param clientSecret its secret ({@code GATEWAY_CLIENT_SECRET}), sent with HTTP Basic
 * @param scopes requested at sign-in ({@code GATEWAY_SCOPES}): every scope the web app uses
 * @param secureCookies {@code auto} (Secure when the request came over HTTPS, or {@code
 *     X-Forwarded-Proto: https}), {@code true} or {@code false}
 * @param sessionIdle a session unused this long ends ({@code GATEWAY_SESSION_IDLE_SECONDS})
 * @param sessionMax a session ends this long after sign-in, used or not ({@code
 *     GATEWAY_SESSION_MAX_SECONDS})
 * @param refreshBefore the access token is refreshed when it expires within this ({@code
 *     GATEWAY_REFRESH_BEFORE_SECONDS})
 * @param upstreams base URL of each service behind {@code /api/<service>/}
 * @param webRoot the built Angular app ({@code GATEWAY_WEB_ROOT})
 */
public record GatewayConfig(
    ServiceConfig service,
    String publicUrl,
    String clientId,
    String clientSecret,
    String scopes,
    String secureCookies,
    Duration sessionIdle,
    Duration sessionMax,
    Duration refreshBefore,
    Map<String, URI> upstreams,
    String webRoot) {

  public static final String DEFAULT_SCOPES =
      "openid profile email offline_access users:read users:write invoices:read invoices:write"
          + " email:read wallets:read wallets:fund wallets:pay";

  private static final Map<String, Integer> SERVICES =
      Map.of("users", 8081, "invoices", 8082, "email", 8083, "wallets", 8084);

  public static GatewayConfig from(Settings settings) {
    ServiceConfig service = ServiceConfig.from(settings, GatewayVerticle.LOCAL_PORT);
    Map<String, URI> upstreams = new LinkedHashMap<>();
    SERVICES.forEach(
        (name, port) ->
            upstreams.put(
                name,
                url(
                    name.toUpperCase() + "_URL",
                    settings.string(name.toUpperCase() + "_URL", "http://localhost:" + port))));
    String publicUrl =
        settings
            .string("PUBLIC_URL", "http://localhost:" + service.http().port())
            .replaceAll("/$", "");
    url("PUBLIC_URL", publicUrl);
    String secureCookies = settings.string("SECURE_COOKIES", "auto");
    if (!secureCookies.matches("auto|true|false")) {
      throw new Settings.InvalidSetting(
          "GATEWAY_SECURE_COOKIES", "must be auto, true or false, was '" + secureCookies + "'");
    }
    return new GatewayConfig(
        service,
        publicUrl,
        settings.string("CLIENT_ID", "lightweight-web"),
        settings.string("CLIENT_SECRET", "lightweight-local-secret"),
        settings.string("SCOPES", DEFAULT_SCOPES),
        secureCookies,
        seconds(settings, "SESSION_IDLE_SECONDS", 1_800),
        seconds(settings, "SESSION_MAX_SECONDS", 43_200),
        seconds(settings, "REFRESH_BEFORE_SECONDS", 60),
        Map.copyOf(upstreams),
        settings.string("WEB_ROOT", "web/dist/lightweight/browser"));
  }

  /** Where the provider sends the browser back after sign-in. */
  public String redirectUri() {
    return publicUrl + "/auth/callback";
  }

  private static Duration seconds(Settings settings, String name, int fallback) {
    int value = settings.integer(name, fallback);
    if (value <= 0) {
      throw new Settings.InvalidSetting("GATEWAY_" + name, "must be more than 0");
    }
    return Duration.ofSeconds(value);
  }

  private static URI url(String name, String value) {
    try {
      URI uri = new URI(value);
      if (uri.getScheme() == null
          || !uri.getScheme().matches("https?")
          || uri.getHost() == null
          || (uri.getPath() != null && !uri.getPath().isEmpty() && !uri.getPath().equals("/"))) {
        throw new IllegalArgumentException("not an http(s) origin");
      }
      return uri;
    } catch (Exception invalid) {
      throw new Settings.InvalidSetting(
          "GATEWAY_" + name, "must be an http(s) URL without a path, was '" + value + "'");
    }
  }
}
