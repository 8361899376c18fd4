package app.lightweight.invoices;

import static app.lightweight.invoices.InvoicesUnderTest.createCustomer;
import static app.lightweight.invoices.InvoicesUnderTest.createInvoice;
import static app.lightweight.invoices.InvoicesUnderTest.customer;
import static app.lightweight.invoices.InvoicesUnderTest.invoice;
import static app.lightweight.invoices.InvoicesUnderTest.issue;
import static app.lightweight.shared.testing.ServiceFixture.expect;
import static app.lightweight.shared.testing.TestEnv.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.lightweight.shared.testing.ServiceFixture;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A business never sees or changes another's customers and invoices: their ids are 404. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TenantIsolationTest {
  private static final String SECRET_NAME = "Secret Customer of Ada";

  @RegisterExtension
  static final ServiceFixture invoices = InvoicesUnderTest.fixture().keepDataBetweenTests();

  private String ada;
  private String eve;
  private String customerId;
  private JsonObject invoice;

  @BeforeAll
  void adaHasACustomerAndAnIssuedInvoice() throws Exception {
    ada = invoices.token("ada-studio");
    eve = invoices.token("eve-intruder");
    customerId = createCustomer(invoices, ada, customer(SECRET_NAME)).getString("id");
    JsonObject body = invoice("ignored");
    body.remove("customer");
    body.put("customer_id", customerId);
    invoice = issue(invoices, ada, createInvoice(invoices, ada, body).getString("id"));
  }

  @Test
  void anotherBusinesssInvoiceIs404ForEveryOperation() throws Exception {
    String path = "/api/invoices/" + invoice.getString("id");
    List<HttpResponse<String>> answers =
        List.of(
            invoices.get(path, eve),
            invoices.get(path + "/pdf", eve),
            invoices.get(path + "/timeline", eve),
            invoices.patch(path, eve, new JsonObject().put("notes", "mine now"), "\"2\""),
            invoices.delete(path, eve),
            invoices.post(path + "/issue", eve),
            invoices.post(path + "/send", eve),
            invoices.post(path + "/void", eve),
            invoices.post(path + "/mark-paid", eve, new JsonObject().put("reference", "x")));

    assertThat(answers).allSatisfy(answer -> assertNotFoundWithoutTheirData(answer));
    JsonObject untouched = expect(invoices.get(path, ada), 200);
    assertThat(untouched.getString("status")).isEqualTo("issued");
    assertThat(untouched.getInteger("version")).isEqualTo(invoice.getInteger("version"));
  }

  @Test
  void anotherBusinesssCustomerIs404AndCannotBeInvoiced() throws Exception {
    String path = "/api/invoices/customers/" + customerId;
    JsonObject stolen = invoice("x");
    stolen.remove("customer");
    stolen.put("customer_id", customerId);

    assertNotFoundWithoutTheirData(invoices.get(path, eve));
    assertNotFoundWithoutTheirData(invoices.put(path, eve, customer("Renamed")));
    assertNotFoundWithoutTheirData(invoices.delete(path, eve));
    HttpResponse<String> invoiced = invoices.post("/api/invoices", eve, stolen);
    assertThat(invoiced.statusCode()).isEqualTo(400);
    assertThat(invoiced.body()).contains("/customer_id").doesNotContain(SECRET_NAME);
    assertThat(expect(invoices.get(path, ada), 200).getString("name")).isEqualTo(SECRET_NAME);
  }

  @Test
  void listsShowOnlyTheCallersOwn() throws Exception {
    assertThat(expect(invoices.get("/api/invoices", eve), 200).getJsonArray("data")).isEmpty();
    assertThat(expect(invoices.get("/api/invoices/customers", eve), 200).getJsonArray("data"))
        .isEmpty();
    assertThat(expect(invoices.get("/api/invoices", ada), 200).getJsonArray("data")).hasSize(1);
  }

  @Test
  void theEventBusAnswersOnlyForTheRightTenant() {
    JsonObject mine =
        await(
                invoices
                    .vertx()
                    .eventBus()
                    .<JsonObject>request(
                        InvoiceBus.GET,
                        new JsonObject()
                            .put("tenant", "ada-studio")
                            .put("id", invoice.getString("id"))))
            .body();
    assertThat(mine.getString("number")).isEqualTo(invoice.getString("number"));
    assertThatThrownBy(
            () ->
                await(
                    invoices
                        .vertx()
                        .eventBus()
                        .request(
                            InvoiceBus.GET,
                            new JsonObject()
                                .put("tenant", "eve-intruder")
                                .put("id", invoice.getString("id")))))
        .rootCause()
        .isInstanceOf(ReplyException.class)
        .satisfies(e -> assertThat(((ReplyException) e).failureCode()).isEqualTo(404));
  }

  private static void assertNotFoundWithoutTheirData(HttpResponse<String> answer) {
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(404);
    assertThat(answer.headers().firstValue("Content-Type")).contains("application/problem+json");
    assertThat(answer.body()).doesNotContain(SECRET_NAME).doesNotContain("INV-");
  }
}
