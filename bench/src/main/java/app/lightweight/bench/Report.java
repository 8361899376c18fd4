package app.lightweight.bench;

import app.lightweight.invoices.pdf.InvoiceDocument;
import app.lightweight.invoices.pdf.InvoicePdf;
import app.lightweight.invoices.pdf.SampleInvoices;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes the measured part of {@code bench/RESULTS.md} from JMH's JSON: machine, command, PDFs per
 * second, the ratio to Chromium and the size of each PDF. Text outside the markers is kept. Usage:
 * {@code Report <jmh.json> <RESULTS.md> <command> <samples directory>}.
 */
public final class Report {

  private static final String START = "<!-- measured:start (written by bench/pdf) -->";
  private static final String END = "<!-- measured:end -->";

  private record Key(int lines, int threads) implements Comparable<Key> {
    @Override
    public int compareTo(Key other) {
      return lines != other.lines
          ? Integer.compare(lines, other.lines)
          : Integer.compare(threads, other.threads);
    }
  }

  /** The mean with its 99.9 % error, and the best iteration (what a quiet machine gives). */
  private record Score(double perSecond, double error, double best) {
    String text() {
      return String.format(Locale.ROOT, "%,.1f ± %,.1f (best %,.1f)", perSecond, error, best);
    }
  }

