package app.lightweight.shared.http;

import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a service's router over HTTP, and says where once it listens. A connection on which
 * nothing moves for {@link #IDLE} is closed, and so is one whose next request does not arrive in
 * full within {@link HttpConfig#requestDeadline()} (a slow body is answered 408 first); requests
 * Vert.x cannot parse (a line or headers too long, a malformed request) are answered in
 * problem+json.
 */
public final class ApiServer {
  private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);

  static final Duration IDLE = Duration.ofSeconds(60);

  private ApiServer() {}

  /**
   * @param http port 0 picks a free port; the log line names the one bound
   */
  public static Future<HttpServer> listen(
      Vertx vertx, String service, Router router, HttpConfig http) {
    ArrivalDeadline deadline = new ArrivalDeadline(vertx, http.requestDeadline());
    return vertx
        .createHttpServer(
            new HttpServerOptions()
                // with h2c on, Vert.x makes the connection only once the first request's headers
                // are in (to look for an Upgrade), so the deadline could not see a slow first one
                .setHttp2ClearTextEnabled(false)
                .setIdleTimeout((int) IDLE.toSeconds())
                .setIdleTimeoutUnit(TimeUnit.SECONDS))
        .connectionHandler(deadline::opened)
        .requestHandler(deadline.watching(router))
        .invalidRequestHandler(deadline.watching(ApiServer::invalid))
        .listen(http.port())
        .onSuccess(
            server ->
                LOG.info("{} listening on http://localhost:{}", service, server.actualPort()));
  }

  /** What {@code HttpServerRequest.DEFAULT_INVALID_REQUEST_HANDLER} answers, as problem+json. */
  private static void invalid(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    Problem problem;
    if (cause instanceof TooLongHttpLineException) {
      problem = Problem.of(414, "uri-too-long", "URI too long", "the request line is too long");
    } else if (cause instanceof TooLongHttpHeaderException) {
      problem =
          Problem.of(
              431,
              "headers-too-large",
              "Request header fields too large",
              "the request headers are too large");
    } else {
      problem = Problem.validation("the request is not well-formed HTTP", List.of());
    }
    // Written, not ended: the request never arrives in full, and Vert.x's metrics count a request
    // active until both it and its answer ended (one leaked active_requests per 414). Closing the
    // connection under a request that did not end reports it as reset instead.
    Buffer body = problem.toJson().toBuffer();
    request
        .response()
        .setStatusCode(problem.status())
        .putHeader("Content-Type", Problem.MEDIA_TYPE)
        .putHeader("Content-Length", String.valueOf(body.length()))
        .putHeader("Connection", "close")
        .write(body)
        .onComplete(written -> request.connection().close());
  }
}
