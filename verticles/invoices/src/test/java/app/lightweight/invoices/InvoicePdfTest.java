package app.lightweight.invoices;

import static org.assertj.core.api.Assertions.assertThat;

import app.lightweight.shared.Money;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSString;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.junit.jupiter.api.Test;

class InvoicePdfTest {

  private final InvoicePdf pdf = new InvoicePdf();

  @Test
  void showsNumberCustomerDescriptionAndTotalsAsText() {
    String text = PdfText.of(pdf.render(SampleInvoices.simple())).all();

    assertThat(text)
        .contains("INVOICE")
        .contains("INV-2025-0042")
        .contains("Adúnní Studio Ltd")
        .contains(PdfText.nfc("Chukwuemeka Ọkafọ̀r & Sons"))
        .contains("Annual maintenance contract")
        .contains("Subtotal ₦1,720,930.23")
        .contains("VAT 7.5% ₦129,069.77")
        .contains("Total ₦1,850,000.00")
        .contains("Amount due ₦1,850,000.00")
        .contains("1 Mar 2025")
        .contains("31 Mar 2025")
        .contains("TIN 12345678-0001")
        .contains(SampleInvoices.PAY_LINK.substring(0, 30));
  }

  @Test
  void showsEveryLineAndEveryTotal() {
    InvoiceDocument invoice = SampleInvoices.naira(10);
    Totals totals = Totals.of(invoice);

    String text = PdfText.of(pdf.render(invoice)).flat();

    for (int i = 0; i < invoice.lines().size(); i++) {
      LineItem line = invoice.lines().get(i);
      assertThat(text)
          .contains(line.description())
          .contains(MoneyFormat.format(Money.of(line.unitPrice(), "NGN")))
          .contains(MoneyFormat.format(totals.lines().get(i).gross()));
    }
    assertThat(text)
        .contains("Subtotal " + MoneyFormat.format(totals.subtotal()))
        .contains("Discount -" + MoneyFormat.format(totals.discount()))
        .contains(
            "VAT 7.5% "
                + MoneyFormat.format(totals.taxByRate().get(new java.math.BigDecimal("7.5"))))
        .contains("Total " + MoneyFormat.format(totals.total()))
        .doesNotContain("VAT 0%");
  }

  @Test
  void accentedLatinGreekCyrillicAndCurrencySignsSurviveAsText() {
    List<String> descriptions =
        List.of(
            "Crème brûlée façon Ærøskøbing, Œuvre №5 — Łódź, Ñandú, İstanbul",
            "Yorùbá: Ẹ ṣé, ọjà; Hausa: ɓ ɗ ƙ ƴ",
            "Ελληνικά: Θεσσαλονίκη, ψωμί και ελιές",
            "Кириллица: Съешь же ещё этих мягких французских булок",
            "Prices ₦ € £ ¥ ₹ $ and the manat ₼, lari ₾, bitcoin ₿");
    List<LineItem> lines = new ArrayList<>();
    for (String description : descriptions) {
      lines.add(SampleInvoices.lineItem(description, "1", 1_000, "0", "0"));
    }
    InvoiceDocument invoice =
        new InvoiceDocument(
            new Party("Ωμέγα Εταιρεία", null, List.of("Αθήνα"), null),
            null,
            new Party("ООО «Ромашка»", null, List.of("Москва"), null),
            "ΤΙΜ-7",
            "INR",
            LocalDate.of(2025, 1, 2),
            LocalDate.of(2025, 2, 1),
            InvoiceStatus.ISSUED,
            lines,
            null,
            null,
            null,
            0,
            1,
            "GST");

    byte[] rendered = pdf.render(invoice);
    String text = PdfText.of(rendered).flat();

    for (String description : descriptions) {
      assertThat(text).contains(PdfText.nfc(description));
    }
    assertThat(text).contains("Ωμέγα Εταιρεία").contains("ООО «Ромашка»").contains("₹50.00");
    assertThat(fontNames(rendered))
        .anyMatch(name -> name.endsWith("+DejaVuSans"))
        .anyMatch(name -> name.endsWith("+NotoSans-Regular"));
  }

