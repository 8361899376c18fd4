package app.lightweight.invoices;

import app.lightweight.shared.auth.BearerAuth;
import app.lightweight.shared.auth.OidcConfig;
import app.lightweight.shared.config.Settings;
import app.lightweight.shared.db.DbConfig;
import app.lightweight.shared.db.Migrations;
import app.lightweight.shared.db.Postgres;
import app.lightweight.shared.events.KafkaSettings;
import app.lightweight.shared.events.OutboxRelay;
import app.lightweight.shared.http.ApiRouter;
import app.lightweight.shared.http.Idempotency;
import app.lightweight.shared.http.JsonBodies;
import app.lightweight.shared.ops.OpsRoutes;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wiring of the invoices service: config → pool → migrations → stores → routes → server and
 * event-bus consumers.
 */
public final class InvoicesVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(InvoicesVerticle.class);
  public static final String NAME = "invoices";
  public static final int LOCAL_PORT = 8082;
  static final String CONTRACT = "invoices/openapi.yaml";

  /** 500 lines of 500 characters fit with room to spare; more is a 413. */
  static final long BODY_LIMIT = 2L * 1024 * 1024;

  private static final long HOUR_MS = 3_600_000;

  private final Map<String, String> env;
  private OutboxRelay relay;
  private HttpServer server;

  public InvoicesVerticle(Map<String, String> env) {
    this.env = env;
  }

  @Override
  public Future<?> start() {
    Settings settings = Settings.of(NAME, env);
    DbConfig db = DbConfig.from(settings);
    OidcConfig oidc = OidcConfig.from(settings);
    int port = settings.integer("HTTP_PORT", LOCAL_PORT);
    int maxRenders = settings.integer("PDF_MAX_RENDERS", InvoicePdfs.DEFAULT_MAX_ACCEPTED);
    InvoiceJson json =
        new InvoiceJson(
            Clock.systemUTC(), settings.string("PAY_URL_BASE", "http://localhost:8080/pay/"));
    var pool = Postgres.pool(vertx, db);
    relay = new OutboxRelay(vertx, pool, NAME, KafkaSettings.from(settings), 1_000);
    var invoices = new InvoiceStore(pool, json, relay::wake);
    var customers = new CustomerStore(pool);
    var preferences = new SettingsStore(pool);
    var profiles = new BusinessProfiles(vertx);
    var idempotency = new Idempotency(pool);
    var bus = new InvoiceBus(invoices, json);
    vertx.setPeriodic(HOUR_MS, tick -> idempotency.forgetOld());
    return Future.all(
            Migrations.apply(vertx, db),
            vertx.executeBlocking(InvoicePdf::new, false),
            JsonBodies.load(vertx, CONTRACT),
            BearerAuth.discover(vertx, oidc))
        .compose(
            ready -> {
              InvoicePdf template = ready.resultAt(1);
              JsonBodies bodies = ready.resultAt(2);
              var pdfs = new InvoicePdfs(vertx, template, profiles, invoices, json, maxRenders);
              List<Consumer<RouterBuilder>> operations =
                  List.of(
                      new CustomerRoutes(customers, idempotency, bodies)::bind,
                      new InvoiceRoutes(invoices, customers, profiles, json, idempotency, bodies)
                          ::bind,
                      new SettingsRoutes(preferences, bodies)::bind,
                      new PdfRoutes(invoices, customers, preferences, pdfs, json, bodies)::bind);
              return ApiRouter.create(
                  vertx,
                  CONTRACT,
                  BODY_LIMIT,
                  ready.resultAt(3),
                  PdfRoutes::isPublic,
                  root -> OpsRoutes.mount(vertx, root, pool, relay, CONTRACT),
                  builder -> operations.forEach(bind -> bind.accept(builder)));
            })
        .compose(
            router ->
                Future.all(
                    vertx.eventBus().consumer(InvoiceBus.GET, bus::onGet).completion(),
                    vertx.eventBus().consumer(InvoiceBus.MARK_PAID, bus::onMarkPaid).completion(),
                    relay.start(),
                    vertx.createHttpServer().requestHandler(router).listen(port)))
        .onSuccess(
            all -> {
              server = all.resultAt(3);
              LOG.info("invoices listening on http://localhost:{}", server.actualPort());
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
