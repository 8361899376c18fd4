package app.lightweight.sandbox.payments;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The product's webhook endpoint, as far as a test needs it: records requests, answers as told.
 * Each {@link #reset()} gives it a new path, so a request still under way from an earlier test is
 * answered but not recorded.
 */
final class WebhookReceiver implements AutoCloseable {

  record Received(String signature, String contentType, String body, Instant at) {
    JsonObject json() {
      return new JsonObject(body);
    }

    String eventId() {
      return json().getString("id");
    }

    String type() {
      return json().getString("type");
    }

    JsonObject intent() {
      return json().getJsonObject("data").getJsonObject("object");
    }
  }

  private final Vertx vertx;
  private final HttpServer server;
  private final List<Received> received = new ArrayList<>();
  private final Deque<Integer> answers = new ArrayDeque<>();
  private String path = newPath();

  private WebhookReceiver(Vertx vertx, HttpServer server) {
    this.vertx = vertx;
    this.server = server;
  }

  static WebhookReceiver start() throws Exception {
    var vertx = Vertx.vertx();
    var receiver = new WebhookReceiver[1];
    var server =
        vertx
            .createHttpServer()
            .requestHandler(
                request ->
                    request
                        .body()
                        .onSuccess(
                            body -> {
                              int status =
                                  receiver[0].record(
                                      request.path(),
                                      new Received(
                                          request.getHeader("Stripe-Signature"),
                                          request.getHeader("Content-Type"),
                                          body.toString(),
                                          Instant.now()));
                              request.response().setStatusCode(status).end();
                            }))
            .listen(0, "127.0.0.1")
            .await(10, TimeUnit.SECONDS);
    receiver[0] = new WebhookReceiver(vertx, server);
    return receiver[0];
  }

  String url() {
    return "http://127.0.0.1:" + server.actualPort() + path();
  }

  /** The next requests are answered these statuses, then 200 again. */
  synchronized void answerNext(int... statuses) {
    for (int status : statuses) {
      answers.add(status);
    }
  }

  synchronized List<Received> received() {
    return List.copyOf(received);
  }

  /** Waits (10 s at most) until at least {@code count} requests came; returns all so far. */
  List<Received> awaitReceived(int count) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (received().size() < count && System.nanoTime() < deadline) {
      LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
    }
    assertThat(received()).as("webhook requests").hasSizeGreaterThanOrEqualTo(count);
    return received();
  }

  synchronized void reset() {
    path = newPath();
    received.clear();
    answers.clear();
  }

  private synchronized String path() {
    return path;
  }

  private synchronized int record(String requestPath, Received request) {
    if (!requestPath.equals(path)) {
      return 200;
    }
    received.add(request);
    var status = answers.poll();
    return status == null ? 200 : status;
  }

  private static String newPath() {
    return "/api/wallets/webhooks/payments/" + UUID.randomUUID();
  }

  @Override
  public void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }
}
