package app.lightweight.bench;

import app.lightweight.invoices.InvoiceDocument;
import app.lightweight.invoices.InvoiceStatus;
import app.lightweight.invoices.LineItem;
import app.lightweight.invoices.Logo;
import app.lightweight.invoices.Party;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/** The invoice both renderers print: a Lagos studio's invoice with a logo, VAT and a pay link. */
final class BenchInvoices {

  private static final String[] WORK = {
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

  private BenchInvoices() {}

  static InvoiceDocument invoice(int lineCount) {
    List<LineItem> lines = new ArrayList<>();
    for (int i = 0; i < lineCount; i++) {
      String description = WORK[i % WORK.length] + (i >= WORK.length ? " #" + (i + 1) : "");
      String quantity = i % 4 == 0 ? "1" : i % 4 == 1 ? "2.5" : i % 4 == 2 ? "12" : "0.333";
      lines.add(
          LineItem.of(
              description,
              quantity,
              1_500_000 + 250_000L * (i % 7),
              i % 5 == 4 ? "0" : "7.5",
              i % 3 == 1 ? "10" : "0"));
    }
    return new InvoiceDocument(
        new Party(
            "Adúnní Studio Ltd",
            "billing@adunni.studio",
            List.of("14 Admiralty Way", "Lekki Phase 1, Lagos", "Nigeria"),
            "TIN 12345678-0001"),
        new Logo(logo()),
        new Party(
            "Chukwuemeka Okafor & Sons",
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
        "https://pay.lightweight.app/i/Zk3q9VxP2mLr8TnB",
        0,
        3,
        "VAT");
  }

  private static byte[] logo() {
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
