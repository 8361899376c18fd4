package app.lightweight.invoices;

import static app.lightweight.shared.testing.TestEnv.await;

import app.lightweight.sandbox.OidcProvider;
import app.lightweight.shared.testing.TestEnv;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** An invoices service deployed on a free port against the test database and the sandbox. */
final class InvoicesFixture implements AutoCloseable {
  static final String ALL_SCOPES = "invoices:read invoices:write";

  final Vertx vertx;
  final Pool db;
  final int port;
  final OidcProvider oidc;
  private final HttpClient http = HttpClient.newHttpClient();

  private InvoicesFixture(Vertx vertx, Map<String, String> env) {
    this.vertx = vertx;
    InvoicesVerticle verticle = new InvoicesVerticle(env);
    await(vertx.deployVerticle(verticle));
    this.port = verticle.port();
    this.db = TestEnv.pool(vertx, "invoices");
    this.oidc = TestEnv.sandbox().oidc();
  }

  static InvoicesFixture start() {
    return start(Map.of());
  }

  static InvoicesFixture start(Map<String, String> overrides) {
    Map<String, String> env = new HashMap<>(TestEnv.forService("invoices"));
    env.putAll(overrides);
    return new InvoicesFixture(Vertx.vertx(), env);
  }

  void clean() {
    await(
        db.query(
                "truncate invoices, customers, invoice_counters, business_settings, logos, outbox,"
                    + " idempotency_keys")
            .execute());
  }

  String token(String subject) {
    return token(subject, ALL_SCOPES);
  }

  String token(String subject, String scopes) {
    return oidc.token(
        subject,
        OidcProvider.AUDIENCE,
        Map.of("scope", scopes, "email", subject + "@example.com", "name", "Owner " + subject),
        Duration.ofMinutes(10));
  }

  // ---- requests

  HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
    return send(request(path, token, Map.of()).GET());
  }

  HttpResponse<byte[]> getBytes(String path, String token, Map<String, String> headers)
      throws IOException, InterruptedException {
    return http.send(
        request(path, token, headers).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  HttpResponse<String> post(String path, String token, JsonObject body)
      throws IOException, InterruptedException {
    return post(path, token, body, Map.of());
  }

  HttpResponse<String> post(String path, String token, JsonObject body, Map<String, String> headers)
      throws IOException, InterruptedException {
    return send(
        request(path, token, headers)
            .header("Content-Type", "application/json")
            .POST(bodyOf(body == null ? "" : body.encode())));
  }

  HttpResponse<byte[]> postForBytes(String path, String token, JsonObject body)
      throws IOException, InterruptedException {
    return http.send(
        request(path, token, Map.of())
            .header("Content-Type", "application/json")
            .POST(bodyOf(body.encode()))
            .build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  /** A POST with no body, as the lifecycle moves are. */
  HttpResponse<String> post(String path, String token) throws IOException, InterruptedException {
    return send(request(path, token, Map.of()).POST(HttpRequest.BodyPublishers.noBody()));
  }

  HttpResponse<String> raw(
      String method, String path, String token, String contentType, byte[] body)
      throws IOException, InterruptedException {
    return send(
        request(path, token, Map.of())
            .header("Content-Type", contentType)
            .method(method, HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  HttpResponse<String> put(String path, String token, JsonObject body)
      throws IOException, InterruptedException {
    return send(
        request(path, token, Map.of())
            .header("Content-Type", "application/json")
            .PUT(bodyOf(body.encode())));
  }

  HttpResponse<String> patch(String path, String token, JsonObject body, String ifMatch)
      throws IOException, InterruptedException {
    Map<String, String> headers = ifMatch == null ? Map.of() : Map.of("If-Match", ifMatch);
    return send(
        request(path, token, headers)
            .header("Content-Type", "application/json")
            .method("PATCH", bodyOf(body.encode())));
  }

  HttpResponse<String> delete(String path, String token) throws IOException, InterruptedException {
    return send(request(path, token, Map.of()).DELETE());
  }

  // ---- shortcuts that expect success

  JsonObject createInvoice(String token, JsonObject body) throws Exception {
    return expect(post("/api/invoices", token, body), 201);
  }

  JsonObject createCustomer(String token, JsonObject body) throws Exception {
    return expect(post("/api/invoices/customers", token, body), 201);
  }

  JsonObject issue(String token, String id) throws Exception {
    return expect(post("/api/invoices/" + id + "/issue", token), 200);
  }

  static JsonObject expect(HttpResponse<String> response, int status) {
    if (response.statusCode() != status) {
      throw new AssertionError(
          "expected " + status + " but got " + response.statusCode() + ": " + response.body());
    }
    return new JsonObject(response.body());
  }

  // ---- test data

  static JsonObject customer(String name) {
    return new JsonObject()
        .put("name", name)
        .put("email", name.toLowerCase().replaceAll("[^a-z]", "") + "@example.ng")
        .put(
            "address",
            new JsonObject()
                .put("line1", "7 Trans-Amadi Road")
                .put("city", "Port Harcourt")
                .put("country", "NG"))
        .put("tax_id", "TIN-778899");
  }

  static JsonObject line(String description, String quantity, long unitPrice, String taxRate) {
    return new JsonObject()
        .put("description", description)
        .put("quantity", quantity)
        .put("unit_price", unitPrice)
        .put("tax_rate", taxRate);
  }

  /** A valid invoice for an inline customer, in naira. */
  static JsonObject invoice(String customerName) {
    return new JsonObject()
        .put("customer", customer(customerName))
        .put("currency", "NGN")
        .put("issue_date", "2026-03-01")
        .put("due_date", "2026-03-31")
        .put(
            "lines",
            new JsonArray()
                .add(line("Brand workshop", "1", 150_000_00L, "7.5"))
                .add(line("Copywriting, per page", "2.5", 20_000_00L, "7.5")))
        .put("notes", "Thank you for your business.");
  }

  List<Row> rows(String sql) {
    List<Row> rows = new ArrayList<>();
    await(db.query(sql).execute()).forEach(rows::add);
    return rows;
  }

  long count(String table) {
    return rows("select count(*) from " + table).get(0).getLong(0);
  }

  private HttpRequest.Builder request(String path, String token, Map<String, String> headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(30));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    headers.forEach(request::header);
    return request;
  }

  private HttpResponse<String> send(HttpRequest.Builder request)
      throws IOException, InterruptedException {
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest.BodyPublisher bodyOf(String text) {
    return HttpRequest.BodyPublishers.ofString(text, StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    await(vertx.close());
  }
}
