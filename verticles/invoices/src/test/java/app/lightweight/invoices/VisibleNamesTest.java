package app.lightweight.invoices;

import static app.lightweight.invoices.InvoicesUnderTest.createCustomer;
import static app.lightweight.invoices.InvoicesUnderTest.createInvoice;
import static app.lightweight.invoices.InvoicesUnderTest.customer;
import static app.lightweight.invoices.InvoicesUnderTest.invoice;
import static app.lightweight.invoices.InvoicesUnderTest.issue;
import static org.assertj.core.api.Assertions.assertThat;

import app.lightweight.shared.testing.ServiceFixture;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Required names and texts must show something: Unicode blanks are a 400 that stores nothing. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VisibleNamesTest {
  private static final String[] BLANKS = {
    "\u2003", "\u3000", "\u2028", "\u200B\u200C", "\u00A0", " \uFEFF\u00A0 "
  };

  private ServiceFixture invoices;
  private String token;

  @BeforeAll
  void start() {
    invoices = InvoicesUnderTest.fixture().start();
  }

  @AfterAll
  void stop() {
    invoices.close();
  }

  @BeforeEach
  void clean() {
    invoices.clean();
    token = invoices.token("visible-studio");
  }

  static Stream<Arguments> blanks() {
    return Stream.of(BLANKS).map(Arguments::of);
  }

  @ParameterizedTest
  @MethodSource("blanks")
  void aCustomerNameWithoutAVisibleCharacterIs400(String blank) throws Exception {
    HttpResponse<String> created =
        invoices.post("/api/invoices/customers", token, customer("x").put("name", blank));

    assertProblemAt(created, "/name");
    assertThat(invoices.count("customers")).isZero();
  }

  @ParameterizedTest
  @MethodSource("blanks")
  void replacingACustomerWithABlankNameIs400(String blank) throws Exception {
    String id = createCustomer(invoices, token, customer("Kept Name")).getString("id");

    HttpResponse<String> replaced =
        invoices.put("/api/invoices/customers/" + id, token, customer("x").put("name", blank));

    assertProblemAt(replaced, "/name");
    assertThat(invoices.rows("select name from customers").get(0).getString(0))
        .isEqualTo("Kept Name");
  }

  @ParameterizedTest
  @MethodSource("blanks")
  void anInvoiceWithABlankCustomerBusinessOrLineIs400(String blank) throws Exception {
    JsonObject blankCustomer = invoice("x");
    blankCustomer.getJsonObject("customer").put("name", blank);
    JsonObject blankBusiness = invoice("x").put("business", new JsonObject().put("name", blank));
    JsonObject blankLine = invoice("x");
    blankLine.getJsonArray("lines").getJsonObject(1).put("description", blank);

    assertProblemAt(invoices.post("/api/invoices", token, blankCustomer), "/customer/name");
    assertProblemAt(invoices.post("/api/invoices", token, blankBusiness), "/business/name");
    assertProblemAt(invoices.post("/api/invoices", token, blankLine), "/lines/1/description");
    assertThat(invoices.count("invoices")).isZero();
  }

  @ParameterizedTest
  @MethodSource("blanks")
  void settingsWithABlankBusinessNameAre400(String blank) throws Exception {
    HttpResponse<String> put =
        invoices.put(
            "/api/invoices/settings",
            token,
            new JsonObject()
                .put("number_prefix", "INV")
                .put("business", new JsonObject().put("name", blank)));

    assertProblemAt(put, "/business/name");
    assertThat(invoices.count("business_settings")).isZero();
  }

  @ParameterizedTest
  @MethodSource("blanks")
  void aBlankPaymentReferenceIs400(String blank) throws Exception {
    String id = createInvoice(invoices, token, invoice("Payer Ltd")).getString("id");
    issue(invoices, token, id);

    HttpResponse<String> paid =
        invoices.post(
            "/api/invoices/" + id + "/mark-paid", token, new JsonObject().put("reference", blank));

    assertProblemAt(paid, "/reference");
    assertThat(invoices.rows("select status from invoices").get(0).getString(0))
        .isEqualTo("issued");
  }

  private static void assertProblemAt(HttpResponse<String> response, String pointer) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(
            new JsonObject(response.body())
                .getJsonArray("errors").stream()
                    .map(error -> ((JsonObject) error).getString("pointer")))
        .as(response.body())
        .contains(pointer);
  }
}
