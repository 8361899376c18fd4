package app.lightweight.shared.http;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Closes a connection whose next request does not arrive in full, headers and body, within a bound
 * of the connection being ready for it (opened, or its last answer sent). The idle timeout alone
 * lets a client that sends a byte every few seconds hold a connection forever, and Vert.x has no
 * timeout for headers or bodies. Time the service spends answering does not count.
 *
 * <p>Vert.x gives no event for the first byte of a request, and the router takes over the end
 * handlers of every request and answer, so each connection is looked at ten times per bound, on its
 * own event loop: a connection is closed between one and 1.1 bounds.
 */
final class ArrivalDeadline {
  private final Vertx vertx;
  private final long boundMs;
  private final long tickMs;
  private final Map<HttpConnection, Watch> watched = new ConcurrentHashMap<>();

  ArrivalDeadline(Vertx vertx, Duration bound) {
    this.vertx = vertx;
    this.boundMs = bound.toMillis();
    this.tickMs = Math.max(20, boundMs / 10);
  }

  /** For {@code HttpServer.connectionHandler}: the bound starts now. */
  void opened(HttpConnection connection) {
    Watch watch = new Watch(connection, System.currentTimeMillis());
    watched.put(connection, watch);
    long timer = vertx.setPeriodic(tickMs, tick -> watch.look());
    connection.closeHandler(
        closed -> {
          vertx.cancelTimer(timer);
          watched.remove(connection);
        });
  }

  /** Wraps the server's request handler so that the watch knows each request's state. */
  Handler<HttpServerRequest> watching(Handler<HttpServerRequest> handler) {
    return request -> {
      Watch watch = watched.get(request.connection());
      if (watch != null) {
        watch.arrived(request);
      }
      handler.handle(request);
    };
  }

  /** One connection's state; only touched on the connection's event loop. */
  private final class Watch {
    private final HttpConnection connection;
    private HttpServerRequest current;
    private HttpServerRequest answered;
    private long readySince;
    private boolean closing;

    Watch(HttpConnection connection, long openedAt) {
      this.connection = connection;
      this.readySince = openedAt;
    }

    void arrived(HttpServerRequest request) {
      HttpServerRequest previous = current;
      current = request;
      if (previous != null && previous != answered) {
        // answered since the last look, and this one followed at once
        answered = previous;
        readySince = System.currentTimeMillis();
      }
    }

    void look() {
      long now = System.currentTimeMillis();
      if (current != null && current.isEnded() && !current.response().ended()) {
        readySince = -1; // arrived in full; the service is answering
      } else if (current != null && current.response().ended() && current != answered) {
        answered = current; // the connection now waits for its next request
        readySince = now;
      } else if (readySince < 0) {
        readySince = now;
      } else if (now - readySince >= boundMs && !closing) {
        closing = true;
        cutOff();
      }
    }

    private void cutOff() {
      HttpServerRequest late = current;
      if (late != null && !late.isEnded() && !late.response().headWritten()) {
        Buffer body =
            Problem.of(
                    408,
                    "request-timeout",
                    "Request timeout",
                    "the request did not arrive in full within " + boundMs / 1000 + " s")
                .toJson()
                .toBuffer();
        late.response()
            .setStatusCode(408)
            .putHeader("Content-Type", Problem.MEDIA_TYPE)
            .putHeader("Content-Length", String.valueOf(body.length()))
            .putHeader("Connection", "close")
            .write(body)
            .onComplete(written -> connection.close());
      } else {
        connection.close();
      }
    }
  }
}
