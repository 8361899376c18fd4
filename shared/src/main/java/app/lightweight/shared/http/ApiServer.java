package app.lightweight.shared.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Serves a service's router over HTTP, and says where once it listens. */
public final class ApiServer {
  private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);

  private ApiServer() {}

  /**
   * @param port 0 picks a free port; the log line names the one bound
   */
  public static Future<HttpServer> listen(Vertx vertx, String service, Router router, int port) {
    return vertx
        .createHttpServer()
        .requestHandler(router)
        .listen(port)
        .onSuccess(
            server ->
                LOG.info("{} listening on http://localhost:{}", service, server.actualPort()));
  }
}
