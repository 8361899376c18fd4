package app.lightweight.gateway.auth;

import app.lightweight.gateway.GatewayConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway as an OIDC client of the configured issuer: discovery, the authorization-code request
 * with PKCE (S256) and a nonce, the code exchange, refresh, and the end-session URL. The client
 * authenticates with HTTP Basic ({@code client_secret_basic}).
 */
public final class OidcClient {
  private static final Logger LOG = LoggerFactory.getLogger(OidcClient.class);
  private static final long MAX_BACKOFF_MS = 30_000;
  private static final long DEFAULT_TOKEN_SECONDS = 300;

  private final Vertx vertx;
  private final GatewayConfig config;
  private final HttpClient http;
  private volatile Discovery discovery;

  /**
   * Why the provider is not discovered yet: null before the first answer, then the last failure.
   */
  private volatile String lastFailure;

  /** What the issuer's discovery document says, as far as the gateway needs it. */
  public record Discovery(
      String issuer,
      String authorizationEndpoint,
      String tokenEndpoint,
      Optional<String> endSessionEndpoint) {}

  /** A token endpoint answer. {@code refreshToken} and {@code idToken} may be null. */
  public record Tokens(
      String accessToken, Instant accessExpiresAt, String refreshToken, String idToken) {}

  /** The provider refused a grant (a 4xx answer such as {@code invalid_grant}). */
  public static final class Refused extends RuntimeException {
    Refused(String why) {
      super(why, null, false, false);
    }
  }

  public OidcClient(Vertx vertx, GatewayConfig config) {
    this.vertx = vertx;
    this.config = config;
    this.http =
        vertx.createHttpClient(
            new HttpClientOptions().setConnectTimeout(3_000).setIdleTimeout(15),
            new io.vertx.core.http.PoolOptions().setHttp1MaxSize(16));
  }

  /**
   * Fetches the discovery document once; on failure it retries in the background with backoff
   * (sign-in answers 503 until then). Fails only when the document names another issuer.
   */
  public Future<Void> discover() {
    return fetchDiscovery()
        .recover(
            failure -> {
              if (failure instanceof WrongIssuer) {
                return Future.failedFuture(failure);
              }
              lastFailure = String.valueOf(failure.getMessage());
              LOG.warn("OIDC discovery failed, retrying: {}", failure.getMessage());
              retryDiscovery(500);
              return Future.succeededFuture();
            });
  }

  private void retryDiscovery(long delayMs) {
    vertx.setTimer(
        delayMs,
        id ->
            fetchDiscovery()
                .onFailure(
                    failure -> {
                      lastFailure = String.valueOf(failure.getMessage());
                      if (!(failure instanceof WrongIssuer)) {
                        retryDiscovery(Math.min(delayMs * 2, MAX_BACKOFF_MS));
                      } else {
                        LOG.error("{}", failure.getMessage());
                      }
                    }));
  }

  private Future<Void> fetchDiscovery() {
    String issuer = config.service().oidc().issuer();
    String url = issuer.replaceAll("/$", "") + "/.well-known/openid-configuration";
    return http.request(new RequestOptions().setAbsoluteURI(url).setMethod(HttpMethod.GET))
        .compose(request -> request.putHeader("Accept", "application/json").send())
        .compose(response -> bodyIf200(response, url))
        .compose(
            body -> {
              JsonObject json = body.toJsonObject();
              if (!issuer.equals(json.getString("issuer"))) {
                return Future.failedFuture(
                    new WrongIssuer(
                        "OIDC discovery at "
                            + url
                            + " names issuer "
                            + json.getString("issuer")
                            + ", not "
                            + issuer));
              }
              discovery =
                  new Discovery(
                      issuer,
                      json.getString("authorization_endpoint"),
                      json.getString("token_endpoint"),
                      Optional.ofNullable(json.getString("end_session_endpoint")));
              LOG.info("OIDC issuer {} discovered", issuer);
              return Future.succeededFuture();
            });
  }

  public Optional<Discovery> discovery() {
    return Optional.ofNullable(discovery);
  }

  /**
   * The provider as {@code /health/ready} reports it: {@code up} once discovered; before that
   * {@code unknown} (no answer yet) or {@code down} with the last failure, and the gateway is not
   * ready (nobody can sign in).
   */
  public JsonObject readiness() {
    String issuer = config.service().oidc().issuer();
    JsonObject state = new JsonObject().put("issuer", issuer);
    if (discovery != null) {
      return state.put("state", "up");
    }
    String failure = lastFailure;
    return failure == null
        ? state.put("state", "unknown")
        : state.put("state", "down").put("error", failure);
  }

  /** The provider's authorize URL for this sign-in attempt. */
  public String authorizeUrl(Discovery found, String state, String verifier, String nonce) {
    Map<String, String> query = new LinkedHashMap<>();
    query.put("response_type", "code");
    query.put("client_id", config.clientId());
    query.put("redirect_uri", config.redirectUri());
    query.put("scope", config.scopes());
    query.put("state", state);
    query.put("nonce", nonce);
    query.put("code_challenge", OpaqueTokens.challenge(verifier));
    query.put("code_challenge_method", "S256");
    String separator = found.authorizationEndpoint().contains("?") ? "&" : "?";
    return found.authorizationEndpoint() + separator + form(query);
  }

