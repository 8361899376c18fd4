package app.lightweight.invoices;

import com.google.zxing.WriterException;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import com.google.zxing.qrcode.encoder.ByteMatrix;
import com.google.zxing.qrcode.encoder.Encoder;
import com.lowagie.text.BadElementException;
import com.lowagie.text.Image;
import com.lowagie.text.pdf.PdfContentByte;
import com.lowagie.text.pdf.PdfTemplate;
import java.awt.Color;

/**
 * The QR code of a pay link, drawn as vector squares: sharp at any zoom, and cheaper than encoding
 * a bitmap. A pay link is a URL, so ASCII. The drawing includes the four-module quiet zone that
 * scanners need.
 */
final class PayLinkQrCode {

  private static final int QUIET_ZONE = 4;

  private PayLinkQrCode() {}

  /** The code as an image of {@code size} × {@code size} points to place in a table cell. */
  static Image image(PdfContentByte canvas, String url, float size) {
    ByteMatrix matrix = encode(url);
    int modules = matrix.getWidth() + 2 * QUIET_ZONE;
    float module = size / modules;
    PdfTemplate template = canvas.createTemplate(size, size);
    template.setColorFill(Color.WHITE);
    template.rectangle(0, 0, size, size);
    template.fill();
    template.setColorFill(Color.BLACK);
    for (int y = 0; y < matrix.getHeight(); y++) {
      float top = size - (y + QUIET_ZONE) * module;
      int x = 0;
      while (x < matrix.getWidth()) {
        if (matrix.get(x, y) != 1) {
          x++;
          continue;
        }
        int run = x;
        while (run < matrix.getWidth() && matrix.get(run, y) == 1) {
          run++;
        }
        // one rectangle per horizontal run of dark modules keeps the content stream short
        template.rectangle((x + QUIET_ZONE) * module, top - module, (run - x) * module, module);
        x = run;
      }
    }
    template.fill();
    try {
      return Image.getInstance(template);
    } catch (BadElementException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ByteMatrix encode(String url) {
    try {
      return Encoder.encode(url, ErrorCorrectionLevel.M).getMatrix();
    } catch (WriterException e) {
      throw new IllegalArgumentException("pay link too long for a QR code", e);
    }
  }
}
