package app.lightweight.invoices.pdf;

import app.lightweight.invoices.InvoiceLimits;
import app.lightweight.invoices.InvoiceStatus;
import app.lightweight.invoices.Lifecycle;
import app.lightweight.invoices.LineItem;
import app.lightweight.invoices.LineTotal;
import app.lightweight.invoices.Totals;
import app.lightweight.shared.Money;
import com.lowagie.text.Chunk;
import com.lowagie.text.Document;
import com.lowagie.text.DocumentException;
import com.lowagie.text.Element;
import com.lowagie.text.Image;
import com.lowagie.text.PageSize;
import com.lowagie.text.Paragraph;
import com.lowagie.text.Phrase;
import com.lowagie.text.Rectangle;
import com.lowagie.text.pdf.PdfDate;
import com.lowagie.text.pdf.PdfDictionary;
import com.lowagie.text.pdf.PdfEncryption;
import com.lowagie.text.pdf.PdfName;
import com.lowagie.text.pdf.PdfPCell;
import com.lowagie.text.pdf.PdfPTable;
import com.lowagie.text.pdf.PdfString;
import com.lowagie.text.pdf.PdfWriter;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.GregorianCalendar;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;

/**
 * The invoice template: one {@link InvoiceDocument} in, the bytes of an A4 PDF out.
 *
 * <p>Rendering is pure and deterministic: the same document gives byte-identical output on any
 * machine and any run, because the dates written in the file are the issue date, the file ID is the
 * document's {@link #etag fingerprint}, the producer is fixed, and font subset tags come from the
 * font (see {@link InvoiceFonts}). Rendering is blocking CPU work (a few milliseconds): call it
 * from a worker ({@code executeBlocking}). One instance serves any number of threads.
 */
public final class InvoicePdf {

  /** Change when the template's output changes: it is part of every etag and file ID. */
  public static final String TEMPLATE_VERSION = "2";

