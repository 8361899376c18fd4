package app.lightweight.wallets;

import app.lightweight.shared.ServiceConfig;
import app.lightweight.shared.auth.BearerAuth;
import app.lightweight.shared.config.Settings;
import app.lightweight.shared.db.Migrations;
import app.lightweight.shared.db.Postgres;
import app.lightweight.shared.events.OutboxRelay;
import app.lightweight.shared.http.ApiRouter;
import app.lightweight.shared.http.ApiServer;
import app.lightweight.shared.http.Idempotency;
import app.lightweight.shared.http.JsonBodies;
import app.lightweight.shared.ops.OpsRoutes;
import app.lightweight.wallets.funding.Fundings;
import app.lightweight.wallets.funding.StripeGateway;
import app.lightweight.wallets.ledger.GroupCommit;
import app.lightweight.wallets.ledger.LedgerStore;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.Clock;
import java.util.Map;

/** Wiring of the wallets service: config → pool → migrations → ledger → routes, bus, server. */
public final class WalletsVerticle extends VerticleBase {
  public static final String NAME = "wallets";
  public static final int LOCAL_PORT = 8084;
  static final String CONTRACT = "wallets/openapi.yaml";
  private static final long HOUR_MS = 3_600_000;

  private final Map<String, String> env;
  private OutboxRelay relay;

  public WalletsVerticle(Map<String, String> env) {
    this.env = env;
  }

  @Override
  public Future<?> start() {
    WalletsConfig config = WalletsConfig.from(Settings.of(NAME, env));
    ServiceConfig service = config.service();
    var pool = Postgres.pool(vertx, service.db());
    relay = new OutboxRelay(vertx, pool, NAME, service.kafka(), 1_000);
    var ledger = new LedgerStore(pool, relay::wake);
    var groupCommit =
        new GroupCommit(ledger, context, config.groupCommitBatch(), config.groupCommitInFlight());
    var payments = new Payments(groupCommit, config.charges(), config.maxAmount());
    var gateway =
        new StripeGateway(
            vertx,
            config.paymentsApiBase(),
            config.paymentsSecretKey(),
            config.paymentsWebhookSecret(),
            Clock.systemUTC());
    var fundings = new Fundings(ledger, gateway, config.fundingReturnUrl(), relay::wake);
    var transfers = new TransferBus(payments, ledger);
    var idempotency = new Idempotency(pool);
    vertx.setPeriodic(HOUR_MS, tick -> idempotency.forgetOld());
    vertx.setPeriodic(
        config.reconcileEvery().toMillis(), tick -> fundings.reconcile(config.reconcileAfter()));
    Future<JsonBodies> bodies = JsonBodies.load(vertx, CONTRACT);
    Future<BearerAuth> auth = BearerAuth.discover(vertx, service.oidc());
    return Future.all(Migrations.apply(vertx, service.db()), bodies, auth)
        .compose(
            ready ->
                ApiRouter.forContract(CONTRACT)
                    .bodyLimit(64 * 1024)
                    .auth(auth.result())
                    .unauthenticatedRoutes(
                        root -> OpsRoutes.mount(vertx, root, pool, relay, CONTRACT))
                    .operations(
                        new WalletRoutes(
                                ledger,
                                payments,
                                fundings,
                                bodies.result(),
                                idempotency,
                                config.maxAmount())
                            ::bind)
                    .build(vertx))
        .compose(
            router ->
                Future.all(
                    vertx
                        .eventBus()
                        .consumer(TransferBus.TRANSFER, transfers::onTransfer)
                        .completion(),
                    vertx.eventBus().consumer(TransferBus.GET, transfers::onGet).completion(),
                    relay.start(),
                    ApiServer.listen(vertx, NAME, router, service.http())));
  }

  @Override
  public Future<?> stop() {
    return relay == null ? Future.succeededFuture() : relay.stop();
  }
}
