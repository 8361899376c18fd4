package app.lightweight.launcher;

import app.lightweight.sandbox.Sandbox;
import app.lightweight.shared.LightweightService;
import app.lightweight.shared.cluster.ClusterSettings;
import app.lightweight.shared.cluster.ClusteredVertx;
import app.lightweight.shared.config.Settings;
import app.lightweight.shared.db.DbConfig;
import app.lightweight.shared.db.Postgres;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./lightweight start}: the whole platform in one JVM. Starts the sandbox third parties on
 * their fixed ports, then every service found on the classpath on its fixed port, all against the
 * machine's PostgreSQL, and prints where everything is.
 */
public final class LocalPlatform {
  private LocalPlatform() {}

  public static void main(String[] args) throws Exception {
    long startedAt = System.nanoTime();
    Running platform = start(System.getenv());
    Runtime.getRuntime().addShutdownHook(new Thread(platform::close, "lightweight-stop"));
    printWhereEverythingIs(platform, startedAt);
  }

  /** Starts the sandbox and every service; blocking. */
  public static Running start(Map<String, String> environment) throws Exception {
    Map<String, String> env = new HashMap<>(environment);
    DbConfig db = DbConfig.from(Settings.of("platform", env));
    Postgres.ensureDatabase(db);

    Path dataDir = Path.of(env.getOrDefault("LIGHTWEIGHT_DATA", ".lightweight"));
    Sandbox sandbox = Sandbox.startLocal(dataDir);
    sandbox.environment().forEach(env::putIfAbsent);

    List<LightweightService> services = new ArrayList<>();
    ServiceLoader.load(LightweightService.class).forEach(services::add);
    services.sort(Comparator.comparingInt(LightweightService::localPort));
    for (LightweightService service : services) {
      env.putIfAbsent(
          service.name().toUpperCase() + "_HTTP_PORT", String.valueOf(service.localPort()));
    }

    ClusterSettings cluster = ClusterSettings.from(Settings.of("platform", env));
    Vertx vertx;
    try {
      vertx = ClusteredVertx.start(cluster).await(60, TimeUnit.SECONDS);
      List<Future<?>> deployments = new ArrayList<>();
      for (LightweightService service : services) {
        deployments.add(vertx.deployVerticle(service.verticle(env)));
      }
      Future.all(deployments).await(120, TimeUnit.SECONDS);
    } catch (Exception failed) {
      sandbox.close();
      throw failed;
    }
    return new Running(vertx, sandbox, services, Map.copyOf(env), db, cluster);
  }

  /** The platform while it runs; closing stops the services, then the sandbox. */
  public record Running(
      Vertx vertx,
      Sandbox sandbox,
      List<LightweightService> services,
      Map<String, String> env,
      DbConfig db,
      ClusterSettings cluster)
      implements AutoCloseable {

    public int port(String service) {
      return Integer.parseInt(env.get(service.toUpperCase() + "_HTTP_PORT"));
    }

    @Override
    public void close() {
      try {
        vertx.close().await(10, TimeUnit.SECONDS);
      } catch (Exception ignored) {
        // stopping anyway
      }
      sandbox.close();
    }
  }

  private static void printWhereEverythingIs(Running platform, long startedAt) {
    Sandbox sandbox = platform.sandbox();
    Map<String, String> env = platform.env();
    StringBuilder out = new StringBuilder("\nLightweight is running (Ctrl-C stops it)\n\n");
    if (env.containsKey("GATEWAY_HTTP_PORT")) {
      out.append(line("web app", "http://localhost:" + env.get("GATEWAY_HTTP_PORT") + "/"));
    }
    for (LightweightService service : platform.services()) {
      String port = env.get(service.name().toUpperCase() + "_HTTP_PORT");
      out.append(
          line(
              service.name(),
              "http://localhost:"
                  + port
                  + "/api/"
                  + service.name()
                  + "  (health /health/ready, contract /openapi.yaml)"));
    }
    out.append(line("OIDC issuer", sandbox.oidc().issuer() + "  (login page at its /authorize)"));
    out.append(
        line(
            "OIDC token",
            sandbox.oidc().tokenEndpoint() + "  (client_credentials: any id/secret)"));
    out.append(line("SMTP mailgun", "localhost:" + sandbox.mailgun().port()));
    out.append(line("SMTP sparkpost", "localhost:" + sandbox.sparkpost().port()));
    out.append(
        line(
            "payments",
            sandbox.payments().apiBase() + "  (checkout test card 4242 4242 4242 4242)"));
    out.append(line("Kafka", sandbox.kafka().bootstrapServers()));
    out.append(line("PostgreSQL", platform.db().url()));
    out.append(line("cluster", platform.cluster().mode()));
    out.append(
        String.format("%nstarted in %.1f s%n", (System.nanoTime() - startedAt) / 1_000_000_000.0));
    System.out.println(out);
  }

  private static String line(String what, String where) {
    return String.format("  %-15s %s%n", what, where);
  }
}
