package app.lightweight.shared.http;

import static app.lightweight.shared.testing.TestEnv.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** A handler that throws inside a future's callback still answers: a 500 problem, not a hang. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UncaughtFailuresTest {
  private final HttpClient http = HttpClient.newHttpClient();
  private Vertx vertx;
  private int port;

  @BeforeAll
  void start() {
    vertx = Vertx.vertx();
    Router router = Router.router(vertx);
    router.route().handler(UncaughtFailures::track);
    router.route().failureHandler(Problems::handle);
    router
        .get("/header")
        .handler(
            ctx ->
                vertx
                    .timer(1)
                    .onSuccess(
                        tick -> {
                          ctx.response().putHeader("X-Bad", "a\r\nb");
                          ctx.end("never");
                        }));
    router
        .get("/problem")
        .handler(
            ctx ->
                Future.succeededFuture()
                    .onSuccess(
                        v -> {
                          throw Problem.notFound("thrown in a callback").exception();
                        }));
    router.get("/fine").handler(ctx -> Http.json(ctx, 200, new JsonObject().put("ok", true)));
    HttpServer server = await(vertx.createHttpServer().requestHandler(router).listen(0));
    port = server.actualPort();
  }

  @AfterAll
  void stop() {
    await(vertx.close());
  }

  @Test
  void aHeaderThatCannotBeSetInACallbackIsA500Problem() throws Exception {
    HttpResponse<String> response = get("/header");

    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(response.headers().firstValue("Content-Type")).contains(Problem.MEDIA_TYPE);
    assertThat(get("/fine").statusCode()).isEqualTo(200);
  }

  @Test
  void aProblemThrownInACallbackKeepsItsStatus() throws Exception {
    assertThat(get("/problem").statusCode()).isEqualTo(404);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(5))
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
