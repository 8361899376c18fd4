package app.lightweight.invoices.pdf;

import app.lightweight.invoices.seller.Logo;
import com.lowagie.text.BadElementException;
import com.lowagie.text.Image;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Logos decoded once. OpenPDF decodes a PNG through ImageIO pixel by pixel, which cost more than
 * laying out a whole ten-line invoice, and a business sends every invoice with the same logo. The
 * cache holds at most {@value #MAX_LOGOS} logos and starts afresh when full.
 */
final class LogoImages {

  private static final int MAX_LOGOS = 256;

  private final ConcurrentHashMap<Logo, Image> decoded = new ConcurrentHashMap<>();

  /** The logo as a new image the caller may scale and place; the decoded pixels are shared. */
  Image image(Logo logo) {
    Image image = decoded.get(logo);
    if (image == null) {
      image = decode(logo);
      if (decoded.size() >= MAX_LOGOS) {
        decoded.clear();
      }
      decoded.put(logo, image);
    }
    return Image.getInstance(image);
  }

  private static Image decode(Logo logo) {
    try {
      return Image.getInstance(logo.raw());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (BadElementException e) {
      throw new IllegalArgumentException("cannot read the logo", e);
    }
  }
}
