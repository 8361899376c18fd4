package app.lightweight.invoices;

import static app.lightweight.invoices.InvoicesUnderTest.createCustomer;
import static app.lightweight.invoices.InvoicesUnderTest.createInvoice;
import static app.lightweight.invoices.InvoicesUnderTest.invoice;
import static app.lightweight.invoices.InvoicesUnderTest.issue;
import static app.lightweight.shared.testing.ServiceFixture.expect;
import static org.assertj.core.api.Assertions.assertThat;

import app.lightweight.invoices.pdf.PdfText;
import app.lightweight.invoices.pdf.SampleInvoices;
import app.lightweight.invoices.seller.BusinessBlock;
import app.lightweight.invoices.seller.BusinessProfiles;
import app.lightweight.shared.testing.ServiceFixture;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/** PDFs as a business and its customer get them: stable bytes, the right seller, the pay link. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InvoicePdfApiTest {
  @RegisterExtension static final ServiceFixture invoices = InvoicesUnderTest.fixture();
  private String token;
  private MessageConsumer<JsonObject> usersService;

  @BeforeEach
  void clean() {
    token = invoices.token("pdf-studio");
  }

  @AfterEach
  void usersServiceGoesAway() {
    if (usersService != null) {
      app.lightweight.shared.testing.TestEnv.await(usersService.unregister());
      usersService = null;
    }
  }

  @Test
  void theIssuedInvoicesPdfShowsItsNumberCustomerAndTotal() throws Exception {
    String id =
        createInvoice(invoices, token, invoice("Chukwuemeka Ọkafọ̀r & Sons")).getString("id");
    issue(invoices, token, id);

    HttpResponse<byte[]> pdf = invoices.getBytes("/api/invoices/" + id + "/pdf", token, Map.of());

    assertThat(pdf.statusCode()).isEqualTo(200);
    assertThat(pdf.headers().firstValue("Content-Type")).contains("application/pdf");
    assertThat(new String(pdf.body(), 0, 5)).isEqualTo("%PDF-");
    String text = PdfText.of(pdf.body()).flat();
    assertThat(text)
        .contains("INV-2026-000001")
        .contains(PdfText.nfc("Chukwuemeka Ọkafọ̀r & Sons"))
        .contains("₦215,000.00");
  }

  @Test
  void theEtagIsStableAndIfNoneMatchAnswers304() throws Exception {
    String id = createInvoice(invoices, token, invoice("Etag Ltd")).getString("id");
    issue(invoices, token, id);
    String path = "/api/invoices/" + id + "/pdf";

    HttpResponse<byte[]> first = invoices.getBytes(path, token, Map.of());
    HttpResponse<byte[]> second = invoices.getBytes(path, token, Map.of());
    String etag = first.headers().firstValue("ETag").orElseThrow();
    HttpResponse<byte[]> unchanged = invoices.getBytes(path, token, Map.of("If-None-Match", etag));
    expect(invoices.post("/api/invoices/" + id + "/send", token), 202);
    HttpResponse<byte[]> afterSending =
        invoices.getBytes(path, token, Map.of("If-None-Match", etag));

    assertThat(second.headers().firstValue("ETag")).contains(etag);
    assertThat(second.body()).isEqualTo(first.body());
    assertThat(unchanged.statusCode()).isEqualTo(304);
    assertThat(unchanged.body()).isEmpty();
    assertThat(afterSending.statusCode()).as("a new version is a new PDF").isEqualTo(200);
    assertThat(afterSending.headers().firstValue("ETag")).isNotEqualTo(etag);
  }

  @Test
  void aDraftShowsTheUsersProfileAndIssuingFreezesIt() throws Exception {
    usersService = answerProfile("Ọbí Ventures Ltd");
    String id = createInvoice(invoices, token, invoice("Frozen Ltd")).getString("id");

    String draftText = pdfText(id);
    issue(invoices, token, id);
    app.lightweight.shared.testing.TestEnv.await(usersService.unregister());
    usersService = answerProfile("Renamed Later Ltd");
    String issuedText = pdfText(id);

    assertThat(draftText).contains(PdfText.nfc("Ọbí Ventures Ltd")).contains("12 Marina Road");
    assertThat(issuedText).contains(PdfText.nfc("Ọbí Ventures Ltd")).doesNotContain("Renamed");
    JsonObject issued = expect(invoices.get("/api/invoices/" + id, token), 200);
    assertThat(issued.getJsonObject("business").getString("name")).isEqualTo("Ọbí Ventures Ltd");
    assertThat(issued.getJsonObject("business").getString("tax_id")).isEqualTo("12345678-0001");
    assertThat(issued.getJsonObject("business").getJsonObject("address").getString("postal_code"))
        .isEqualTo("101001");
  }

  @Test
  void withoutTheUsersServiceTheDetailsKeptWithTheInvoiceAreUsed() throws Exception {
    JsonObject settings =
        new JsonObject()
            .put("number_prefix", "INV")
            .put("business", new JsonObject().put("name", "Settings Seller Ltd"));
    expect(invoices.put("/api/invoices/settings", token, settings), 200);
    String id = createInvoice(invoices, token, invoice("Fallback Ltd")).getString("id");

    assertThat(pdfText(id)).contains("Settings Seller Ltd");
  }

  @Test
  void aSlowUsersServiceIsGivenUpOnWithinASecondOrSo() throws Exception {
    usersService =
        invoices
            .vertx()
            .eventBus()
            .consumer(BusinessProfiles.ADDRESS, message -> {}); // never answers
    String id = createInvoice(invoices, token, invoice("Patient Ltd")).getString("id");

    long started = System.nanoTime();
    HttpResponse<byte[]> pdf = invoices.getBytes("/api/invoices/" + id + "/pdf", token, Map.of());
    long tookMs = (System.nanoTime() - started) / 1_000_000;

    assertThat(pdf.statusCode()).isEqualTo(200);
    assertThat(tookMs).isBetween(900L, 5_000L);
    assertThat(PdfText.of(pdf.body()).flat()).contains(BusinessBlock.UNNAMED);
  }

  @Test
  void renderTurnsAnInvoiceIntoAPdfAndStoresNothing() throws Exception {
    JsonObject body =
        invoice("Rendered Customer Ltd")
            .put("number", "EXT-77")
            .put("business", new JsonObject().put("name", "Given Seller Ltd"));

    HttpResponse<byte[]> pdf = invoices.postForBytes("/api/invoices/render", token, body);

    assertThat(pdf.statusCode()).isEqualTo(200);
    assertThat(pdf.headers().firstValue("ETag")).isPresent();
    assertThat(PdfText.of(pdf.body()).flat())
        .contains("EXT-77")
        .contains("Rendered Customer Ltd")
        .contains("Given Seller Ltd");
    assertThat(invoices.count("invoices")).isZero();
    assertThat(invoices.count("outbox")).isZero();
  }

  @Test
  void renderFindsTheSellerInTheProfileAndTheCustomerByReference() throws Exception {
    usersService = answerProfile("Profile Seller Ltd");
    String customerId =
        createCustomer(invoices, token, InvoicesUnderTest.customer("Referenced Buyer Ltd"))
            .getString("id");
    JsonObject body = invoice("ignored");
    body.remove("customer");
    body.put("customer_id", customerId);

    HttpResponse<byte[]> pdf = invoices.postForBytes("/api/invoices/render", token, body);

    assertThat(pdf.statusCode()).isEqualTo(200);
    assertThat(PdfText.of(pdf.body()).flat())
        .contains("Profile Seller Ltd")
        .contains("Referenced Buyer Ltd")
        .contains("Draft");
  }

  @Test
  void thePayLinkShowsTheInvoiceAndItsPdfWithoutLogin() throws Exception {
    String id = createInvoice(invoices, token, invoice("Paying Customer Ltd")).getString("id");
    String payToken = issue(invoices, token, id).getString("pay_token");

    JsonObject shown = expect(invoices.get("/api/invoices/public/" + payToken, null), 200);
    HttpResponse<byte[]> pdf =
        invoices.getBytes("/api/invoices/public/" + payToken + "/pdf", null, Map.of());
    HttpResponse<String> guessed = invoices.get("/api/invoices/public/" + "A".repeat(32), null);

    assertThat(shown.getString("number")).isEqualTo("INV-2026-000001");
    assertThat(shown.getJsonObject("totals").getJsonObject("amount_due").getLong("amount"))
        .isEqualTo(215_000_00L);
    assertThat(shown.fieldNames()).doesNotContain("id", "tenant", "customer_id", "pay_token");
    assertThat(pdf.statusCode()).isEqualTo(200);
    assertThat(PdfText.of(pdf.body()).flat()).contains("INV-2026-000001");
    assertThat(guessed.statusCode()).isEqualTo(404);
  }

  private String pdfText(String id) throws Exception {
    HttpResponse<byte[]> pdf = invoices.getBytes("/api/invoices/" + id + "/pdf", token, Map.of());
    assertThat(pdf.statusCode()).isEqualTo(200);
    return PdfText.of(pdf.body()).flat();
  }

  /** Stands in for the users service's {@code users.profile} answer. */
  private MessageConsumer<JsonObject> answerProfile(String businessName) {
    JsonObject profile =
        new JsonObject()
            .put("subject", "pdf-studio")
            .put("display_name", "Ada Obi")
            .put("business_name", businessName)
            .put("email", "ada@obi.ng")
            .put(
                "address",
                new JsonObject()
                    .put("line1", "12 Marina Road")
                    .put("city", "Lagos")
                    .put("postal_code", "101001")
                    .put("country", "NG"))
            .put("tax_id", "12345678-0001")
            .put(
                "logo",
                new JsonObject()
                    .put("content_type", "image/png")
                    .put("base64", Base64.getEncoder().encodeToString(SampleInvoices.logoPng())));
    MessageConsumer<JsonObject> consumer =
        invoices
            .vertx()
            .eventBus()
            .consumer(
                BusinessProfiles.ADDRESS,
                message -> {
                  if ("pdf-studio".equals(message.body().getString("subject"))) {
                    message.reply(profile);
                  } else {
                    message.fail(404, "no profile");
                  }
                });
    app.lightweight.shared.testing.TestEnv.await(consumer.completion());
    return consumer;
  }
}
