package app.lightweight.shared.http;

import static app.lightweight.shared.testing.TestEnv.await;
import static org.assertj.core.api.Assertions.assertThat;

import app.lightweight.shared.Ids;
import app.lightweight.shared.auth.Caller;
import app.lightweight.shared.db.DbConfig;
import app.lightweight.shared.db.Migrations;
import app.lightweight.shared.db.Postgres;
import app.lightweight.shared.testing.TestEnv;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.sqlclient.Pool;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** A creating POST behind Idempotency: replays, conflicts and failures, on real PostgreSQL. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IdempotencyTest {
  private final HttpClient http = HttpClient.newHttpClient();
  private final AtomicInteger created = new AtomicInteger();
  private final AtomicInteger waiting = new AtomicInteger();
  private Vertx vertx;
  private Pool pool;
  private Pool monitor;
  private int port;
  private volatile Promise<Void> gate;

  @BeforeAll
  void start() {
    vertx = Vertx.vertx();
    DbConfig db = new DbConfig(TestEnv.PG_URL, "idempotency_test", 2);
    Postgres.ensureDatabase(db);
    await(Migrations.apply(vertx, db));
    pool = Postgres.pool(vertx, db);
    monitor = Postgres.pool(vertx, db);
    Idempotency idempotency = new Idempotency(pool);
    Router router = Router.router(vertx);
    router.route().handler(BodyHandler.create());
    router
        .route()
        .handler(
            ctx -> {
              new Caller(ctx.request().getHeader("X-Tenant"), null, null, Set.of()).attachTo(ctx);
              ctx.next();
            });
    router
        .post("/things")
        .handler(idempotency.handler())
        .handler(
            ctx -> {
              if (ctx.body().asJsonObject().getBoolean("fail", false)) {
                ctx.fail(Problem.validation("/fail", "asked to fail").exception());
                return;
              }
              Promise<Void> waitFor = gate;
              if (waitFor != null) {
                waiting.incrementAndGet();
              }
              (waitFor == null ? io.vertx.core.Future.<Void>succeededFuture() : waitFor.future())
                  .onSuccess(
                      v -> {
                        created.incrementAndGet();
                        ctx.response().putHeader("Location", "/things/1");
                        Http.json(ctx, 201, new JsonObject().put("id", Ids.next("thg")));
                      });
            });
    router.route().failureHandler(Problems::handle);
    HttpServer server = await(vertx.createHttpServer().requestHandler(router).listen(0));
    port = server.actualPort();
  }

  @AfterAll
  void stop() {
    await(vertx.close());
  }

  @BeforeEach
  void clean() {
    await(pool.query("truncate idempotency_keys").execute());
    created.set(0);
    waiting.set(0);
    gate = null;
  }

  @Test
  void replayReturnsTheFirstAnswerWithoutDoingItAgain() throws Exception {
    HttpResponse<String> first = post("tenant-a", "key-1", "{\"name\":\"x\"}");
    HttpResponse<String> replay = post("tenant-a", "key-1", "{\"name\":\"x\"}");

    assertThat(first.statusCode()).isEqualTo(201);
    assertThat(replay.statusCode()).isEqualTo(201);
    assertThat(replay.body()).isEqualTo(first.body());
    assertThat(replay.headers().firstValue("Idempotent-Replayed")).contains("true");
    assertThat(replay.headers().firstValue("Location")).contains("/things/1");
    assertThat(created).hasValue(1);
  }

  @Test
  void sameKeyWithAnotherBodyIs422() throws Exception {
    post("tenant-a", "key-1", "{\"name\":\"x\"}");
    HttpResponse<String> other = post("tenant-a", "key-1", "{\"name\":\"y\"}");

    assertThat(other.statusCode()).isEqualTo(422);
    assertThat(other.headers().firstValue("Content-Type")).contains("application/problem+json");
    assertThat(created).hasValue(1);
  }

  @Test
  void keysBelongToOneTenant() throws Exception {
    post("tenant-a", "key-1", "{\"name\":\"x\"}");
    HttpResponse<String> otherTenant = post("tenant-b", "key-1", "{\"name\":\"x\"}");

    assertThat(otherTenant.statusCode()).isEqualTo(201);
    assertThat(otherTenant.headers().firstValue("Idempotent-Replayed")).isEmpty();
    assertThat(created).hasValue(2);
  }

  @Test
  void aDuplicateSentWhileTheFirstRunsWaitsAndReplaysTheFirstAnswer() throws Exception {
    gate = Promise.promise();
    CompletableFuture<HttpResponse<String>> first =
        CompletableFuture.supplyAsync(() -> postUnchecked("tenant-a", "key-1", "{}"));
    TestEnv.eventually(java.time.Duration.ofSeconds(10), () -> assertThat(waiting).hasValue(1));

    CompletableFuture<HttpResponse<String>> concurrent =
        CompletableFuture.supplyAsync(() -> postUnchecked("tenant-a", "key-1", "{}"));
    TestEnv.eventually(
        java.time.Duration.ofSeconds(10),
        () ->
            assertThat(
                    await(
                            monitor
                                .query(
                                    "select 1 from pg_stat_activity where wait_event_type = 'Lock'"
                                        + " and query like 'insert into idempotency_keys%'")
                                .execute())
                        .size())
                .isEqualTo(1));
    gate.complete();

    assertThat(first.get().statusCode()).isEqualTo(201);
    assertThat(concurrent.get().statusCode()).isEqualTo(201);
    assertThat(concurrent.get().headers().firstValue("Idempotent-Replayed")).contains("true");
    assertThat(concurrent.get().body()).isEqualTo(first.get().body());
    assertThat(created).hasValue(1);
  }

  @Test
  void aFailedFirstRequestFreesItsKey() throws Exception {
    HttpResponse<String> failed = post("tenant-a", "key-1", "{\"fail\":true}");
    TestEnv.eventually(
        java.time.Duration.ofSeconds(5),
        () ->
            assertThat(await(pool.query("select 1 from idempotency_keys").execute()).size())
                .isZero());
    HttpResponse<String> retried = post("tenant-a", "key-1", "{\"fail\":true}");

    assertThat(failed.statusCode()).isEqualTo(400);
    assertThat(retried.statusCode()).isEqualTo(400);
    assertThat(retried.headers().firstValue("Idempotent-Replayed")).isEmpty();
  }

  private HttpResponse<String> post(String tenant, String key, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/things"))
            .header("X-Tenant", tenant)
            .header("Idempotency-Key", key)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> postUnchecked(String tenant, String key, String body) {
    try {
      return post(tenant, key, body);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
