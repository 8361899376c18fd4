package app.lightweight.bench;

import app.lightweight.invoices.InvoiceStatus;
import app.lightweight.invoices.LineItem;
import app.lightweight.invoices.LineTotal;
import app.lightweight.invoices.Totals;
import app.lightweight.invoices.pdf.InvoiceDocument;
import app.lightweight.invoices.pdf.MoneyFormat;
import app.lightweight.invoices.pdf.Party;
import app.lightweight.invoices.pdf.PayLinkQrCode;
import app.lightweight.shared.Money;
import java.math.BigDecimal;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

/**
 * The same invoice as {@code InvoicePdf} draws, as one HTML page for Chromium to print: the same
 * blocks, fonts (DejaVu Sans), table with a repeating header ({@code thead}), totals, QR code
 * (inline SVG from the same zxing matrix) and stamp. The page footer ("Page n of m") is Chromium's
 * print footer template.
 */
final class InvoiceHtml {

  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH);

  private static final String CSS =
      """
      @page { size: A4; margin: 17mm 17mm 22mm 17mm; }
      * { box-sizing: border-box; }
      body { font-family: 'DejaVu Sans', sans-serif; color: #1f2937; font-size: 9pt; margin: 0; }
      .muted { color: #6b7280; }
      .row { display: flex; justify-content: space-between; margin-bottom: 16pt; }
      .left { width: 56%; } .right { width: 44%; }
      h1 { color: #0f4c81; font-size: 24pt; text-align: right; margin: 0 0 6pt 0; }
      .name { font-weight: bold; font-size: 13pt; margin-top: 6pt; }
      .label { font-size: 7.5pt; font-weight: bold; color: #6b7280; }
      .facts td { padding: 0 0 3pt 0; } .facts td:last-child { text-align: right; }
      .due { background: #f3f4f6; padding: 12pt; text-align: right; }
      .due .amount { font-size: 18pt; font-weight: bold; }
      table { border-collapse: collapse; width: 100%; }
      .lines th { background: #f3f4f6; font-size: 8pt; text-align: right; padding: 6pt 2pt 7pt; }
      .lines th:first-child, .lines td:first-child { text-align: left; padding-left: 6pt; }
      .lines td { border-bottom: 0.5pt solid #d1d5db; padding: 4pt 2pt 6pt; text-align: right;
                  vertical-align: top; }
      .lines tr { break-inside: avoid; }
      .summary { display: flex; justify-content: space-between; margin: 14pt 0; break-inside: avoid; }
      .pay { width: 50%; display: flex; gap: 8pt; padding-right: 24pt; }
      .pay a { color: #1d4ed8; font-size: 8pt; word-break: break-all; }
      .sums { width: 50%; } .sums td { padding: 3pt 0 4pt; } .sums td:last-child { text-align: right; }
      .total td { border-top: 0.75pt solid #1f2937; font-weight: bold; font-size: 10pt; }
      .amountdue td { background: #f3f4f6; font-weight: bold; font-size: 11pt; padding: 7pt 6pt 9pt; }
      .stamp { position: fixed; top: 40%; left: 20%; font-size: 96pt; font-weight: bold;
               border: 5pt solid; border-radius: 12pt; padding: 0 18pt; opacity: 0.25;
               transform: rotate(-30deg); }
      """;

  private InvoiceHtml() {}

  static String html(InvoiceDocument invoice) {
    Totals totals = Totals.of(invoice);
    StringBuilder html = new StringBuilder(16_384 + invoice.lines().size() * 400);
    html.append("<!doctype html><html><head><meta charset=\"utf-8\"><title>")
        .append(esc("Invoice " + invoice.number()))
        .append("</title><style>")
        .append(CSS)
        .append("</style></head><body>");
    if (invoice.status() == InvoiceStatus.PAID || invoice.status() == InvoiceStatus.VOID) {
      html.append("<div class=\"stamp\">").append(invoice.status().name()).append("</div>");
    }
    html.append("<div class=\"row\"><div class=\"left\">");
    if (invoice.logo() != null) {
      html.append("<img style=\"max-width:160pt;max-height:56pt\" src=\"data:image/png;base64,")
          .append(Base64.getEncoder().encodeToString(invoice.logo().bytes()))
          .append("\">");
    }
    party(html, invoice.business(), "name");
    html.append("</div><div class=\"right\"><h1>INVOICE</h1><table class=\"facts\">");
    fact(html, "Invoice no.", "<b>" + esc(invoice.number()) + "</b>");
    fact(html, "Issue date", DATE.format(invoice.issueDate()));
    fact(html, "Due date", DATE.format(invoice.dueDate()));
    html.append("</table></div></div>");

    html.append("<div class=\"row\"><div class=\"left\"><div class=\"label\">BILL TO</div>");
    party(html, invoice.customer(), "name");
    html.append("</div><div class=\"right due\"><div class=\"label\">AMOUNT DUE</div>")
        .append("<div class=\"amount\">")
        .append(MoneyFormat.format(totals.due()))
        .append("</div><div class=\"muted\">Due ")
        .append(DATE.format(invoice.dueDate()))
        .append("</div></div></div>");

    html.append(
            "<table class=\"lines\"><colgroup><col style=\"width:42%\"><col style=\"width:9%\">")
        .append("<col style=\"width:14.5%\"><col style=\"width:9%\"><col style=\"width:8%\">")
        .append("<col style=\"width:17.5%\"></colgroup><thead><tr><th>Description</th><th>Qty</th>")
        .append(
            "<th>Unit price</th><th>Discount</th><th>Tax</th><th>Amount</th></tr></thead><tbody>");
    for (int i = 0; i < invoice.lines().size(); i++) {
      LineItem item = invoice.lines().get(i);
      LineTotal line = totals.lines().get(i);
      html.append("<tr><td>")
          .append(esc(item.description()))
          .append("</td><td>")
          .append(MoneyFormat.quantity(item.quantity()))
          .append("</td><td>")
          .append(MoneyFormat.format(Money.of(item.unitPrice(), invoice.currency())))
          .append("</td><td>")
          .append(percent(item.discount()))
          .append("</td><td>")
          .append(percent(item.taxRate()))
          .append("</td><td>")
          .append(MoneyFormat.format(line.gross()))
          .append("</td></tr>");
    }
    html.append("</tbody></table><div class=\"summary\"><div class=\"pay\">");
    if (invoice.payLink() != null) {
      html.append(qrSvg(invoice.payLink(), 76))
          .append("<div><b>Pay online</b><div class=\"muted\" style=\"font-size:8pt\">")
          .append("Scan the code or open the link below.</div><a href=\"")
          .append(esc(invoice.payLink()))
          .append("\">")
          .append(esc(invoice.payLink()))
          .append("</a></div>");
    }
    html.append("</div><table class=\"sums\">");
    sum(html, "", "Subtotal", MoneyFormat.format(totals.subtotal()));
    if (totals.discount().amount() != 0) {
      sum(html, "", "Discount", "-" + MoneyFormat.format(totals.discount()));
    }
    for (Map.Entry<BigDecimal, Money> rate : totals.taxByRate().entrySet()) {
      if (rate.getKey().signum() > 0) {
        sum(
            html,
            "",
            invoice.taxLabel() + " " + MoneyFormat.percent(rate.getKey()),
            MoneyFormat.format(rate.getValue()));
      }
    }
    sum(html, "total", "Total", MoneyFormat.format(totals.total()));
    if (totals.paid().amount() != 0) {
      sum(html, "", "Paid", MoneyFormat.format(totals.paid()));
    }
    sum(html, "amountdue", "Amount due", MoneyFormat.format(totals.due()));
    html.append("</table></div>");
    text(html, "Notes", invoice.notes());
    text(html, "Terms", invoice.terms());
    return html.append("</body></html>").toString();
  }

  /** Chromium's footer template: the invoice's name left, "Page n of m" right. */
  static String footer(InvoiceDocument invoice) {
    return "<div style=\"font-family:'DejaVu Sans';font-size:8pt;color:#6b7280;width:100%;"
        + "margin:0 17mm;display:flex;justify-content:space-between\"><span>"
        + esc("Invoice " + invoice.number() + " · " + invoice.business().name())
        + "</span><span>Page <span class=\"pageNumber\"></span> of "
        + "<span class=\"totalPages\"></span></span></div>";
  }

  private static void party(StringBuilder html, Party party, String nameClass) {
    html.append("<div class=\"").append(nameClass).append("\">").append(esc(party.name()));
    html.append("</div><div class=\"muted\">");
    for (String line : party.addressLines()) {
      html.append(esc(line)).append("<br>");
    }
    if (party.email() != null) {
      html.append(esc(party.email())).append("<br>");
    }
    if (party.taxId() != null) {
      html.append("Tax ID: ").append(esc(party.taxId()));
    }
    html.append("</div>");
  }

  private static void fact(StringBuilder html, String label, String value) {
    html.append("<tr><td class=\"muted\">")
        .append(label)
        .append("</td><td>")
        .append(value)
        .append("</td></tr>");
  }

  private static void sum(StringBuilder html, String css, String label, String value) {
    html.append("<tr class=\"")
        .append(css)
        .append("\"><td>")
        .append(esc(label))
        .append("</td><td>")
        .append(value)
        .append("</td></tr>");
  }

  private static void text(StringBuilder html, String heading, String body) {
    if (body != null) {
      html.append("<p style=\"break-inside:avoid\"><b>")
          .append(heading)
          .append("</b><br><span class=\"muted\">")
          .append(esc(body))
          .append("</span></p>");
    }
  }

  private static String percent(BigDecimal percent) {
    return percent.signum() == 0 ? "–" : MoneyFormat.percent(percent);
  }

  private static String qrSvg(String url, int size) {
    PayLinkQrCode.DarkRuns code = PayLinkQrCode.darkRuns(url);
    int modules = code.modulesWithQuietZone();
    int margin = PayLinkQrCode.QUIET_ZONE;
    StringBuilder path = new StringBuilder();
    for (PayLinkQrCode.Run run : code.runs()) {
      path.append('M').append(run.x() + margin).append(' ').append(run.y() + margin);
      path.append('h').append(run.length()).append("v1h-").append(run.length()).append('z');
    }
    return "<svg width=\""
        + size
        + "pt\" height=\""
        + size
        + "pt\" viewBox=\"0 0 "
        + modules
        + " "
        + modules
        + "\" shape-rendering=\"crispEdges\"><path d=\""
        + path
        + "\"/></svg>";
  }

  private static String esc(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
