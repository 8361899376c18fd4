package app.lightweight.gateway;

import app.lightweight.gateway.auth.AuthRoutes;
import app.lightweight.gateway.auth.Csrf;
import app.lightweight.gateway.auth.OidcClient;
import app.lightweight.gateway.auth.SessionCookies;
import app.lightweight.gateway.auth.SessionStore;
import app.lightweight.gateway.auth.Sessions;
import app.lightweight.gateway.live.LiveBridge;
import app.lightweight.gateway.live.LiveEvents;
import app.lightweight.gateway.pages.SecurityHeaders;
import app.lightweight.gateway.pages.WebApp;
import app.lightweight.gateway.proxy.ApiProxy;
import app.lightweight.shared.config.Settings;
import app.lightweight.shared.db.Migrations;
import app.lightweight.shared.db.Postgres;
import app.lightweight.shared.http.ApiServer;
import app.lightweight.shared.http.Problem;
import app.lightweight.shared.http.Problems;
import app.lightweight.shared.http.RequestIds;
import app.lightweight.shared.ops.OpsRoutes;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import java.time.Instant;
import java.util.Map;

/**
 * Wiring of the gateway: config → pool → migrations → OIDC discovery → routes (sign-in, API proxy,
 * event-bus bridge, the web app) → server, and the consumer of the services' events.
 */
public final class GatewayVerticle extends VerticleBase {
  public static final String NAME = "gateway";
  public static final int LOCAL_PORT = 8080;
  private static final String CONTRACT = "gateway/openapi.yaml";
  private static final long PURGE_EVERY_MS = 60_000;

  private final Map<String, String> env;

  public GatewayVerticle(Map<String, String> env) {
    this.env = env;
  }

  @Override
  public Future<?> start() {
    GatewayConfig config = GatewayConfig.from(Settings.of(NAME, env));
    var pool = Postgres.pool(vertx, config.service().db());
    var store = new SessionStore(pool, config.sessionIdle());
    var oidc = new OidcClient(vertx, config);
    var cookies = new SessionCookies(config);
    var sessions = new Sessions(vertx.eventBus(), store, oidc, cookies, config);
    var csrf = new Csrf(sessions);

    Router router = Router.router(vertx);
    router.route().handler(new RequestIds());
    router.route().handler(new SecurityHeaders(config.service().oidc().issuer()));
    OpsRoutes.mount(
        vertx,
        router,
        pool,
        null,
        CONTRACT,
        ready ->
            ready.register(
                "identity-provider",
                promise -> {
                  JsonObject state = oidc.readiness();
                  promise.complete(
                      "up".equals(state.getString("state")) ? Status.OK(state) : Status.KO(state));
                }));
    new AuthRoutes(oidc, store, sessions, cookies).mount(router, csrf);
    new LiveBridge(vertx, sessions, config.publicUrl()).mount(router);
    new ApiProxy(vertx, sessions, config.upstreams()).mount(router, csrf);
    new WebApp(vertx, config.webRoot()).mount(router);
    router.route().failureHandler(Problems::handle);
    router.errorHandler(404, ctx -> Problems.send(ctx, Problem.notFound("no such page")));
    // a path the router cannot decode (/api/%zz) never reaches a route: still a problem
    router.errorHandler(
        400,
        ctx ->
            Problems.send(
                ctx, Problem.of(400, "bad-request", "Bad request", "the request cannot be read")));

    vertx.setPeriodic(PURGE_EVERY_MS, id -> store.purge(Instant.now()));
    return Future.all(Migrations.apply(vertx, config.service().db()), oidc.discover())
        .compose(
            ready ->
                Future.all(
                    new LiveEvents(vertx.eventBus()).start(),
                    ApiServer.listen(vertx, NAME, router, config.service().http())));
  }
}
