package app.lightweight.shared;

import app.lightweight.shared.cluster.ClusterSettings;
import app.lightweight.shared.cluster.ClusteredVertx;
import app.lightweight.shared.config.Settings;
import io.vertx.core.Deployable;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code main} of every service: start Vert.x (clustered unless {@code CLUSTER_MODE=none}),
 * deploy the service's verticle, and exit with one clear line if anything required is missing.
 */
public final class ServiceMain {
  private static final Logger LOG = LoggerFactory.getLogger(ServiceMain.class);

  private ServiceMain() {}

  public static void run(String service, Function<Map<String, String>, Deployable> verticle) {
    long startedAt = System.nanoTime();
    Map<String, String> env = System.getenv();
    ClusterSettings cluster;
    try {
      cluster = ClusterSettings.from(Settings.of(service, env));
    } catch (RuntimeException invalid) {
      fail(service, invalid);
      return;
    }
    ClusteredVertx.start(cluster)
        .compose(vertx -> vertx.deployVerticle(verticle.apply(env)).map(vertx))
        .onSuccess(
            vertx -> {
              LOG.info(
                  "{} ready in {} ms (cluster: {})",
                  service,
                  (System.nanoTime() - startedAt) / 1_000_000,
                  cluster.mode());
              Runtime.getRuntime()
                  .addShutdownHook(new Thread(() -> closeQuietly(vertx), service + "-shutdown"));
            })
        .onFailure(failure -> fail(service, failure));
  }

  private static void fail(String service, Throwable failure) {
    Throwable cause = failure;
    while (cause.getCause() != null
        && !(cause instanceof Settings.MissingSetting)
        && !(cause instanceof Settings.InvalidSetting)) {
      cause = cause.getCause();
    }
    System.err.println(service + " cannot start: " + cause.getMessage());
    System.exit(1);
  }

  private static void closeQuietly(Vertx vertx) {
    try {
      vertx
          .close()
          .await(
              java.util.concurrent.TimeUnit.SECONDS.toMillis(10),
              java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (Exception ignored) {
      // shutting down anyway
    }
  }
}
