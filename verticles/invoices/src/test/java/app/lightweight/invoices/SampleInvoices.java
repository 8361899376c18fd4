package app.lightweight.invoices;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/** Invoices that tests, the sample renderer and the benchmark share. */
public final class SampleInvoices {

  public static final String PAY_LINK = "https://pay.lightweight.app/i/Zk3q9VxP2mLr8TnB";

  private SampleInvoices() {}

  /** A line from decimal strings: {@code lineItem("Tea", "2", 1500, "7.5", "0")}. */
  public static LineItem lineItem(
      String description, String quantity, long unitPrice, String taxRate, String discount) {
    return new LineItem(
        description,
        new BigDecimal(quantity),
        unitPrice,
        new BigDecimal(taxRate),
        new BigDecimal(discount));
  }

  /** A Lagos studio billing a client in naira, with VAT at 7.5 %, a discount and a logo. */
  public static InvoiceDocument naira(int lineCount) {
    List<LineItem> lines = new ArrayList<>();
    String[] work = {
      "Brand identity workshop (two days, on site)",
      "Logo design, three concepts and two rounds of revisions",
      "Website design — home, pricing and contact pages",
      "Frontend development",
      "Copywriting (per page)",
      "Hosting, 12 months",
      "Product photography, half day",
      "Social media templates",
      "Project management",
      "Domain registration lightweight.ng",
    };
    for (int i = 0; i < lineCount; i++) {
      String description = work[i % work.length] + (i >= work.length ? " #" + (i + 1) : "");
      String quantity = i % 4 == 0 ? "1" : i % 4 == 1 ? "2.5" : i % 4 == 2 ? "12" : "0.333";
      long unitPrice = 1_500_000 + 250_000L * (i % 7);
      String tax = i % 5 == 4 ? "0" : "7.5";
      String discount = i % 3 == 1 ? "10" : "0";
      lines.add(SampleInvoices.lineItem(description, quantity, unitPrice, tax, discount));
    }
    return new InvoiceDocument(
        new Party(
            "Adúnní Studio Ltd",
            "billing@adunni.studio",
            List.of("14 Admiralty Way", "Lekki Phase 1, Lagos", "Nigeria"),
            "TIN 12345678-0001"),
        new Logo(logoPng()),
        new Party(
            "Chukwuemeka Ọkafọ̀r & Sons",
            "accounts@okafor-sons.ng",
            List.of("Plot 7, Trans-Amadi Industrial Layout", "Port Harcourt, Rivers"),
            null),
        "INV-2025-0042",
        "NGN",
        LocalDate.of(2025, 3, 1),
        LocalDate.of(2025, 3, 31),
        InvoiceStatus.SENT,
        lines,
        "Thank you for your business. Please quote the invoice number with your payment.",
        "Payment due within 30 days. Late payments attract interest of 1.5% per month.",
        PAY_LINK,
        0,
        3,
        "VAT");
  }

  /** One line whose totals are easy to check by hand: ₦1,850,000.00 in all. */
  public static InvoiceDocument simple() {
    return naira(1)
        .withLines(
            List.of(
                SampleInvoices.lineItem(
                    "Annual maintenance contract", "1", 172_093_023, "7.5", "0")));
  }

  /** A small logo drawn from shapes only (no text, so no system font is needed), as a PNG. */
  public static byte[] logoPng() {
    BufferedImage image = new BufferedImage(160, 48, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, 160, 48);
    g.setColor(new Color(0x0f, 0x4c, 0x81));
    g.fillRoundRect(0, 0, 48, 48, 12, 12);
    g.setColor(new Color(0xf5, 0x9e, 0x0b));
    g.fillOval(12, 12, 24, 24);
    g.setColor(new Color(0x1f, 0x29, 0x37));
    g.fillRoundRect(60, 12, 92, 8, 4, 4);
    g.setColor(new Color(0x9c, 0xa3, 0xaf));
    g.fillRoundRect(60, 28, 64, 6, 3, 3);
    g.dispose();
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", png);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return png.toByteArray();
  }
}
