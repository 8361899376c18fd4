package app.lightweight.shared.http;

import static app.lightweight.shared.testing.TestEnv.await;
import static app.lightweight.shared.testing.TestEnv.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import app.lightweight.shared.config.Settings;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A client that trickles a request in a byte a second cannot hold a connection: the server closes
 * it once the request has taken longer than {@code HTTP_REQUEST_DEADLINE_SECONDS} to arrive, and
 * many such clients do not keep a normal one waiting. Normal and keep-alive clients, and a slow
 * answer, are not affected.
 */
class ApiServerTimeoutsTest {
  private static final Duration BOUND = Duration.ofSeconds(3);
  private static final Duration CUT_OFF_BY = BOUND.plusMillis(1_000);
  private static Vertx vertx;
  private static int port;

  @BeforeAll
  static void serve() {
    vertx = Vertx.vertx();
    Router router = Router.router(vertx);
    router.route().handler(BodyHandler.create());
    router
        .get("/slow")
        .handler(ctx -> vertx.setTimer(BOUND.toMillis() * 3 / 2, t -> ctx.end("late")));
    router.route().handler(ctx -> ctx.end("ok " + Math.max(0, ctx.body().length())));
    Settings settings =
        Settings.of(
            "test",
            Map.of(
                "HTTP_PORT",
                "0",
                "HTTP_REQUEST_DEADLINE_SECONDS",
                String.valueOf(BOUND.toSeconds())));
    HttpServer server =
        await(ApiServer.listen(vertx, "test", router, HttpConfig.from(settings, 8080)));
    port = server.actualPort();
  }

  @AfterAll
  static void stop() {
    await(vertx.close());
  }

  @Test
  void aClientTricklingItsHeadersIsCutOffWithinTheBound() throws Exception {
    try (Trickle trickle = Trickle.start(1, "GET / HTTP/1.1\r\nHost: localhost\r\nX-Slow: ")) {
      eventually(CUT_OFF_BY.plusSeconds(2), () -> assertThat(trickle.closed()).isEqualTo(1));
      assertThat(trickle.heldLongest()).isBetween(BOUND.minusMillis(200), CUT_OFF_BY);
      assertThat(trickle.answers()).containsOnly("");
    }
  }

  @Test
  void aClientTricklingItsBodyIsAnswered408AndCutOffWithinTheBound() throws Exception {
    String head =
        "POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
            + "Content-Length: 1000\r\n\r\n{";
    try (Trickle trickle = Trickle.start(1, head)) {
      eventually(CUT_OFF_BY.plusSeconds(2), () -> assertThat(trickle.closed()).isEqualTo(1));
      assertThat(trickle.heldLongest()).isBetween(BOUND.minusMillis(200), CUT_OFF_BY);
      assertThat(trickle.answers().get(0))
          .startsWith("HTTP/1.1 408 ")
          .containsIgnoringCase("content-type: application/problem+json")
          .contains("\"status\":408");
    }
  }

  @Test
  void aClientTricklingItsNextRequestIsCutOffTooAfterAPromptOne() throws Exception {
    try (Socket socket = connect()) {
      socket.getOutputStream().write(get("/"));
      assertThat(readAnswer(socket.getInputStream())).startsWith("HTTP/1.1 200 ");
      try (Trickle trickle = Trickle.on(socket, "GET / HTTP/1.1\r\nX-Slow: ")) {
        eventually(CUT_OFF_BY.plusSeconds(2), () -> assertThat(trickle.closed()).isEqualTo(1));
        assertThat(trickle.heldLongest()).isLessThan(CUT_OFF_BY);
      }
    }
  }

  @Test
  void aKeepAliveClientMakesRequestsForLongerThanTheBound() throws Exception {
    try (Socket socket = connect()) {
      OutputStream out = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      long started = System.nanoTime();
      for (int i = 0; i < 6; i++) {
        out.write(i % 2 == 0 ? get("/") : post("/", "{\"a\":1}"));
        assertThat(readAnswer(in))
            .startsWith("HTTP/1.1 200 ")
            .endsWith(i % 2 == 0 ? "ok 0" : "ok 7");
        Thread.sleep(BOUND.toMillis() / 4); // the client's own pace, well within the bound
      }
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThan(BOUND);
    }
  }

  @Test
  void aSlowAnswerIsNotTheClientsTime() throws Exception {
    try (Socket socket = connect()) {
      socket.getOutputStream().write(get("/slow"));
      assertThat(readAnswer(socket.getInputStream())).startsWith("HTTP/1.1 200 ").endsWith("late");
      socket.getOutputStream().write(get("/"));
      assertThat(readAnswer(socket.getInputStream())).startsWith("HTTP/1.1 200 ").endsWith("ok 0");
    }
  }

