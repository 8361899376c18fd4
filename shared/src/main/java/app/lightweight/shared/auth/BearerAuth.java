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
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates {@code Authorization: Bearer} JWTs locally against the issuer's JWKS, found by OIDC
 * discovery: signature, {@code iss}, the audience claim, {@code exp} (with {@link
 * OidcConfig#clockSkewSeconds()} leeway). Only signed tokens verify ({@code alg: none} has no key),
 * and only the JWKS's signing keys are loaded. No introspection: the service stays up and fast when
 * the provider is slow.
 *
 * <p>Discovery retries with backoff until it succeeds; until then the service is not ready and
 * requests that need a token are answered 503. A token of our issuer signed with a key the service
 * has not seen makes it fetch the JWKS again (key rotation) and try once more; concurrent fetches
 * are coalesced and at most one starts per {@link OidcConfig#jwksMinRefreshMs()} (a request waits
 * for it rather than being refused).
 *
 * <p>A token that verified is remembered until its {@code exp} (at most {@link #MAX_REMEMBERED}
 * tokens): an SPA sends the same token for minutes, and checking its RS256 signature again on every
 * request was an eighth of a busy service's CPU. Only the exact same token string hits.
 */
public final class BearerAuth {
  private static final Logger LOG = LoggerFactory.getLogger(BearerAuth.class);
  static final int MAX_REMEMBERED = 10_000;
  static final long FIRST_RETRY_MS = 500;
  static final long MAX_RETRY_MS = 30_000;

  /** Router metadata under which {@code ApiRouter} hands this to the health routes. */
  public static final String ROUTER_METADATA = BearerAuth.class.getName();

  private final Vertx vertx;
  private final OidcConfig config;
  private final HttpClient http;
  private final Context home;
  private volatile String jwksUri;
  private volatile JWTAuth verifier;
  private volatile String notReady = "OIDC discovery has not completed yet";
  private long lastRefresh;
  private Future<JWTAuth> refreshing;
  private final Cache<String, User> verified =
      Caffeine.newBuilder().maximumSize(MAX_REMEMBERED).expireAfter(new UntilTokenExpiry()).build();

  private BearerAuth(Vertx vertx, OidcConfig config) {
    this.vertx = vertx;
    this.config = config;
    this.http =
        vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(5_000).setSsl(false));
    this.home = vertx.getOrCreateContext();
  }

  /**
   * Completes after the first discovery attempt. If the provider could not be reached, the result
   * is not {@link #ready()} yet and discovery goes on in the background, with backoff; it fails
   * only if the provider answers that it is another issuer (a configuration error).
   */
  public static Future<BearerAuth> discover(Vertx vertx, OidcConfig config) {
    BearerAuth auth = new BearerAuth(vertx, config);
    Promise<BearerAuth> firstAttempt = Promise.promise();
    // on the context the client was made on (see refreshKeys)
    auth.home.runOnContext(run -> auth.discoverUntilReady(FIRST_RETRY_MS, firstAttempt));
    return firstAttempt.future();
  }

  /** Whether the provider's keys are loaded, so tokens can be verified. */
  public boolean ready() {
    return verifier != null;
  }

  /** Why tokens cannot be verified yet; empty once {@link #ready()}. */
  public Optional<String> whyNotReady() {
    return ready() ? Optional.empty() : Optional.of(notReady);
  }

  private void discoverUntilReady(long retryMs, Promise<BearerAuth> firstAttempt) {
    discoverOnce()
        .onSuccess(
            keys -> {
              LOG.info("OIDC provider {} discovered; tokens can be verified", config.issuer());
              firstAttempt.tryComplete(this);
            })
        .onFailure(
            failure -> {
              String why =
                  "OIDC discovery failed for " + config.issuer() + ": " + failure.getMessage();
              if (failure instanceof WrongIssuer && !firstAttempt.future().isComplete()) {
                http.close();
                firstAttempt.fail(new IllegalStateException(why));
                return;
              }
              notReady = why;
              LOG.warn(
                  "{}; retrying in {} ms, requests that need a token answer 503", why, retryMs);
              firstAttempt.tryComplete(this);
              vertx.setTimer(
                  retryMs,
                  timer -> discoverUntilReady(Math.min(MAX_RETRY_MS, retryMs * 2), firstAttempt));
            });
  }

  private Future<JWTAuth> discoverOnce() {
    String discovery = config.issuer().replaceAll("/+$", "") + "/.well-known/openid-configuration";
    return getJson(http, discovery)
        .compose(
            document -> {
              if (!config.issuer().equals(document.getString("issuer"))) {
                return Future.failedFuture(new WrongIssuer(document.getString("issuer")));
              }
              jwksUri = document.getString("jwks_uri");
              return loadKeys();
            });
  }

  /**
   * Root handler: authenticates the caller or answers 401 problem+json; 503 while the provider's
   * keys are not loaded yet.
   */
  public Handler<RoutingContext> handler() {
    return ctx -> {
      if (ready()) {
        authenticate(ctx);
      } else {
        Problems.send(ctx, Problem.unavailable("tokens cannot be verified yet: " + notReady));
      }
    };
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
    JWTAuth current = verifier;
    if (current == null) {
      return Future.failedFuture(notReady);
    }
    TokenCredentials credentials = new TokenCredentials(token);
    return current
        .authenticate(credentials)
        .recover(
            failure ->
                isUnknownKey(failure)
                    ? keysForUnknownKid(token).compose(fresh -> fresh.authenticate(credentials))
                    : Future.failedFuture(failure))
        .compose(this::accepted)
        .onSuccess(user -> verified.put(token, user));
  }

  /** Checks the audience claim and gives the scopes their plain names (see OidcConfig). */
  private Future<User> accepted(User user) {
    JsonObject claims = user.attributes().getJsonObject("accessToken", user.principal());
    Object audience = claims.getValue(config.audienceClaim());
    boolean forUs =
        audience instanceof JsonArray list
            ? list.contains(config.audience())
            : config.audience().equals(audience);
    if (!forUs) {
      return Future.failedFuture(
          "the token's " + config.audienceClaim() + " is not " + config.audience());
    }
    if (!config.scopePrefix().isEmpty()) {
      Object scope = claims.remove("scope");
      Object scp = claims.remove("scp");
      claims.put("scope", String.join(" ", unprefixedScopes(scope != null ? scope : scp)));
    }
    return Future.succeededFuture(user);
  }

  private List<String> unprefixedScopes(Object scope) {
    List<String> scopes =
        scope instanceof JsonArray list
            ? list.stream().map(String::valueOf).toList()
            : List.of(String.valueOf(scope == null ? "" : scope).split(" "));
    String prefix = config.scopePrefix();
    return scopes.stream()
        .filter(name -> name.startsWith(prefix) && name.length() > prefix.length())
        .map(name -> name.substring(prefix.length()))
        .toList();
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

  /**
   * A token of another issuer is refused without a fetch (it could never verify), so forged or
   * stray tokens cannot spend the JWKS fetches that a real key rotation needs.
   */
  private Future<JWTAuth> keysForUnknownKid(String token) {
    String issuer = unverifiedIssuer(token);
    if (!config.issuer().equals(issuer)) {
      return Future.failedFuture("the token's issuer is " + issuer + ", not " + config.issuer());
    }
    return refreshKeys();
  }

  private static String unverifiedIssuer(String token) {
    String[] parts = token.split("\\.", -1);
    try {
      byte[] payload = Base64.getUrlDecoder().decode(parts[1]);
      return new JsonObject(new String(payload, StandardCharsets.UTF_8)).getString("iss");
    } catch (RuntimeException notAJwt) {
      return null;
    }
  }

  /** One fetch for all who ask meanwhile, started no sooner than the minimum interval allows. */
  private synchronized Future<JWTAuth> refreshKeys() {
    if (refreshing != null) {
      return refreshing;
    }
    long wait = lastRefresh + config.jwksMinRefreshMs() - System.currentTimeMillis();
    LOG.info(
        "token signed with an unknown key: fetching the JWKS of {} again{}",
        config.issuer(),
        wait > 0 ? " in " + wait + " ms" : "");
    // Fetched on the context the verifier was built on: in Vert.x 5.0.7 an HttpClient request
    // started from a thread outside Vert.x (a test, a blocking caller) now and then never
    // completes.
    Promise<JWTAuth> loaded = Promise.promise();
    home.runOnContext(
        run -> {
          if (wait > 0) {
            vertx.setTimer(wait, timer -> loadKeys().onComplete(loaded));
          } else {
            loadKeys().onComplete(loaded);
          }
        });
    refreshing = loaded.future();
    return refreshing.onComplete(
        done -> {
          synchronized (this) {
            refreshing = null;
          }
        });
  }

  private Future<JWTAuth> loadKeys() {
    synchronized (this) {
      lastRefresh = System.currentTimeMillis();
    }
    return getJson(http, jwksUri)
        .map(
            jwks -> {
              JWTAuthOptions options =
                  new JWTAuthOptions()
                      .setJwks(signingKeys(jwks.getJsonArray("keys", new JsonArray())))
                      .setJWTOptions(
                          new JWTOptions()
                              .setIssuer(config.issuer())
                              .setLeeway(config.clockSkewSeconds()));
              verifier = JWTAuth.create(vertx, options);
              return verifier;
            });
  }

  /**
   * The keys that can verify a signature. Providers also publish encryption keys (Keycloak's
   * RSA-OAEP key), which JWTAuth would refuse with a stack trace at every load.
   */
  private List<JsonObject> signingKeys(JsonArray keys) {
    List<JsonObject> signing = new ArrayList<>();
    for (Object entry : keys) {
      if (entry instanceof JsonObject key && isForSignatures(key)) {
        signing.add(key);
      } else if (entry instanceof JsonObject key) {
        LOG.debug(
            "JWKS of {}: key {} is not for signatures (use {}, alg {}), skipped",
            config.issuer(),
            key.getString("kid"),
            key.getString("use"),
            key.getString("alg"));
      }
    }
    return signing;
  }

  private static boolean isForSignatures(JsonObject key) {
    String use = key.getString("use");
    JsonArray operations = key.getJsonArray("key_ops");
    String alg = key.getString("alg", "");
    return (use == null || use.equals("sig"))
        && (operations == null || operations.contains("verify"))
        && !"oct".equals(key.getString("kty"))
        && !alg.startsWith("RSA-OAEP")
        && !alg.equals("RSA1_5")
        && !alg.startsWith("ECDH")
        && !alg.startsWith("A")
        && !alg.equals("dir");
  }

  /** The discovery document names another issuer: a configuration error, not an outage. */
  private static final class WrongIssuer extends RuntimeException {
    WrongIssuer(String named) {
      super("the discovery document names issuer " + named, null, false, false);
    }
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