  public Future<Tokens> exchange(String code, String verifier) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "authorization_code");
    form.put("code", code);
    form.put("redirect_uri", config.redirectUri());
    form.put("code_verifier", verifier);
    return tokenRequest(form);
  }

  public Future<Tokens> refresh(String refreshToken) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "refresh_token");
    form.put("refresh_token", refreshToken);
    return tokenRequest(form);
  }

  /** Where to send the browser to end the session at the provider, when it offers that. */
  public Optional<String> endSessionUrl(String idToken) {
    return discovery()
        .flatMap(Discovery::endSessionEndpoint)
        .map(
            endpoint -> {
              Map<String, String> query = new LinkedHashMap<>();
              if (idToken != null) {
                query.put("id_token_hint", idToken);
              }
              query.put("post_logout_redirect_uri", config.publicUrl() + "/");
              query.put("client_id", config.clientId());
              return endpoint + (endpoint.contains("?") ? "&" : "?") + form(query);
            });
  }

  /**
   * Checks an ID token that came straight from the token endpoint over the connection we opened:
   * issuer, audience (our client), expiry and nonce. Its signature is not checked, as OIDC Core
   * 3.1.3.7 allows for a token received this way from the provider itself.
   *
   * @param nonce the nonce of the sign-in; null for a refresh
   */
  public IdToken idToken(String jwt, String nonce) {
    String[] parts = jwt == null ? new String[0] : jwt.split("\\.");
    if (parts.length < 2) {
      throw new Refused("the token answer holds no ID token");
    }
    JsonObject claims =
        new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
    if (!config.service().oidc().issuer().equals(claims.getString("iss"))) {
      throw new Refused("the ID token is from another issuer");
    }
    Object aud = claims.getValue("aud");
    boolean ours =
        aud instanceof JsonArray list
            ? list.contains(config.clientId())
            : config.clientId().equals(aud);
    if (!ours) {
      throw new Refused("the ID token is for another client");
    }
    long skew = config.service().oidc().clockSkewSeconds();
    Long exp = claims.getLong("exp");
    if (exp == null || exp + skew < Instant.now().getEpochSecond()) {
      throw new Refused("the ID token has expired");
    }
    if (nonce != null && !OpaqueTokens.same(nonce, claims.getString("nonce"))) {
      throw new Refused("the ID token's nonce is not this sign-in's");
    }
    String subject = claims.getString("sub");
    if (subject == null || subject.isBlank()) {
      throw new Refused("the ID token names no subject");
    }
    String name = claims.getString("name", claims.getString("preferred_username"));
    return new IdToken(subject, name, claims.getString("email"), jwt);
  }

  /** The claims of an ID token that passed {@link #idToken}. */
  public record IdToken(String subject, String name, String email, String raw) {}

  private Future<Tokens> tokenRequest(Map<String, String> form) {
    Discovery found = discovery;
    if (found == null) {
      return Future.failedFuture(new IllegalStateException("the OIDC issuer is not discovered"));
    }
    String basic =
        Base64.getEncoder()
            .encodeToString(
                (encode(config.clientId()) + ":" + encode(config.clientSecret()))
                    .getBytes(StandardCharsets.UTF_8));
    return http.request(
            new RequestOptions()
                .setAbsoluteURI(found.tokenEndpoint())
                .setMethod(HttpMethod.POST)
                .setIdleTimeout(10_000))
        .compose(
            request ->
                request
                    .putHeader("Content-Type", "application/x-www-form-urlencoded")
                    .putHeader("Accept", "application/json")
                    .putHeader("Authorization", "Basic " + basic)
                    .send(form(form)))
        .compose(
            response ->
                response
                    .body()
                    .compose(
                        body -> {
                          if (response.statusCode() == 200) {
                            return Future.succeededFuture(tokens(body.toJsonObject()));
                          }
                          if (response.statusCode() >= 400 && response.statusCode() < 500) {
                            return Future.failedFuture(new Refused(describe(body)));
                          }
                          return Future.failedFuture(
                              new IllegalStateException(
                                  "token endpoint answered " + response.statusCode()));
                        }));
  }

  private static Tokens tokens(JsonObject json) {
    String access = json.getString("access_token");
    if (access == null) {
      throw new Refused("the token answer holds no access token");
    }
    Long expiresIn = json.getLong("expires_in");
    long seconds = expiresIn != null ? expiresIn : jwtLifetime(access);
    return new Tokens(
        access,
        Instant.now().plusSeconds(seconds),
        json.getString("refresh_token"),
        json.getString("id_token"));
  }

  /** Seconds until the access token's {@code exp}, when it is a JWT; a default otherwise. */
  private static long jwtLifetime(String accessToken) {
    try {
      String[] parts = accessToken.split("\\.");
      long exp =
          new JsonObject(
                  new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8))
              .getLong("exp");
      return Math.max(0, exp - Instant.now().getEpochSecond());
    } catch (RuntimeException opaque) {
      return DEFAULT_TOKEN_SECONDS;
    }
  }

  private static String describe(Buffer body) {
    try {
      JsonObject error = body.toJsonObject();
      return error.getString("error", "refused")
          + (error.containsKey("error_description")
              ? ": " + error.getString("error_description")
              : "");
    } catch (RuntimeException notJson) {
      return "refused";
    }
  }

  private static Future<Buffer> bodyIf200(HttpClientResponse response, String url) {
    if (response.statusCode() != 200) {
      return Future.failedFuture(
          new IllegalStateException(url + " answered " + response.statusCode()));
    }
    return response.body();
  }

  private static String form(Map<String, String> values) {
    return values.entrySet().stream()
        .map(entry -> encode(entry.getKey()) + "=" + encode(entry.getValue()))
        .collect(Collectors.joining("&"));
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static final class WrongIssuer extends RuntimeException {
    WrongIssuer(String message) {
      super(message, null, false, false);
    }
  }
}