  @Test
  void twoHundredTricklingClientsDoNotKeepANormalOneWaiting() throws Exception {
    try (Trickle trickle = Trickle.start(200, "GET / HTTP/1.1\r\nHost: localhost\r\nX-Slow: ")) {
      try (Socket socket = connect()) {
        OutputStream out = socket.getOutputStream();
        out.write(get("/")); // answered once the server has taken in the 200 before it
        assertThat(readAnswer(socket.getInputStream())).startsWith("HTTP/1.1 200 ");
        long started = System.nanoTime();
        out.write(get("/"));
        assertThat(readAnswer(socket.getInputStream())).startsWith("HTTP/1.1 200 ");
        assertThat(Duration.ofNanos(System.nanoTime() - started))
            .isLessThan(Duration.ofMillis(500));
        assertThat(trickle.closed()).as("served while the 200 held their connections").isZero();
      }
      // the bound starts when the server takes a connection in; 200 at once queue up for that
      eventually(CUT_OFF_BY.plusSeconds(3), () -> assertThat(trickle.closed()).isEqualTo(200));
    }
  }

  private static Socket connect() throws IOException {
    Socket socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(10_000);
    return socket;
  }

  private static byte[] get(String path) {
    return ("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] post(String path, String json) {
    return ("POST "
            + path
            + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: "
            + json.length()
            + "\r\n\r\n"
            + json)
        .getBytes(StandardCharsets.US_ASCII);
  }

  /** One answer with a Content-Length body. */
  private static String readAnswer(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      assertThat(b).as("connection closed after: " + head).isNotNegative();
      head.append((char) b);
    }
    int length =
        Integer.parseInt(
            head.toString().toLowerCase().replaceAll("(?s).*content-length: (\\d+).*", "$1"));
    return head + new String(in.readNBytes(length), StandardCharsets.UTF_8);
  }

  /**
   * Clients that send a start at once and then one byte a second, on a thread of their own, until
   * the server closes their connection; each keeps what the server answered and how long it held.
   */
  private static final class Trickle implements AutoCloseable {
    private final List<Client> clients;
    private final Thread thread;
    private volatile boolean stopped;

    private Trickle(List<Client> clients) {
      this.clients = clients;
      this.thread = new Thread(this::run, "trickle");
      thread.setDaemon(true);
      thread.start();
    }

    static Trickle start(int count, String start) throws IOException {
      List<Client> clients = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
        clients.add(new Client(channel, null, start));
      }
      return new Trickle(clients);
    }

    /** On a connection already used for a prompt request. */
    static Trickle on(Socket socket, String start) throws IOException {
      socket.setSoTimeout(20);
      return new Trickle(List.of(new Client(null, socket, start)));
    }

    int closed() {
      return (int) clients.stream().filter(client -> client.closedAt > 0).count();
    }

    Duration heldLongest() {
      return Duration.ofNanos(
          clients.stream().mapToLong(client -> client.closedAt - client.startedAt).max().orElse(0));
    }

    List<String> answers() {
      return clients.stream()
          .map(client -> client.answer.toString(StandardCharsets.UTF_8))
          .toList();
    }

    private void run() {
      long nextByte = System.nanoTime();
      while (!stopped && closed() < clients.size()) {
        boolean write = System.nanoTime() >= nextByte;
        if (write) {
          nextByte += Duration.ofSeconds(1).toNanos();
        }
        for (Client client : clients) {
          client.step(write);
        }
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    @Override
    public void close() throws Exception {
      stopped = true;
      thread.join(5_000);
      for (Client client : clients) {
        client.release();
      }
    }
  }

  private static final class Client {
    private final SocketChannel channel;
    private final Socket socket;
    final ByteArrayOutputStream answer = new ByteArrayOutputStream();
    final long startedAt = System.nanoTime();
    volatile long closedAt;

    Client(SocketChannel channel, Socket socket, String start) throws IOException {
      this.channel = channel;
      this.socket = socket;
      if (channel != null) {
        channel.configureBlocking(false);
      }
      send(start.getBytes(StandardCharsets.US_ASCII));
    }

    void step(boolean writeAByte) {
      if (closedAt > 0) {
        return;
      }
      try {
        if (read() < 0) {
          closedAt = System.nanoTime();
        } else if (writeAByte) {
          send(new byte[] {'a'});
        }
      } catch (IOException reset) {
        closedAt = System.nanoTime();
      }
    }

    /** What arrived since the last look; -1 at the end of the stream. */
    private int read() throws IOException {
      if (channel != null) {
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        int n;
        while ((n = channel.read(buffer)) > 0) {
          answer.write(buffer.array(), 0, n);
          buffer.clear();
        }
        return n;
      }
      try {
        int b = socket.getInputStream().read();
        if (b >= 0) {
          answer.write(b);
        }
        return b;
      } catch (java.net.SocketTimeoutException nothingYet) {
        return 0;
      }
    }

    private void send(byte[] bytes) throws IOException {
      if (channel != null) {
        channel.write(ByteBuffer.wrap(bytes));
      } else {
        socket.getOutputStream().write(bytes);
      }
    }

    void release() throws IOException {
      if (channel != null) {
        channel.close();
      }
    }
  }
}