  public static void main(String[] args) throws Exception {
    JsonArray runs = new JsonArray(Files.readString(Path.of(args[0])));
    Path results = Path.of(args[1]);
    String command = args[2];
    Path samples = Path.of(args[3]);
    Map<Key, Score> openpdf = new TreeMap<>();
    Map<Key, Score> chromium = new TreeMap<>();
    for (int i = 0; i < runs.size(); i++) {
      JsonObject run = runs.getJsonObject(i);
      Key key =
          new Key(
              Integer.parseInt(run.getJsonObject("params").getString("lines")),
              run.getInteger("threads"));
      JsonObject metric = run.getJsonObject("primaryMetric");
      double best = 0;
      JsonArray forks = metric.getJsonArray("rawData");
      for (int f = 0; f < forks.size(); f++) {
        JsonArray iterations = forks.getJsonArray(f);
        for (int k = 0; k < iterations.size(); k++) {
          best = Math.max(best, ((Number) iterations.getValue(k)).doubleValue());
        }
      }
      Score score = new Score(metric.getDouble("score"), metric.getDouble("scoreError"), best);
      (run.getString("benchmark").contains("Chromium") ? chromium : openpdf).put(key, score);
    }

    StringBuilder md = new StringBuilder();
    md.append(START).append('\n');
    md.append("Measured ")
        .append(
            ZonedDateTime.now(ZoneOffset.UTC)
                .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")))
        .append(" with `")
        .append(command.strip())
        .append("`.\n\n");
    md.append("| machine | |\n|---|---|\n");
    md.append("| CPU | ")
        .append(cpuModel())
        .append(", ")
        .append(Runtime.getRuntime().availableProcessors())
        .append(" cores (nproc) |\n");
    md.append("| RAM | ").append(memory()).append(" |\n");
    md.append("| OS | ").append(os()).append(" |\n");
    md.append("| Java | ")
        .append(System.getProperty("java.vm.name"))
        .append(' ')
        .append(System.getProperty("java.runtime.version"))
        .append(" |\n");
    String browserVersion;
    byte[] chromiumPdf10;
    InvoiceDocument ten = SampleInvoices.naira(10);
    InvoiceDocument long120 = SampleInvoices.naira(120);
    byte[] chromiumPdf120;
    double chromiumCpu10;
    double chromiumCpu120;
    try (Chromium browser = Chromium.launch()) {
      browserVersion = browser.version();
      Chromium.Tab tab = browser.newTab();
      chromiumPdf10 = tab.print(InvoiceHtml.html(ten), InvoiceHtml.footer(ten));
      chromiumPdf120 = tab.print(InvoiceHtml.html(long120), InvoiceHtml.footer(long120));
      chromiumCpu10 = CpuCost.chromium(browser, tab, ten);
      chromiumCpu120 = CpuCost.chromium(browser, tab, long120);
    }
    double openpdfCpu10 = CpuCost.openpdf(ten);
    double openpdfCpu120 = CpuCost.openpdf(long120);
    byte[] openpdf10 = new InvoicePdf().render(ten);
    byte[] openpdf120 = new InvoicePdf().render(long120);
    Files.createDirectories(samples);
    Files.write(samples.resolve("openpdf-10.pdf"), openpdf10);
    Files.write(samples.resolve("openpdf-120.pdf"), openpdf120);
    Files.write(samples.resolve("chromium-10.pdf"), chromiumPdf10);
    Files.write(samples.resolve("chromium-120.pdf"), chromiumPdf120);
    md.append("| Chromium | ")
        .append(browserVersion)
        .append(", `")
        .append(Chromium.binary())
        .append("` |\n");
    md.append("| load average at the end | ")
        .append(Files.readString(Path.of("/proc/loadavg")).strip())
        .append(" |\n\n");

    md.append(
        "PDFs per second (JMH throughput: mean ± 99.9 % error over the measured iterations, and"
            + " the best 3-second iteration; higher is better):\n\n");
    md.append("| invoice | threads | OpenPDF `InvoicePdf` | Chromium `printToPDF` | ratio |\n");
    md.append("|---|---|---|---|---|\n");
    for (Map.Entry<Key, Score> entry : openpdf.entrySet()) {
      Key key = entry.getKey();
      Score ours = entry.getValue();
      Score theirs = chromium.get(key);
      md.append("| ")
          .append(key.lines())
          .append(" lines | ")
          .append(key.threads())
          .append(" | ")
          .append(ours.text())
          .append(" | ")
          .append(theirs == null ? "–" : theirs.text())
          .append(" | ")
          .append(
              theirs == null
                  ? "–"
                  : String.format(Locale.ROOT, "%.0f×", ours.perSecond() / theirs.perSecond()))
          .append(" |\n");
    }
    md.append(
        "\nCPU time per PDF (less disturbed by other load than throughput; OpenPDF: the rendering"
            + " thread, best 1-second round; Chromium: its whole process tree plus the Java side,"
            + " mean of 20 prints):\n\n");
    md.append("| invoice | OpenPDF | Chromium | ratio | OpenPDF PDFs/s per idle core |\n");
    md.append("|---|---|---|---|---|\n");
    md.append(cpuRow("10 lines", openpdfCpu10, chromiumCpu10));
    md.append(cpuRow("120 lines", openpdfCpu120, chromiumCpu120));
    md.append("\nSize of one PDF: 10 lines ")
        .append(kb(openpdf10))
        .append(" (OpenPDF) vs ")
        .append(kb(chromiumPdf10))
        .append(" (Chromium); 120 lines ")
        .append(kb(openpdf120))
        .append(" vs ")
        .append(kb(chromiumPdf120))
        .append(".\n\n");
    Score goal = openpdf.get(new Key(10, 2));
    Score baseline = chromium.get(new Key(10, 2));
    if (goal != null) {
      md.append(
          String.format(
              Locale.ROOT,
              "Goal ≥ 500 PDFs/s for 10 lines on 2 threads: **%.0f** — %s.%n",
              goal.perSecond(),
              goal.perSecond() >= 500 ? "met" : "not met"));
    }
    if (goal != null && baseline != null) {
      double ratio = goal.perSecond() / baseline.perSecond();
      md.append(
          String.format(
              Locale.ROOT,
              "Goal ≥ 30× Chromium (10 lines, 2 threads): **%.0f×** — %s.%n",
              ratio,
              ratio >= 30 ? "met" : "not met"));
    }
    md.append(END);

    String before =
        Files.exists(results)
            ? Files.readString(results)
            : "# Benchmark results\n\n" + START + "\n" + END + "\n";
    int start = before.indexOf(START);
    int end = before.indexOf(END);
    String after =
        start < 0 || end < 0
            ? before + "\n" + md + "\n"
            : before.substring(0, start) + md + before.substring(end + END.length());
    Files.writeString(results, after);
    System.out.println(md);
  }

  private static String cpuRow(String invoice, double openpdf, double chromium) {
    return String.format(
        Locale.ROOT,
        "| %s | %.2f ms | %.0f ms | %.0f× | %.0f |%n",
        invoice,
        openpdf,
        chromium,
        chromium / openpdf,
        1000 / openpdf);
  }

  private static String kb(byte[] pdf) {
    return String.format(Locale.ROOT, "%.0f KB", pdf.length / 1024.0);
  }

  private static String cpuModel() throws Exception {
    return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
        .filter(line -> line.startsWith("model name"))
        .map(line -> line.substring(line.indexOf(':') + 1).strip())
        .findFirst()
        .orElse("unknown CPU");
  }

  private static String memory() throws Exception {
    List<String> meminfo = Files.readAllLines(Path.of("/proc/meminfo"));
    long kb = Long.parseLong(meminfo.get(0).replaceAll("[^0-9]", ""));
    return String.format(Locale.ROOT, "%.1f GiB", kb / 1024.0 / 1024.0);
  }

  private static String os() throws Exception {
    return Files.readAllLines(Path.of("/etc/os-release")).stream()
            .filter(line -> line.startsWith("PRETTY_NAME="))
            .map(line -> line.substring(line.indexOf('=') + 1).replace("\"", ""))
            .findFirst()
            .orElse("Linux")
        + ", kernel "
        + System.getProperty("os.version");
  }
}
