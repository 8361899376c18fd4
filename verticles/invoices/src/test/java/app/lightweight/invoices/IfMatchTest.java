package app.lightweight.invoices;

import static app.lightweight.invoices.InvoicesUnderTest.createInvoice;
import static app.lightweight.invoices.InvoicesUnderTest.invoice;
import static app.lightweight.shared.testing.ServiceFixture.expect;
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

/** If-Match as RFC 9110 has it: strong comparison, {@code *}, and lists. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IfMatchTest {
  private ServiceFixture invoices;
  private String token;
  private String id;

  @BeforeAll
  void start() {
    invoices = InvoicesUnderTest.fixture().start();
  }

  @AfterAll
  void stop() {
    invoices.close();
  }

  @BeforeEach
  void clean() throws Exception {
    invoices.clean();
    token = invoices.token("if-match-studio");
    id = createInvoice(invoices, token, invoice("Strong Tags Ltd")).getString("id");
  }

  @Test
  void aWeakTagNeverMatches() throws Exception {
    HttpResponse<String> edit = edit("W/\"1\"");

    assertThat(edit.statusCode()).as(edit.body()).isEqualTo(412);
    assertThat(version()).isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"*", "\"1\"", "\"7\", \"1\"", "W/\"1\", \"1\"", "\"x\",\"1\""})
  void starOrAListWithTheCurrentTagMatches(String ifMatch) throws Exception {
    HttpResponse<String> edit = edit(ifMatch);

    assertThat(edit.statusCode()).as(edit.body()).isEqualTo(200);
    assertThat(edit.headers().firstValue("ETag")).contains("\"2\"");
    assertThat(version()).isEqualTo(2);
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"7\", \"8\"", "\"one\"", "W/\"1\", W/\"2\""})
  void aListWithoutTheCurrentTagIs412(String ifMatch) throws Exception {
    HttpResponse<String> edit = edit(ifMatch);

    assertThat(edit.statusCode()).as(edit.body()).isEqualTo(412);
    assertThat(version()).isEqualTo(1);
  }

  @Test
  void issuingHonoursStarAndRefusesAWeakTag() throws Exception {
    HttpResponse<String> weak =
        invoices.post(
            "/api/invoices/" + id + "/issue", token, null, java.util.Map.of("If-Match", "W/\"1\""));
    HttpResponse<String> star =
        invoices.post(
            "/api/invoices/" + id + "/issue", token, null, java.util.Map.of("If-Match", "*"));

    assertThat(weak.statusCode()).as(weak.body()).isEqualTo(412);
    assertThat(star.statusCode()).as(star.body()).isEqualTo(200);
  }

  @Test
  void anIdempotentReplayCarriesTheFirstAnswersEtag() throws Exception {
    java.util.Map<String, String> key = java.util.Map.of("Idempotency-Key", "etag-key");
    HttpResponse<String> first = invoices.post("/api/invoices", token, invoice("Replay Ltd"), key);
    HttpResponse<String> replay = invoices.post("/api/invoices", token, invoice("Replay Ltd"), key);

    assertThat(first.headers().firstValue("ETag")).contains("\"1\"");
    assertThat(replay.headers().firstValue("Idempotent-Replayed")).contains("true");
    assertThat(replay.headers().firstValue("ETag")).contains("\"1\"");
  }

  @Test
  void aHeaderThatNamesNoTagIs400() throws Exception {
    HttpResponse<String> edit = edit("one, two");

    assertThat(edit.statusCode()).as(edit.body()).isEqualTo(400);
  }

  private HttpResponse<String> edit(String ifMatch) throws Exception {
    return invoices.patch(
        "/api/invoices/" + id, token, new JsonObject().put("notes", "changed"), ifMatch);
  }

  private long version() throws Exception {
    return expect(invoices.get("/api/invoices/" + id, token), 200).getLong("version");
  }
}
