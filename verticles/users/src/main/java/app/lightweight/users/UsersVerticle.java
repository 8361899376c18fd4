package app.lightweight.users;

import app.lightweight.shared.auth.BearerAuth;
import app.lightweight.shared.auth.OidcConfig;
import app.lightweight.shared.config.Settings;
import app.lightweight.shared.db.DbConfig;
import app.lightweight.shared.db.Migrations;
import app.lightweight.shared.db.Postgres;
import app.lightweight.shared.events.KafkaSettings;
import app.lightweight.shared.events.OutboxRelay;
import app.lightweight.shared.http.ApiRouter;
import app.lightweight.shared.ops.Operations;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wiring of the users service: config → pool → migrations → store → routes → server. */
public final class UsersVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(UsersVerticle.class);
  public static final String NAME = "users";
  public static final int LOCAL_PORT = 8081;
  private static final long BODY_LIMIT = LogoImage.MAX_BYTES;

  private final Map<String, String> env;
  private OutboxRelay relay;
  private HttpServer server;

  public UsersVerticle(Map<String, String> env) {
    this.env = env;
  }

  @Override
  public Future<?> start() {
    Settings settings = Settings.of(NAME, env);
    DbConfig db = DbConfig.from(settings);
    OidcConfig oidc = OidcConfig.from(settings);
    int port = settings.integer("HTTP_PORT", LOCAL_PORT);
    var pool = Postgres.pool(vertx, db);
    relay = new OutboxRelay(vertx, pool, NAME, KafkaSettings.from(settings), 1_000);
    ProfileStore store = new ProfileStore(pool, relay::wake);
    ProfileRoutes routes =
        new ProfileRoutes(store, vertx.createSharedWorkerExecutor("users-logo-check", 2));
    return Future.all(Migrations.apply(vertx, db), BearerAuth.discover(vertx, oidc))
        .compose(
            ready ->
                ApiRouter.create(
                    vertx,
                    "users/openapi.yaml",
                    BODY_LIMIT,
                    ready.<BearerAuth>resultAt(1),
                    path -> false,
                    root -> Operations.mount(vertx, root, pool, relay, "users/openapi.yaml"),
                    routes::bind))
        .compose(
            router ->
                Future.all(
                    vertx
                        .eventBus()
                        .consumer("users.profile", routes::onProfileRequest)
                        .completion(),
                    relay.start(),
                    vertx.createHttpServer().requestHandler(router).listen(port)))
        .onSuccess(
            all -> {
              server = all.resultAt(2);
              LOG.info("users listening on http://localhost:{}", server.actualPort());
            });
  }

  @Override
  public Future<?> stop() {
    return relay == null ? Future.succeededFuture() : relay.stop();
  }

  /** The port actually bound (tests start on port 0). */
  public int port() {
    return server.actualPort();
  }
}