  @Test
  void yenHaveNoDecimals() {
    InvoiceDocument invoice =
        SampleInvoices.naira(1)
            .withLines(List.of(SampleInvoices.lineItem("Matcha", "3", 1_999, "10", "0")));
    InvoiceDocument yen =
        new InvoiceDocument(
            invoice.business(),
            null,
            invoice.customer(),
            "JP-1",
            "JPY",
            invoice.issueDate(),
            invoice.dueDate(),
            InvoiceStatus.SENT,
            invoice.lines(),
            null,
            null,
            null,
            0,
            1,
            "消費税");

    String text = PdfText.of(pdf.render(yen)).all();

    assertThat(text).contains("¥1,999").contains("¥5,997").contains("Total ¥6,597");
  }

  @Test
  void aTenLineInvoiceWithNotesAndTermsFitsOnOnePage() {
    PdfText text = PdfText.of(pdf.render(SampleInvoices.naira(10)));

    assertThat(text.pages()).hasSize(1);
    assertThat(text.all()).contains("Page 1 of 1").contains("Terms");
  }

  @Test
  void aLongInvoiceRepeatsTheTableHeaderAndNumbersEveryPage() {
    PdfText text = PdfText.of(pdf.render(SampleInvoices.naira(120)));

    int pages = text.pages().size();
    assertThat(pages).isGreaterThanOrEqualTo(3);
    for (int page = 1; page <= pages; page++) {
      String content = text.pages().get(page - 1);
      assertThat(content)
          .as("page %d", page)
          .contains("Page " + page + " of " + pages)
          .contains("Invoice INV-2025-0042");
      if (page < pages || content.contains("#120")) {
        assertThat(content).as("page %d", page).contains("Description Qty Unit price");
      }
    }
    assertThat(text.all()).contains("Frontend development #114").contains("Total ");
  }

  @Test
  void theSameInvoiceVersionGivesTheSameBytes() {
    InvoiceDocument invoice = SampleInvoices.naira(25);

    byte[] first = pdf.render(invoice);
    byte[] second = new InvoicePdf().render(SampleInvoices.naira(25));

    assertThat(second).isEqualTo(first);
    assertThat(InvoicePdf.etag(SampleInvoices.naira(25))).isEqualTo(InvoicePdf.etag(invoice));
  }

  @Test
  void aNewVersionGivesANewFileIdAndEtag() {
    InvoiceDocument invoice = SampleInvoices.naira(3);
    InvoiceDocument paid = invoice.withPayment(100, InvoiceStatus.SENT, invoice.version() + 1);

    assertThat(pdf.render(paid)).isNotEqualTo(pdf.render(invoice));
    assertThat(InvoicePdf.etag(paid)).isNotEqualTo(InvoicePdf.etag(invoice));
    assertThat(fileId(pdf.render(paid))).isNotEqualTo(fileId(pdf.render(invoice)));
  }

  @Test
  void fileIdAndDatesComeFromTheInvoiceNotTheClock() throws Exception {
    InvoiceDocument invoice = SampleInvoices.naira(2);
    byte[] rendered = pdf.render(invoice);

    try (PDDocument document = Loader.loadPDF(rendered)) {
      PDDocumentInformation info = document.getDocumentInformation();
      assertThat(info.getCreationDate().toInstant()).hasToString("2025-03-01T00:00:00Z");
      assertThat(info.getModificationDate().toInstant()).hasToString("2025-03-01T00:00:00Z");
      assertThat(info.getProducer())
          .isEqualTo("Lightweight invoices " + InvoicePdf.TEMPLATE_VERSION);
      assertThat(info.getTitle()).isEqualTo("Invoice INV-2025-0042");
    }
    String etag = InvoicePdf.etag(invoice);
    assertThat('"' + fileId(rendered) + '"').isEqualTo(etag);
  }

