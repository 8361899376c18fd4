package app.lightweight.invoices;

import app.lightweight.shared.testing.TestEnv;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * A TCP proxy in front of a real server that a test can stall: the connections stay open but
 * nothing passes either way (a network partition: no error, no answer) until it flows again, and
 * then everything held goes through. {@code CuttableProxy} (shared) refuses and drops instead.
 */
final class StallingProxy implements AutoCloseable {
  private final List<NetSocket> sockets = new ArrayList<>();
  private NetServer server;
  private boolean stalled;

  private StallingProxy() {}

  static StallingProxy start(Vertx vertx, String host, int port) {
    StallingProxy proxy = new StallingProxy();
    var client = vertx.createNetClient();
    proxy.server =
        vertx
            .createNetServer()
            .connectHandler(
                inbound -> {
                  inbound.pause();
                  client
                      .connect(port, host)
                      .onSuccess(
                          outbound -> {
                            inbound.pipeTo(outbound); // resumes inbound
                            outbound.pipeTo(inbound);
                            synchronized (proxy.sockets) {
                              proxy.sockets.add(inbound);
                              proxy.sockets.add(outbound);
                              if (proxy.stalled) {
                                inbound.pause();
                                outbound.pause();
                              }
                            }
                          })
                      .onFailure(failure -> inbound.close());
                });
    TestEnv.await(proxy.server.listen(0, "127.0.0.1"));
    return proxy;
  }

  int port() {
    return server.actualPort();
  }

  /** Nothing is read from either side of any connection, new ones included. */
  void stall() {
    synchronized (sockets) {
      stalled = true;
      sockets.forEach(NetSocket::pause);
    }
  }

  void flow() {
    synchronized (sockets) {
      stalled = false;
      sockets.forEach(NetSocket::resume);
    }
  }

  @Override
  public void close() {
    TestEnv.await(server.close());
    synchronized (sockets) {
      sockets.forEach(NetSocket::close);
    }
  }
}
