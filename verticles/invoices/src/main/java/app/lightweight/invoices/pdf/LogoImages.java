package app.lightweight.invoices.pdf;

import app.lightweight.invoices.seller.Logo;
import app.lightweight.shared.images.NormalisedLogo;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.lowagie.text.Image;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logos decoded once. OpenPDF decodes a PNG through ImageIO pixel by pixel, which cost more than
 * laying out a whole ten-line invoice, and a business sends every invoice with the same logo.
 *
 * <p>A logo goes through {@link NormalisedLogo} before OpenPDF sees it, as an upload does: a logo
 * stored before uploads were decoded (or frozen into an issued invoice then) may not decode, or may
 * declare a hundred million pixels. Such a logo is left out of the PDF, logged once while it is
 * remembered here, and never decoded again. The cache is bounded by the bytes it holds (OpenPDF
 * keeps a logo's pixels uncompressed, 3 bytes a pixel plus 1 for a transparency mask), at most
 * {@value #MAX_BYTES} bytes, least recently used first out.
 */
final class LogoImages {
  static final long MAX_BYTES = 32L * 1024 * 1024;
  private static final Logger LOG = LoggerFactory.getLogger(LogoImages.class);

  private final Cache<Logo, Optional<Image>> decoded;

  LogoImages() {
    this(MAX_BYTES);
  }

  LogoImages(long maxBytes) {
    decoded =
        Caffeine.newBuilder()
            .maximumWeight(maxBytes)
            .weigher(LogoImages::weight)
            .executor(Runnable::run)
            .build();
  }

  /**
   * The logo as a new image the caller may scale and place (the decoded pixels are shared), or
   * empty when it cannot be shown.
   */
  Optional<Image> image(Logo logo) {
    return decoded.get(logo, LogoImages::decode).map(Image::getInstance);
  }

  /** What the cached logos weigh, in bytes. */
  long cachedBytes() {
    decoded.cleanUp();
    return decoded.policy().eviction().orElseThrow().weightedSize().orElseThrow();
  }

  private static Optional<Image> decode(Logo logo) {
    try {
      return Optional.of(Image.getInstance(NormalisedLogo.of(logo.raw()).bytes()));
    } catch (IOException | RuntimeException e) {
      LOG.warn(
          "invoice PDFs leave out logo {} ({} bytes), which cannot be shown: {}",
          id(logo),
          logo.raw().length,
          e.getMessage());
      return Optional.empty();
    }
  }

  private static int weight(Logo logo, Optional<Image> image) {
    long bytes = logo.raw().length + 64L;
    if (image.isPresent()) {
      bytes += rawBytes(image.get()) + rawBytes(image.get().getImageMask());
    }
    return (int) Math.min(Integer.MAX_VALUE, bytes);
  }

  private static long rawBytes(Image image) {
    return image == null || image.getRawData() == null ? 0 : image.getRawData().length;
  }

  /** The first 12 hex digits of the logo's SHA-256, as the issued invoices' logos are keyed. */
  private static String id(Logo logo) {
    try {
      byte[] sha = MessageDigest.getInstance("SHA-256").digest(logo.raw());
      return HexFormat.of().formatHex(sha, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
