package app.lightweight.users;

import static app.lightweight.shared.testing.TestEnv.await;
import static org.assertj.core.api.Assertions.assertThat;

import app.lightweight.shared.testing.CuttableProxy;
import app.lightweight.shared.testing.ServiceFixture;
import app.lightweight.shared.testing.TestEnv;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The PostgreSQL connection dropping while a request waits on it is a 503, like an outage. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DroppedConnectionTest {
  private Vertx vertx;
  private CuttableProxy proxy;
  private ServiceFixture users;
  private Pool direct;

  @BeforeAll
  void start() {
    vertx = Vertx.vertx();
    proxy = CuttableProxy.start(vertx, "127.0.0.1", 5432);
    users =
        UsersUnderTest.fixture()
            .env(
                "PG_URL",
                "postgresql://postgres@127.0.0.1:" + proxy.port() + "/" + TestEnv.DATABASE)
            .start();
    direct = TestEnv.pool(vertx, "users");
  }

  @AfterAll
  void stop() {
    users.close();
    await(vertx.close());
  }

  @Test
  void aConnectionLostInTheMiddleOfARequestIs503WithRetryAfter() throws Exception {
    String token = users.token("dropped-user", "users:read users:write");
    assertThat(users.get("/api/users/me", token).statusCode()).isEqualTo(200);
    Promise<Void> release = Promise.promise();
    Future<Void> holding =
        direct.withTransaction(
            tx ->
                tx.query("select 1 from profiles where subject = 'dropped-user' for update")
                    .execute()
                    .compose(locked -> release.future()));

    CompletableFuture<HttpResponse<String>> update =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return users.put(
                    "/api/users/me", token, new JsonObject().put("display_name", "waiting"));
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    TestEnv.eventually(
        Duration.ofSeconds(10),
        () ->
            assertThat(
                    await(
                            direct
                                .query(
                                    "select 1 from pg_stat_activity where wait_event_type = 'Lock'"
                                        + " and query like 'update profiles%'")
                                .execute())
                        .size())
                .isEqualTo(1));
    proxy.cut();
    HttpResponse<String> dropped = update.get();
    release.complete();
    await(holding);
    proxy.restore();

    assertThat(dropped.statusCode()).as(dropped.body()).isEqualTo(503);
    assertThat(dropped.headers().firstValue("Retry-After")).contains("1");
    assertThat(dropped.headers().firstValue("Content-Type")).contains("application/problem+json");
  }
}
