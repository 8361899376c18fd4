package app.lightweight.invoices;

import static app.lightweight.invoices.InvoicesUnderTest.createInvoice;
import static app.lightweight.invoices.InvoicesUnderTest.invoice;
import static app.lightweight.invoices.InvoicesUnderTest.issue;
import static app.lightweight.shared.testing.TestEnv.await;
import static org.assertj.core.api.Assertions.assertThat;

import app.lightweight.invoices.pdf.PdfText;
import app.lightweight.invoices.seller.BusinessProfiles;
import app.lightweight.shared.testing.SampleImages;
import app.lightweight.shared.testing.ServiceFixture;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;

/**
 * A logo that cannot be shown (stored before uploads were decoded, or frozen into an issued invoice
 * then) never breaks a PDF: the PDF is rendered without it, and the logo is logged once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadLogoPdfTest {
  private static final String TENANT = "legacy-logo";
  private ServiceFixture invoices;
  private String token;
  private MessageConsumer<JsonObject> usersService;
  private final ListAppender<ILoggingEvent> log = new ListAppender<>();

  @BeforeAll
  void start() {
    invoices = InvoicesUnderTest.fixture().start();
    log.start();
    ((Logger) LoggerFactory.getLogger("app.lightweight.invoices.pdf.LogoImages")).addAppender(log);
  }

  @AfterAll
  void stop() {
    ((Logger) LoggerFactory.getLogger("app.lightweight.invoices.pdf.LogoImages"))
        .detachAppender(log);
    invoices.close();
  }

  @BeforeEach
  void clean() {
    invoices.clean();
    token = invoices.token(TENANT);
    log.list.clear();
  }

  @AfterEach
  void usersServiceGoesAway() {
    if (usersService != null) {
      await(usersService.unregister());
      usersService = null;
    }
  }

  @Test
  void aDraftWhoseProfileLogoDoesNotDecodeIsRenderedWithoutIt() throws Exception {
    usersService = answerProfile(SampleImages.pngSignatureThenGarbage());
    String id = createInvoice(invoices, token, invoice("Draft Buyer Ltd")).getString("id");

    HttpResponse<byte[]> pdf = pdf("/api/invoices/" + id + "/pdf", token);

    assertThat(pdf.statusCode()).isEqualTo(200);
    assertThat(PdfText.of(pdf.body()).flat()).contains("Legacy Logo Ltd", "Draft Buyer Ltd");
    assertThat(images(pdf.body())).isZero();
  }

  @Test
  void anIssuedInvoiceWithABadFrozenLogoRendersWithoutItPrivatelyAndPublicly() throws Exception {
    String id = createInvoice(invoices, token, invoice("Issued Buyer Ltd")).getString("id");
    String payToken = issue(invoices, token, id).getString("pay_token");
    freezeLogo(id, SampleImages.lyingHeader(65535, 65535));

    HttpResponse<byte[]> own = pdf("/api/invoices/" + id + "/pdf", token);
    HttpResponse<byte[]> shared = pdf("/api/invoices/public/" + payToken + "/pdf", null);

    assertThat(own.statusCode()).isEqualTo(200);
    assertThat(shared.statusCode()).isEqualTo(200);
    assertThat(PdfText.of(own.body()).flat()).contains("INV-2026-000001", "Issued Buyer Ltd");
    assertThat(images(own.body())).isZero();
    assertThat(shared.body()).isEqualTo(own.body());
  }

  @Test
  void aFrozenDecompressionBombIsLeftOutWithoutDecodingIt() throws Exception {
    String id = createInvoice(invoices, token, invoice("Bomb Buyer Ltd")).getString("id");
    issue(invoices, token, id);
    freezeLogo(id, SampleImages.bomb(10_000));

    long started = System.nanoTime();
    HttpResponse<byte[]> pdf = pdf("/api/invoices/" + id + "/pdf", token);
    long tookMs = (System.nanoTime() - started) / 1_000_000;

    assertThat(pdf.statusCode()).isEqualTo(200);
    assertThat(images(pdf.body())).isZero();
    assertThat(tookMs).as("a 10000 × 10000 px decode takes seconds").isLessThan(8_000);
  }

  @Test
  void eachBadLogoIsLoggedOnceHoweverManyPdfsLeaveItOut() throws Exception {
    byte[] garbage = SampleImages.lyingHeader(900, 600);
    byte[] truncated = SampleImages.truncated(SampleImages.photo(300, 200), 0.5);
    for (byte[] logo : List.of(garbage, garbage, garbage, truncated, truncated)) {
      String id = createInvoice(invoices, token, invoice("Buyer Ltd")).getString("id");
      issue(invoices, token, id);
      freezeLogo(id, logo);
      assertThat(pdf("/api/invoices/" + id + "/pdf", token).statusCode()).isEqualTo(200);
    }

    assertThat(log.list)
        .extracting(ILoggingEvent::getFormattedMessage)
        .hasSize(2)
        .anySatisfy(line -> assertThat(line).contains(sha256(garbage).substring(0, 12)))
        .anySatisfy(line -> assertThat(line).contains(sha256(truncated).substring(0, 12)));
  }

  @Test
  void aGoodLogoIsStillShown() throws Exception {
    usersService = answerProfile(SampleImages.withAlpha(200, 60));
    String id = createInvoice(invoices, token, invoice("Good Logo Buyer")).getString("id");

    HttpResponse<byte[]> pdf = pdf("/api/invoices/" + id + "/pdf", token);

    assertThat(pdf.statusCode()).isEqualTo(200);
    assertThat(images(pdf.body())).isPositive();
    assertThat(log.list).isEmpty();
  }

  /** Writes a logo into the issued invoice's frozen seller block, as old data may hold one. */
  private void freezeLogo(String invoiceId, byte[] logo) {
    String sha = sha256(logo);
    await(
        invoices
            .pool()
            .preparedQuery(
                "insert into logos (sha256, content_type, bytes) values ($1, 'image/png', $2)"
                    + " on conflict do nothing")
            .execute(Tuple.of(sha, Buffer.buffer(logo))));
    await(
        invoices
            .pool()
            .preparedQuery("update invoices set business_logo = $2 where id = $1")
            .execute(Tuple.of(invoiceId, sha)));
  }

  private HttpResponse<byte[]> pdf(String path, String bearer) throws Exception {
    return invoices.getBytes(path, bearer, Map.of());
  }

  /** Image XObjects in the PDF (OpenPDF writes object dictionaries uncompressed). */
  private static int images(byte[] pdf) {
    String text = new String(pdf, StandardCharsets.ISO_8859_1);
    int count = 0;
    for (int at = text.indexOf("/Subtype/Image");
        at >= 0;
        at = text.indexOf("/Subtype/Image", at + 1)) {
      count++;
    }
    return count;
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Stands in for the users service, answering a profile with this logo. */
  private MessageConsumer<JsonObject> answerProfile(byte[] logo) {
    JsonObject profile =
        new JsonObject()
            .put("subject", TENANT)
            .put("business_name", "Legacy Logo Ltd")
            .put(
                "logo",
                new JsonObject()
                    .put("content_type", "image/png")
                    .put("base64", Base64.getEncoder().encodeToString(logo)));
    MessageConsumer<JsonObject> consumer =
        invoices
            .vertx()
            .eventBus()
            .consumer(BusinessProfiles.ADDRESS, message -> message.reply(profile));
    await(consumer.completion());
    return consumer;
  }
}
