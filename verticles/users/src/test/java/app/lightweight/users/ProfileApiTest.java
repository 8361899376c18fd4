package app.lightweight.users;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProfileApiTest {
  private UsersFixture users;

  @BeforeAll
  void start() {
    users = UsersFixture.start();
  }

  @AfterAll
  void stop() {
    users.close();
  }

  @BeforeEach
  void clean() {
    users.clean();
  }

  @Test
  void clientCredentialsTokenFromTheProviderGetsAProfileCreatedOnFirstCall() throws Exception {
    String token = users.clientCredentialsToken("acme-backend", "users:read");

    HttpResponse<String> first = users.get("/api/users/me", token);
    HttpResponse<String> second = users.get("/api/users/me", token);

    assertThat(first.statusCode()).isEqualTo(200);
    JsonObject profile = new JsonObject(first.body());
    assertThat(profile.getString("subject")).isEqualTo("acme-backend");
    assertThat(profile.getString("id")).startsWith("usr_");
    assertThat(new JsonObject(second.body()).getString("id")).isEqualTo(profile.getString("id"));
    assertThat(users.rows("select id from profiles where subject = 'acme-backend'")).hasSize(1);
  }

  @Test
  void emailComesFromTheTokenAndEditsAreKept() throws Exception {
    String token = users.token("ada", "users:read users:write");
    JsonObject update =
        new JsonObject()
            .put("displayName", "Ada Obi")
            .put("businessName", "Ọbí Ventures Ltd")
            .put(
                "address",
                new JsonObject()
                    .put("line1", "12 Marina Road")
                    .put("city", "Lagos")
                    .put("country", "NG"))
            .put("taxId", "12345678-0001")
            .put("defaultCurrency", "NGN");

    HttpResponse<String> put = users.putJson("/api/users/me", token, update);
    JsonObject profile = new JsonObject(users.get("/api/users/me", token).body());

    assertThat(put.statusCode()).isEqualTo(200);
    assertThat(profile.getString("email")).isEqualTo("ada@example.com");
    assertThat(profile.getString("businessName")).isEqualTo("Ọbí Ventures Ltd");
    assertThat(profile.getJsonObject("address").getString("city")).isEqualTo("Lagos");
    assertThat(profile.getString("defaultCurrency")).isEqualTo("NGN");
    assertThat(profile.getInteger("version")).isEqualTo(2);
  }

  @Test
  void aPngLogoIsStoredAndServedBack() throws Exception {
    String token = users.token("logo-owner", "users:read users:write");
    byte[] png = TestImages.png();

    HttpResponse<String> put = users.put("/api/users/me/logo", token, "image/png", png);
    HttpResponse<byte[]> get = users.getBytes("/api/users/me/logo", token);

    assertThat(put.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(put.body()).getJsonObject("logo").getString("contentType"))
        .isEqualTo("image/png");
    assertThat(get.statusCode()).isEqualTo(200);
    assertThat(get.headers().firstValue("Content-Type")).contains("image/png");
    assertThat(get.body()).isEqualTo(png);
  }

  @Test
  void operationsEndpointsAnswerWithoutAToken() throws Exception {
    assertThat(users.get("/health/live", null).statusCode()).isEqualTo(200);
    HttpResponse<String> ready = users.get("/health/ready", null);
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.body()).contains("database");
    assertThat(users.get("/metrics", null).statusCode()).isEqualTo(200);
    HttpResponse<String> contract = users.get("/openapi.yaml", null);
    assertThat(contract.statusCode()).isEqualTo(200);
    assertThat(contract.body()).contains("operationId: updateMe");
  }

  @Test
  void requestIdIsPropagated() throws Exception {
    HttpResponse<String> response = users.get("/api/users/me", users.token("rid", "users:read"));
    assertThat(response.headers().firstValue("X-Request-Id")).isPresent();
  }
}