  @Test
  void rendersOnManyThreadsGiveTheSameBytesAsOneByOne() throws Exception {
    List<InvoiceDocument> invoices = new ArrayList<>();
    for (int i = 1; i <= 12; i++) {
      invoices.add(SampleInvoices.naira(i * 3));
    }
    List<byte[]> expected = invoices.stream().map(pdf::render).toList();

    ExecutorService threads = Executors.newFixedThreadPool(6);
    try {
      List<Future<byte[]>> renders = new ArrayList<>();
      for (int round = 0; round < 5; round++) {
        for (InvoiceDocument invoice : invoices) {
          renders.add(threads.submit(() -> pdf.render(invoice)));
        }
      }
      for (int i = 0; i < renders.size(); i++) {
        assertThat(renders.get(i).get()).isEqualTo(expected.get(i % invoices.size()));
      }
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void paidAndVoidInvoicesCarryAStamp() {
    InvoiceDocument sent = SampleInvoices.naira(3);
    long total = Totals.of(sent).total().amount();
    InvoiceDocument paid = sent.withPayment(total, InvoiceStatus.PAID, sent.version() + 1);

    byte[] paidPdf = pdf.render(paid);
    assertThat(PdfText.turned(paidPdf)).isEqualTo("PAID");
    assertThat(PdfText.of(paidPdf).all()).contains("Amount due ₦0.00");
    assertThat(PdfText.turned(pdf.render(sent.withStatus(InvoiceStatus.VOID)))).isEqualTo("VOID");
    assertThat(PdfText.turned(pdf.render(sent))).isEmpty();
  }

  @Test
  void aDraftHasNoNumberAndSaysDraft() {
    InvoiceDocument invoice = SampleInvoices.naira(2);
    InvoiceDocument draft =
        new InvoiceDocument(
            invoice.business(),
            invoice.logo(),
            invoice.customer(),
            null,
            "NGN",
            invoice.issueDate(),
            invoice.dueDate(),
            InvoiceStatus.DRAFT,
            invoice.lines(),
            null,
            null,
            null,
            0,
            1,
            null);

    byte[] rendered = pdf.render(draft);

    assertThat(PdfText.of(rendered).all())
        .contains("Draft invoice")
        .contains("Invoice no. Draft")
        .doesNotContain("INV-2025-0042");
    assertThat(PdfText.turned(rendered)).isEqualTo("DRAFT");
  }

  @Test
  void theLargestInvoiceTheLimitsAllowStillRendersAndNumbersItsPages() {
    List<LineItem> lines = new ArrayList<>();
    for (int i = 0; i < InvoiceLimits.MAX_LINES; i++) {
      String description = i % 2 == 0 ? "x".repeat(500) : "Word ".repeat(100).trim();
      lines.add(SampleInvoices.lineItem(description, "1000000", 9, "100", "0.0001"));
    }
    InvoiceDocument base = SampleInvoices.naira(1);
    InvoiceDocument largest =
        new InvoiceDocument(
            new Party("B".repeat(200), null, List.of(), null),
            null,
            new Party("Customer", null, List.of(), null),
            "N".repeat(60),
            "NGN",
            base.issueDate(),
            base.dueDate(),
            InvoiceStatus.OVERDUE,
            lines,
            "n".repeat(2_000),
            "t ".repeat(1_000),
            "https://pay.lightweight.app/" + "z".repeat(900),
            0,
            1,
            null);
    assertThat(InvoiceLimits.validate("NGN", lines)).isEmpty();

    PdfText text = PdfText.of(pdf.render(largest));

    int pages = text.pages().size();
    assertThat(pages).isGreaterThan(50);
    assertThat(text.pages().get(pages - 1))
        .contains("Page " + pages + " of " + pages)
        .contains("…");
  }

  @Test
  void everyFontIsEmbedded() throws Exception {
    try (PDDocument document = Loader.loadPDF(pdf.render(SampleInvoices.naira(40)))) {
      for (PDPage page : document.getPages()) {
        for (COSName name : page.getResources().getFontNames()) {
          PDFont font = page.getResources().getFont(name);
          assertThat(font.isEmbedded()).as(font.getName()).isTrue();
        }
      }
    }
  }

  private static List<String> fontNames(byte[] rendered) {
    try (PDDocument document = Loader.loadPDF(rendered)) {
      List<String> names = new ArrayList<>();
      for (PDPage page : document.getPages()) {
        for (COSName name : page.getResources().getFontNames()) {
          names.add(page.getResources().getFont(name).getName());
        }
      }
      return names;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String fileId(byte[] rendered) {
    try (PDDocument document = Loader.loadPDF(rendered)) {
      COSArray id = document.getDocument().getDocumentID();
      return HexFormat.of().formatHex(((COSString) id.get(0)).getBytes());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
