package app.lightweight.invoices;

import static app.lightweight.invoices.InvoicesUnderTest.createCustomer;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Drafts, exact totals, the lifecycle and lists, as a business's client sees them. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InvoiceApiTest {
  @RegisterExtension static final ServiceFixture invoices = InvoicesUnderTest.fixture();
  private String token;

  @BeforeEach
  void clean() {
    token = invoices.token("studio");
  }

  @Test
  void aNewDraftCarriesTotalsComputedByTheServer() throws Exception {
    HttpResponse<String> response = invoices.post("/api/invoices", token, invoice("Okafor & Sons"));

    JsonObject draft = expect(response, 201);
    assertThat(draft.getString("id")).matches("inv_[0-9a-z]{26}");
    assertThat(response.headers().firstValue("Location"))
        .contains("/api/invoices/" + draft.getString("id"));
    assertThat(response.headers().firstValue("ETag")).contains("\"1\"");
    assertThat(draft.getString("status")).isEqualTo("draft");
    assertThat(draft.getString("number")).isNull();
    assertThat(draft.getString("pay_url")).isNull();
    JsonObject totals = draft.getJsonObject("totals");
    // 1 × ₦150,000.00 + 2.5 × ₦20,000.00, VAT 7.5 %
    assertThat(amount(totals, "subtotal")).isEqualTo(200_000_00L);
    assertThat(amount(totals, "discount")).isZero();
    assertThat(amount(totals, "tax")).isEqualTo(15_000_00L);
    assertThat(amount(totals, "total")).isEqualTo(215_000_00L);
    assertThat(amount(totals, "amount_paid")).isZero();
    assertThat(amount(totals, "amount_due")).isEqualTo(215_000_00L);
    assertThat(totals.getJsonObject("total").getString("currency")).isEqualTo("NGN");
    assertThat(totals.getJsonArray("tax_by_rate").getJsonObject(0).getString("rate"))
        .isEqualTo("7.5");
  }

  @Test
  void eachLineIsRoundedHalfToEvenBeforeTheSum() throws Exception {
    JsonObject body =
        invoice("Rounding Ltd")
            .put(
                "lines",
                new JsonArray()
                    // 0.333 × 100000 = 33300; 7.5 % of it is 2497.5 → 2498 (to even)
                    .add(line("Consulting", "0.333", 100_000, "7.5"))
                    // 0.5 × 5 = 2.5 → 2 (to even); no tax
                    .add(line("Stamp", "0.5", 5, "0"))
                    // 1 × 1000 less 12.5 % = 875; 5 % tax of 875 = 43.75 → 44
                    .add(line("Paper", "1", 1_000, "5").put("discount", "12.5")));

    JsonObject totals = createInvoice(invoices, token, body).getJsonObject("totals");

    assertThat(amount(totals, "subtotal")).isEqualTo(33_300 + 2 + 1_000);
    assertThat(amount(totals, "discount")).isEqualTo(125);
    assertThat(amount(totals, "tax")).isEqualTo(2_498 + 44);
    assertThat(amount(totals, "total")).isEqualTo(33_300 + 2 + 875 + 2_498 + 44);
    assertThat(totals.getJsonArray("tax_by_rate")).hasSize(3);
  }

  @Test
  void aCustomerByReferenceIsCopiedOntoTheDraft() throws Exception {
    JsonObject customer =
        createCustomer(invoices, token, InvoicesUnderTest.customer("Adaeze Foods"));
    JsonObject body = invoice("ignored");
    body.remove("customer");
    body.put("customer_id", customer.getString("id"));

    JsonObject draft = createInvoice(invoices, token, body);

    assertThat(draft.getString("customer_id")).isEqualTo(customer.getString("id"));
    assertThat(draft.getJsonObject("customer").getString("name")).isEqualTo("Adaeze Foods");
    assertThat(draft.getJsonObject("customer").getJsonObject("address").getString("city"))
        .isEqualTo("Port Harcourt");
  }

  @Test
  void editingADraftNeedsItsCurrentVersion() throws Exception {
    JsonObject draft = createInvoice(invoices, token, invoice("Versioned Ltd"));
    String path = "/api/invoices/" + draft.getString("id");
    JsonObject change =
        new JsonObject()
            .put("lines", new JsonArray().add(line("Only line", "3", 1_000_00, "0")))
            .put("notes", null);

    assertThat(invoices.patch(path, token, change, null).statusCode()).isEqualTo(428);
    assertThat(invoices.patch(path, token, change, "\"7\"").statusCode()).isEqualTo(412);
    HttpResponse<String> edited = invoices.patch(path, token, change, "\"1\"");
    HttpResponse<String> again = invoices.patch(path, token, change, "\"1\"");

    JsonObject after = expect(edited, 200);
    assertThat(edited.headers().firstValue("ETag")).contains("\"2\"");
    assertThat(after.getInteger("version")).isEqualTo(2);
    assertThat(after.getJsonArray("lines")).hasSize(1);
    assertThat(after.getString("notes")).isNull();
    assertThat(amount(after.getJsonObject("totals"), "total")).isEqualTo(3_000_00);
    assertThat(after.getJsonObject("customer").getString("name")).isEqualTo("Versioned Ltd");
    assertThat(again.statusCode()).isEqualTo(412);
  }

  @Test
  void anInvoiceIsIssuedSentAndPaidThenNothingMoreChanges() throws Exception {
    String id = createInvoice(invoices, token, invoice("Lifecycle Ltd")).getString("id");
    String path = "/api/invoices/" + id;

    JsonObject issued = issue(invoices, token, id);
    JsonObject sent = expect(invoices.post(path + "/send", token), 202).getJsonObject("invoice");
    JsonObject paid =
        expect(
            invoices.post(path + "/mark-paid", token, new JsonObject().put("reference", "GTB 42")),
            200);

    assertThat(issued.getString("status")).isEqualTo("issued");
    assertThat(issued.getString("number")).isEqualTo("INV-2026-000001");
    assertThat(issued.getString("pay_token")).hasSizeGreaterThanOrEqualTo(32);
    assertThat(issued.getString("pay_url")).endsWith("/pay/" + issued.getString("pay_token"));
    assertThat(issued.getString("issued_at")).isNotNull();
    assertThat(sent.getString("status")).isEqualTo("sent");
    assertThat(sent.getString("sent_at")).isNotNull();
    assertThat(paid.getString("status")).isEqualTo("paid");
    assertThat(paid.getString("payment_reference")).isEqualTo("GTB 42");
    assertThat(amount(paid.getJsonObject("totals"), "amount_paid")).isEqualTo(215_000_00L);
    assertThat(amount(paid.getJsonObject("totals"), "amount_due")).isZero();
    assertThat(paid.getInteger("version")).isEqualTo(4);

    assertConflict(invoices.post(path + "/void", token));
    assertConflict(invoices.post(path + "/issue", token));
    assertConflict(
        invoices.patch(path, token, new JsonObject().put("notes", "late edit"), "\"4\""));
    assertConflict(invoices.delete(path, token));
  }

  @Test
  void movesTheLifecycleDoesNotAllowAre409() throws Exception {
    String id = createInvoice(invoices, token, invoice("Strict Ltd")).getString("id");
    String path = "/api/invoices/" + id;

    assertConflict(invoices.post(path + "/send", token));
    assertConflict(invoices.post(path + "/void", token));
    assertConflict(
        invoices.post(path + "/mark-paid", token, new JsonObject().put("reference", "early")));
    issue(invoices, token, id);
    assertConflict(invoices.post(path + "/issue", token));
    expect(invoices.post(path + "/void", token), 200);
    assertConflict(invoices.post(path + "/send", token));
    assertConflict(
        invoices.post(path + "/mark-paid", token, new JsonObject().put("reference", "late")));

    JsonObject voided = expect(invoices.get(path, token), 200);
    assertThat(voided.getString("status")).isEqualTo("void");
    assertThat(voided.getString("number")).isEqualTo("INV-2026-000001");
  }

  @Test
  void aDraftCanBeDeletedWithoutUsingANumber() throws Exception {
    String first = createInvoice(invoices, token, invoice("Gone Ltd")).getString("id");
    String second = createInvoice(invoices, token, invoice("Kept Ltd")).getString("id");

    assertThat(invoices.delete("/api/invoices/" + first, token).statusCode()).isEqualTo(204);

    assertThat(invoices.get("/api/invoices/" + first, token).statusCode()).isEqualTo(404);
    assertThat(issue(invoices, token, second).getString("number")).isEqualTo("INV-2026-000001");
  }

  @Test
  void anIssuedInvoicePastItsDueDateReadsOverdue() throws Exception {
    JsonObject late =
        createInvoice(
            invoices,
            token,
            invoice("Late Payer").put("issue_date", "2020-01-01").put("due_date", "2020-01-31"));
    JsonObject onTime =
        createInvoice(
            invoices,
            token,
            invoice("Prompt Payer").put("issue_date", "2025-06-01").put("due_date", "2030-01-01"));

    assertThat(late.getBoolean("overdue")).as("a draft is never overdue").isFalse();
    assertThat(issue(invoices, token, late.getString("id")).getBoolean("overdue")).isTrue();
    assertThat(issue(invoices, token, onTime.getString("id")).getBoolean("overdue")).isFalse();
    assertThat(ids("/api/invoices?overdue=true")).containsExactly(late.getString("id"));
    assertThat(ids("/api/invoices?overdue=false")).containsExactly(onTime.getString("id"));
  }

  @Test
  void listsFilterAndPageNewestFirst() throws Exception {
    String customerId =
        createCustomer(invoices, token, InvoicesUnderTest.customer("Listed Co")).getString("id");
    List<String> created = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      JsonObject body = invoice("Walk-in " + i).put("issue_date", "2026-03-0" + (i + 1));
      if (i % 2 == 0) {
        body.remove("customer");
        body.put("customer_id", customerId);
      }
      created.add(createInvoice(invoices, token, body).getString("id"));
    }
    issue(invoices, token, created.get(4));

    JsonObject first = expect(invoices.get("/api/invoices?limit=2", token), 200);
    String cursor = first.getString("next_cursor");
    JsonObject second = expect(invoices.get("/api/invoices?limit=2&cursor=" + cursor, token), 200);
    JsonObject last =
        expect(
            invoices.get("/api/invoices?limit=2&cursor=" + second.getString("next_cursor"), token),
            200);

    assertThat(ids(first)).containsExactly(created.get(4), created.get(3));
    assertThat(ids(second)).containsExactly(created.get(2), created.get(1));
    assertThat(ids(last)).containsExactly(created.get(0));
    assertThat(last.getValue("next_cursor")).isNull();
    assertThat(ids("/api/invoices?status=issued")).containsExactly(created.get(4));
    assertThat(ids("/api/invoices?status=draft")).hasSize(4);
    assertThat(ids("/api/invoices?customer_id=" + customerId))
        .containsExactly(created.get(4), created.get(2), created.get(0));
    assertThat(ids("/api/invoices?issue_date_from=2026-03-02&issue_date_to=2026-03-03"))
        .containsExactly(created.get(2), created.get(1));
  }

  @Test
  void searchFindsTheNumberOrTheCustomersNameOrEmail() throws Exception {
    String okafor = createInvoice(invoices, token, invoice("Okafor & Sons")).getString("id");
    String percent = createInvoice(invoices, token, invoice("Ada 100% Ltd")).getString("id");
    String issued = createInvoice(invoices, token, invoice("Zed Traders")).getString("id");
    issue(invoices, token, issued);

    assertThat(ids("/api/invoices?q=OKAFOR")).containsExactly(okafor);
    assertThat(ids("/api/invoices?q=2026-000001")).containsExactly(issued);
    assertThat(ids("/api/invoices?q=zedtraders%40example")).containsExactly(issued);
    assertThat(ids("/api/invoices?q=100%25")).containsExactly(percent);
    assertThat(ids("/api/invoices?q=%25")).containsExactly(percent);
    assertThat(ids("/api/invoices?q=Okafor&status=issued")).isEmpty();
    assertThat(ids("/api/invoices?q=okafor")).doesNotContain(percent, issued);
    assertThat(ids(expect(invoices.get("/api/invoices?q=okafor", invoices.token("stranger")), 200)))
        .isEmpty();
  }

  @Test
  void aBadFilterIs400NamingTheParameter() throws Exception {
    Map<String, String> pointerByQuery =
        Map.of(
            "limit=0",
            "/limit",
            "status=lost",
            "/status",
            "overdue=maybe",
            "/overdue",
            "issue_date_from=2026-13-01",
            "/issue_date_from",
            "q=" + "x".repeat(101),
            "/q");
    for (Map.Entry<String, String> bad : pointerByQuery.entrySet()) {
      HttpResponse<String> answer = invoices.get("/api/invoices?" + bad.getKey(), token);
      assertThat(answer.statusCode()).as(bad.getKey()).isEqualTo(400);
      assertThat(
              new JsonObject(answer.body())
                  .getJsonArray("errors")
                  .getJsonObject(0)
                  .getString("pointer"))
          .as(bad.getKey())
          .isEqualTo(bad.getValue());
    }
  }

  @Test
  void anIdempotencyKeyReplaysTheFirstAnswer() throws Exception {
    Map<String, String> key = Map.of("Idempotency-Key", "order-7781");
    HttpResponse<String> first = invoices.post("/api/invoices", token, invoice("Once Ltd"), key);
    HttpResponse<String> replay = invoices.post("/api/invoices", token, invoice("Once Ltd"), key);
    HttpResponse<String> reused = invoices.post("/api/invoices", token, invoice("Twice Ltd"), key);

    assertThat(first.statusCode()).isEqualTo(201);
    assertThat(replay.statusCode()).isEqualTo(201);
    assertThat(replay.headers().firstValue("Idempotent-Replayed")).contains("true");
    assertThat(new JsonObject(replay.body()).getString("id"))
        .isEqualTo(new JsonObject(first.body()).getString("id"));
    assertThat(reused.statusCode()).isEqualTo(422);
    assertThat(invoices.count("invoices")).isEqualTo(1);
  }

  @Test
  void theNumberPrefixAndTaxLabelComeFromTheSettings() throws Exception {
    JsonObject settings =
        new JsonObject()
            .put("number_prefix", "ADU")
            .put("tax_label", "VAT")
            .put("business", new JsonObject().put("name", "Adúnní Studio Ltd"));
    expect(invoices.put("/api/invoices/settings", token, settings), 200);

    JsonObject draft = createInvoice(invoices, token, invoice("Prefixed Ltd"));
    JsonObject issued = issue(invoices, token, draft.getString("id"));

    JsonObject createdEvent =
        invoices
            .rows("select data from outbox where type = 'invoice.created'")
            .get(0)
            .getJsonObject("data");
    assertThat(createdEvent.getString("tax_label")).isEqualTo("VAT");
    assertThat(createdEvent.getJsonObject("business").getString("name"))
        .isEqualTo("Adúnní Studio Ltd");
    assertThat(draft.getString("tax_label")).isEqualTo("VAT");
    assertThat(draft.getJsonObject("business").getString("name")).isEqualTo("Adúnní Studio Ltd");
    assertThat(issued.getString("number")).isEqualTo("ADU-2026-000001");
    assertThat(
            expect(invoices.get("/api/invoices/settings", token), 200).getString("number_prefix"))
        .isEqualTo("ADU");
  }

  private List<String> ids(String path) throws Exception {
    return ids(expect(invoices.get(path, token), 200));
  }

  private static List<String> ids(JsonObject page) {
    return page.getJsonArray("data").stream()
        .map(item -> ((JsonObject) item).getString("id"))
        .toList();
  }

  private static long amount(JsonObject totals, String name) {
    return totals.getJsonObject(name).getLong("amount");
  }

  private static void assertConflict(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(409);
    assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
  }
}
