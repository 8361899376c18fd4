package app.lightweight.invoices;

import static app.lightweight.invoices.InvoicesUnderTest.createCustomer;
import static app.lightweight.invoices.InvoicesUnderTest.createInvoice;
import static app.lightweight.invoices.InvoicesUnderTest.customer;
import static app.lightweight.invoices.InvoicesUnderTest.invoice;
import static app.lightweight.shared.testing.ServiceFixture.expect;
import static org.assertj.core.api.Assertions.assertThat;

import app.lightweight.shared.testing.ServiceFixture;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CustomerApiTest {
  @RegisterExtension static final ServiceFixture invoices = InvoicesUnderTest.fixture();
  private String token;

  @BeforeEach
  void clean() {
    token = invoices.token("crm-studio");
  }

  @Test
  void aCustomerIsCreatedReadReplacedAndDeleted() throws Exception {
    var created = invoices.post("/api/invoices/customers", token, customer("Ngozi Textiles"));
    JsonObject customer = expect(created, 201);
    String path = "/api/invoices/customers/" + customer.getString("id");

    JsonObject replaced =
        expect(invoices.put(path, token, customer("Ngozi Textiles Ltd").put("tax_id", null)), 200);

    assertThat(customer.getString("id")).matches("cus_[0-9a-z]{26}");
    assertThat(created.headers().firstValue("Location")).contains(path);
    assertThat(customer.getJsonObject("address").getString("country")).isEqualTo("NG");
    assertThat(replaced.getString("name")).isEqualTo("Ngozi Textiles Ltd");
    assertThat(replaced.getString("tax_id")).isNull();
    assertThat(replaced.getInteger("version")).isEqualTo(2);
    assertThat(expect(invoices.get(path, token), 200)).isEqualTo(replaced);
    assertThat(invoices.delete(path, token).statusCode()).isEqualTo(204);
    assertThat(invoices.get(path, token).statusCode()).isEqualTo(404);
  }

  @Test
  void searchMatchesNameOrEmailAndTakesWildcardsLiterally() throws Exception {
    createCustomer(invoices, token, customer("Chidi Motors").put("email", "ops@chidi.ng"));
    createCustomer(invoices, token, customer("Bola Bakery").put("email", "hello@bola.ng"));
    createCustomer(invoices, token, customer("100% Juice Co").put("email", "sales+ng@juice.ng"));

    assertThat(names("chidi")).containsExactly("Chidi Motors");
    assertThat(names("HELLO@")).containsExactly("Bola Bakery");
    assertThat(names("100%")).containsExactly("100% Juice Co");
    assertThat(names("%")).containsExactly("100% Juice Co");
    assertThat(names("sales+ng")).containsExactly("100% Juice Co");
    assertThat(names(".ng")).hasSize(3);
  }

  @Test
  void customersComeNewestFirstInCursorPages() throws Exception {
    List<String> created = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      created.add(createCustomer(invoices, token, customer("Customer " + i)).getString("id"));
    }
    List<String> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      String query = "?limit=2" + (cursor == null ? "" : "&cursor=" + cursor);
      JsonObject page = expect(invoices.get("/api/invoices/customers" + query, token), 200);
      page.getJsonArray("data").forEach(c -> seen.add(((JsonObject) c).getString("id")));
      cursor = page.getString("next_cursor");
      pages++;
    } while (cursor != null);

    assertThat(pages).isEqualTo(3);
    Collections.reverse(created);
    assertThat(seen).containsExactlyElementsOf(created);
  }

  @Test
  void aLimitOutsideOneToAHundredIs400() throws Exception {
    for (String limit : new String[] {"0", "101", "ten"}) {
      var response = invoices.get("/api/invoices/customers?limit=" + limit, token);
      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(response.body()).contains("/limit");
    }
  }

  @Test
  void deletingACustomerKeepsItsInvoicesAsWritten() throws Exception {
    String customerId = createCustomer(invoices, token, customer("Leaving Ltd")).getString("id");
    JsonObject body = invoice("x");
    body.remove("customer");
    body.put("customer_id", customerId);
    String invoiceId = createInvoice(invoices, token, body).getString("id");

    invoices.delete("/api/invoices/customers/" + customerId, token);

    JsonObject kept = expect(invoices.get("/api/invoices/" + invoiceId, token), 200);
    assertThat(kept.getJsonObject("customer").getString("name")).isEqualTo("Leaving Ltd");
  }

  private List<String> names(String search) throws Exception {
    String q = URLEncoder.encode(search, StandardCharsets.UTF_8);
    return expect(invoices.get("/api/invoices/customers?q=" + q, token), 200)
        .getJsonArray("data")
        .stream()
        .map(c -> ((JsonObject) c).getString("name"))
        .toList();
  }
}
