package app.lightweight.invoices.pdf;

import com.lowagie.text.Document;
import com.lowagie.text.Element;
import com.lowagie.text.Rectangle;
import com.lowagie.text.pdf.BaseFont;
import com.lowagie.text.pdf.PdfContentByte;
import com.lowagie.text.pdf.PdfGState;
import com.lowagie.text.pdf.PdfPageEventHelper;
import com.lowagie.text.pdf.PdfTemplate;
import com.lowagie.text.pdf.PdfWriter;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;

/**
 * What every page carries besides the flowing content: "Page n of m" and the invoice's name in the
 * footer, a running header from page two on, and the status stamp (PAID, VOID, DRAFT). The page
 * count is unknown until the end, so each page's "Page n of m" is a small template that is filled
 * in, right-aligned, when the document closes.
 */
final class InvoicePageEvents extends PdfPageEventHelper {

  private static final float FOOTER_SIZE = 8;
  private static final float PAGE_OF_WIDTH = 90;

  private final InvoiceFonts fonts;
  private final String title;
  private final String stamp;
  private final Color stampColor;
  private final List<PdfTemplate> pageOf = new ArrayList<>();
  // the title as the footer and the running header show it: the margins are the document's, so
  // it is cut to fit once, when the document opens
  private String footerTitle;
  private String headerTitle;

  /**
   * @param title what the footer and the running header call the document
   * @param stamp the word stamped across every page, or null
   */
  InvoicePageEvents(InvoiceFonts fonts, String title, String stamp, Color stampColor) {
    this.fonts = fonts;
    this.title = title;
    this.stamp = stamp;
    this.stampColor = stampColor;
  }

  @Override
  public void onOpenDocument(PdfWriter writer, Document document) {
    float width = document.right() - document.left();
    footerTitle = fit(title, fonts.regular(), FOOTER_SIZE, width - PAGE_OF_WIDTH - 12);
    headerTitle = fit(title, fonts.regular(), FOOTER_SIZE, width);
  }

  @Override
  public void onEndPage(PdfWriter writer, Document document) {
    PdfContentByte canvas = writer.getDirectContent();
    Rectangle page = document.getPageSize();
    float left = document.left();
    float right = document.right();
    float footerY = document.bottom() - 28;
    BaseFont font = fonts.regular();

    canvas.saveState();
    canvas.setColorStroke(InvoiceStyle.RULE);
    canvas.setLineWidth(0.5f);
    canvas.moveTo(left, footerY + 12);
    canvas.lineTo(right, footerY + 12);
    canvas.stroke();
    canvas.restoreState();

    canvas.beginText();
    canvas.setFontAndSize(font, FOOTER_SIZE);
    canvas.setColorFill(InvoiceStyle.MUTED);
    canvas.showTextAligned(Element.ALIGN_LEFT, footerTitle, left, footerY, 0);
    canvas.endText();
    PdfTemplate pageNumber = canvas.createTemplate(PAGE_OF_WIDTH, FOOTER_SIZE * 2);
    pageOf.add(pageNumber);
    canvas.addTemplate(pageNumber, right - PAGE_OF_WIDTH, footerY - FOOTER_SIZE / 2);

    if (writer.getPageNumber() > 1) {
      canvas.beginText();
      canvas.setFontAndSize(font, FOOTER_SIZE);
      canvas.setColorFill(InvoiceStyle.MUTED);
      canvas.showTextAligned(Element.ALIGN_RIGHT, headerTitle, right, page.getTop() - 30, 0);
      canvas.endText();
    }
    if (stamp != null) {
      drawStamp(canvas, page);
    }
  }

  @Override
  public void onCloseDocument(PdfWriter writer, Document document) {
    int pages = pageOf.size();
    for (int n = 1; n <= pages; n++) {
      PdfTemplate template = pageOf.get(n - 1);
      template.beginText();
      template.setFontAndSize(fonts.regular(), FOOTER_SIZE);
      template.setColorFill(InvoiceStyle.MUTED);
      template.showTextAligned(
          Element.ALIGN_RIGHT, "Page " + n + " of " + pages, PAGE_OF_WIDTH, FOOTER_SIZE / 2, 0);
      template.endText();
    }
  }

  /** The text, cut short with an ellipsis if it is wider than {@code width}. */
  static String fit(String text, BaseFont font, float size, float width) {
    if (font.getWidthPoint(text, size) <= width) {
      return text;
    }
    int end = text.length();
    while (end > 0 && font.getWidthPoint(text.substring(0, end) + "…", size) > width) {
      end = text.offsetByCodePoints(end, -1);
    }
    return text.substring(0, end).stripTrailing() + "…";
  }

  /** A large word in a frame, turned 30°, translucent so the figures under it stay readable. */
  private void drawStamp(PdfContentByte canvas, Rectangle page) {
    BaseFont font = fonts.bold();
    float size = 96;
    float width = font.getWidthPoint(stamp, size);
    float height = size * 0.72f;
    float padding = 18;
    double angle = Math.toRadians(30);
    float cos = (float) Math.cos(angle);
    float sin = (float) Math.sin(angle);

    canvas.saveState();
    PdfGState translucent = new PdfGState();
    translucent.setFillOpacity(0.22f);
    translucent.setStrokeOpacity(0.35f);
    canvas.setGState(translucent);
    canvas.concatCTM(cos, sin, -sin, cos, page.getWidth() / 2, page.getHeight() / 2);
    canvas.setColorStroke(stampColor);
    canvas.setLineWidth(5);
    canvas.roundRectangle(
        -width / 2 - padding, -height / 2 - padding, width + 2 * padding, height + 2 * padding, 12);
    canvas.stroke();
    canvas.beginText();
    canvas.setFontAndSize(font, size);
    canvas.setColorFill(stampColor);
    canvas.showTextAligned(Element.ALIGN_CENTER, stamp, 0, -height / 2, 0);
    canvas.endText();
    canvas.restoreState();
  }
}
