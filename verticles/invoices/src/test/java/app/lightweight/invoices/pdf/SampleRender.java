package app.lightweight.invoices.pdf;

import app.lightweight.invoices.InvoiceStatus;
import app.lightweight.invoices.Totals;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes the sample invoices as PDF files, to look at: {@code SampleRender <directory>}. */
public final class SampleRender {

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : "target/samples");
    Files.createDirectories(dir);
    InvoicePdf pdf = new InvoicePdf();
    Files.write(dir.resolve("invoice-10.pdf"), pdf.render(SampleInvoices.naira(10)));
    Files.write(dir.resolve("invoice-120.pdf"), pdf.render(SampleInvoices.naira(120)));
    InvoiceDocument sent = SampleInvoices.naira(3);
    long total = Totals.of(sent).total().amount();
    Files.write(
        dir.resolve("invoice-paid.pdf"),
        pdf.render(sent.withPayment(total, InvoiceStatus.PAID, sent.version() + 1)));
    System.out.println("wrote samples to " + dir.toAbsolutePath());
  }
}
