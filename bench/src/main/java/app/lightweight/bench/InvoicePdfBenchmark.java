package app.lightweight.bench;

import app.lightweight.invoices.pdf.InvoiceDocument;
import app.lightweight.invoices.pdf.InvoicePdf;
import app.lightweight.invoices.pdf.SampleInvoices;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/** PDFs per second from {@link InvoicePdf}: one shared renderer, as in the service. */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 10, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class InvoicePdfBenchmark {

  @Param({"10", "120"})
  public int lines;

  private InvoicePdf pdf;
  private InvoiceDocument invoice;

  @Setup
  public void setUp() {
    pdf = new InvoicePdf();
    invoice = SampleInvoices.naira(lines);
  }

  @Benchmark
  @Threads(1)
  public byte[] openpdf1Thread() {
    return pdf.render(invoice);
  }

  @Benchmark
  @Threads(2)
  public byte[] openpdf2Threads() {
    return pdf.render(invoice);
  }
}
