package app.lightweight.email;

import app.lightweight.email.delivery.DeliveryMetrics;
import app.lightweight.email.delivery.Dispatcher;
import app.lightweight.email.delivery.ProviderGate;
import app.lightweight.email.delivery.SmtpProvider;
import app.lightweight.email.webhooks.WebhookRoutes;
import app.lightweight.shared.ServiceConfig;
import app.lightweight.shared.auth.BearerAuth;
import app.lightweight.shared.config.Settings;
import app.lightweight.shared.db.DbConfig;
import app.lightweight.shared.db.Migrations;
import app.lightweight.shared.db.Postgres;
import app.lightweight.shared.events.OutboxRelay;
import app.lightweight.shared.http.ApiRouter;
import app.lightweight.shared.http.ApiServer;
import app.lightweight.shared.http.Contract;
import app.lightweight.shared.http.Idempotency;
import app.lightweight.shared.http.JsonBodies;
import app.lightweight.shared.ops.OpsRoutes;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClientOptions;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Wiring of the email service: config → pool → store → providers → dispatcher → routes. */
public final class EmailVerticle extends VerticleBase {
  public static final String NAME = "email";
  public static final int LOCAL_PORT = 8083;
  static final String CONTRACT = "email/openapi.yaml";

  private final Map<String, String> env;
  private OutboxRelay relay;
  private Dispatcher dispatcher;
  private Pool dispatchPool;

  public EmailVerticle(Map<String, String> env) {
    this.env = env;
  }

  @Override
  public Future<?> start() {
    EmailConfig config = EmailConfig.from(Settings.of(NAME, env), LOCAL_PORT);
    ServiceConfig service = config.service();
    var pool = Postgres.pool(vertx, service.db());
    relay = new OutboxRelay(vertx, pool, NAME, service.kafka(), 1_000);
    Future<BearerAuth> auth = BearerAuth.discover(vertx, service.oidc());
    Future<OpenAPIContract> contract = Contract.load(vertx, CONTRACT);
    Future<JsonBodies> bodies = contract.map(JsonBodies::new);
    // creating a mail client seeds a random generator, which can hold a thread for seconds
    Future<List<ProviderGate>> gates =
        vertx.executeBlocking(
            () ->
                config.providers().stream()
                    .map(
                        smtp ->
                            new ProviderGate(
                                vertx, new SmtpProvider(vertx, smtp), config.breaker()))
                    .toList());
    var store = new MessageStore(pool, this::wake);
    Intake intake = new Intake(store, config);
    var bus = new EmailBus(intake, store);
    // the dispatcher has an event loop and a pool of its own: under a full API it still sends
    Context api = vertx.getOrCreateContext();
    dispatchPool = dispatchPool(service.db(), config.dispatch().poolSize());
    var dispatchStore = new MessageStore(dispatchPool, () -> api.runOnContext(v -> relay.wake()));
    return Future.all(Migrations.apply(vertx, service.db()), bodies, auth, gates)
        .compose(
            ready -> {
              dispatcher =
                  new Dispatcher(
                      vertx,
                      dispatchStore,
                      gates.result(),
                      config.dispatch(),
                      new DeliveryMetrics(DeliveryMetrics.defaultRegistry(), gates.result()));
              return ApiRouter.forContract(CONTRACT)
                  .bodyLimit(bodyLimit(config))
                  .auth(auth.result())
                  .unauthenticatedRoutes(
                      root ->
                          OpsRoutes.mount(
                              vertx,
                              root,
                              pool,
                              relay,
                              CONTRACT,
                              checks -> breakers(checks, gates.result())))
                  .operations(
                      new EmailRoutes(intake, store, bodies.result(), new Idempotency(pool))::bind,
                      new WebhookRoutes(
                              store, config.webhooks(), Clock.systemUTC(), contract.result())
                          ::bind)
                  .build(vertx);
            })
        .compose(
            router ->
                Future.all(
                    vertx.eventBus().consumer(EmailBus.SEND, bus::onSend).completion(),
                    vertx.eventBus().consumer(EmailBus.GET, bus::onGet).completion(),
                    relay.start(),
                    ApiServer.listen(vertx, NAME, router, service.http())))
        .compose(started -> vertx.deployVerticle(new DispatchLoop(dispatcher)))
        .mapEmpty();
  }

  private void wake() {
    relay.wake();
    if (dispatcher != null) {
      dispatcher.wake();
    }
  }

  /** Like {@link Postgres#pool}, under a name of its own (its metrics apart from the API's). */
  private Pool dispatchPool(DbConfig db, int size) {
    return PgBuilder.pool()
        .with(
            new PoolOptions()
                .setMaxSize(size)
                .setConnectionTimeout(3)
                .setMaxWaitQueueSize(512)
                .setIdleTimeout(60)
                .setName("pg-" + db.schema() + "-dispatch"))
        .with(new NetClientOptions().setConnectTimeout(2_000))
        .connectingTo(db.connectOptions())
        .using(vertx)
        .build();
  }

  /** The dispatcher on an event loop of its own (a verticle is the public way to get one). */
  private static final class DispatchLoop extends VerticleBase {
    private final Dispatcher dispatcher;

    DispatchLoop(Dispatcher dispatcher) {
      this.dispatcher = dispatcher;
    }

    @Override
    public Future<?> start() {
      dispatcher.start();
      return Future.succeededFuture();
    }
  }

  /** Breakers are information: one provider down must not take the service out of rotation. */
  private static void breakers(HealthChecks checks, List<ProviderGate> gates) {
    for (ProviderGate gate : gates) {
      checks.register(
          "smtp-" + gate.name(),
          promise ->
              promise.complete(
                  Status.OK(
                      new JsonObject()
                          .put("breaker", gate.state().name().toLowerCase(Locale.ROOT)))));
    }
  }

  /** Base64 makes attachments a third larger; the rest of a message is small next to them. */
  private static long bodyLimit(EmailConfig config) {
    return config.limits().maxAttachmentBytes() * 4 / 3 + 4 * 1024 * 1024;
  }

  @Override
  public Future<?> stop() {
    Future<Void> sending = dispatcher == null ? Future.succeededFuture() : dispatcher.stop();
    return Future.join(sending, relay == null ? Future.succeededFuture() : relay.stop())
        .eventually(() -> dispatchPool == null ? Future.succeededFuture() : dispatchPool.close());
  }
}
