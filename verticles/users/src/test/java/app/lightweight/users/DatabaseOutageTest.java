package app.lightweight.users;

import static org.assertj.core.api.Assertions.assertThat;

import app.lightweight.shared.testing.CuttableProxy;
import app.lightweight.shared.testing.ServiceFixture;
import app.lightweight.shared.testing.TestEnv;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** PostgreSQL going away is a fast 503, and the service recovers by itself when it is back. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatabaseOutageTest {
  private Vertx proxyVertx;
  private CuttableProxy proxy;
  private ServiceFixture users;

  @BeforeAll
  void start() {
    proxyVertx = Vertx.vertx();
    proxy = CuttableProxy.start(proxyVertx, "127.0.0.1", 5432);
    users =
        UsersUnderTest.fixture()
            .env(
                "PG_URL",
                "postgresql://postgres@127.0.0.1:" + proxy.port() + "/" + TestEnv.DATABASE)
            .start();
  }

  @AfterAll
  void stop() {
    users.close();
    TestEnv.await(proxyVertx.close());
  }

  @Test
  void databaseDownIsAQuick503AndRecoversWithoutRestart() throws Exception {
    String token = users.token("outage-user", "users:read users:write");
    assertThat(users.get("/api/users/me", token).statusCode()).isEqualTo(200);

    proxy.cut();
    long before = System.nanoTime();
    HttpResponse<String> down =
        users.put("/api/users/me", token, new JsonObject().put("display_name", "lost?"));
    long tookMs = (System.nanoTime() - before) / 1_000_000;

    assertThat(down.statusCode()).as(down.body()).isEqualTo(503);
    assertThat(down.headers().firstValue("Content-Type")).contains("application/problem+json");
    assertThat(tookMs).isLessThan(5_000);
    assertThat(users.get("/health/ready", null).statusCode()).isEqualTo(503);

    proxy.restore();
    TestEnv.eventually(
        Duration.ofSeconds(15),
        () -> {
          try {
            assertThat(users.get("/api/users/me", token).statusCode()).isEqualTo(200);
          } catch (Exception e) {
            throw new AssertionError(e);
          }
        });
  }
}
