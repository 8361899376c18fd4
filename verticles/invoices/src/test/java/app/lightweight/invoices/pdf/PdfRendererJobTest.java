package app.lightweight.invoices.pdf;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PdfRendererJobTest {

  @Test
  void theFingerprintTakenOncePerRequestGivesTheDocumentsEtagAndBytes() {
    InvoiceDocument invoice = SampleInvoices.naira(3);
    PdfRenderer.Job job = PdfRenderer.Job.of(invoice);
    InvoicePdf pdf = new InvoicePdf();

    assertThat(job.etag()).isEqualTo(InvoicePdf.etag(invoice));
    assertThat(pdf.render(job.document(), job.fingerprint())).isEqualTo(pdf.render(invoice));
  }
}
