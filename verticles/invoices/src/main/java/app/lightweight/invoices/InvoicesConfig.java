package app.lightweight.invoices;

import app.lightweight.invoices.pdf.PdfRenderer;
import app.lightweight.invoices.sending.SendSettings;
import app.lightweight.shared.ServiceConfig;
import app.lightweight.shared.config.Settings;

/**
 * The invoices service's settings, read once at start.
 *
 * @param maxPdfRenders PDFs rendered or waiting at once; more are answered 503
 * @param payUrlBase where an invoice's pay link points, followed by its token
 * @param sending how its emails go out (sender, retries)
 */
public record InvoicesConfig(
    ServiceConfig service, int maxPdfRenders, String payUrlBase, SendSettings sending) {

  public static InvoicesConfig from(Settings settings) {
    return new InvoicesConfig(
        ServiceConfig.from(settings, InvoicesVerticle.LOCAL_PORT),
        settings.integer("PDF_MAX_RENDERS", PdfRenderer.DEFAULT_MAX_ACCEPTED),
        settings.string("PAY_URL_BASE", "http://localhost:8080/pay/"),
        SendSettings.from(settings));
  }
}
