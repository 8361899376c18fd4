package app.lightweight.invoices;

import app.lightweight.invoices.customers.CustomerRoutes;
import app.lightweight.invoices.customers.CustomerStore;
import app.lightweight.invoices.payments.InvoicePayments;
import app.lightweight.invoices.payments.PaymentRoutes;
import app.lightweight.invoices.pdf.InvoicePdf;
import app.lightweight.invoices.pdf.PdfRenderer;
import app.lightweight.invoices.pdf.PdfRoutes;
import app.lightweight.invoices.pdf.StoredPdfs;
import app.lightweight.invoices.seller.BusinessProfiles;
import app.lightweight.invoices.sending.EmailEvents;
import app.lightweight.invoices.sending.SendReconciler;
import app.lightweight.invoices.sending.SendRelay;
import app.lightweight.invoices.sending.SendRoutes;
import app.lightweight.invoices.sending.SendStore;
import app.lightweight.invoices.settings.SettingsRoutes;
import app.lightweight.invoices.settings.SettingsStore;
import app.lightweight.invoices.timeline.TimelineStore;
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
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Wiring of the invoices service: config → pool → migrations → stores → routes → server and
 * event-bus consumers.
 */
public final class InvoicesVerticle extends VerticleBase {
  public static final String NAME = "invoices";
  public static final int LOCAL_PORT = 8082;
  static final String CONTRACT = "invoices/openapi.yaml";

  /** 500 lines of 500 characters fit with room to spare; more is a 413. */
  static final long BODY_LIMIT = 2L * 1024 * 1024;

  private static final long HOUR_MS = 3_600_000;

  private final Map<String, String> env;
  private OutboxRelay relay;
  private SendRelay sendRelay;

  public InvoicesVerticle(Map<String, String> env) {
    this.env = env;
  }

  @Override
  public Future<?> start() {
    InvoicesConfig config = InvoicesConfig.from(Settings.of(NAME, env));
    ServiceConfig service = config.service();
    InvoiceJson json = new InvoiceJson(Clock.systemUTC(), config.payUrlBase());
    var pool = Postgres.pool(vertx, service.db());
    relay = new OutboxRelay(vertx, pool, NAME, service.kafka(), 1_000);
    Runnable written = this::written;
    var invoices = new InvoiceStore(pool, json, written);
    var timeline = new TimelineStore(pool, relay::wake);
    var sends = new SendStore(pool, relay::wake);
    var customers = new CustomerStore(pool);
    var preferences = new SettingsStore(pool);
    var profiles = new BusinessProfiles(vertx);
    var idempotency = new Idempotency(pool);
    var bus = new InvoiceBus(invoices, json);
    var payments = InvoicePayments.of(vertx, pool, invoices, config);
    vertx.setPeriodic(HOUR_MS, tick -> idempotency.forgetOld());
    var reconciler = new SendReconciler(vertx, sends, config.sending());
    vertx.setPeriodic(config.sending().reconcileEveryMs(), tick -> reconciler.reconcile());
    vertx.setPeriodic(
        config.reconcileEvery().toMillis(), tick -> payments.reconcile(config.reconcileAfter()));
    Future<InvoicePdf> template = vertx.executeBlocking(InvoicePdf::new, false);
    Future<JsonBodies> bodies = JsonBodies.load(vertx, CONTRACT);
    Future<BearerAuth> auth = BearerAuth.discover(vertx, service.oidc());
    return Future.all(Migrations.apply(vertx, service.db()), template, bodies, auth)
        .compose(
            ready -> {
              var renderer = new PdfRenderer(vertx, template.result(), config.maxPdfRenders());
              sendRelay =
                  new SendRelay(
                      vertx,
                      sends,
                      invoices,
                      new StoredPdfs(profiles, invoices, json, renderer),
                      profiles,
                      json,
                      config.sending());
              return ApiRouter.forContract(CONTRACT)
                  .bodyLimit(BODY_LIMIT)
                  .auth(auth.result())
                  .unauthenticatedRoutes(
                      root -> OpsRoutes.mount(vertx, root, pool, relay, CONTRACT))
                  .operations(
                      new CustomerRoutes(customers, idempotency, bodies.result())::bind,
                      new InvoiceRoutes(
                              invoices, customers, profiles, json, idempotency, bodies.result())
                          ::bind,
                      new SendRoutes(invoices, timeline, json, idempotency)::bind,
                      new SettingsRoutes(preferences, bodies.result())::bind,
                      new PaymentRoutes(payments, json)::bind,
                      new PdfRoutes(
                              invoices,
                              customers,
                              preferences,
                              profiles,
                              renderer,
                              json,
                              bodies.result(),
                              timeline)
                          ::bind)
                  .build(vertx);
            })
        .compose(
            router ->
                Future.all(
                    List.of(
                        vertx.eventBus().consumer(InvoiceBus.GET, bus::onGet).completion(),
                        vertx
                            .eventBus()
                            .consumer(InvoiceBus.MARK_PAID, bus::onMarkPaid)
                            .completion(),
                        vertx
                            .eventBus()
                            .consumer(EmailEvents.ADDRESS, new EmailEvents(sends)::on)
                            .completion(),
                        vertx
                            .eventBus()
                            .consumer(InvoicePayments.WALLETS_EVENTS, payments::onWalletsEvent)
                            .completion(),
                        relay.start(),
                        sendRelay.start(),
                        ApiServer.listen(vertx, NAME, router, service.http()))));
  }

  /** After a change commits: its events to the outbox relay, its emails to the send relay. */
  private void written() {
    relay.wake();
    if (sendRelay != null) {
      sendRelay.wake();
    }
  }

  @Override
  public Future<?> stop() {
    if (sendRelay != null) {
      sendRelay.stop();
    }
    return relay == null ? Future.succeededFuture() : relay.stop();
  }
}
