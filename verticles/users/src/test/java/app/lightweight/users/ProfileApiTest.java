package app.lightweight.users;

import static org.assertj.core.api.Assertions.assertThat;

import app.lightweight.shared.testing.ServiceFixture;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProfileApiTest {
  @RegisterExtension static final ServiceFixture users = UsersUnderTest.fixture();

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
            .put("display_name", "Ada Obi")
            .put("business_name", "Ọbí Ventures Ltd")
            .put(
                "address",
                new JsonObject()
                    .put("line1", "12 Marina Road")
                    .put("city", "Lagos")
                    .put("postal_code", "101001")
                    .put("country", "NG"))
            .put("tax_id", "12345678-0001")
            .put("default_currency", "NGN");

    HttpResponse<String> put = users.put("/api/users/me", token, update);
    JsonObject profile = new JsonObject(users.get("/api/users/me", token).body());

    assertThat(put.statusCode()).isEqualTo(200);
    assertThat(profile.getString("email")).isEqualTo("ada@example.com");
    assertThat(profile.getString("business_name")).isEqualTo("Ọbí Ventures Ltd");
    assertThat(profile.getJsonObject("address").getString("city")).isEqualTo("Lagos");
    assertThat(profile.getJsonObject("address").getString("postal_code")).isEqualTo("101001");
    assertThat(profile.getString("tax_id")).isEqualTo("12345678-0001");
    assertThat(profile.getString("default_currency")).isEqualTo("NGN");
    assertThat(profile.getInteger("version")).isEqualTo(2);
  }

  @Test
  void aPngLogoIsStoredAndServedBack() throws Exception {
    String token = users.token("logo-owner", "users:read users:write");
    byte[] png = TestImages.png();

    HttpResponse<String> put = users.put("/api/users/me/logo", token, "image/png", png);
    HttpResponse<byte[]> get = users.getBytes("/api/users/me/logo", token);

    assertThat(put.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(put.body()).getJsonObject("logo").getString("content_type"))
        .isEqualTo("image/png");
    assertThat(get.statusCode()).isEqualTo(200);
    assertThat(get.headers().firstValue("Content-Type")).contains("image/png");
    assertThat(get.body()).isEqualTo(png);
  }

  @Test
  void everyFieldNameOfTheProfileIsSnakeCase() throws Exception {
    String token = users.token("snake", "users:read users:write");
    users.put(
        "/api/users/me",
        token,
        new JsonObject()
            .put("display_name", "Ada")
            .put("business_name", "Ada Ltd")
            .put("address", new JsonObject().put("postal_code", "101001"))
            .put("tax_id", "TIN 1")
            .put("default_currency", "NGN"));
    users.put("/api/users/me/logo", token, "image/png", TestImages.png());

    JsonObject profile = new JsonObject(users.get("/api/users/me", token).body());

    assertThat(profile.fieldNames())
        .contains(
            "display_name",
            "business_name",
            "tax_id",
            "default_currency",
            "created_at",
            "updated_at")
        .allMatch(name -> name.matches("[a-z0-9_]+"));
    assertThat(profile.getJsonObject("logo").fieldNames())
        .containsExactlyInAnyOrder("content_type", "bytes", "url");
    assertThat(profile.getJsonObject("address").fieldNames()).containsExactly("postal_code");
  }

  @Test
  void anAddressSavedWithCamelCaseKeysIsShownInSnakeCase() throws Exception {
    String token = users.token("old-address", "users:read");
    users.get("/api/users/me", token);
    users.rows(
        "update profiles set address = '{\"city\": \"Lagos\", \"postalCode\": \"101001\"}'"
            + " where subject = 'old-address'");

    JsonObject address =
        new JsonObject(users.get("/api/users/me", token).body()).getJsonObject("address");

    assertThat(address.getMap())
        .containsExactlyInAnyOrderEntriesOf(Map.of("city", "Lagos", "postal_code", "101001"));
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
