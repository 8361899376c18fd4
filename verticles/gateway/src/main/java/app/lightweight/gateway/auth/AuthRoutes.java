package app.lightweight.gateway.auth;

import app.lightweight.gateway.pages.ErrorPages;
import app.lightweight.shared.http.Http;
import app.lightweight.shared.http.Problem;
import app.lightweight.shared.http.Problems;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Browser sign-in as a backend-for-frontend: {@code /auth/login} → the provider's login page →
 * {@code /auth/callback} → a server-side session; {@code /auth/session} says who is signed in;
 * {@code /auth/logout} ends it.
 */
public final class AuthRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(AuthRoutes.class);
  private static final String AGAIN = " <a href=\"/auth/login\">Sign in again</a>.";

  private final OidcClient oidc;
  private final SessionStore store;
  private final Sessions sessions;
  private final SessionCookies cookies;

  public AuthRoutes(
      OidcClient oidc, SessionStore store, Sessions sessions, SessionCookies cookies) {
    this.oidc = oidc;
    this.store = store;
    this.sessions = sessions;
    this.cookies = cookies;
  }

  public void mount(Router router, Csrf csrf) {
    router.route("/auth/*").handler(AuthRoutes::readableQuery);
    router.get("/auth/login").handler(this::login);
    router.get("/auth/callback").handler(this::callback);
    router.get("/auth/session").handler(this::session);
    router.post("/auth/logout").handler(csrf).handler(this::logout);
    router.route("/auth/*").handler(ctx -> Problems.send(ctx, Problem.notFound("no such page")));
  }

  /** A query that cannot be decoded ({@code return_to=%zz}) is a 400 page, not a failure. */
  private static void readableQuery(RoutingContext ctx) {
    try {
      ctx.queryParams();
    } catch (IllegalArgumentException unreadable) {
      ErrorPages.send(ctx, 400, "Cannot sign in", "The address is malformed.");
      return;
    }
    ctx.next();
  }

  private void login(RoutingContext ctx) {
    Optional<String> returnTo = ReturnTo.of(ctx.request().getParam("return_to"));
    if (returnTo.isEmpty()) {
      ErrorPages.send(
          ctx, 400, "Cannot sign in", "return_to must be a path on this site, such as /invoices.");
      return;
    }
    Optional<OidcClient.Discovery> discovery = oidc.discovery();
    if (discovery.isEmpty()) {
      ErrorPages.send(
          ctx, 503, "Sign-in is unavailable", "The identity provider cannot be reached yet.");
      return;
    }
    String loginId = OpaqueTokens.random();
    SessionStore.Login login =
        new SessionStore.Login(
            OpaqueTokens.random(), OpaqueTokens.random(), OpaqueTokens.random(), returnTo.get());
    store
        .saveLogin(OpaqueTokens.hash(loginId), login)
        .onSuccess(
            saved -> {
              cookies.setLogin(ctx, loginId);
              redirect(
                  ctx,
                  oidc.authorizeUrl(
                      discovery.get(), login.state(), login.codeVerifier(), login.nonce()));
            })
        .onFailure(ctx::fail);
  }

  private void callback(RoutingContext ctx) {
    Optional<String> loginId = cookies.login(ctx);
    cookies.clearLogin(ctx);
    if (loginId.isEmpty()) {
      refuse(ctx, "This sign-in was not started in this browser, or took too long.");
      return;
    }
    store
        .takeLogin(OpaqueTokens.hash(loginId.get()))
        .onSuccess(
            login -> {
              if (login.isEmpty()) {
                refuse(ctx, "This sign-in is unknown or took too long.");
              } else {
                complete(ctx, login.get());
              }
            })
        .onFailure(ctx::fail);
  }

  private void complete(RoutingContext ctx, SessionStore.Login login) {
    String error = ctx.request().getParam("error");
    if (error != null) {
      refuse(ctx, "The identity provider did not sign you in (" + ErrorPages.escape(error) + ").");
      return;
    }
    String code = ctx.request().getParam("code");
    if (code == null || !OpaqueTokens.same(login.state(), ctx.request().getParam("state"))) {
      refuse(ctx, "This sign-in's answer does not belong to the sign-in this browser started.");
      return;
    }
    oidc.exchange(code, login.codeVerifier())
        .map(tokens -> new Signed(tokens, oidc.idToken(tokens.idToken(), login.nonce())))
        .compose(signed -> sessions.start(ctx, signed.tokens(), signed.id()))
        .onSuccess(
            session -> {
              LOG.info("{} signed in", session.subject());
              redirect(ctx, login.returnTo());
            })
        .onFailure(
            failure -> {
              if (failure instanceof OidcClient.Refused refused) {
                LOG.info("sign-in refused: {}", refused.getMessage());
                refuse(ctx, "The identity provider did not confirm this sign-in.");
              } else {
                LOG.warn("sign-in failed: {}", failure.toString());
                ErrorPages.send(
                    ctx,
                    503,
                    "Sign-in is unavailable",
                    "The identity provider cannot be reached. Try again in a moment.");
              }
            });
  }

  private record Signed(OidcClient.Tokens tokens, OidcClient.IdToken id) {}

  private void session(RoutingContext ctx) {
    sessions
        .current(ctx)
        .onSuccess(
            session -> {
              ctx.response().putHeader("Cache-Control", "no-store");
              if (session.isEmpty()) {
                Problems.send(ctx, Problem.unauthorized("not signed in"));
                return;
              }
              cookies.setCsrf(ctx, session.get().csrfToken());
              Http.json(ctx, 200, session.get().toJson());
            })
        .onFailure(ctx::fail);
  }

  private void logout(RoutingContext ctx) {
    sessions
        .current(ctx)
        .compose(
            session -> {
              if (session.isEmpty()) {
                cookies.clearSession(ctx);
                return io.vertx.core.Future.succeededFuture((String) null);
              }
              return sessions
                  .end(ctx, session.get())
                  .map(ended -> oidc.endSessionUrl(session.get().idToken()).orElse(null));
            })
        .onSuccess(url -> Http.json(ctx, 200, new JsonObject().put("logout_url", url)))
        .onFailure(ctx::fail);
  }

  private static void refuse(RoutingContext ctx, String why) {
    ErrorPages.send(ctx, 400, "Sign-in failed", why + AGAIN);
  }

  private static void redirect(RoutingContext ctx, String location) {
    ctx.response()
        .setStatusCode(302)
        .putHeader("Location", location)
        .putHeader("Cache-Control", "no-store")
        .end();
  }
}
