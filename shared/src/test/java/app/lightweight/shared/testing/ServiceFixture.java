package app.lightweight.shared.testing;

import static app.lightweight.shared.testing.TestEnv.await;

import app.lightweight.sandbox.OidcProvider;
import io.vertx.core.Deployable;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A service deployed on a free port against the test database and the shared sandbox, with tokens,
 * requests and a look at its tables. As a JUnit extension it starts before the test class, empties
 * the service's tables before each test and stops after the class:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final ServiceFixture users =
 *     ServiceFixture.of("users", UsersVerticle::new).tables("profiles", "outbox", "idempotency_keys");
 * }</pre>
 *
 * Or started by hand ({@link #start()}) and closed ({@link #close()}), e.g. when its settings
 * depend on something the test starts first.
 */
public final class ServiceFixture
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AutoCloseable {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final String service;
  private final Function<Map<String, String>, Deployable> verticle;
  private final Map<String, String> overrides = new HashMap<>();
  private boolean waitForReady = true;
  private List<String> tables = List.of();
  private boolean cleanBeforeEach = true;
  private String defaultScopes = "";

  private Vertx vertx;
  private boolean ownsVertx;
  private Pool pool;
  private int port;

  private ServiceFixture(String service, Function<Map<String, String>, Deployable> verticle) {
    this.service = service;
    this.verticle = verticle;
  }

  /**
   * @param service the service's name, also its schema and its settings' prefix
   * @param verticle makes the service's verticle from its environment
   */
  public static ServiceFixture of(
      String service, Function<Map<String, String>, Deployable> verticle) {
    return new ServiceFixture(service, verticle);
  }

  /** The service's tables, emptied by {@link #clean()} (and before each test, by default). */
  public ServiceFixture tables(String... tables) {
    this.tables = List.of(tables);
    return this;
  }

  /** A setting beside the test environment's, e.g. {@code env("PDF_MAX_RENDERS", "1")}. */
  public ServiceFixture env(String name, String value) {
    overrides.put(name, value);
    return this;
  }

  /** Settings beside the test environment's. */
  public ServiceFixture env(Map<String, String> settings) {
    overrides.putAll(settings);
    return this;
  }

  /** The scopes of {@link #token(String)}, e.g. {@code "invoices:read invoices:write"}. */
  public ServiceFixture scopes(String scopes) {
    this.defaultScopes = scopes;
    return this;
  }

  /** Starts without waiting for {@code /health/ready} (a test of a service that is not ready). */
  public ServiceFixture withoutWaitingForReady() {
    this.waitForReady = false;
    return this;
  }

  /** Keeps the data between the tests of a class (one set up in {@code @BeforeAll}). */
  public ServiceFixture keepDataBetweenTests() {
    this.cleanBeforeEach = false;
    return this;
  }

  // ---- lifecycle

  /** Deploys the service on a Vert.x of its own. */
  public ServiceFixture start() {
    return start(Vertx.vertx(), true);
  }

  /** Deploys the service on a given Vert.x (a clustered node, say), which the test closes. */
  public ServiceFixture start(Vertx vertx) {
    return start(vertx, false);
  }

  private ServiceFixture start(Vertx vertx, boolean ownsVertx) {
    this.vertx = vertx;
    this.ownsVertx = ownsVertx;
    Map<String, String> env = new HashMap<>(TestEnv.forService(service));
    env.putAll(overrides);
    if (env.getOrDefault("HTTP_PORT", "0").equals("0")) {
      env.put("HTTP_PORT", String.valueOf(freePort()));
    }
    this.port = Integer.parseInt(env.get("HTTP_PORT"));
    this.pool = TestEnv.pool(vertx, service);
    await(vertx.deployVerticle(verticle.apply(env)));
    if (waitForReady) {
      awaitReady();
    }
    return this;
  }

  /**
   * A service starts before its identity provider has answered (it retries discovery in the
   * background), so tests begin once {@code /health/ready} says it can serve: on a busy machine the
   * first discovery can take longer than its timeout.
   */
  private void awaitReady() {
    TestEnv.eventually(
        Duration.ofSeconds(60),
        () -> {
          int status;
          try {
            status = get("/health/ready", null).statusCode();
          } catch (IOException e) {
            throw new AssertionError("not ready: " + e, e);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
          }
          if (status != 200) {
            throw new AssertionError(service + " not ready: /health/ready answered " + status);
          }
        });
  }

  /** Empties the service's tables. */
  public void clean() {
    if (tables.isEmpty()) {
      return;
    }
    // a truncate can deadlock with the service's own relays and dispatchers still working on the
    // rows: it is tried again
    for (int attempt = 1; ; attempt++) {
      try {
        await(pool.query("truncate " + String.join(", ", tables)).execute());
        return;
      } catch (AssertionError deadlocked) {
        if (attempt == 5) {
          throw deadlocked;
        }
      }
    }
  }

  @Override
  public void close() {
    if (vertx == null) {
      return;
    }
    if (ownsVertx) {
      await(vertx.close());
    } else {
      await(pool.close());
    }
    vertx = null;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    start();
    clean();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (cleanBeforeEach) {
      clean();
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  public Vertx vertx() {
    return vertx;
  }

  public int port() {
    return port;
  }

  /** A pool on the service's schema in the test database. */
  public Pool pool() {
    return pool;
  }

  public OidcProvider oidc() {
    return TestEnv.sandbox().oidc();
  }

  // ---- tokens

  /** A sandbox token for {@code subject} with the fixture's scopes. */
  public String token(String subject) {
    return token(subject, defaultScopes);
  }

  /** A sandbox token for {@code subject}, with {@code subject@example.com} as its email. */
  public String token(String subject, String scopes) {
    return oidc()
        .token(
            subject,
            OidcProvider.AUDIENCE,
            Map.of("scope", scopes, "email", subject + "@example.com", "name", "Ada " + subject),
            Duration.ofMinutes(10));
  }

  /** A token from the sandbox's real token endpoint, as a business's backend would get one. */
  public String clientCredentialsToken(String clientId, String scopes)
      throws IOException, InterruptedException {
    String form =
        "grant_type=client_credentials&client_id="
            + clientId
            + "&client_secret=secret&scope="
            + URLEncoder.encode(scopes, StandardCharsets.UTF_8);
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(oidc().tokenEndpoint()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return new JsonObject(response.body()).getString("access_token");
  }

  // ---- requests (a null token sends none)

  public HttpResponse<String> get(String path, String token)
      throws IOException, InterruptedException {
    return get(path, token, Map.of());
  }

  public HttpResponse<String> get(String path, String token, Map<String, String> headers)
      throws IOException, InterruptedException {
    return send(request(path, token, headers).GET());
  }

  public HttpResponse<byte[]> getBytes(String path, String token)
      throws IOException, InterruptedException {
    return getBytes(path, token, Map.of());
  }

  public HttpResponse<byte[]> getBytes(String path, String token, Map<String, String> headers)
      throws IOException, InterruptedException {
    return HTTP.send(
        request(path, token, headers).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  /** A POST without a body. */
  public HttpResponse<String> post(String path, String token)
      throws IOException, InterruptedException {
    return send(request(path, token, Map.of()).POST(HttpRequest.BodyPublishers.noBody()));
  }

  /** A JSON POST; a null body sends an empty one. */
  public HttpResponse<String> post(String path, String token, JsonObject body)
      throws IOException, InterruptedException {
    return post(path, token, body, Map.of());
  }

  public HttpResponse<String> post(
      String path, String token, JsonObject body, Map<String, String> headers)
      throws IOException, InterruptedException {
    return send(json(request(path, token, headers)).POST(bodyOf(body)));
  }

  public HttpResponse<byte[]> postForBytes(String path, String token, JsonObject body)
      throws IOException, InterruptedException {
    return HTTP.send(
        json(request(path, token, Map.of())).POST(bodyOf(body)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  public HttpResponse<String> put(String path, String token, JsonObject body)
      throws IOException, InterruptedException {
    return send(json(request(path, token, Map.of())).PUT(bodyOf(body)));
  }

  /** A PUT of raw bytes, such as an image. */
  public HttpResponse<String> put(String path, String token, String contentType, byte[] body)
      throws IOException, InterruptedException {
    return raw("PUT", path, token, contentType, body);
  }

  /** A JSON PATCH; {@code ifMatch} (e.g. {@code "\"3\""}) is sent when not null. */
  public HttpResponse<String> patch(String path, String token, JsonObject body, String ifMatch)
      throws IOException, InterruptedException {
    Map<String, String> headers = ifMatch == null ? Map.of() : Map.of("If-Match", ifMatch);
    return send(json(request(path, token, headers)).method("PATCH", bodyOf(body)));
  }

  public HttpResponse<String> delete(String path, String token)
      throws IOException, InterruptedException {
    return send(request(path, token, Map.of()).DELETE());
  }

  /** Any method with any body, as a client that does not follow the contract would send. */
  public HttpResponse<String> raw(
      String method, String path, String token, String contentType, byte[] body)
      throws IOException, InterruptedException {
    return send(
        request(path, token, Map.of())
            .header("Content-Type", contentType)
            .method(method, HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  /** A request to the service, with the bearer token (unless null) and headers set. */
  public HttpRequest.Builder request(String path, String token, Map<String, String> headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    headers.forEach(request::header);
    return request;
  }

  public HttpResponse<String> send(HttpRequest.Builder request)
      throws IOException, InterruptedException {
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  public URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  /** The JSON body of a response with the expected status; otherwise fails with the body. */
  public static JsonObject expect(HttpResponse<String> response, int status) {
    if (response.statusCode() != status) {
      throw new AssertionError(
          "expected " + status + " but got " + response.statusCode() + ": " + response.body());
    }
    return response.body().isEmpty() ? new JsonObject() : new JsonObject(response.body());
  }

  // ---- the service's tables

  public List<Row> rows(String sql) {
    List<Row> rows = new ArrayList<>();
    await(pool.query(sql).execute()).forEach(rows::add);
    return rows;
  }

  /**
   * Every row of each of the fixture's tables as text, sorted, once the outbox (when among them)
   * has relayed every event: equal snapshots mean nothing stored changed.
   */
  public Map<String, List<String>> snapshot() {
    if (tables.contains("outbox")) {
      TestEnv.eventually(
          Duration.ofSeconds(30),
          () -> {
            if (count("outbox where bus_sent_at is null or kafka_sent_at is null") > 0) {
              throw new AssertionError("the outbox still relays events");
            }
          });
    }
    Map<String, List<String>> snapshot = new TreeMap<>();
    for (String table : tables) {
      List<String> rows = new ArrayList<>();
      rows("select t::text from " + table + " t").forEach(row -> rows.add(row.getString(0)));
      rows.sort(null);
      snapshot.put(table, rows);
    }
    return snapshot;
  }

  public long count(String table) {
    return rows("select count(*) from " + table).get(0).getLong(0);
  }

  private static HttpRequest.Builder json(HttpRequest.Builder request) {
    return request.header("Content-Type", "application/json");
  }

  private static HttpRequest.BodyPublisher bodyOf(JsonObject body) {
    return HttpRequest.BodyPublishers.ofString(
        body == null ? "" : body.encode(), StandardCharsets.UTF_8);
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on loopback", e);
    }
  }
}
