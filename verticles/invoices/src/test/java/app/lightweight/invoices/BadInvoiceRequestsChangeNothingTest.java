package app.lightweight.invoices;

import static app.lightweight.invoices.InvoicesUnderTest.createInvoice;
import static app.lightweight.invoices.InvoicesUnderTest.invoice;
import static app.lightweight.invoices.InvoicesUnderTest.issue;
import static app.lightweight.invoices.InvoicesUnderTest.line;
import static app.lightweight.shared.testing.ServiceFixture.expect;
import static org.assertj.core.api.Assertions.assertThat;

import app.lightweight.shared.testing.ServiceFixture;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every bad request is a 4xx problem+json that names what is wrong, and stores nothing. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInvoiceRequestsChangeNothingTest {
  @RegisterExtension static final ServiceFixture invoices = InvoicesUnderTest.fixture();
  private String token;
  private JsonObject issued;

  @BeforeEach
  void oneIssuedInvoiceExists() throws Exception {
    token = invoices.token("careful-studio");
    issued =
        issue(
            invoices,
            token,
            createInvoice(invoices, token, invoice("Existing Ltd")).getString("id"));
  }

  static Stream<Arguments> badInvoices() {
    return Stream.of(
        bad("unknown currency", b -> b.put("currency", "XYZ"), "/currency"),
        bad("currency that is not a code", b -> b.put("currency", "naira"), "/currency"),
        bad("negative quantity", line0("quantity", "-1"), "/lines/0/quantity"),
        bad("zero quantity", line0("quantity", "0"), "/lines/0/quantity"),
        bad("absurd quantity", line0("quantity", "5000000"), "/lines/0/quantity"),
        bad("quantity as a number", line0("quantity", 2), "/lines/0/quantity"),
        bad("negative price", line0("unit_price", -100), "/lines/0/unit_price"),
        bad("absurd price", line0("unit_price", 10_000_000_000_000L), "/lines/0/unit_price"),
        bad("tax over 100 %", line0("tax_rate", "150"), "/lines/0/tax_rate"),
        bad("negative discount", line0("discount", "-5"), "/lines/0/discount"),
        bad("blank description", line0("description", "   "), "/lines/0/description"),
        bad("no lines", b -> b.put("lines", new JsonArray()), "/lines"),
        bad("501 lines", b -> b.put("lines", lines(501)), "/lines"),
        bad("due before issue", b -> b.put("due_date", "2026-02-01"), "/due_date"),
        bad("a date that does not exist", b -> b.put("issue_date", "2026-02-30"), "/issue_date"),
        bad(
            "a year nobody invoices in",
            b -> b.put("issue_date", "1066-10-14").put("due_date", "1066-11-14"),
            "/issue_date"),
        bad("customer twice", b -> b.put("customer_id", "cus_x"), "/customer"),
        bad(
            "no customer",
            b -> {
              b.remove("customer");
              return b;
            },
            "/customer"),
        bad(
            "unknown customer",
            b -> {
              b.remove("customer");
              return b.put("customer_id", "cus_01jd8x3k6m9q2w5e7r4t0y1u3i");
            },
            "/customer_id"),
        bad(
            "customer without a name",
            b -> {
              b.getJsonObject("customer").remove("name");
              return b;
            },
            "/customer"),
        bad("notes too long", b -> b.put("notes", "n".repeat(2_001)), "/notes"),
        bad("totals sent by the client", b -> b.put("total", 1), "/total"));
  }

  @ParameterizedTest
  @MethodSource("badInvoices")
  void aBadInvoiceIsA400NamingTheField(UnaryOperator<JsonObject> spoil, String pointer)
      throws Exception {
    HttpResponse<String> response =
        invoices.post("/api/invoices", token, spoil.apply(invoice("Spoilt Ltd")));

    assertRejected(response, 400);
    assertThat(pointers(response)).isNotEmpty().allSatisfy(p -> assertThat(p).startsWith(pointer));
  }

  @Test
  void malformedJsonIs400() throws Exception {
    assertRejected(
        invoices.raw(
            "POST",
            "/api/invoices",
            token,
            "application/json",
            "{\"currency\": \"NGN\", ".getBytes(StandardCharsets.UTF_8)),
        400);
  }

  @Test
  void aBodyThatIsNotJsonIs415() throws Exception {
    assertRejected(
        invoices.raw(
            "POST",
            "/api/invoices",
            token,
            "text/plain",
            invoice("Plain Ltd").encode().getBytes(StandardCharsets.UTF_8)),
        415);
  }

  @Test
  void aPatchOrSettingsThatBreakTheContractAre400() throws Exception {
    HttpResponse<String> patch =
        invoices.patch(
            "/api/invoices/" + issued.getString("id"),
            token,
            new JsonObject().put("lines", "all of them"),
            "\"1\"");
    HttpResponse<String> settings =
        invoices.put(
            "/api/invoices/settings", token, new JsonObject().put("number_prefix", "inv-lower"));

    assertRejected(patch, 400);
    assertThat(pointers(patch)).containsExactly("/lines");
    assertRejected(settings, 400);
    assertThat(pointers(settings)).containsExactly("/number_prefix");
  }

  @Test
  void aBodyOverTheLimitIs413() throws Exception {
    JsonObject huge = invoice("Huge Ltd").put("notes", "x".repeat(3 * 1024 * 1024));
    assertRejected(invoices.post("/api/invoices", token, huge), 413);
  }

  @Test
  void editingAnIssuedInvoiceIs409() throws Exception {
    HttpResponse<String> response =
        invoices.patch(
            "/api/invoices/" + issued.getString("id"),
            token,
            new JsonObject().put("notes", "changed after issue"),
            "\"" + issued.getInteger("version") + "\"");
    assertRejected(response, 409);
  }

  @Test
  void aPatchThatBreaksTheDraftIs400() throws Exception {
    JsonObject draft = createInvoice(invoices, token, invoice("Draft Ltd"));
    HttpResponse<String> response =
        invoices.patch(
            "/api/invoices/" + draft.getString("id"),
            token,
            new JsonObject().put("due_date", "2020-01-01"),
            "\"1\"");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(pointers(response)).containsExactly("/due_date");
    assertThat(
            expect(invoices.get("/api/invoices/" + draft.getString("id"), token), 200)
                .getString("due_date"))
        .isEqualTo("2026-03-31");
  }

  @Test
  void noTokenIs401AndAReadOnlyTokenIs403() throws Exception {
    assertRejected(invoices.post("/api/invoices", null, invoice("Anon")), 401);
    assertRejected(
        invoices.post(
            "/api/invoices", invoices.token("careful-studio", "invoices:read"), invoice("RO")),
        403);
  }

  @Test
  void aMadeUpCursorIs400() throws Exception {
    HttpResponse<String> response = invoices.get("/api/invoices?cursor=bm90LW91cnM", token);
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(pointers(response)).containsExactly("/cursor");
  }

  @Test
  void aPdfOfAMissingInvoiceIs404() throws Exception {
    HttpResponse<String> response =
        invoices.get("/api/invoices/inv_01jd8x3k6m9q2w5e7r4t0y1u3i/pdf", token);
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
  }

  private void assertRejected(HttpResponse<String> response, int status) throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
    JsonObject problem = new JsonObject(response.body());
    assertThat(problem.getInteger("status")).isEqualTo(status);
    assertThat(problem.getString("title")).isNotBlank();
    assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(invoices.count("invoices")).isEqualTo(1);
    assertThat(
            invoices.count(
                "outbox where type not in ('invoice.created', 'invoice.issued', 'invoice.timeline')"))
        .isZero();
    assertThat(invoices.count("timeline where type not in ('invoice.created', 'invoice.issued')"))
        .isZero();
    assertThat(invoices.count("sends")).isZero();
    JsonObject unchanged =
        new JsonObject(invoices.get("/api/invoices/" + issued.getString("id"), token).body());
    assertThat(unchanged.getInteger("version")).isEqualTo(issued.getInteger("version"));
    assertThat(unchanged.getString("notes")).isEqualTo(issued.getString("notes"));
  }

  private static List<String> pointers(HttpResponse<String> response) {
    JsonArray errors = new JsonObject(response.body()).getJsonArray("errors", new JsonArray());
    return errors.stream().map(error -> ((JsonObject) error).getString("pointer")).toList();
  }

  private static Arguments bad(String name, UnaryOperator<JsonObject> spoil, String pointer) {
    return Arguments.of(Named.of(name, spoil), pointer);
  }

  /** Sets a member of the first line. */
  private static UnaryOperator<JsonObject> line0(String member, Object value) {
    return body -> {
      body.getJsonArray("lines").getJsonObject(0).put(member, value);
      return body;
    };
  }

  private static JsonArray lines(int count) {
    JsonArray lines = new JsonArray();
    for (int i = 0; i < count; i++) {
      lines.add(line("Item " + i, "1", 100, "0"));
    }
    return lines;
  }
}
