package app.lightweight.invoices.pdf;

import static org.assertj.core.api.Assertions.assertThat;

import app.lightweight.invoices.InvoiceStatus;
import app.lightweight.invoices.Totals;
import com.google.zxing.BarcodeFormat;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.MultiFormatReader;
import com.google.zxing.Result;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.junit.jupiter.api.Test;

class PayLinkQrCodeTest {

  private final InvoicePdf pdf = new InvoicePdf();

  @Test
  void theQrCodeOnTheInvoiceOpensThePayLink() throws Exception {
    BufferedImage page = firstPage(pdf.render(SampleInvoices.naira(5)));

    Result result =
        new MultiFormatReader()
            .decode(
                new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(page))),
                Map.of(
                    DecodeHintType.POSSIBLE_FORMATS,
                    List.of(BarcodeFormat.QR_CODE),
                    DecodeHintType.TRY_HARDER,
                    Boolean.TRUE));

    assertThat(result.getText()).isEqualTo(SampleInvoices.PAY_LINK);
  }

  @Test
  void aPaidInvoiceShowsNoPayLink() {
    InvoiceDocument sent = SampleInvoices.naira(2);
    long total = Totals.of(sent).total().amount();

    String text = PdfText.of(pdf.render(sent.withPayment(total, InvoiceStatus.PAID, 4))).all();

    assertThat(text).doesNotContain("Pay online").doesNotContain("pay.lightweight.app");
  }

  private static BufferedImage firstPage(byte[] rendered) throws Exception {
    try (PDDocument document = Loader.loadPDF(rendered)) {
      return new PDFRenderer(document).renderImageWithDPI(0, 150);
    }
  }
}
