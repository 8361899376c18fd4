package app.lightweight.shared.cluster;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

/** Creates the Vert.x instance of a service's JVM: Prometheus metrics on, clustered or not. */
public final class ClusteredVertx {
  private ClusteredVertx() {}

  public static Future<Vertx> start(ClusterSettings cluster) {
    MicrometerMetricsOptions metrics =
        new MicrometerMetricsOptions()
            .setEnabled(true)
            .setJvmMetricsEnabled(true)
            .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true));
    VertxOptions options = new VertxOptions().setMetricsOptions(metrics);
    options.getEventBusOptions().setHost(cluster.host()).setPort(0);
    var builder = Vertx.builder().with(options).withMetrics(new MicrometerMetricsFactory());
    if (!cluster.clustered()) {
      return Future.succeededFuture(builder.build());
    }
    if (cluster.mode().equals("aws")) {
      options.getEventBusOptions().setHost(null);
    }
    return builder
        .withClusterManager(new HazelcastClusterManager(cluster.hazelcastConfig()))
        .buildClustered();
  }
}
