package app.lightweight.invoices;

import static app.lightweight.invoices.InvoicesUnderTest.invoice;
import static app.lightweight.shared.testing.TestEnv.await;
import static org.assertj.core.api.Assertions.assertThat;

import app.lightweight.sandbox.OidcProvider;
import app.lightweight.shared.testing.ChildService;
import app.lightweight.shared.testing.TestEnv;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The crash test: the invoices service runs as a real child JVM, gets creating requests
 * with Idempotency-Keys, and is killed with SIGKILL while many are in flight. After a restart every
 * key, retried, either replays the committed answer or runs now, and each key made exactly one
 * invoice (counted in PostgreSQL).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IdempotencyCrashTest {
  private static final int KEYS = 48;

  private final HttpClient http = HttpClient.newHttpClient();
  private final String tenant = "crash-" + UUID.randomUUID();
  private Vertx vertx;
  private Pool db;
  private ChildService service;
  private String token;

  @BeforeAll
  void start() throws Exception {
    vertx = Vertx.vertx();
    service =
        ChildService.of(
            InvoicesMain.class, TestEnv.forService("invoices"), "idempotency-crash-invoices");
    db = TestEnv.pool(vertx, "invoices");
    token =
        TestEnv.sandbox()
            .oidc()
            .token(
                tenant,
                OidcProvider.AUDIENCE,
                Map.of("scope", InvoicesUnderTest.ALL_SCOPES),
                Duration.ofMinutes(10));
  }

  @AfterEach
  void killService() {
    service.kill();
  }

  @AfterAll
  void stop() {
    await(vertx.close());
  }

  @Test
  void afterAKillDashNineEveryRetriedKeyReplaysOrRunsExactlyOnce() throws Exception {
    service.start();
    List<String> keys = new ArrayList<>();
    Map<String, HttpResponse<String>> answeredBeforeTheKill = new ConcurrentHashMap<>();
    List<CompletableFuture<?>> inFlight = new ArrayList<>();
    for (int i = 0; i < KEYS; i++) {
      String key = "crash-key-" + i;
      keys.add(key);
      inFlight.add(
          http.sendAsync(create(key, i), HttpResponse.BodyHandlers.ofString())
              .thenAccept(
                  response -> {
                    if (response.statusCode() == 201) {
                      answeredBeforeTheKill.put(key, response);
                    }
                  }));
    }
    TestEnv.eventually(
        Duration.ofSeconds(30), () -> assertThat(answeredBeforeTheKill).hasSizeGreaterThan(3));
    service.kill(); // SIGKILL: no shutdown hook, no rollback by the service
    inFlight.forEach(request -> request.handle((done, failure) -> null).join());
    Set<String> answered = Set.copyOf(answeredBeforeTheKill.keySet());
    assertThat(answered.size()).as("keys in flight at the kill").isLessThan(KEYS);

    service.start();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < KEYS; i++) {
      String key = keys.get(i);
      HttpResponse<String> retried =
          http.send(create(key, i), HttpResponse.BodyHandlers.ofString());
      assertThat(retried.statusCode()).as(key + ": " + retried.body()).isEqualTo(201);
      if (answered.contains(key)) {
        assertThat(retried.headers().firstValue("Idempotent-Replayed")).contains("true");
        assertThat(retried.body()).isEqualTo(answeredBeforeTheKill.get(key).body());
      }
      ids.add(new JsonObject(retried.body()).getString("id"));
    }

    List<Row> invoices = rows("select id from invoices where tenant = $1");
    assertThat(invoices).hasSize(KEYS);
    assertThat(invoices.stream().map(row -> row.getString(0)))
        .containsExactlyInAnyOrderElementsOf(ids);
    assertThat(rows("select key from idempotency_keys where tenant = $1 and status = 201"))
        .hasSize(KEYS);
    assertThat(rows("select key from idempotency_keys where tenant = $1")).hasSize(KEYS);
  }

  private HttpRequest create(String key, int i) {
    return HttpRequest.newBuilder(service.uri("/api/invoices"))
        .timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + token)
        .header("Idempotency-Key", key)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(invoice("Crash Customer " + i).encode()))
        .build();
  }

  private List<Row> rows(String sql) {
    List<Row> rows = new ArrayList<>();
    await(db.preparedQuery(sql).execute(Tuple.of(tenant))).forEach(rows::add);
    return rows;
  }
}