  private static final String PRODUCER = "Lightweight invoices " + TEMPLATE_VERSION;
  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH);
  private static final String NONE = "–";

  private final InvoiceFonts fonts;
  private final LogoImages logos = new LogoImages();

  public InvoicePdf() {
    this(InvoiceFonts.bundled());
  }

  InvoicePdf(InvoiceFonts fonts) {
    this.fonts = fonts;
  }

  /** The PDF of this invoice version. The lines must pass {@link InvoiceLimits#validate}. */
  public byte[] render(InvoiceDocument invoice) {
    return render(invoice, InvoiceFingerprint.of(invoice));
  }

  /** The PDF of this invoice version, whose {@link InvoiceFingerprint} is already known. */
  byte[] render(InvoiceDocument invoice, byte[] fingerprint) {
    Totals totals = Totals.of(invoice);
    ByteArrayOutputStream out = new ByteArrayOutputStream(48 * 1024);
    Document document = new Document(PageSize.A4, 48, 48, 48, 64);
    try {
      PdfWriter writer = PdfWriter.getInstance(document, out);
      writer.setPageEvent(
          new InvoicePageEvents(
              fonts,
              title(invoice) + " · " + invoice.business().name(),
              stamp(invoice.status()),
              stampColor(invoice.status())));
      document.open();
      fixInfo(writer.getInfo(), invoice, fingerprint);
      document.add(header(invoice));
      document.add(billTo(invoice, totals));
      document.add(lineTable(invoice, totals));
      document.add(summary(writer, invoice, totals));
      addText(document, "Notes", invoice.notes());
      addText(document, "Terms", invoice.terms());
      document.close();
    } catch (DocumentException | IOException e) {
      throw new IllegalStateException("cannot render invoice", e);
    }
    return out.toByteArray();
  }

  /**
   * A strong HTTP entity tag for the PDF of this invoice version, known without rendering it: the
   * fingerprint of everything the PDF shows plus {@link #TEMPLATE_VERSION}.
   */
  public static String etag(InvoiceDocument invoice) {
    return etag(InvoiceFingerprint.of(invoice));
  }

  static String etag(byte[] fingerprint) {
    return '"' + HexFormat.of().formatHex(fingerprint, 0, 16) + '"';
  }

  // ---- metadata

  private static void fixInfo(PdfDictionary info, InvoiceDocument invoice, byte[] fingerprint) {
    GregorianCalendar issued = new GregorianCalendar(TimeZone.getTimeZone("UTC"), Locale.ROOT);
    issued.clear();
    issued.set(
        invoice.issueDate().getYear(),
        invoice.issueDate().getMonthValue() - 1,
        invoice.issueDate().getDayOfMonth());
    PdfDate date = new PdfDate(issued);
    info.put(PdfName.CREATIONDATE, date);
    info.put(PdfName.MODDATE, date);
    info.put(PdfName.PRODUCER, new PdfString(PRODUCER));
    info.put(PdfName.CREATOR, new PdfString("Lightweight"));
    info.put(PdfName.TITLE, new PdfString(title(invoice), PdfString.TEXT_UNICODE));
    info.put(PdfName.AUTHOR, new PdfString(invoice.business().name(), PdfString.TEXT_UNICODE));
    byte[] id = Arrays.copyOf(fingerprint, 16);
    // OpenPDF writes this as the trailer's /ID instead of one made from the clock
    info.put(PdfName.FILEID, PdfEncryption.createInfoId(id, id));
  }

  private static String title(InvoiceDocument invoice) {
    return invoice.number() == null ? "Draft invoice" : "Invoice " + invoice.number();
  }

  private static String stamp(InvoiceStatus status) {
    return switch (status) {
      case PAID, VOID, DRAFT -> status.name();
      default -> null;
    };
  }

  private static Color stampColor(InvoiceStatus status) {
    return switch (status) {
      case PAID -> InvoiceStyle.PAID;
      case VOID -> InvoiceStyle.VOID;
      default -> InvoiceStyle.DRAFT;
    };
  }

  // ---- blocks, top to bottom

  private PdfPTable header(InvoiceDocument invoice) throws DocumentException, IOException {
    PdfPTable header = table(new float[] {56, 44});
    PdfPCell business = cell();
    Image logo = invoice.logo() == null ? null : logos.image(invoice.logo()).orElse(null);
    if (logo != null) {
      logo.scaleToFit(160, 56);
      business.addElement(logo);
      business.addElement(gap(6));
    }
    Party party = invoice.business();
    business.addElement(text(party.name(), 13, true, InvoiceStyle.INK, Element.ALIGN_LEFT));
    addPartyDetails(business, party, Element.ALIGN_LEFT);
    header.addCell(business);

    PdfPCell meta = cell();
    meta.addElement(text("INVOICE", 24, true, InvoiceStyle.ACCENT, Element.ALIGN_RIGHT));
    meta.addElement(gap(6));
    PdfPTable facts = table(new float[] {50, 50});
    fact(facts, "Invoice no.", invoice.number() == null ? "Draft" : invoice.number(), true);
    fact(facts, "Issue date", DATE.format(invoice.issueDate()), false);
    fact(facts, "Due date", DATE.format(invoice.dueDate()), false);
    if (invoice.status() == InvoiceStatus.OVERDUE) {
      PdfPCell label = cell(phrase("Status", InvoiceStyle.BODY, false, InvoiceStyle.MUTED));
      PdfPCell value = cell(phrase("Overdue", InvoiceStyle.BODY, true, InvoiceStyle.VOID));
      value.setHorizontalAlignment(Element.ALIGN_RIGHT);
      facts.addCell(label);
      facts.addCell(value);
    }
    meta.addElement(facts);
    header.addCell(meta);
    header.setSpacingAfter(16);
    return header;
  }

  private PdfPTable billTo(InvoiceDocument invoice, Totals totals) {
    PdfPTable block = table(new float[] {56, 44});
    PdfPCell customer = cell();
    customer.addElement(
        text("BILL TO", InvoiceStyle.LABEL, true, InvoiceStyle.MUTED, Element.ALIGN_LEFT));
    customer.addElement(gap(3));
    Party party = invoice.customer();
    customer.addElement(text(party.name(), 11, true, InvoiceStyle.INK, Element.ALIGN_LEFT));
    addPartyDetails(customer, party, Element.ALIGN_LEFT);
    block.addCell(customer);

    PdfPCell due = cell();
    due.setBackgroundColor(InvoiceStyle.SHADE);
    due.setPadding(12);
    due.addElement(
        text("AMOUNT DUE", InvoiceStyle.LABEL, true, InvoiceStyle.MUTED, Element.ALIGN_RIGHT));
    due.addElement(gap(2));
    due.addElement(
        text(MoneyFormat.format(totals.due()), 18, true, InvoiceStyle.INK, Element.ALIGN_RIGHT));
    due.addElement(
        text(
            "Due " + DATE.format(invoice.dueDate()),
            InvoiceStyle.BODY,
            false,
            InvoiceStyle.MUTED,
            Element.ALIGN_RIGHT));
    block.addCell(due);
    block.setSpacingAfter(18);
    return block;
  }

  private PdfPTable lineTable(InvoiceDocument invoice, Totals totals) {
    // in points of the 499-point column: Qty fits "12,500.5", Unit price "₦9,999,999.99",
    // Discount and Tax "7.125%", Amount "₦240,000,000.00" without wrapping
    PdfPTable lines = table(new float[] {42, 9, 14.5f, 9, 8, 17.5f});
    lines.setHeaderRows(1);
    String[] headings = {"Description", "Qty", "Unit price", "Discount", "Tax", "Amount"};
    for (int i = 0; i < headings.length; i++) {
      PdfPCell heading = cell(phrase(headings[i], InvoiceStyle.SMALL, true, InvoiceStyle.INK));
      heading.setBackgroundColor(InvoiceStyle.SHADE);
      heading.setPaddingTop(6);
      heading.setPaddingBottom(7);
      heading.setPaddingLeft(i == 0 ? 6 : 2);
      heading.setPaddingRight(i == headings.length - 1 ? 6 : 2);
      heading.setHorizontalAlignment(i == 0 ? Element.ALIGN_LEFT : Element.ALIGN_RIGHT);
      lines.addCell(heading);
    }
    String currency = invoice.currency();
    for (int i = 0; i < invoice.lines().size(); i++) {
      LineItem item = invoice.lines().get(i);
      LineTotal total = totals.lines().get(i);
      lineCell(lines, item.description(), Element.ALIGN_LEFT, 6, 2);
      lineCell(lines, MoneyFormat.quantity(item.quantity()), Element.ALIGN_RIGHT, 2, 2);
      lineCell(
          lines,
          MoneyFormat.format(Money.of(item.unitPrice(), currency)),
          Element.ALIGN_RIGHT,
          2,
          2);
      lineCell(lines, percentOrNone(item.discount()), Element.ALIGN_RIGHT, 2, 2);
      lineCell(lines, percentOrNone(item.taxRate()), Element.ALIGN_RIGHT, 2, 2);
      lineCell(lines, MoneyFormat.format(total.gross()), Element.ALIGN_RIGHT, 2, 6);
    }
    lines.setSpacingAfter(14);
    return lines;
  }

  private void lineCell(PdfPTable table, String text, int align, float left, float right) {
    PdfPCell cell = cell(phrase(text, InvoiceStyle.BODY, false, InvoiceStyle.INK));
    cell.setHorizontalAlignment(align);
    cell.setBorder(Rectangle.BOTTOM);
    cell.setBorderColor(InvoiceStyle.RULE);
    cell.setBorderWidth(0.5f);
    cell.setPaddingTop(4);
    cell.setPaddingBottom(6);
    cell.setPaddingLeft(left);
    cell.setPaddingRight(right);
    table.addCell(cell);
  }

  /** The pay link with its QR code on the left, the totals on the right; kept on one page. */
  private PdfPTable summary(PdfWriter writer, InvoiceDocument invoice, Totals totals) {
    PdfPTable summary = table(new float[] {50, 50});
    summary.setKeepTogether(true);
    summary.addCell(showsPayLink(invoice, totals) ? payLink(writer, invoice) : cell());

    PdfPTable sums = table(new float[] {55, 45});
    sum(sums, "Subtotal", MoneyFormat.format(totals.subtotal()));
    if (totals.discount().amount() != 0) {
      sum(sums, "Discount", "-" + MoneyFormat.format(totals.discount()));
    }
    for (Map.Entry<BigDecimal, Money> rate : totals.taxByRate().entrySet()) {
      if (rate.getKey().signum() > 0) {
        sum(
            sums,
            invoice.taxLabel() + " " + MoneyFormat.percent(rate.getKey()),
            MoneyFormat.format(rate.getValue()));
      }
    }
    PdfPCell totalLabel = cell(phrase("Total", 10, true, InvoiceStyle.INK));
    PdfPCell totalValue =
        cell(phrase(MoneyFormat.format(totals.total()), 10, true, InvoiceStyle.INK));
    for (PdfPCell cell : new PdfPCell[] {totalLabel, totalValue}) {
      cell.setBorder(Rectangle.TOP);
      cell.setBorderColor(InvoiceStyle.INK);
      cell.setBorderWidth(0.75f);
      cell.setPaddingTop(6);
      cell.setPaddingBottom(5);
    }
    totalValue.setHorizontalAlignment(Element.ALIGN_RIGHT);
    sums.addCell(totalLabel);
    sums.addCell(totalValue);
    if (totals.paid().amount() != 0) {
      sum(sums, "Paid", MoneyFormat.format(totals.paid()));
    }
    PdfPCell dueLabel = cell(phrase("Amount due", 11, true, InvoiceStyle.INK));
    PdfPCell dueValue = cell(phrase(MoneyFormat.format(totals.due()), 11, true, InvoiceStyle.INK));
    for (PdfPCell cell : new PdfPCell[] {dueLabel, dueValue}) {
      cell.setBackgroundColor(InvoiceStyle.SHADE);
      cell.setPaddingTop(7);
      cell.setPaddingBottom(9);
    }
    dueLabel.setPaddingLeft(6);
    dueValue.setPaddingRight(6);
    dueValue.setHorizontalAlignment(Element.ALIGN_RIGHT);
    sums.addCell(dueLabel);
    sums.addCell(dueValue);

    PdfPCell right = cell();
    right.addElement(sums);
    summary.addCell(right);
    summary.setSpacingAfter(14);
    return summary;
  }

  private static boolean showsPayLink(InvoiceDocument invoice, Totals totals) {
    return invoice.payLink() != null
        && totals.due().amount() > 0
        && Lifecycle.offersPayment(invoice.status());
  }

  private PdfPCell payLink(PdfWriter writer, InvoiceDocument invoice) {
    PdfPTable box = table(new float[] {30, 70});
    PdfPCell code = cell();
    code.addElement(PayLinkQrCode.image(writer.getDirectContent(), invoice.payLink(), 76));
    box.addCell(code);
    PdfPCell words = cell();
    words.setPaddingLeft(8);
    words.addElement(text("Pay online", 10, true, InvoiceStyle.INK, Element.ALIGN_LEFT));
    words.addElement(
        text(
            "Scan the code or open the link below.",
            InvoiceStyle.SMALL,
            false,
            InvoiceStyle.MUTED,
            Element.ALIGN_LEFT));
    Phrase link = phrase(invoice.payLink(), InvoiceStyle.SMALL, false, InvoiceStyle.LINK);
    for (Element chunk : link) {
      ((Chunk) chunk).setAnchor(invoice.payLink());
    }
    Paragraph linkParagraph = new Paragraph(link);
    linkParagraph.setLeading(InvoiceStyle.SMALL * 1.35f);
    linkParagraph.setSpacingBefore(4);
    words.addElement(linkParagraph);
    box.addCell(words);

    PdfPCell holder = cell();
    holder.setPaddingRight(24);
    holder.addElement(box);
    return holder;
  }

  /** A heading and its text, kept on one page together. */
  private void addText(Document document, String heading, String body) throws DocumentException {
    if (body == null || body.isBlank()) {
      return;
    }
    Paragraph block = text(heading, InvoiceStyle.BODY, true, InvoiceStyle.INK, Element.ALIGN_LEFT);
    block.add(fonts.phrase("\n" + body, InvoiceStyle.BODY, false, InvoiceStyle.MUTED));
    block.setKeepTogether(true);
    block.setSpacingBefore(8);
    document.add(block);
  }

  // ---- small pieces

  private void addPartyDetails(PdfPCell cell, Party party, int align) {
    for (String line : party.addressLines()) {
      cell.addElement(text(line, InvoiceStyle.BODY, false, InvoiceStyle.MUTED, align));
    }
    if (party.email() != null) {
      cell.addElement(text(party.email(), InvoiceStyle.BODY, false, InvoiceStyle.MUTED, align));
    }
    if (party.taxId() != null) {
      cell.addElement(
          text("Tax ID: " + party.taxId(), InvoiceStyle.BODY, false, InvoiceStyle.MUTED, align));
    }
  }

  private void fact(PdfPTable facts, String label, String value, boolean strong) {
    PdfPCell name = cell(phrase(label, InvoiceStyle.BODY, false, InvoiceStyle.MUTED));
    PdfPCell content = cell(phrase(value, InvoiceStyle.BODY, strong, InvoiceStyle.INK));
    content.setHorizontalAlignment(Element.ALIGN_RIGHT);
    name.setPaddingBottom(3);
    content.setPaddingBottom(3);
    facts.addCell(name);
    facts.addCell(content);
  }

  private void sum(PdfPTable sums, String label, String value) {
    PdfPCell name = cell(phrase(label, InvoiceStyle.BODY, false, InvoiceStyle.MUTED));
    PdfPCell amount = cell(phrase(value, InvoiceStyle.BODY, false, InvoiceStyle.INK));
    amount.setHorizontalAlignment(Element.ALIGN_RIGHT);
    for (PdfPCell cell : new PdfPCell[] {name, amount}) {
      cell.setPaddingTop(3);
      cell.setPaddingBottom(4);
    }
    sums.addCell(name);
    sums.addCell(amount);
  }

  private static String percentOrNone(BigDecimal percent) {
    return percent.signum() == 0 ? NONE : MoneyFormat.percent(percent);
  }

  private Phrase phrase(String text, float size, boolean bold, Color color) {
    return fonts.phrase(text, size, bold, color);
  }

  private Paragraph text(String text, float size, boolean bold, Color color, int align) {
    Paragraph paragraph = new Paragraph(fonts.phrase(text, size, bold, color));
    paragraph.setLeading(size * 1.35f);
    paragraph.setAlignment(align);
    return paragraph;
  }

  /** Vertical space inside a cell (a blank line in the body font, so no other font is used). */
  private Paragraph gap(float height) {
    Paragraph gap = new Paragraph(fonts.phrase(" ", 1, false, InvoiceStyle.INK));
    gap.setLeading(height);
    return gap;
  }

  private static PdfPTable table(float[] widths) {
    PdfPTable table = new PdfPTable(widths);
    table.setWidthPercentage(100);
    table.getDefaultCell().setBorder(Rectangle.NO_BORDER);
    return table;
  }

  private static PdfPCell cell() {
    PdfPCell cell = new PdfPCell();
    cell.setBorder(Rectangle.NO_BORDER);
    cell.setPadding(0);
    return cell;
  }

  private static PdfPCell cell(Phrase phrase) {
    PdfPCell cell = new PdfPCell(phrase);
    cell.setBorder(Rectangle.NO_BORDER);
    cell.setPadding(0);
    cell.setLeading(0, 1.25f);
    return cell;
  }
}
