package app.lightweight.shared.testing;

import app.lightweight.sandbox.Sandbox;
import app.lightweight.shared.db.DbConfig;
import app.lightweight.shared.db.Postgres;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What a service's tests run against: the machine's PostgreSQL (database {@code lightweight_test},
 * or the one named by {@code LIGHTWEIGHT_TEST_DB} so that two checkouts can test side by side) and
 * the sandbox's real Kafka, OIDC and SMTP servers, shared by the test JVM.
 */
public final class TestEnv {
  public static final String DATABASE =
      System.getenv().getOrDefault("LIGHTWEIGHT_TEST_DB", "lightweight_test");
  public static final String PG_URL = "postgresql://postgres@127.0.0.1:5432/" + DATABASE;

  private TestEnv() {}

  public static Sandbox sandbox() {
    return Sandbox.shared();
  }

  /** Settings for a service under test: sandbox endpoints, the test database, a free port. */
  public static Map<String, String> forService(String service) {
    Postgres.ensureDatabase(new DbConfig(PG_URL, service, 2));
    Map<String, String> env = new HashMap<>(sandbox().environment());
    env.put("PG_URL", PG_URL);
    env.put("HTTP_PORT", "0");
    env.put("CLUSTER_MODE", "none");
    return env;
  }

  public static Pool pool(Vertx vertx, String schema) {
    return Postgres.pool(vertx, new DbConfig(PG_URL, schema, 2));
  }

  public static <T> T await(Future<T> future) {
    try {
      return future.await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("did not complete: " + e, e);
    }
  }

  /** Polls an assertion until it holds or the deadline passes (never a fixed sleep). */
  public static void eventually(Duration deadline, Runnable assertion) {
    long end = System.nanoTime() + deadline.toNanos();
    while (true) {
      try {
        assertion.run();
        return;
      } catch (AssertionError notYet) {
        if (System.nanoTime() > end) {
          throw notYet;
        }
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw notYet;
        }
      }
    }
  }
}
