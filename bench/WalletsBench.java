import app.lightweight.sandbox.OidcProvider;
import app.lightweight.wallets.TransferBus;
import app.lightweight.wallets.WalletsVerticle;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The wallets benchmark's JVM: the sandbox OIDC server, the wallets service (its verticle, in this
 * JVM, on a loopback port) and a control port from which {@code bench/wallets} runs the event-bus
 * load: {@code GET /bus?shape=uniform|hot&seconds=20&clients=64&tag=b1}. The bus clients are a
 * verticle of this same Vert.x (not a clustered node), each sending one {@code wallets.transfer}
 * and the next when the answer comes (closed loop), so the figures include the service's whole
 * path except the network hop of a cluster.
 *
 * <p>Writes into the directory given as the first argument: {@code tokens} (one bearer token per
 * payer, subject {@code payer-<n>}, scope wallets:pay), {@code port}, {@code control}. Settings
 * come from the environment ({@code WALLETS_*}, {@code PG_URL}, {@code PAYERS}, {@code
 * BUSINESSES}).
 *
 * <p>Run as a single-file program: {@code java -cp <classpath> bench/WalletsBench.java DIR}.
 */
public class WalletsBench {
  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int payers = Integer.parseInt(System.getenv().getOrDefault("PAYERS", "2000"));
    int businesses = Integer.parseInt(System.getenv().getOrDefault("BUSINESSES", "500"));
    OidcProvider oidc = OidcProvider.start(0);
    StringBuilder tokens = new StringBuilder();
    for (int n = 1; n <= payers; n++) {
      tokens
          .append(
              oidc.token(
                  "payer-" + n,
                  OidcProvider.AUDIENCE,
                  Map.of("scope", "wallets:pay", "name", "Payer " + n),
                  Duration.ofHours(3)))
          .append('\n');
    }
    Files.writeString(dir.resolve("tokens"), tokens);

    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("OIDC_ISSUER", oidc.issuer());
    env.putIfAbsent("KAFKA_BOOTSTRAP", "off");
    env.putIfAbsent("PAYMENTS_SECRET_KEY", "sk_test_bench");
    env.putIfAbsent("PAYMENTS_WEBHOOK_SECRET", "whsec_bench");
    Vertx vertx = Vertx.vertx();
    vertx.deployVerticle(new WalletsVerticle(env)).await(120, TimeUnit.SECONDS);
    BusLoad load = new BusLoad(payers, businesses);
    vertx.deployVerticle(load).await(30, TimeUnit.SECONDS);
    int control =
        vertx
            .createHttpServer()
            .requestHandler(
                request ->
                    load.run(
                            request.getParam("shape", "uniform"),
                            Integer.parseInt(request.getParam("seconds", "20")),
                            Integer.parseInt(request.getParam("clients", "64")),
                            request.getParam("tag", "b"))
                        .onSuccess(result -> request.response().end(result.encodePrettily()))
                        .onFailure(
                            failure -> request.response().setStatusCode(500).end(failure.toString())))
            .listen(0, "127.0.0.1")
            .await(30, TimeUnit.SECONDS)
            .actualPort();
    Files.writeString(dir.resolve("control.tmp"), String.valueOf(control));
    Files.move(dir.resolve("control.tmp"), dir.resolve("control"));
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    vertx.close().await(10, TimeUnit.SECONDS);
                  } catch (Exception ignored) {
                    // stopping anyway
                  }
                  oidc.close();
                }));
    Thread.currentThread().join();
  }

  /** Closed-loop clients of {@code wallets.transfer}, on their own event loop. */
  static final class BusLoad extends VerticleBase {
    private final int payers;
    private final int businesses;

    BusLoad(int payers, int businesses) {
      this.payers = payers;
      this.businesses = businesses;
    }

    Future<JsonObject> run(String shape, int seconds, int clients, String tag) {
      Promise<JsonObject> done = Promise.promise();
      context.runOnContext(v -> new Run(shape, seconds, clients, tag, done).start());
      return done.future();
    }

    private final class Run {
      private final boolean hot;
      private final int clients;
      private final String tag;
      private final Promise<JsonObject> done;
      private final long endsAt;
      private final Random random = new Random(42);
      private long[] latencies = new long[1 << 16];
      private int completed;
      private int refused;
      private int failed;
      private int running;
      private long sent;
      private final long startedAt = System.nanoTime();

      Run(String shape, int seconds, int clients, String tag, Promise<JsonObject> done) {
        this.hot = shape.equals("hot");
        this.clients = clients;
        this.tag = tag;
        this.done = done;
        this.endsAt = startedAt + TimeUnit.SECONDS.toNanos(seconds);
      }

      void start() {
        running = clients;
        for (int i = 0; i < clients; i++) {
          next();
        }
      }

      private void next() {
        if (System.nanoTime() >= endsAt) {
          if (--running == 0) {
            finish();
          }
          return;
        }
        JsonObject transfer =
            new JsonObject()
                .put("transfer_id", "pay:" + tag + "-" + sent++)
                .put("payer", "payer-" + (1 + random.nextInt(payers)))
                .put("payee", hot ? "biz-1" : "biz-" + (1 + random.nextInt(businesses)))
                .put("amount", 100 + random.nextInt(9_900))
                .put("currency", "NGN")
                .put("reference", "inv_bench");
        long at = System.nanoTime();
        vertx
            .eventBus()
            .request(TransferBus.TRANSFER, transfer, new DeliveryOptions().setSendTimeout(30_000))
            .onComplete(
                answer -> {
                  if (answer.failed()) {
                    failed++;
                  } else if ("completed".equals(((JsonObject) answer.result().body()).getString("status"))) {
                    if (completed == latencies.length) {
                      latencies = Arrays.copyOf(latencies, completed * 2);
                    }
                    latencies[completed++] = System.nanoTime() - at;
                  } else {
                    refused++;
                  }
                  next();
                });
      }

      private void finish() {
        double seconds = (System.nanoTime() - startedAt) / 1e9;
        long[] sorted = Arrays.copyOf(latencies, completed);
        Arrays.sort(sorted);
        done.complete(
            new JsonObject()
                .put("completed", completed)
                .put("refused", refused)
                .put("failed", failed)
                .put("seconds", seconds)
                .put("tps", completed / seconds)
                .put("p50_ms", percentile(sorted, 0.50))
                .put("p99_ms", percentile(sorted, 0.99)));
      }
    }

    private static double percentile(long[] sorted, double p) {
      if (sorted.length == 0) {
        return 0;
      }
      return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }

    @Override
    public Future<?> start() {
      return Future.succeededFuture();
    }
  }
}
