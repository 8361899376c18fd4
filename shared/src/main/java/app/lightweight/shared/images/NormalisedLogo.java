package app.lightweight.shared.images;

import java.awt.AlphaComposite;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * A business logo as it is stored and printed: an uploaded PNG or JPEG decoded within bounds and
 * re-encoded by us, so whatever is kept is an image every reader here can decode.
 *
 * <p>The dimensions are read from the image's header before anything is decoded, and an image of
 * more than {@value #MAX_SIDE} px a side or {@value #MAX_PIXELS} pixels is refused there: a 400 KB
 * PNG can declare 10,000 × 10,000 pixels. Larger images are decoded subsampled to at most {@value
 * #DECODE_SIDE} px, so the decoded pixels stay a few megabytes. The result is at most {@value
 * #MAX_LONG_SIDE} px on its long side, 8 bits per channel, sRGB (palette, grey, 16-bit and ICC
 * images are converted), with alpha only where a pixel is not opaque. A PNG stays a PNG (lossless
 * in, lossless out); a JPEG becomes whichever of PNG and JPEG is smaller. The stored bytes are at
 * most {@value #MAX_BYTES}; an image that still does not fit is refused.
 *
 * <p>Decoding is blocking CPU work of up to a few hundred milliseconds: call it off the event loop.
 *
 * @param contentType {@code image/png} or {@code image/jpeg}
 * @param bytes the encoded image
 */
public record NormalisedLogo(String contentType, byte[] bytes, int width, int height) {
  public static final int MAX_SIDE = 8192;
  public static final int MAX_PIXELS = 16 * 1024 * 1024;
  public static final int MAX_LONG_SIDE = 1024;
  public static final int MAX_BYTES = 512 * 1024;
  static final int DECODE_SIDE = 2 * MAX_LONG_SIDE;
  private static final float JPEG_QUALITY = 0.9f;

  public NormalisedLogo {
    bytes = bytes.clone();
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  /** Why an image is refused, in words for the one who sent it. */
  public static final class UnusableImage extends IllegalArgumentException {
    UnusableImage(String message) {
      super(message);
    }

    UnusableImage(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * The normalised copy of a PNG or JPEG image.
   *
   * @throws UnusableImage when the bytes are not a PNG or JPEG this can decode within the bounds
   */
  public static NormalisedLogo of(byte[] image) {
    String format = format(image);
    BufferedImage decoded = decode(image, format);
    BufferedImage logo = standard(downscaled(decoded));
    byte[] png = encode(logo, "png");
    byte[] bytes = png;
    String type = "image/png";
    boolean opaque = !logo.getColorModel().hasAlpha();
    if (opaque && ("jpeg".equals(format) || png.length > MAX_BYTES)) {
      byte[] jpeg = encode(logo, "jpeg");
      if (jpeg.length < png.length) {
        bytes = jpeg;
        type = "image/jpeg";
      }
    }
    if (bytes.length > MAX_BYTES) {
      throw new UnusableImage(
          "the image is too detailed to keep as a logo (over "
              + MAX_BYTES / 1024
              + " KiB at "
              + logo.getWidth()
              + " × "
              + logo.getHeight()
              + " px); send a simpler or smaller one");
    }
    return new NormalisedLogo(type, bytes, logo.getWidth(), logo.getHeight());
  }

  private static String format(byte[] image) {
    if (image != null
        && image.length >= 8
        && (image[0] & 0xff) == 0x89
        && image[1] == 'P'
        && image[2] == 'N'
        && image[3] == 'G') {
      return "png";
    }
    if (image != null
        && image.length >= 3
        && (image[0] & 0xff) == 0xff
        && (image[1] & 0xff) == 0xd8
        && (image[2] & 0xff) == 0xff) {
      return "jpeg";
    }
    throw new UnusableImage("the bytes are neither a PNG nor a JPEG image");
  }

  private static BufferedImage decode(byte[] image, String format) {
    ImageReader reader = reader(format);
    try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(image))) {
      reader.setInput(in, true, true);
      int width = reader.getWidth(0);
      int height = reader.getHeight(0);
      if (width <= 0 || height <= 0) {
        throw new UnusableImage("the image declares no pixels");
      }
      if (width > MAX_SIDE || height > MAX_SIDE || (long) width * height > MAX_PIXELS) {
        throw new UnusableImage(
            "the image is "
                + width
                + " × "
                + height
                + " px; a logo is at most "
                + MAX_SIDE
                + " px a side and "
                + MAX_PIXELS / (1024 * 1024)
                + " megapixels");
      }
      // libjpeg reports a truncated or damaged JPEG as a warning and fills the rest in grey
      StringBuilder warnings = new StringBuilder();
      reader.addIIOReadWarningListener(
          (source, warning) -> warnings.append(warnings.isEmpty() ? "" : "; ").append(warning));
      ImageReadParam param = reader.getDefaultReadParam();
      int step = (Math.max(width, height) + DECODE_SIDE - 1) / DECODE_SIDE;
      if (step > 1) {
        param.setSourceSubsampling(step, step, 0, 0);
      }
      BufferedImage decoded = reader.read(0, param);
      if (!warnings.isEmpty()) {
        throw new UnusableImage("the image is damaged: " + warnings);
      }
      int colours = decoded.getColorModel().getColorSpace().getType();
      if (colours != ColorSpace.TYPE_RGB && colours != ColorSpace.TYPE_GRAY) {
        // the JDK reads a CMYK JPEG without its profile, so its colours would come out wrong
        throw new UnusableImage("only RGB and greyscale images are supported; save it as RGB");
      }
      if (decoded.getWidth() != (width + step - 1) / step
          || decoded.getHeight() != (height + step - 1) / step) {
        throw new UnusableImage("the image's pixels do not match its declared size");
      }
      return decoded;
    } catch (IOException | RuntimeException e) {
      if (e instanceof UnusableImage unusable) {
        throw unusable;
      }
      throw new UnusableImage(
          "the image cannot be decoded: " + (e.getMessage() == null ? e : e.getMessage()), e);
    } finally {
      reader.dispose();
    }
  }

  private static ImageReader reader(String format) {
    Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format);
    if (!readers.hasNext()) {
      throw new IllegalStateException("no ImageIO reader for " + format);
    }
    return readers.next();
  }

  /** Halves the image while it is over twice the target, then scales once (no aliasing). */
  private static BufferedImage downscaled(BufferedImage image) {
    BufferedImage current = image;
    while (Math.max(current.getWidth(), current.getHeight()) > MAX_LONG_SIDE) {
      int longSide = Math.max(current.getWidth(), current.getHeight());
      double scale = longSide > 2 * MAX_LONG_SIDE ? 0.5 : (double) MAX_LONG_SIDE / longSide;
      int width = Math.max(1, (int) Math.round(current.getWidth() * scale));
      int height = Math.max(1, (int) Math.round(current.getHeight() * scale));
      current = drawn(current, width, height, BufferedImage.TYPE_INT_ARGB);
    }
    return current;
  }

  /** 8-bit sRGB, with an alpha channel only where some pixel is not opaque. */
  private static BufferedImage standard(BufferedImage image) {
    int width = image.getWidth();
    int height = image.getHeight();
    if (!image.getColorModel().hasAlpha()) {
      return image.getType() == BufferedImage.TYPE_INT_RGB
          ? image
          : drawn(image, width, height, BufferedImage.TYPE_INT_RGB);
    }
    BufferedImage argb =
        image.getType() == BufferedImage.TYPE_INT_ARGB
            ? image
            : drawn(image, width, height, BufferedImage.TYPE_INT_ARGB);
    return opaque(argb) ? drawn(argb, width, height, BufferedImage.TYPE_INT_RGB) : argb;
  }

  private static boolean opaque(BufferedImage argb) {
    int[] row = new int[argb.getWidth()];
    for (int y = 0; y < argb.getHeight(); y++) {
      argb.getRGB(0, y, row.length, 1, row, 0, row.length);
      for (int pixel : row) {
        if (pixel >>> 24 != 0xff) {
          return false;
        }
      }
    }
    return true;
  }

  private static BufferedImage drawn(BufferedImage source, int width, int height, int type) {
    BufferedImage target = new BufferedImage(width, height, type);
    Graphics2D g = target.createGraphics();
    try {
      if (type == BufferedImage.TYPE_INT_RGB) {
        // transparent pixels of an image that is opaque everywhere else: white, like the page
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, width, height);
      }
      g.setComposite(AlphaComposite.SrcOver);
      g.setRenderingHint(
          RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
      g.drawImage(source, 0, 0, width, height, null);
    } finally {
      g.dispose();
    }
    return target;
  }

  private static byte[] encode(BufferedImage image, String format) {
    ImageWriter writer = ImageIO.getImageWritersByFormatName(format).next();
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
    try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
      writer.setOutput(stream);
      ImageWriteParam param = writer.getDefaultWriteParam();
      if ("jpeg".equals(format)) {
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(JPEG_QUALITY);
      }
      writer.write(null, new IIOImage(image, null, null), param);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
    return out.toByteArray();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof NormalisedLogo logo
        && contentType.equals(logo.contentType)
        && java.util.Arrays.equals(bytes, logo.bytes);
  }

  @Override
  public int hashCode() {
    return contentType.hashCode() * 31 + java.util.Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "NormalisedLogo[%s, %d × %d, %d bytes]",
        contentType,
        width,
        height,
        bytes.length);
  }
}
