package app.lightweight.shared.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A service's own {@code main} in a JVM of its own, for the crash tests: started on the test's
 * classpath with only the settings given (the parent's environment is not inherited) and a free
 * port of its own as {@code HTTP_PORT}, waited for until {@code /health/ready} answers 200, killed
 * with SIGKILL (no shutdown hook, no rollback by the service) and started again on the same port.
 * Every start appends to one log file, {@code target/<name>.log} (emptied at the first start),
 * behind a line naming the start.
 */
public final class ChildService implements AutoCloseable {
  private static final Duration READY = Duration.ofSeconds(90);
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final Class<?> main;
  private final Map<String, String> env;
  private final List<String> jvmOptions =
      new ArrayList<>(
          List.of(
              "-Djava.net.preferIPv4Stack=true",
              "-Dvertx.disableDnsResolver=true",
              "-XX:TieredStopAtLevel=1"));
  private final Path log;
  private final int port;
  private Process process;
  private int starts;

  private ChildService(Class<?> main, Map<String, String> env, String name) {
    this.main = main;
    this.env = new HashMap<>(env);
    this.log = Path.of("target", name + ".log");
    this.port = freePort();
    this.env.put("HTTP_PORT", String.valueOf(port));
  }

  /**
   * A child running {@code main} with exactly {@code env} (plus {@code HTTP_PORT}), logging to
   * {@code target/<name>.log}. Nothing runs until {@link #start()}.
   */
  public static ChildService of(Class<?> main, Map<String, String> env, String name) {
    return new ChildService(main, env, name);
  }

  /** Adds JVM options (e.g. {@code -Xmx256m}) to the defaults for the next starts. */
  public ChildService jvmOptions(String... options) {
    jvmOptions.addAll(List.of(options));
    return this;
  }

  /** Sets one more variable of the child's environment for the next starts. */
  public ChildService env(String name, String value) {
    env.put(name, value);
    return this;
  }

  public int port() {
    return port;
  }

  public URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  /**
   * A POST to this service with a bearer token and a JSON body (none when {@code body} is null),
   * bounded to 30 s: a request in flight when the service is killed fails instead of hanging.
   */
  public HttpRequest post(String path, String bearer, JsonObject body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri(path))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + bearer);
    if (body == null) {
      return request.POST(HttpRequest.BodyPublishers.noBody()).build();
    }
    return request
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.encode()))
        .build();
  }

  public Path log() {
    return log;
  }

  public boolean alive() {
    return process != null && process.isAlive();
  }

  /**
   * Waits up to {@code bound} for the JVM to have exited; true once it has (or never ran). A JVM
   * killed from another thread can still read as alive for a moment after its sockets closed.
   */
  public boolean awaitExit(Duration bound) {
    if (process == null) {
      return true;
    }
    try {
      return process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Starts the JVM and returns once its {@code /health/ready} answers 200. */
  public ChildService start() {
    awaitExit(Duration.ofSeconds(10)); // a process killed from another thread may still be reaped
    assertThat(alive()).as("%s is already running", main.getSimpleName()).isFalse();
    starts++;
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main.getName());
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().clear();
    builder.environment().putAll(env);
    try {
      Files.createDirectories(log.toAbsolutePath().getParent());
      Files.writeString(
          log,
          "--- start " + starts + " of " + main.getName() + " on port " + port + " ---\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          starts == 1 ? StandardOpenOption.TRUNCATE_EXISTING : StandardOpenOption.APPEND);
      builder
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Process started = process;
    TestEnv.eventually(
        READY,
        () -> {
          assertThat(started.isAlive())
              .as("%s alive, see %s", main.getSimpleName(), log.toAbsolutePath())
              .isTrue();
          try {
            HttpResponse<Void> ready =
                HTTP.send(
                    HttpRequest.newBuilder(uri("/health/ready"))
                        .timeout(Duration.ofSeconds(2))
                        .build(),
                    HttpResponse.BodyHandlers.discarding());
            assertThat(ready.statusCode()).isEqualTo(200);
          } catch (IOException notYet) {
            throw new AssertionError("not ready: " + notYet, notYet);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
          }
        });
    return this;
  }

  /** SIGKILL, and waits until the JVM is gone. Nothing happens when it is not running. */
  public void kill() {
    if (process == null) {
      return;
    }
    process.destroyForcibly();
    assertThat(awaitExit(Duration.ofSeconds(30)))
        .as("%s gone after SIGKILL", main.getSimpleName())
        .isTrue();
  }

  /** Kills the JVM if it runs and starts it again on the same port. */
  public ChildService restart() {
    kill();
    return start();
  }

  /** The log of every start so far, for assertions on what the service wrote. */
  public String output() {
    try {
      return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    kill();
  }

  private static int freePort() {
    try (ServerSocket free = new ServerSocket(0)) {
      return free.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
