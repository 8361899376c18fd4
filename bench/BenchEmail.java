import app.lightweight.sandbox.OidcProvider;
import app.lightweight.sandbox.SmtpRelay;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The email benchmark's outside world: the sandbox OIDC server and two SMTP relays (mailgun,
 * sparkpost) on free loopback ports, and a small control server for bench/email on another.
 * Writes the settings the service needs ({@code env}), an access token (scope email:send, two
 * hours) and the control port into the directory given as the first argument, then serves until
 * the process is stopped.
 *
 * <p>Control (plain text answers): {@code /counts} → messages at mailgun and at sparkpost; {@code
 * /ids?reset=1} → every Message-ID that arrived, one per line (then both relays forget them, so a
 * long run does not fill the heap); {@code /failover?kind=stop|blackhole&url=SERVICE} → measures
 * message latency (POST to arrival at a relay) before and after mailgun fails, then brings it back.
 *
 * <p>Run as a single-file program: {@code java -cp <sandbox classpath> bench/BenchEmail.java DIR}.
 */
public class BenchEmail {
  private static final Pattern MESSAGE_ID = Pattern.compile("\"message_id\"\\s*:\\s*\"([^\"]+)\"");
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static SmtpRelay a;
  private static SmtpRelay b;
  private static String token;

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    OidcProvider oidc = OidcProvider.start(0);
    a = SmtpRelay.start("mailgun", 0, "postmaster@mg.lightweight.test", "mailgun-bench");
    b = SmtpRelay.start("sparkpost", 0, "SMTP_Injection", "sparkpost-bench");
    token =
        oidc.token(
            "bench-business",
            OidcProvider.AUDIENCE,
            Map.of("scope", "email:send email:read"),
            Duration.ofHours(2));
    HttpServer control = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    control.setExecutor(Executors.newFixedThreadPool(4));
    control.createContext("/counts", x -> answer(x, a.mails().size() + " " + b.mails().size()));
    control.createContext("/ids", BenchEmail::ids);
    control.createContext("/failover", BenchEmail::failover);
    control.start();

    StringBuilder env = new StringBuilder();
    env.append("OIDC_ISSUER=").append(oidc.issuer()).append('\n');
    env.append("OIDC_AUDIENCE=").append(OidcProvider.AUDIENCE).append('\n');
    for (SmtpRelay relay : List.of(a, b)) {
      String p = "SMTP_" + relay.name().toUpperCase() + "_";
      env.append(p).append("HOST=").append(relay.host()).append('\n');
      env.append(p).append("PORT=").append(relay.port()).append('\n');
      env.append(p).append("USER=").append(relay.user()).append('\n');
      env.append(p).append("PASSWORD=").append(relay.password()).append('\n');
    }
    Files.writeString(dir.resolve("env"), env.toString());
    Files.writeString(dir.resolve("token"), token);
    Files.writeString(dir.resolve("control.tmp"), String.valueOf(control.getAddress().getPort()));
    Files.move(dir.resolve("control.tmp"), dir.resolve("control"));
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  control.stop(0);
                  a.close();
                  b.close();
                  oidc.close();
                }));
    Thread.currentThread().join();
  }

  private static void ids(HttpExchange exchange) throws IOException {
    boolean reset = String.valueOf(exchange.getRequestURI().getQuery()).contains("reset=1");
    StringBuilder out = new StringBuilder();
    for (SmtpRelay relay : List.of(a, b)) {
      synchronized (relay) {
        relay.messageIds().forEach(id -> out.append(id).append('\n'));
        if (reset) {
          relay.reset();
        }
      }
    }
    answer(exchange, out.toString());
  }

  /**
   * Latency of single messages, one at a time (POST → arrival), with mailgun well, then right after
   * it failed (the first few pay for the failover until its breaker opens), then mailgun restored.
   */
  private static void failover(HttpExchange exchange) throws IOException {
    Map<String, String> query = query(exchange.getRequestURI());
    String kind = query.get("kind");
    String url = query.get("url");
    int samples = Integer.parseInt(query.getOrDefault("samples", "7"));
    StringBuilder out = new StringBuilder();
    try {
      List<Long> before = new ArrayList<>();
      for (int i = 0; i < samples; i++) {
        before.add(sendAndWait(url));
      }
      a.stop();
      if (kind.equals("blackhole")) {
        a.faults().blackHole();
        a.start();
      }
      List<Long> after = new ArrayList<>();
      for (int i = 0; i < samples; i++) {
        after.add(sendAndWait(url));
      }
      a.faults().clear();
      a.stop(); // cuts the black-holed connections the service may still hold
      a.start();
      out.append("BEFORE_MS=").append(join(before)).append('\n');
      out.append("AFTER_MS=").append(join(after)).append('\n');
      out.append("BASELINE_MS=").append(median(before)).append('\n');
      out.append("FIRST_EXTRA_MS=").append(after.get(0) - median(before)).append('\n');
      out.append("OPEN_MS=").append(median(after.subList(after.size() / 2, after.size())));
      out.append('\n');
    } catch (Exception e) {
      out.append("ERROR=").append(e.toString().replace('\n', ' ')).append('\n');
    }
    answer(exchange, out.toString());
  }

  /** POSTs one message and waits (polling every 2 ms, at most 30 s) until a relay has it. */
  private static long sendAndWait(String url) throws Exception {
    String body =
        "{\"from\":{\"address\":\"billing@lightweight.test\"},"
            + "\"to\":[{\"address\":\"failover@example.com\"}],"
            + "\"subject\":\"failover probe\",\"text\":\"one message at a time\"}";
    long started = System.nanoTime();
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(url + "/api/email/messages"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    Matcher id = MESSAGE_ID.matcher(response.body());
    if (response.statusCode() != 202 || !id.find()) {
      throw new IllegalStateException(response.statusCode() + " " + response.body());
    }
    String messageId = id.group(1);
    long deadline = started + Duration.ofSeconds(30).toNanos();
    while (a.count(messageId) + b.count(messageId) == 0) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(messageId + " did not arrive in 30 s");
      }
      LockSupport.parkNanos(2_000_000);
    }
    long ms = (System.nanoTime() - started) / 1_000_000;
    Thread.sleep(50);
    return ms;
  }

  private static long median(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }

  private static String join(List<Long> values) {
    return String.join(",", values.stream().map(String::valueOf).toList());
  }

  private static Map<String, String> query(URI uri) {
    Map<String, String> query = new HashMap<>();
    for (String pair : String.valueOf(uri.getQuery()).split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        query.put(pair.substring(0, eq), pair.substring(eq + 1));
      }
    }
    return query;
  }

  private static void answer(HttpExchange exchange, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(200, bytes.length);
    try (var out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
