package app.lightweight.shared.testing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.util.HashSet;
import java.util.Set;

/**
 * A TCP proxy in front of a real server (PostgreSQL, an SMTP relay) that a test can cut and
 * restore, so a service sees its dependency go down and come back without the real server stopping
 * for the other tests.
 */
public final class CuttableProxy implements AutoCloseable {
  private final Vertx vertx;
  private final String targetHost;
  private final int targetPort;
  private final NetClient client;
  private final Set<NetSocket> sockets = new HashSet<>();
  private NetServer server;
  private int port;

  private CuttableProxy(Vertx vertx, String targetHost, int targetPort) {
    this.vertx = vertx;
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    this.client = vertx.createNetClient();
  }

  public static CuttableProxy start(Vertx vertx, String targetHost, int targetPort) {
    CuttableProxy proxy = new CuttableProxy(vertx, targetHost, targetPort);
    TestEnv.await(proxy.listen(0));
    return proxy;
  }

  public int port() {
    return port;
  }

  /** Refuses new connections and drops the open ones. */
  public void cut() {
    TestEnv.await(server.close());
    synchronized (sockets) {
      sockets.forEach(NetSocket::close);
      sockets.clear();
    }
  }

  public void restore() {
    TestEnv.await(listen(port));
  }

  private Future<Void> listen(int onPort) {
    server = vertx.createNetServer().connectHandler(this::relay);
    return server
        .listen(onPort, "127.0.0.1")
        .map(
            bound -> {
              port = bound.actualPort();
              return null;
            });
  }

  private void relay(NetSocket inbound) {
    inbound.pause();
    client
        .connect(targetPort, targetHost)
        .onSuccess(
            outbound -> {
              synchronized (sockets) {
                sockets.add(inbound);
                sockets.add(outbound);
              }
              inbound.pipeTo(outbound);
              outbound.pipeTo(inbound);
              inbound.resume();
            })
        .onFailure(failure -> inbound.close());
  }

  @Override
  public void close() {
    cut();
  }
}
