package app.lightweight.gateway.auth;

import app.lightweight.shared.http.Problem;
import app.lightweight.shared.http.Problems;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/**
 * Double-submit CSRF check: a state-changing request of a signed-in browser must carry the
 * session's token in {@code X-XSRF-TOKEN} (Angular's HttpClient copies it from the {@code
 * XSRF-TOKEN} cookie, which another site can neither read nor set for us). Without a session there
 * is no ambient authority to abuse; what follows answers 401 where a session is needed.
 */
public final class Csrf implements Handler<RoutingContext> {
  private static final Set<HttpMethod> SAFE =
      Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

  private final Sessions sessions;

  public Csrf(Sessions sessions) {
    this.sessions = sessions;
  }

  /** Lets the body of a request that is answered without it flow (and be dropped). */
  public static void discardBody(io.vertx.core.http.HttpServerRequest request) {
    if (!request.isEnded()) {
      request.resume();
    }
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (SAFE.contains(ctx.request().method())) {
      ctx.next();
      return;
    }
    sessions
        .current(ctx)
        .onSuccess(
            session -> {
              if (session.isEmpty()
                  || OpaqueTokens.same(
                      session.get().csrfToken(),
                      ctx.request().getHeader(SessionCookies.CSRF_HEADER))) {
                ctx.next();
                return;
              }
              discardBody(ctx.request());
              Problems.send(
                  ctx,
                  Problem.forbidden(
                      "the " + SessionCookies.CSRF_HEADER + " header is missing or wrong"));
            })
        .onFailure(ctx::fail);
  }
}
