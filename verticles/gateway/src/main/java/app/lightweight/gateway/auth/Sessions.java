package app.lightweight.gateway.auth;

import app.lightweight.gateway.GatewayConfig;
import app.lightweight.shared.http.Problem;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The session of a request: found by its cookie, kept alive while used, its access token refreshed
 * shortly before it expires. A refresh the provider refuses ends the session.
 */
public final class Sessions {
  private static final Logger LOG = LoggerFactory.getLogger(Sessions.class);
  private static final String KEY = "gateway.session";

  /** Published (idHash) when a browser signs out, so every gateway closes its live sockets. */
  public static final String ENDED_ADDRESS = "gateway.session-ended";

  private final io.vertx.core.eventbus.EventBus bus;
  private final SessionStore store;
  private final OidcClient oidc;
  private final SessionCookies cookies;
  private final GatewayConfig config;
  private final Duration touchEvery;

  /** Refreshes under way in this verticle, so that parallel requests of a page share one. */
  private final Map<String, Future<Optional<Session>>> refreshing = new HashMap<>();

  public Sessions(
      io.vertx.core.eventbus.EventBus bus,
      SessionStore store,
      OidcClient oidc,
      SessionCookies cookies,
      GatewayConfig config) {
    this.bus = bus;
    this.store = store;
    this.oidc = oidc;
    this.cookies = cookies;
    this.config = config;
    Duration quarter = config.sessionIdle().dividedBy(4);
    this.touchEvery =
        quarter.compareTo(Duration.ofMinutes(1)) < 0 ? quarter : Duration.ofMinutes(1);
  }

  /** The request's session (once per request), with an access token good for a while. */
  public Future<Optional<Session>> current(RoutingContext ctx) {
    Future<Optional<Session>> known = ctx.get(KEY);
    if (known != null) {
      return known;
    }
    Optional<String> id = cookies.session(ctx);
    Future<Optional<Session>> found =
        id.isEmpty()
            ? Future.succeededFuture(Optional.empty())
            : find(OpaqueTokens.hash(id.get()))
                .onSuccess(
                    session -> {
                      if (session.isEmpty()) {
                        cookies.clearSession(ctx);
                      }
                    });
    ctx.put(KEY, found);
    return found;
  }

  /** The session behind a session id hash, refreshed if needed; for the bridge too. */
  public Future<Optional<Session>> find(String idHash) {
    Instant now = Instant.now();
    return store
        .find(idHash, now)
        .compose(
            found -> {
              if (found.isEmpty()) {
                return Future.succeededFuture(found);
              }
              Session session = found.get();
              if (session.lastSeenAt().plus(touchEvery).isAfter(now)) {
                return fresh(session);
              }
              return store
                  .touch(idHash, now)
                  .compose(done -> fresh(session.seenAt(now, config.sessionIdle())));
            });
  }

  /** Which of these sessions still hold. */
  public Future<java.util.List<String>> live(java.util.List<String> idHashes) {
    return store.live(idHashes, Instant.now());
  }

  /** Signs a browser in: a new session (a previous one of this browser ends), its cookies set. */
  public Future<Session> start(
      RoutingContext ctx, OidcClient.Tokens tokens, OidcClient.IdToken id) {
    Instant now = Instant.now();
    String sessionId = OpaqueTokens.random();
    String csrf = OpaqueTokens.random();
    Instant absolute = now.plus(config.sessionMax());
    Instant idleEnd = now.plus(config.sessionIdle());
    Session session =
        new Session(
            OpaqueTokens.hash(sessionId),
            id.subject(),
            id.name(),
            id.email(),
            tokens.accessToken(),
            tokens.accessExpiresAt(),
            tokens.refreshToken(),
            tokens.idToken(),
            csrf,
            now,
            absolute,
            idleEnd.isBefore(absolute) ? idleEnd : absolute);
    Future<Void> previousEnded =
        cookies
            .session(ctx)
            .map(previous -> store.delete(OpaqueTokens.hash(previous)))
            .orElse(Future.succeededFuture());
    return previousEnded
        .compose(done -> store.create(session, now))
        .map(
            done -> {
              cookies.setSession(ctx, sessionId, csrf);
              return session;
            });
  }

  /** Ends the session here (the provider's end is the browser's next stop) and clears cookies. */
  public Future<Void> end(RoutingContext ctx, Session session) {
    cookies.clearSession(ctx);
    ctx.put(KEY, Future.succeededFuture(Optional.<Session>empty()));
    return store
        .delete(session.idHash())
        .onSuccess(done -> bus.publish(ENDED_ADDRESS, session.idHash()));
  }

  private Future<Optional<Session>> fresh(Session session) {
    Instant now = Instant.now();
    if (session.accessExpiresAt().minus(config.refreshBefore()).isAfter(now)) {
      return Future.succeededFuture(Optional.of(session));
    }
    if (session.refreshToken() == null) {
      if (session.accessExpiresAt().isAfter(now)) {
        return Future.succeededFuture(Optional.of(session));
      }
      LOG.info(
          "session of {} ended: its access token expired and it has no refresh token",
          session.subject());
      return store.delete(session.idHash()).map(Optional.empty());
    }
    Future<Optional<Session>> pending = refreshing.get(session.idHash());
    if (pending != null) {
      return pending;
    }
    Future<Optional<Session>> refresh =
        refresh(session).onComplete(done -> refreshing.remove(session.idHash()));
    if (!refresh.isComplete()) {
      refreshing.put(session.idHash(), refresh);
    }
    return refresh;
  }

  private Future<Optional<Session>> refresh(Session session) {
    return oidc.refresh(session.refreshToken())
        .map(
            tokens -> {
              OidcClient.IdToken id =
                  tokens.idToken() == null ? null : oidc.idToken(tokens.idToken(), null);
              if (id != null && !id.subject().equals(session.subject())) {
                throw new OidcClient.Refused("the refreshed ID token names another subject");
              }
              return session.withTokens(tokens, id);
            })
        .compose(updated -> store.saveTokens(updated).map(Optional.of(updated)))
        .recover(failure -> refreshFailed(session, failure));
  }

  private Future<Optional<Session>> refreshFailed(Session session, Throwable failure) {
    if (failure instanceof OidcClient.Refused refused) {
      // another gateway instance may have refreshed (and rotated the refresh token) meanwhile
      return store
          .find(session.idHash(), Instant.now())
          .compose(
              now -> {
                if (now.isPresent() && !now.get().accessToken().equals(session.accessToken())) {
                  return Future.succeededFuture(now);
                }
                LOG.info(
                    "session of {} ended: the provider refused the refresh ({})",
                    session.subject(),
                    refused.getMessage());
                return store.delete(session.idHash()).map(Optional.<Session>empty());
              });
    }
    if (session.accessExpiresAt().isAfter(Instant.now())) {
      LOG.warn("token refresh failed, the current token is still valid: {}", failure.getMessage());
      return Future.succeededFuture(Optional.of(session));
    }
    return Future.failedFuture(
        Problem.of(
                503,
                "identity-provider-unavailable",
                "Identity provider unavailable",
                "the session's token could not be refreshed; retry shortly")
            .exception());
  }
}
