package app.lightweight.bench;

import app.lightweight.invoices.pdf.InvoiceDocument;
import app.lightweight.invoices.pdf.InvoicePdf;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * CPU time per PDF, which other load on the machine disturbs much less than throughput: for OpenPDF
 * the rendering thread's CPU time; for Chromium the CPU time of the browser's whole process tree
 * plus the Java side that builds the HTML and decodes the answer.
 */
final class CpuCost {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private CpuCost() {}

  /**
   * Milliseconds of CPU per PDF: the best of five one-second rounds after ten seconds of warm-up.
   */
  static double openpdf(InvoiceDocument invoice) {
    InvoicePdf pdf = new InvoicePdf();
    long warm = System.nanoTime() + 10_000_000_000L;
    while (System.nanoTime() < warm) {
      pdf.render(invoice);
    }
    double best = Double.MAX_VALUE;
    for (int round = 0; round < 5; round++) {
      long start = THREADS.getCurrentThreadCpuTime();
      int count = 0;
      while (THREADS.getCurrentThreadCpuTime() - start < 1_000_000_000L) {
        pdf.render(invoice);
        count++;
      }
      best = Math.min(best, (THREADS.getCurrentThreadCpuTime() - start) / 1e6 / count);
    }
    return best;
  }

  /** Milliseconds of CPU per PDF over 20 prints, after 5 to warm up. */
  static double chromium(Chromium browser, Chromium.Tab tab, InvoiceDocument invoice) {
    String footer = InvoiceHtml.footer(invoice);
    for (int i = 0; i < 5; i++) {
      tab.print(InvoiceHtml.html(invoice), footer);
    }
    long javaStart = THREADS.getCurrentThreadCpuTime();
    long browserStart = browser.cpuTime().toNanos();
    int prints = 20;
    for (int i = 0; i < prints; i++) {
      tab.print(InvoiceHtml.html(invoice), footer);
    }
    long java = THREADS.getCurrentThreadCpuTime() - javaStart;
    long browserCpu = browser.cpuTime().toNanos() - browserStart;
    return (java + browserCpu) / 1e6 / prints;
  }
}
