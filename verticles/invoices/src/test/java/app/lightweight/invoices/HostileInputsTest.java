package app.lightweight.invoices;

import static app.lightweight.invoices.InvoicesUnderTest.createCustomer;
import static app.lightweight.invoices.InvoicesUnderTest.createInvoice;
import static app.lightweight.invoices.InvoicesUnderTest.customer;
import static app.lightweight.invoices.InvoicesUnderTest.invoice;
import static app.lightweight.invoices.InvoicesUnderTest.issue;
import static org.assertj.core.api.Assertions.assertThat;

import app.lightweight.shared.testing.FuzzRequest;
import app.lightweight.shared.testing.ServiceFixture;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Requests an attacker would send: dot segments around the public pay link, NUL characters and lone
 * surrogates in text, bodies that are not objects. Each is a 4xx problem+json that changes nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputsTest {
  @RegisterExtension static final ServiceFixture invoices = InvoicesUnderTest.fixture();
  private String token;
  private String draftId;
  private String payToken;

  @BeforeEach
  void anIssuedInvoiceAndACustomerExist() throws Exception {
    token = invoices.token("wary-studio");
    createCustomer(invoices, token, customer("Kept Customer"));
    JsonObject issued =
        issue(invoices, token, createInvoice(invoices, token, invoice("Kept Ltd")).getString("id"));
    payToken = issued.getString("pay_url").replaceAll(".*/", "");
    draftId = createInvoice(invoices, token, invoice("Draft Ltd")).getString("id");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/api/invoices/public/../customers",
        "/api/invoices/public/%2e%2e/customers",
        "/api/invoices/public/x/../../customers",
        "/api/invoices/public/./../settings",
      })
  void dotSegmentsBehindThePublicPrefixNeedAToken(String path) throws Exception {
    HttpResponse<String> response = invoices.send(rawPath(path).GET());

    assertProblem(response, 401);
  }

  @Test
  void thePublicPayLinkStillNeedsNoToken() throws Exception {
    assertThat(invoices.get("/api/invoices/public/" + payToken, null).statusCode()).isEqualTo(200);
    assertThat(invoices.get("/api/invoices/public/../public/" + payToken, null).statusCode())
        .isEqualTo(200);
  }

  @ParameterizedTest
  @ValueSource(strings = {"\u0000", "\ud800", "\udc00", "a\ud83dz"})
  void badTextInAnyBodyFieldIs400NamingTheField(String bad) throws Exception {
    assertField(
        send("POST", "/api/invoices/customers", customer("Evil" + bad + "Corp"), Map.of()),
        "/name");

    JsonObject body = invoice("Evil Ltd");
    body.getJsonArray("lines").getJsonObject(1).put("description", "page" + bad);
    assertField(send("POST", "/api/invoices", body, Map.of()), "/lines/1/description");

    JsonObject address = invoice("Evil Ltd");
    address.getJsonObject("customer").getJsonObject("address").put("city", bad);
    assertField(send("POST", "/api/invoices", address, Map.of()), "/customer/address/city");

    assertField(
        send(
            "PATCH",
            "/api/invoices/" + draftId,
            new JsonObject().put("notes", bad),
            Map.of("If-Match", "\"1\"")),
        "/notes");
    assertField(
        send(
            "PUT",
            "/api/invoices/settings",
            new JsonObject().put("number_prefix", "INV").put("tax_label", bad),
            Map.of()),
        "/tax_label");

    assertNothingChanged();
  }

  @Test
  void aNulInAFieldNameIs400() throws Exception {
    HttpResponse<String> response =
        invoices.raw(
            "POST",
            "/api/invoices/customers",
            token,
            "application/json",
            "{\"name\":\"A\",\"x\\u0000\":1}".getBytes(StandardCharsets.UTF_8));

    assertProblem(response, 400);
    assertNothingChanged();
  }

  @Test
  void aLoneSurrogateSentAsRawBytesIs400() throws Exception {
    byte[] cesu = {
      '{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'
    };
    HttpResponse<String> response =
        invoices.raw("POST", "/api/invoices/customers", token, "application/json", cesu);

    assertProblem(response, 400);
    assertNothingChanged();
  }

  @Test
  void badTextInPathAndQueryParametersIs400NamingTheParameter() throws Exception {
    assertField(invoices.get("/api/invoices/" + draftId + "%00", token), "/invoiceId");
    assertField(invoices.get("/api/invoices/customers/x%00y", token), "/customerId");
    assertField(invoices.get("/api/invoices/public/tok%00en", null), "/token");
    assertField(invoices.delete("/api/invoices/%00", token), "/invoiceId");
    assertField(invoices.get("/api/invoices?q=a%00b", token), "/q");
    assertField(invoices.get("/api/invoices/customers?q=%00", token), "/q");
    assertNothingChanged();
  }

  /** Found by InvoicesFuzzTest: the query decoder threw, a 500 before any route. */
  @ParameterizedTest
  @ValueSource(strings = {"%zz", "%", "%e", "%%41", "%u00e9", "%G0", "%e9%"})
  void aQueryValueThatIsNotPercentEncodedIs400NamingTheParameter(String escape) throws Exception {
    assertRawField(rawGet("/api/invoices?q=a" + escape, token), "/q");
    assertRawField(rawGet("/api/invoices/customers?limit=1" + escape, token), "/limit");
    assertRawField(rawGet("/api/invoices/public/" + payToken + "?x=" + escape, null), "/x");
    assertNothingChanged();
  }

  /** Found by InvoicesFuzzTest: served 200 with the bytes read as U+FFFD. */
  @ParameterizedTest
  @ValueSource(strings = {"%ED%A0%80", "%FF", "%C0%80", "%E2%82"})
  void aQueryValueThatIsNotUtf8Is400(String bytes) throws Exception {
    assertField(invoices.get("/api/invoices/customers?q=a" + bytes, token), "/q");
    assertField(invoices.get("/api/invoices?q=" + bytes, token), "/q");
  }

  /** Found by InvoicesFuzzTest: the validator read one value and the handler another could. */
  @Test
  void aSingleValuedQueryParameterGivenTwiceIs400() throws Exception {
    assertField(invoices.get("/api/invoices/customers?limit=5&limit=abc", token), "/limit");
    assertField(invoices.get("/api/invoices?status=draft&status=paid", token), "/status");
  }

  @ParameterizedTest
  @ValueSource(strings = {"[]", "1", "\"s\"", "true", "null", "[{\"name\":\"A\"}]", " 7 "})
  void aBodyThatIsNotAnObjectIs400(String body) throws Exception {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    for (String path :
        new String[] {
          "/api/invoices", "/api/invoices/customers", "/api/invoices/render",
        }) {
      assertProblem(invoices.raw("POST", path, token, "application/json", bytes), 400);
    }
    assertProblem(
        invoices.raw("PUT", "/api/invoices/settings", token, "application/json", bytes), 400);
    assertProblem(
        invoices.send(
            invoices
                .request(
                    "/api/invoices/" + draftId,
                    token,
                    Map.of("Content-Type", "application/json", "If-Match", "\"1\""))
                .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(bytes))),
        400);
    assertNothingChanged();
  }

  /** Sends the body with every NUL and surrogate as a JSON escape, as a hostile client would. */
  private HttpResponse<String> send(
      String method, String path, JsonObject body, Map<String, String> headers) throws Exception {
    StringBuilder json = new StringBuilder();
    body.encode()
        .chars()
        .forEach(
            c -> {
              if (c == 0 || Character.isSurrogate((char) c)) {
                json.append(String.format("\\u%04x", c));
              } else {
                json.append((char) c);
              }
            });
    return invoices.send(
        invoices
            .request(path, token, headers)
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(json.toString())));
  }

  /** A GET written to the socket as it is: the JDK's URI refuses a bad percent-escape. */
  private FuzzRequest.Answer rawGet(String target, String bearer) throws Exception {
    Map<String, String> headers =
        bearer == null ? Map.of() : Map.of("Authorization", "Bearer " + bearer);
    return new FuzzRequest("raw", "-", "GET", target, headers, null).send(invoices.port());
  }

  private static void assertRawField(FuzzRequest.Answer answer, String pointer) {
    assertThat(answer.status()).as(answer.body()).isEqualTo(400);
    assertThat(answer.header("Content-Type")).isEqualTo("application/problem+json");
    JsonObject problem = new JsonObject(answer.body());
    assertThat(problem.getInteger("status")).isEqualTo(400);
    assertThat(problem.getJsonArray("errors").getJsonObject(0).getString("pointer"))
        .as(answer.body())
        .isEqualTo(pointer);
  }

  private HttpRequest.Builder rawPath(String path) {
    return HttpRequest.newBuilder(invoices.uri("/").resolve(path.substring(1)));
  }

  private void assertNothingChanged() {
    assertThat(invoices.count("customers")).isEqualTo(1);
    assertThat(invoices.count("invoices")).isEqualTo(2);
    assertThat(invoices.count("business_settings")).isZero();
    assertThat(invoices.rows("select version from invoices where id = '" + draftId + "'"))
        .singleElement()
        .satisfies(row -> assertThat(row.getInteger(0)).isEqualTo(1));
  }

  static JsonObject assertProblem(HttpResponse<String> response, int status) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    JsonObject problem = new JsonObject(response.body());
    assertThat(problem.getInteger("status")).isEqualTo(status);
    assertThat(problem.getString("type")).isNotBlank();
    assertThat(problem.getString("title")).isNotBlank();
    return problem;
  }

  private static void assertField(HttpResponse<String> response, String pointer) {
    JsonObject problem = assertProblem(response, 400);
    assertThat(problem.getJsonArray("errors").getJsonObject(0).getString("pointer"))
        .as(response.body())
        .isEqualTo(pointer);
  }
}
