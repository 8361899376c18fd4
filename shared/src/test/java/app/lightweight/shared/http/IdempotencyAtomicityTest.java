package app.lightweight.shared.http;

import static app.lightweight.shared.testing.TestEnv.await;
import static org.assertj.core.api.Assertions.assertThat;

import app.lightweight.shared.Ids;
import app.lightweight.shared.auth.Caller;
import app.lightweight.shared.db.DbConfig;
import app.lightweight.shared.db.Migrations;
import app.lightweight.shared.db.Postgres;
import app.lightweight.shared.db.Transactions;
import app.lightweight.shared.testing.CuttableProxy;
import app.lightweight.shared.testing.TestEnv;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The key, the change and the answer commit together: whatever ends the answer it is kept, and a
 * failure or a lost connection leaves neither the change nor a stuck key.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IdempotencyAtomicityTest {
  private static final String SCHEMA = "idempotency_atomicity_test";
  private final HttpClient http = HttpClient.newHttpClient();
  private Vertx vertx;
  private CuttableProxy proxy;
  private Pool direct;
  private int port;
  private volatile Promise<Void> gate;

  @BeforeAll
  void start() {
    vertx = Vertx.vertx();
    DbConfig db = new DbConfig(TestEnv.PG_URL, SCHEMA, 2);
    Postgres.ensureDatabase(db);
    await(Migrations.apply(vertx, db));
    direct = Postgres.pool(vertx, db);
    await(direct.query("create table if not exists things (id text primary key)").execute());
    proxy = CuttableProxy.start(vertx, "127.0.0.1", 5432);
    Pool pool =
        Postgres.pool(
            vertx,
            new DbConfig(
                "postgresql://postgres@127.0.0.1:" + proxy.port() + "/" + TestEnv.DATABASE,
                SCHEMA,
                4));
    Idempotency idempotency = new Idempotency(pool);
    Router router = Router.router(vertx);
    router.route().handler(BodyHandler.create());
    router
        .route()
        .handler(
            ctx -> {
              new Caller("tenant-a", null, null, Set.of()).attachTo(ctx);
              ctx.next();
            });
    router
        .post("/things")
        .handler(idempotency.handler())
        .handler(
            ctx -> {
              JsonObject body = ctx.body().asJsonObject();
              String id = Ids.next("thg");
              Transactions.client(pool)
                  .preparedQuery("insert into things (id) values ($1)")
                  .execute(Tuple.of(id))
                  .compose(done -> gate == null ? Future.succeededFuture() : gate.future())
                  .onSuccess(
                      v -> {
                        switch (body.getString("answer")) {
                          case "none" -> Http.noContent(ctx);
                          case "fail" ->
                              ctx.fail(Problem.conflict("failed after the write").exception());
                          default -> {
                            ctx.response().putHeader("ETag", "\"1\"");
                            Http.json(ctx, 201, new JsonObject().put("id", id));
                          }
                        }
                      })
                  .onFailure(ctx::fail);
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
    await(direct.query("truncate idempotency_keys, things").execute());
    gate = null;
  }

  @Test
  void aNoContentAnswerIsKeptAndReplayed() throws Exception {
    HttpResponse<String> first = post("key-1", "none");
    HttpResponse<String> replay = post("key-1", "none");

    assertThat(first.statusCode()).isEqualTo(204);
    assertThat(replay.statusCode()).isEqualTo(204);
    assertThat(replay.headers().firstValue("Idempotent-Replayed")).contains("true");
    assertThat(count("things")).isEqualTo(1);
  }

  @Test
  void theReplayCarriesTheFirstAnswersEtag() throws Exception {
    HttpResponse<String> first = post("key-1", "json");
    HttpResponse<String> replay = post("key-1", "json");

    assertThat(first.headers().firstValue("ETag")).contains("\"1\"");
    assertThat(replay.headers().firstValue("ETag")).contains("\"1\"");
    assertThat(replay.body()).isEqualTo(first.body());
    assertThat(count("things")).isEqualTo(1);
  }

  @Test
  void aFailureAfterTheWriteUndoesTheWriteAndLeavesNoKey() throws Exception {
    HttpResponse<String> failed = post("key-1", "fail");

    assertThat(failed.statusCode()).isEqualTo(409);
    assertThat(count("things")).isZero();
    assertThat(count("idempotency_keys")).isZero();
  }

  @Test
  void aConnectionLostMidRequestLeavesNoStuckKeyAndTheRetryRunsOnce() throws Exception {
    gate = Promise.promise();
    CompletableFuture<HttpResponse<String>> first =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return post("key-1", "json");
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
                                    "select 1 from pg_stat_activity where state like 'idle in"
                                        + " transaction%' and query like 'insert into things%'")
                                .execute())
                        .size())
                .isEqualTo(1));
    proxy.cut();
    gate.complete();
    HttpResponse<String> lost = first.get();
    proxy.restore();
    gate = null;
    TestEnv.eventually(Duration.ofSeconds(10), () -> assertThat(count("things")).isZero());

    HttpResponse<String> retried = post("key-1", "json");

    assertThat(lost.statusCode()).isEqualTo(503);
    assertThat(retried.statusCode()).as(retried.body()).isEqualTo(201);
    assertThat(retried.headers().firstValue("Idempotent-Replayed")).isEmpty();
    assertThat(count("things")).isEqualTo(1);
    assertThat(count("idempotency_keys")).isEqualTo(1);
  }

  private long count(String table) {
    return await(direct.query("select count(*) from " + table).execute())
        .iterator()
        .next()
        .getLong(0);
  }

  private HttpResponse<String> post(String key, String answer) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/things"))
            .timeout(Duration.ofSeconds(20))
            .header("Idempotency-Key", key)
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    new JsonObject().put("answer", answer).encode()))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
