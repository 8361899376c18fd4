package app.lightweight.bench;

import app.lightweight.invoices.pdf.InvoiceDocument;
import app.lightweight.invoices.pdf.SampleInvoices;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The baseline: the same invoice as HTML, printed by one warm headless Chromium over the DevTools
 * protocol ({@code Page.setDocumentContent}, wait for images and fonts, {@code Page.printToPDF});
 * one tab per benchmark thread. The HTML template runs inside the measured call, as it would in a
 * service.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class ChromiumBenchmark {

  @State(Scope.Benchmark)
  public static class Browser {
    @Param({"10", "120"})
    public int lines;

    Chromium chromium;
    InvoiceDocument invoice;
    String footer;

    @Setup(Level.Trial)
    public void launch() throws Exception {
      chromium = Chromium.launch();
      invoice = SampleInvoices.naira(lines);
      footer = InvoiceHtml.footer(invoice);
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
      chromium.close();
    }
  }

  @State(Scope.Thread)
  public static class Tab {
    Chromium.Tab tab;

    @Setup(Level.Trial)
    public void open(Browser browser) {
      tab = browser.chromium.newTab();
    }
  }

  @Benchmark
  @Threads(1)
  public byte[] chromium1Thread(Browser browser, Tab tab) {
    return tab.tab.print(InvoiceHtml.html(browser.invoice), browser.footer);
  }

  @Benchmark
  @Threads(2)
  public byte[] chromium2Threads(Browser browser, Tab tab) {
    return tab.tab.print(InvoiceHtml.html(browser.invoice), browser.footer);
  }
}
