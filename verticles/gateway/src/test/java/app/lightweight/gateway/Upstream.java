package app.lightweight.gateway;

import static app.lightweight.shared.testing.TestEnv.await;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A stand-in service behind the gateway: it answers with what it received (method, URI, headers,
 * the body's size and SHA-256, read as a stream), streams large bodies back, and counts requests.
 */
final class Upstream implements AutoCloseable {
  final AtomicInteger requests = new AtomicInteger();
  final AtomicReference<JsonObject> last = new AtomicReference<>();

  /** Every request received, as {@link #last} describes it. */
  final java.util.Queue<JsonObject> seen = new java.util.concurrent.ConcurrentLinkedQueue<>();

  private final Vertx vertx = Vertx.vertx();
  private final HttpServer server;

  private Upstream() {
    server = await(vertx.createHttpServer().requestHandler(this::handle).listen(0, "127.0.0.1"));
  }

  static Upstream start() {
    return new Upstream();
  }

  String url() {
    return "http://localhost:" + server.actualPort();
  }

  private void handle(HttpServerRequest request) {
    requests.incrementAndGet();
    if (request.path().endsWith("/download")) {
      download(request, Integer.parseInt(request.getParam("bytes")));
      return;
    }
    MessageDigest sha = sha256();
    long[] size = {0};
    request.handler(
        chunk -> {
          sha.update(chunk.getBytes());
          size[0] += chunk.length();
        });
    request.endHandler(
        end -> {
          JsonObject headers = new JsonObject();
          request.headers().forEach(h -> headers.put(h.getKey().toLowerCase(), h.getValue()));
          JsonObject seen =
              new JsonObject()
                  .put("method", request.method().name())
                  .put("uri", request.uri())
                  .put("headers", headers)
                  .put("body_bytes", size[0])
                  .put("body_sha256", HexFormat.of().formatHex(sha.digest()));
          last.set(seen);
          this.seen.add(seen);
          request
              .response()
              .putHeader("Content-Type", "application/json")
              .putHeader("Set-Cookie", "upstream=1; Path=/")
              .putHeader("Connection", "keep-alive, X-Upstream-Hop")
              .putHeader("X-Upstream-Hop", "must not pass")
              .putHeader("X-Upstream-Kept", "passes")
              .end(seen.encode());
        });
  }

  /** {@code bytes} bytes of a repeating pattern, written in 64 KiB chunks without a length. */
  private void download(HttpServerRequest request, int bytes) {
    var response = request.response().setChunked(true).putHeader("Content-Type", "application/pdf");
    byte[] chunk = new byte[64 * 1024];
    for (int i = 0; i < chunk.length; i++) {
      chunk[i] = (byte) (i % 251);
    }
    int left = bytes;
    while (left > 0) {
      int n = Math.min(left, chunk.length);
      response.write(Buffer.buffer(n == chunk.length ? chunk : java.util.Arrays.copyOf(chunk, n)));
      left -= n;
    }
    response.end();
  }

  static byte[] pattern(int bytes) {
    byte[] all = new byte[bytes];
    for (int i = 0; i < bytes; i++) {
      all[i] = (byte) ((i % (64 * 1024)) % 251);
    }
    return all;
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    await(vertx.close());
  }
}
