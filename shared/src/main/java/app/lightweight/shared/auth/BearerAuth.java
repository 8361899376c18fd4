package app.lightweight.shared.auth;

import app.lightweight.shared.http.Problem;
import app.lightweight.shared.http.Problems;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.NoSuchKeyIdException;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates {@code Authorization: Bearer} JWTs locally against the issuer's JWKS, found by OIDC
 * discovery: signature, {@code iss}, {@code aud}, {@code exp}. Only signed tokens verify ({@code
 * alg: none} has no key). A token signed with a key the service has not seen makes it fetch the
 * JWKS again (key rotation), at most once per {@link OidcConfig#jwksMinRefreshMs()}, and tries once
 * more. No introspection: the service stays up and fast when the provider is slow.
 *
 * <p>A token that verified is remembered until its {@code exp} (at most {@link #MAX_REMEMBERED}
 * tokens): an SPA sends the same token for minutes, and checking its RS256 signature again on every
 * request was an eighth of a busy service's CPU. Only the exact same token string hits.
 */
public final class BearerAuth {
  private static final Logger LOG = LoggerFactory.getLogger(BearerAuth.class);
  static final int MAX_REMEMBERED = 10_000;

  private final Vertx vertx;
  private final OidcConfig config;
  private final HttpClient http;
  private final String jwksUri;
  private final Context home;
  private volatile JWTAuth verifier;
  private volatile long lastRefresh;
  private Future<JWTAuth> refreshing;
  private final Cache<String, User> verified =
      Caffeine.newBuilder().maximumSize(MAX_REMEMBERED).expireAfter(new UntilTokenExpiry()).build();

  private BearerAuth(Vertx vertx, OidcConfig config, HttpClient http, String jwksUri) {
    this.vertx = vertx;
    this.config = config;
    this.http = http;
    this.jwksUri = jwksUri;
    this.home = vertx.getOrCreateContext();
  }

  public static Future<BearerAuth> discover(Vertx vertx, OidcConfig config) {
    HttpClient http =
        vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(5_000).setSsl(false));
    String discovery = config.issuer().replaceAll("/+$", "") + "/.well-known/openid-configuration";
    return getJson(http, discovery)
        .compose(
            document -> {
              if (!config.issuer().equals(document.getString("issuer"))) {
                return Future.failedFuture(
                    "the discovery document names issuer "
                        + document.getString("issuer")
                        + ", not "
                        + config.issuer());
              }
              BearerAuth auth = new BearerAuth(vertx, config, http, document.getString("jwks_uri"));
              return auth.loadKeys().map(auth);
            })
        .recover(
            failure ->
                Future.failedFuture(
                    new IllegalStateException(
                        "OIDC discovery failed for "
                            + config.issuer()
                            + ": "
                            + failure.getMessage())));
  }

  /** Root handler: authenticates the caller or answers 401 problem+json. */
  public Handler<RoutingContext> handler() {
    return this::authenticate;
  }

  /** Route handler: lets the request through only if the token carries the scope, else 403. */
  public static Handler<RoutingContext> requireScope(String scope) {
    return ctx -> {
      if (Caller.of(ctx).has(scope)) {
        ctx.next();
      } else {
        Problems.send(ctx, Problem.forbidden("the token lacks the scope " + scope));
      }
    };
  }

  /** Verifies a raw token; fails with a message saying why it is not acceptable. */
  public Future<User> verify(String token) {
    User known = verified.getIfPresent(token);
    if (known != null) {
      return Future.succeededFuture(known);
    }
    TokenCredentials credentials = new TokenCredentials(token);
    return verifier
        .authenticate(credentials)
        .recover(
            failure ->
                isUnknownKey(failure)
                    ? refreshKeys().compose(fresh -> fresh.authenticate(credentials))
                    : Future.failedFuture(failure))
        .onSuccess(user -> verified.put(token, user));
  }

  private void authenticate(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      unauthorized(ctx, "send Authorization: Bearer <access token>");
      return;
    }
    verify(header.substring(7).trim())
        .map(Caller::of) // a token whose sub is no tenant key fails here: 401
        .onSuccess(
            caller -> {
              caller.attachTo(ctx);
              ctx.next();
            })
        .onFailure(failure -> unauthorized(ctx, "the token is not valid: " + failure.getMessage()));
  }

  private static void unauthorized(RoutingContext ctx, String detail) {
    ctx.response().putHeader("WWW-Authenticate", "Bearer");
    Problems.send(ctx, Problem.unauthorized(detail));
  }

  private static boolean isUnknownKey(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof NoSuchKeyIdException) {
        return true;
      }
    }
    return false;
  }

  private synchronized Future<JWTAuth> refreshKeys() {
    if (refreshing != null) {
      return refreshing;
    }
    if (System.currentTimeMillis() - lastRefresh < config.jwksMinRefreshMs()) {
      return Future.succeededFuture(verifier);
    }
    LOG.info("token signed with an unknown key: fetching the JWKS of {} again", config.issuer());
    // Fetched on the context the verifier was built on: in Vert.x 5.0.7 an HttpClient request
    // started from a thread outside Vert.x (a test, a blocking caller) now and then never
    // completes.
    Promise<JWTAuth> loaded = Promise.promise();
    home.runOnContext(run -> loadKeys().onComplete(loaded));
    refreshing = loaded.future();
    return refreshing.onComplete(
        done -> {
          synchronized (this) {
            refreshing = null;
          }
        });
  }

  private Future<JWTAuth> loadKeys() {
    return getJson(http, jwksUri)
        .map(
            jwks -> {
              JsonArray keys = jwks.getJsonArray("keys", new JsonArray());
              JWTAuthOptions options =
                  new JWTAuthOptions()
                      .setJwks(keys.stream().map(JsonObject.class::cast).toList())
                      .setJWTOptions(
                          new JWTOptions()
                              .setIssuer(config.issuer())
                              .setAudience(List.of(config.audience()))
                              .setLeeway(5));
              verifier = JWTAuth.create(vertx, options);
              lastRefresh = System.currentTimeMillis();
              return verifier;
            });
  }

  /** Forgets a verified token when the token expires (no leeway: a cache hit is never stale). */
  private static final class UntilTokenExpiry implements Expiry<String, User> {
    @Override
    public long expireAfterCreate(String token, User user, long currentTime) {
      long expiresAtSeconds = user.attributes().getLong("exp", 0L);
      long leftMillis = expiresAtSeconds * 1000 - System.currentTimeMillis();
      return TimeUnit.MILLISECONDS.toNanos(Math.max(0, leftMillis));
    }

    @Override
    public long expireAfterUpdate(String token, User user, long currentTime, long duration) {
      return duration;
    }

    @Override
    public long expireAfterRead(String token, User user, long currentTime, long duration) {
      return duration;
    }
  }

  private static Future<JsonObject> getJson(HttpClient http, String url) {
    return http.request(
            new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url).setTimeout(5_000))
        .compose(request -> request.send())
        .compose(
            response ->
                response.statusCode() == 200
                    ? response.body().map(body -> body.toJsonObject())
                    : Future.failedFuture("GET " + url + " answered " + response.statusCode()));
  }
}
