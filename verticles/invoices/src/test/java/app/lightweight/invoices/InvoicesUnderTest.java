package app.lightweight.invoices;

import static app.lightweight.shared.testing.ServiceFixture.expect;

import app.lightweight.shared.testing.ServiceFixture;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The invoices service under test: its fixture, and the request bodies and calls tests share. */
final class InvoicesUnderTest {
  static final String ALL_SCOPES = "invoices:read invoices:write wallets:pay";

  private InvoicesUnderTest() {}

  /** Started before the test class, emptied before each test; tokens carry every scope. */
  static ServiceFixture fixture() {
    return ServiceFixture.of(InvoicesVerticle.NAME, InvoicesVerticle::new)
        .tables(
            "invoices",
            "customers",
            "invoice_counters",
            "business_settings",
            "logos",
            "sends",
            "timeline",
            "payments",
            "outbox",
            "idempotency_keys")
        .scopes(ALL_SCOPES);
  }

  static JsonObject createInvoice(ServiceFixture invoices, String token, JsonObject body)
      throws Exception {
    return expect(invoices.post("/api/invoices", token, body), 201);
  }

  static JsonObject createCustomer(ServiceFixture invoices, String token, JsonObject body)
      throws Exception {
    return expect(invoices.post("/api/invoices/customers", token, body), 201);
  }

  static JsonObject issue(ServiceFixture invoices, String token, String id) throws Exception {
    return expect(invoices.post("/api/invoices/" + id + "/issue", token), 200);
  }

  static JsonObject customer(String name) {
    return new JsonObject()
        .put("name", name)
        .put("email", name.toLowerCase().replaceAll("[^a-z]", "") + "@example.ng")
        .put(
            "address",
            new JsonObject()
                .put("line1", "7 Trans-Amadi Road")
                .put("city", "Port Harcourt")
                .put("country", "NG"))
        .put("tax_id", "TIN-778899");
  }

  static JsonObject line(String description, String quantity, long unitPrice, String taxRate) {
    return new JsonObject()
        .put("description", description)
        .put("quantity", quantity)
        .put("unit_price", unitPrice)
        .put("tax_rate", taxRate);
  }

  /** A valid invoice for an inline customer, in naira. */
  static JsonObject invoice(String customerName) {
    return new JsonObject()
        .put("customer", customer(customerName))
        .put("currency", "NGN")
        .put("issue_date", "2026-03-01")
        .put("due_date", "2026-03-31")
        .put(
            "lines",
            new JsonArray()
                .add(line("Brand workshop", "1", 150_000_00L, "7.5"))
                .add(line("Copywriting, per page", "2.5", 20_000_00L, "7.5")))
        .put("notes", "Thank you for your business.");
  }
}
