package app.lightweight.shared.ops;

import app.lightweight.shared.auth.BearerAuth;
import app.lightweight.shared.events.OutboxRelay;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.micrometer.backends.BackendRegistries;
import io.vertx.spi.cluster.hazelcast.ClusterHealthCheck;
import io.vertx.sqlclient.Pool;

/**
 * The routes every service has, outside {@code /api}: {@code /health/live}, {@code /health/ready}
 * (database, cluster when clustered, the identity provider's keys, and the Kafka leg of the outbox
 * as information), {@code /metrics} (Prometheus) and {@code /openapi.yaml}.
 */
public final class OpsRoutes {
  private OpsRoutes() {}

  public static void mount(
      Vertx vertx, Router router, Pool pool, OutboxRelay relay, String openApiResource) {
    mount(vertx, router, pool, relay, openApiResource, ready -> {});
  }

  /** As above, with the service's own readiness checks (the email service's breakers). */
  public static void mount(
      Vertx vertx,
      Router router,
      Pool pool,
      OutboxRelay relay,
      String openApiResource,
      java.util.function.Consumer<HealthChecks> moreReadyChecks) {
    HealthChecks live =
        HealthChecks.create(vertx).register("event-loop", p -> p.complete(Status.OK()));
    router.get("/health/live").handler(HealthCheckHandler.createWithHealthChecks(live));

    HealthChecks ready = HealthChecks.create(vertx);
    ready.register(
        "database",
        2_000,
        promise ->
            pool.query("select 1")
                .execute()
                .onSuccess(rows -> promise.complete(Status.OK()))
                .onFailure(
                    failure ->
                        promise.complete(
                            Status.KO(new JsonObject().put("error", failure.getMessage())))));
    if (vertx.isClustered()) {
      ready.register("cluster", 2_000, ClusterHealthCheck.createProcedure(vertx));
    }
    BearerAuth auth = router.getMetadata(BearerAuth.ROUTER_METADATA);
    if (auth != null) {
      // until the provider is discovered no token can be verified: keep the service out of rotation
      ready.register(
          "identity-provider",
          promise ->
              promise.complete(
                  auth.whyNotReady()
                      .map(why -> Status.KO(new JsonObject().put("error", why)))
                      .orElse(Status.OK())));
    }
    if (relay != null) {
      // Kafka down must not take the service out of rotation: writes still succeed and the
      // events wait in the outbox. Readiness reports the leg's state without failing on it.
      ready.register("kafka", 2_000, promise -> kafkaStatus(relay).onComplete(promise));
    }
    moreReadyChecks.accept(ready);
    router.get("/health/ready").handler(HealthCheckHandler.createWithHealthChecks(ready));

    router.get("/metrics").handler(scraper(vertx));
    router
        .get("/openapi.yaml")
        .handler(
            ctx ->
                ctx.response()
                    .putHeader("Content-Type", "application/yaml")
                    .sendFile(openApiResource)
                    .onFailure(ctx::fail));
  }

  private static Future<Status> kafkaStatus(OutboxRelay relay) {
    if (!relay.kafkaEnabled()) {
      return Future.succeededFuture(Status.OK(new JsonObject().put("leg", "off")));
    }
    return relay
        .kafkaPending()
        .map(
            pending ->
                Status.OK(
                    new JsonObject()
                        .put("reachable", relay.kafkaHealthy())
                        .put("pending_events", pending)))
        .otherwise(Status.OK(new JsonObject().put("reachable", relay.kafkaHealthy())));
  }

  private static io.vertx.core.Handler<io.vertx.ext.web.RoutingContext> scraper(Vertx vertx) {
    if (vertx.isMetricsEnabled() && BackendRegistries.getDefaultNow() != null) {
      return PrometheusScrapingHandler.create();
    }
    // Vert.x started without metrics (embedded in a test): still answer, with an empty registry.
    return PrometheusScrapingHandler.create(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
  }
}
