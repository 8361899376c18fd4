package app.lightweight.users;

import static app.lightweight.shared.testing.TestEnv.await;

import app.lightweight.sandbox.OidcProvider;
import app.lightweight.shared.testing.TestEnv;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A users service deployed on a free port against the test database and the sandbox. */
final class UsersFixture implements AutoCloseable {
  final Vertx vertx;
  final Pool db;
  final int port;
  final OidcProvider oidc;
  private final HttpClient http = HttpClient.newHttpClient();

  private UsersFixture(Vertx vertx, Map<String, String> env) {
    this.vertx = vertx;
    UsersVerticle verticle = new UsersVerticle(env);
    await(vertx.deployVerticle(verticle));
    this.port = verticle.port();
    this.db = TestEnv.pool(vertx, "users");
    this.oidc = TestEnv.sandbox().oidc();
  }

  static UsersFixture start() {
    return new UsersFixture(Vertx.vertx(), TestEnv.forService("users"));
  }

  static UsersFixture start(Map<String, String> overrides) {
    Map<String, String> env = new java.util.HashMap<>(TestEnv.forService("users"));
    env.putAll(overrides);
    return new UsersFixture(Vertx.vertx(), env);
  }

  void clean() {
    await(db.query("truncate profiles, outbox, idempotency_keys").execute());
  }

  String token(String subject, String scopes) {
    return oidc.token(
        subject,
        OidcProvider.AUDIENCE,
        Map.of("scope", scopes, "email", subject + "@example.com", "name", "Ada " + subject),
        Duration.ofMinutes(5));
  }

  /** A token from the sandbox's real token endpoint, as a business's backend would get one. */
  String clientCredentialsToken(String clientId, String scopes) throws Exception {
    String form =
        "grant_type=client_credentials&client_id="
            + clientId
            + "&client_secret=secret&scope="
            + URLEncoder.encode(scopes, StandardCharsets.UTF_8);
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(oidc.tokenEndpoint()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return new JsonObject(response.body()).getString("access_token");
  }

  HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<byte[]> getBytes(String path, String token)
      throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token).GET().build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  HttpResponse<String> put(String path, String token, String contentType, byte[] body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", contentType)
            .PUT(HttpRequest.BodyPublishers.ofByteArray(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> putJson(String path, String token, JsonObject body)
      throws IOException, InterruptedException {
    return put(path, token, "application/json", body.encode().getBytes(StandardCharsets.UTF_8));
  }

  List<Row> rows(String sql) {
    List<Row> rows = new ArrayList<>();
    await(db.query(sql).execute()).forEach(rows::add);
    return rows;
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  @Override
  public void close() {
    await(vertx.close());
  }
}
