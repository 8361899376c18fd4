package app.lightweight.users;

import static org.assertj.core.api.Assertions.assertThat;

import app.lightweight.shared.testing.ServiceFixture;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A display name must show something: blanks of every Unicode kind are a 400, not "". */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VisibleNamesTest {
  private ServiceFixture users;
  private String token;

  @BeforeAll
  void start() {
    users = UsersUnderTest.fixture().start();
  }

  @AfterAll
  void stop() {
    users.close();
  }

  @BeforeEach
  void clean() throws Exception {
    users.clean();
    token = users.token("visible-user", "users:read users:write");
    users.put("/api/users/me", token, new JsonObject().put("display_name", "Ada"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"\u2003", "\u3000", "\u2028", "\u200B\u200D", "\u00A0", " \uFEFF\u00A0 "})
  void aDisplayNameWithoutAVisibleCharacterIs400(String blank) throws Exception {
    HttpResponse<String> response =
        users.put("/api/users/me", token, new JsonObject().put("display_name", blank));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(
            new JsonObject(response.body())
                .getJsonArray("errors")
                .getJsonObject(0)
                .getString("pointer"))
        .isEqualTo("/display_name");
    assertThat(users.rows("select display_name from profiles").get(0).getString(0))
        .isEqualTo("Ada");
  }

  @Test
  void spacesOfEveryKindAroundANameAreStripped() throws Exception {
    HttpResponse<String> response =
        users.put(
            "/api/users/me", token, new JsonObject().put("display_name", "\u00A0Ada Obi\u200B"));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(users.rows("select display_name from profiles").get(0).getString(0))
        .isEqualTo("Ada Obi");
  }
}
