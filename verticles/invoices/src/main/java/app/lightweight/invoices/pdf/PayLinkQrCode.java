package app.lightweight.invoices.pdf;

import com.google.zxing.WriterException;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import com.google.zxing.qrcode.encoder.ByteMatrix;
import com.google.zxing.qrcode.encoder.Encoder;
import com.lowagie.text.BadElementException;
import com.lowagie.text.Image;
import com.lowagie.text.pdf.PdfContentByte;
import com.lowagie.text.pdf.PdfTemplate;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;

/**
 * The QR code of a pay link, drawn as vector squares: sharp at any zoom, and cheaper than encoding
 * a bitmap. A pay link is a URL, so ASCII. The drawing includes the four-module quiet zone that
 * scanners need.
 */
public final class PayLinkQrCode {

  /** Modules of white margin on each side, as scanners need. */
  public static final int QUIET_ZONE = 4;

  private PayLinkQrCode() {}

  /** The code as an image of {@code size} × {@code size} points to place in a table cell. */
  static Image image(PdfContentByte canvas, String url, float size) {
    DarkRuns code = darkRuns(url);
    float module = size / code.modulesWithQuietZone();
    PdfTemplate template = canvas.createTemplate(size, size);
    template.setColorFill(Color.WHITE);
    template.rectangle(0, 0, size, size);
    template.fill();
    template.setColorFill(Color.BLACK);
    // one rectangle per horizontal run of dark modules keeps the content stream short
    for (Run run : code.runs()) {
      float top = size - (run.y() + QUIET_ZONE) * module;
      template.rectangle(
          (run.x() + QUIET_ZONE) * module, top - module, run.length() * module, module);
    }
    template.fill();
    try {
      return Image.getInstance(template);
    } catch (BadElementException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A horizontal run of dark modules: first column, row, length (in modules, without margin). */
  public record Run(int x, int y, int length) {}

  /** The code's dark modules as horizontal runs, and its width including the quiet zone. */
  public record DarkRuns(int modulesWithQuietZone, List<Run> runs) {}

  /** The dark runs of a pay link's QR code, for anything that draws it (the PDF, an HTML page). */
  public static DarkRuns darkRuns(String url) {
    ByteMatrix matrix = encode(url);
    List<Run> runs = new ArrayList<>();
    for (int y = 0; y < matrix.getHeight(); y++) {
      int x = 0;
      while (x < matrix.getWidth()) {
        if (matrix.get(x, y) != 1) {
          x++;
          continue;
        }
        int end = x;
        while (end < matrix.getWidth() && matrix.get(end, y) == 1) {
          end++;
        }
        runs.add(new Run(x, y, end - x));
        x = end;
      }
    }
    return new DarkRuns(matrix.getWidth() + 2 * QUIET_ZONE, runs);
  }

  private static ByteMatrix encode(String url) {
    try {
      return Encoder.encode(url, ErrorCorrectionLevel.M).getMatrix();
    } catch (WriterException e) {
      throw new IllegalArgumentException("pay link too long for a QR code", e);
    }
  }
}
