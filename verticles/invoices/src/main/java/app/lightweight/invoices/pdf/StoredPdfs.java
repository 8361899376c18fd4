package app.lightweight.invoices.pdf;

import app.lightweight.invoices.Invoice;
import app.lightweight.invoices.InvoiceJson;
import app.lightweight.invoices.InvoiceStore;
import app.lightweight.invoices.seller.BusinessBlock;
import app.lightweight.invoices.seller.BusinessProfiles;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

/**
 * A stored invoice's PDF for other parts of the service (the emails): the same bytes as {@code GET
 * /api/invoices/{id}/pdf} gives for the invoice at that version, and the seller block it prints.
 */
public final class StoredPdfs {
  private final PdfContent content;
  private final PdfRenderer renderer;

  public StoredPdfs(
      BusinessProfiles profiles, InvoiceStore store, InvoiceJson json, PdfRenderer renderer) {
    this.content = new PdfContent(profiles, store, json);
    this.renderer = renderer;
  }

  public Future<Buffer> pdf(Invoice invoice) {
    return content
        .document(invoice)
        .compose(document -> renderer.render(PdfRenderer.Job.of(document)))
        .map(PdfRenderer.Rendered::bytes);
  }

  /** The seller as the PDF prints it: its name, contact and logo. */
  public Future<BusinessBlock> business(Invoice invoice) {
    return content.business(invoice);
  }

  /** {@code INV-2026-000001.pdf}, as {@code GET …/pdf} names it. */
  public static String filename(Invoice invoice) {
    return (invoice.number() == null ? "draft-invoice" : invoice.number()) + ".pdf";
  }
}
