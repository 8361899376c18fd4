package app.lightweight.bench;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * One headless Chromium kept running and driven over the DevTools protocol (a WebSocket, with one
 * flat session per tab), the way a print-to-PDF service keeps its browser warm.
 */
final class Chromium implements AutoCloseable {

  private static final long TIMEOUT_SECONDS = 60;
  private static final String READY =
      "Promise.all([...document.images].map(i => i.decode())).then(() => document.fonts.ready)";

  private final Process process;
  private final Path profile;
  private final WebSocket socket;
  private final Object sendLock = new Object();
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonObject>> replies = new ConcurrentHashMap<>();

  private Chromium(Process process, Path profile, WebSocket socket) {
    this.process = process;
    this.profile = profile;
    this.socket = socket;
  }

  /** The binary: $CHROMIUM, else Debian's real binary (not its wrapper, which adds flags). */
  static String binary() {
    String configured = System.getenv("CHROMIUM");
    if (configured != null) {
      return configured;
    }
    return Files.isExecutable(Path.of("/usr/lib/chromium/chromium"))
        ? "/usr/lib/chromium/chromium"
        : "chromium";
  }

  static Chromium launch() throws Exception {
    Path profile = Files.createTempDirectory("bench-chromium-");
    List<String> command =
        new ArrayList<>(
            List.of(
                binary(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--user-data-dir=" + profile,
                "--remote-debugging-port=0",
                "about:blank"));
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(profile.resolve("chromium.log").toFile())
            .start();
    // a benchmark that fails in JMH's forked JVM never reaches its tear-down: don't leave the
    // browser running
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  process.descendants().forEach(ProcessHandle::destroyForcibly);
                  process.destroyForcibly();
                }));
    Path portFile = profile.resolve("DevToolsActivePort");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!Files.exists(portFile) || Files.readAllLines(portFile).size() < 2) {
      if (System.nanoTime() > deadline || !process.isAlive()) {
        process.destroyForcibly();
        throw new IllegalStateException(
            "Chromium did not start; see " + profile.resolve("chromium.log"));
      }
      Thread.sleep(50);
    }
    List<String> port = Files.readAllLines(portFile);
    URI endpoint = URI.create("ws://127.0.0.1:" + port.get(0) + port.get(1));
    Listener listener = new Listener();
    WebSocket socket =
        HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(endpoint, listener).join();
    Chromium chromium = new Chromium(process, profile, socket);
    listener.chromium = chromium;
    return chromium;
  }

  String version() {
    return call(null, "Browser.getVersion", new JsonObject()).getString("product");
  }

  /** CPU time used so far by the browser and all its child processes (renderers, GPU, utility). */
  Duration cpuTime() {
    Duration total = process.info().totalCpuDuration().orElse(Duration.ZERO);
    for (ProcessHandle child : process.descendants().toList()) {
      total = total.plus(child.info().totalCpuDuration().orElse(Duration.ZERO));
    }
    return total;
  }

  /** A new tab with its own session; a tab prints one document at a time. */
  Tab newTab() {
    // a window per tab: a background tab of a shared window is throttled and may never finish
    // decoding its images
    String target =
        call(
                null,
                "Target.createTarget",
                new JsonObject().put("url", "about:blank").put("newWindow", true))
            .getString("targetId");
    String session =
        call(
                null,
                "Target.attachToTarget",
                new JsonObject().put("targetId", target).put("flatten", true))
            .getString("sessionId");
    call(session, "Emulation.setFocusEmulationEnabled", new JsonObject().put("enabled", true));
    String frame =
        call(session, "Page.getFrameTree", new JsonObject())
            .getJsonObject("frameTree")
            .getJsonObject("frame")
            .getString("id");
    return new Tab(session, frame);
  }

  final class Tab {
    private final String session;
    private final String frame;

    private Tab(String session, String frame) {
      this.session = session;
      this.frame = frame;
    }

    /**
     * Replaces the tab's document with the page (no navigation: navigating to a data: URL cost
     * twice as much here), waits until its images are decoded and its fonts ready, and prints it.
     */
    byte[] print(String html, String footer) {
      call(
          session,
          "Page.setDocumentContent",
          new JsonObject().put("frameId", frame).put("html", html));
      call(
          session,
          "Runtime.evaluate",
          new JsonObject().put("expression", READY).put("awaitPromise", true));
      JsonObject pdf =
          call(
              session,
              "Page.printToPDF",
              new JsonObject()
                  .put("printBackground", true)
                  .put("preferCSSPageSize", true)
                  .put("displayHeaderFooter", true)
                  .put("headerTemplate", "<span></span>")
                  .put("footerTemplate", footer));
      return Base64.getDecoder().decode(pdf.getString("data"));
    }
  }

  private JsonObject call(String session, String method, JsonObject params) {
    int id = ids.incrementAndGet();
    JsonObject message = new JsonObject().put("id", id).put("method", method).put("params", params);
    if (session != null) {
      message.put("sessionId", session);
    }
    CompletableFuture<JsonObject> reply = new CompletableFuture<>();
    replies.put(id, reply);
    synchronized (sendLock) {
      // the JDK WebSocket allows one outstanding send at a time
      socket.sendText(message.encode(), true).join();
    }
    JsonObject answer = await(reply);
    if (answer.containsKey("error")) {
      throw new IllegalStateException(method + " failed: " + answer.getJsonObject("error"));
    }
    return answer.getJsonObject("result", new JsonObject());
  }

  private static JsonObject await(CompletableFuture<JsonObject> future) {
    try {
      return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("no answer from Chromium", e);
    }
  }

  private void receive(String text) {
    JsonObject message = new JsonObject(text);
    Integer id = message.getInteger("id");
    if (id != null) {
      CompletableFuture<JsonObject> reply = replies.remove(id);
      if (reply != null) {
        reply.complete(message);
      }
    }
  }

  @Override
  public void close() throws IOException, InterruptedException {
    try {
      socket.sendText(new JsonObject().put("id", 0).put("method", "Browser.close").encode(), true);
    } finally {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
      try (Stream<Path> files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    }
  }

  private static final class Listener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();
    private volatile Chromium chromium;

    @Override
    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String text = partial.toString();
        partial.setLength(0);
        while (chromium == null) {
          Thread.onSpinWait();
        }
        chromium.receive(text);
      }
      socket.request(1);
      return null;
    }
  }
}
