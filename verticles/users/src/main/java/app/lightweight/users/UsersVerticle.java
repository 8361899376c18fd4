package app.lightweight.users;

import app.lightweight.shared.ServiceConfig;
import app.lightweight.shared.auth.BearerAuth;
import app.lightweight.shared.config.Settings;
import app.lightweight.shared.db.Migrations;
import app.lightweight.shared.db.Postgres;
import app.lightweight.shared.events.OutboxRelay;
import app.lightweight.shared.http.ApiRouter;
import app.lightweight.shared.http.ApiServer;
import app.lightweight.shared.ops.OpsRoutes;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.Map;

/** Wiring of the users service: config → pool → migrations → store → routes → server. */
public final class UsersVerticle extends VerticleBase {
  public static final String NAME = "users";
  public static final int LOCAL_PORT = 8081;
  private static final String CONTRACT = "users/openapi.yaml";

  private final Map<String, String> env;
  private OutboxRelay relay;

  public UsersVerticle(Map<String, String> env) {
    this.env = env;
  }

  @Override
  public Future<?> start() {
    ServiceConfig config = UsersConfig.from(Settings.of(NAME, env)).service();
    var pool = Postgres.pool(vertx, config.db());
    relay = new OutboxRelay(vertx, pool, NAME, config.kafka(), 1_000);
    ProfileStore store = new ProfileStore(pool, relay::wake);
    ProfileRoutes routes =
        new ProfileRoutes(store, vertx.createSharedWorkerExecutor("users-logo-check", 2));
    Future<BearerAuth> auth = BearerAuth.discover(vertx, config.oidc());
    return Future.all(Migrations.apply(vertx, config.db()), auth)
        .compose(
            ready ->
                ApiRouter.forContract(CONTRACT)
                    .bodyLimit(LogoImage.MAX_BYTES)
                    .auth(auth.result())
                    .unauthenticatedRoutes(
                        root -> OpsRoutes.mount(vertx, root, pool, relay, CONTRACT))
                    .operations(routes::bind)
                    .build(vertx))
        .compose(
            router ->
                Future.all(
                    vertx
                        .eventBus()
                        .consumer("users.profile", routes::onProfileRequest)
                        .completion(),
                    relay.start(),
                    ApiServer.listen(vertx, NAME, router, config.http())));
  }

  @Override
  public Future<?> stop() {
    return relay == null ? Future.succeededFuture() : relay.stop();
  }
}
