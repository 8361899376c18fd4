package app.lightweight.invoices;

import app.lightweight.invoices.pdf.PdfRenderer;
import app.lightweight.invoices.sending.SendSettings;
import app.lightweight.shared.ServiceConfig;
import app.lightweight.shared.config.Settings;
import java.time.Duration;

/**
 * The invoices service's settings, read once at start.
 *
 * @param maxPdfRenders PDFs rendered or waiting at once; more are answered 503
 * @param webBaseUrl where the web app is, e.g. {@code https://app.lightweight.app}: the wallet's
 *     funding page is under it
 * @param payUrlBase where an invoice's pay link points, followed by its token
 * @param walletsTimeout how long a payment waits for the wallets service before answering 503
 * @param reconcileEvery how often pay attempts left without an answer are looked at
 * @param reconcileAfter how old such an attempt is before the wallets service is asked about it
 * @param sending how its emails go out (sender, retries)
 */
public record InvoicesConfig(
    ServiceConfig service,
    int maxPdfRenders,
    String webBaseUrl,
    String payUrlBase,
    Duration walletsTimeout,
    Duration reconcileEvery,
    Duration reconcileAfter,
    SendSettings sending) {

  public static InvoicesConfig from(Settings settings) {
    // one of the two is enough: pay links are the web app's /pay/ page
    String payUrlBase = settings.optional("PAY_URL_BASE").orElse(null);
    String web =
        settings
            .optional("WEB_BASE_URL")
            .orElse(
                payUrlBase != null && payUrlBase.matches(".*/pay/?$")
                    ? payUrlBase.replaceAll("/pay/?$", "")
                    : "http://localhost:8080")
            .replaceAll("/+$", "");
    return new InvoicesConfig(
        ServiceConfig.from(settings, InvoicesVerticle.LOCAL_PORT),
        settings.integer("PDF_MAX_RENDERS", PdfRenderer.DEFAULT_MAX_ACCEPTED),
        web,
        payUrlBase != null ? payUrlBase : web + "/pay/",
        Duration.ofMillis(settings.integer("PAY_TIMEOUT_MS", 5_000)),
        Duration.ofMillis(settings.integer("PAY_RECONCILE_EVERY_MS", 30_000)),
        Duration.ofSeconds(settings.integer("PAY_RECONCILE_AFTER_S", 60)),
        SendSettings.from(settings));
  }
}
