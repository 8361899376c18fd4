package app.lightweight.shared.testing;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Images for the logo checks, good and bad, made in the test: real encodings from the JDK and
 * hand-built PNGs (a header that lies, a decompression bomb) that no encoder would write.
 */
public final class SampleImages {
  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  private static final Map<Integer, byte[]> BOMBS = new ConcurrentHashMap<>();

  private SampleImages() {}

  /** An opaque RGB image of two colours, PNG or JPEG ({@code "png"}, {@code "jpg"}). */
  public static byte[] flat(String format, int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(new Color(0x1f6feb));
    g.fillRect(0, 0, width, height);
    g.setColor(Color.WHITE);
    g.fillRect(width / 4, height / 4, width / 2, height / 2);
    g.dispose();
    return encode(image, format);
  }

  /** A photo-like JPEG (gradients and some grain): big, yet well under 512 KiB. */
  public static byte[] photo(int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setPaint(new GradientPaint(0, 0, new Color(0x0f4c81), width, height, new Color(0xf2a541)));
    g.fillRect(0, 0, width, height);
    g.setColor(new Color(255, 255, 255, 160));
    g.fillOval(width / 5, height / 5, width / 3, height / 2);
    g.dispose();
    Random random = new Random(7);
    for (int i = 0; i < width * height / 2000; i++) {
      image.setRGB(random.nextInt(width), random.nextInt(height), 0x202020);
    }
    return encode(image, "jpg");
  }

  /** A PNG whose left half is transparent and right half half-transparent red. */
  public static byte[] withAlpha(int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
    for (int y = 0; y < height; y++) {
      for (int x = width / 2; x < width; x++) {
        image.setRGB(x, y, 0x80ff0000);
      }
    }
    return encode(image, "png");
  }

  /** An ARGB PNG whose every pixel is opaque. */
  public static byte[] opaqueWithAlphaChannel(int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.setRGB(x, y, 0xff336699);
      }
    }
    return encode(image, "png");
  }

  /** A palette PNG of two colours: red above, blue below. */
  public static byte[] palette(int width, int height) {
    byte[] r = {(byte) 0xff, 0};
    byte[] gr = {0, 0};
    byte[] b = {0, (byte) 0xff};
    IndexColorModel model = new IndexColorModel(1, 2, r, gr, b);
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_BINARY, model);
    WritableRaster raster = image.getRaster();
    for (int y = height / 2; y < height; y++) {
      for (int x = 0; x < width; x++) {
        raster.setSample(x, y, 0, 1);
      }
    }
    return encode(image, "png");
  }

  /** A 16-bit RGB PNG, every pixel {@code rgb} (each 8-bit channel repeated in both bytes). */
  public static byte[] sixteenBit(int width, int height, int rgb) {
    byte[] row = new byte[1 + width * 6];
    for (int x = 0; x < width; x++) {
      for (int c = 0; c < 3; c++) {
        byte channel = (byte) (rgb >> (16 - 8 * c));
        row[1 + x * 6 + c * 2] = channel;
        row[2 + x * 6 + c * 2] = channel;
      }
    }
    return png(width, height, 16, 2, out -> repeat(out, row, height));
  }

  /** An 8-bit grey PNG, every pixel {@code grey}. */
  public static byte[] grey(int width, int height, int grey) {
    byte[] row = new byte[1 + width];
    Arrays.fill(row, 1, row.length, (byte) grey);
    return png(width, height, 8, 0, out -> repeat(out, row, height));
  }

  /**
   * A decompression bomb: a real, valid all-white RGB PNG of {@code side} × {@code side} pixels
   * that deflates to a few hundred KB (10,000 px a side: about 300 MB decoded). The rows are
   * streamed through the deflater; no image is held in memory.
   */
  public static byte[] bomb(int side) {
    // deflating 300 MB takes seconds: made once per side and JVM
    return BOMBS
        .computeIfAbsent(
            side,
            s -> {
              byte[] row = new byte[1 + s * 3];
              Arrays.fill(row, 1, row.length, (byte) 0xff);
              return png(s, s, 8, 2, out -> repeat(out, row, s));
            })
        .clone();
  }

  /** A PNG whose header declares {@code width} × {@code height} over the data of 8 × 8 pixels. */
  public static byte[] lyingHeader(int width, int height) {
    byte[] row = new byte[1 + 8 * 3];
    return png(width, height, 8, 2, out -> repeat(out, row, 8));
  }

  /** The PNG signature followed by bytes that are no PNG. */
  public static byte[] pngSignatureThenGarbage() {
    byte[] garbage =
        "this is not an image, only its first eight bytes are".getBytes(StandardCharsets.US_ASCII);
    byte[] bytes = Arrays.copyOf(PNG_SIGNATURE, PNG_SIGNATURE.length + garbage.length);
    System.arraycopy(garbage, 0, bytes, PNG_SIGNATURE.length, garbage.length);
    return bytes;
  }

  /** The first part of an image, as an interrupted upload leaves it. */
  public static byte[] truncated(byte[] image, double keep) {
    return Arrays.copyOf(image, (int) (image.length * keep));
  }

  /** A four-channel (CMYK) JPEG, which the JDK's decoder does not read. */
  public static byte[] cmykJpeg(int width, int height) {
    WritableRaster raster =
        java.awt.image.Raster.createInterleavedRaster(
            java.awt.image.DataBuffer.TYPE_BYTE, width, height, 4, null);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        raster.setPixel(x, y, new int[] {200, 40, 0, 10});
      }
    }
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
      writer.setOutput(stream);
      writer.write(null, new IIOImage(raster, null, null), writer.getDefaultWriteParam());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
    return out.toByteArray();
  }

  public static byte[] encode(BufferedImage image, String format) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image, format, out)) {
        throw new IllegalStateException("no writer for " + format);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private interface Rows {
    void write(OutputStream out) throws IOException;
  }

  private static void repeat(OutputStream out, byte[] row, int times) throws IOException {
    for (int i = 0; i < times; i++) {
      out.write(row);
    }
  }

  private static byte[] png(int width, int height, int bitDepth, int colourType, Rows rows) {
    try {
      ByteArrayOutputStream idat = new ByteArrayOutputStream();
      Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION);
      try (DeflaterOutputStream z = new DeflaterOutputStream(idat, deflater, 64 * 1024)) {
        rows.write(z);
      } finally {
        deflater.end();
      }
      ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
      DataOutputStream header = new DataOutputStream(ihdr);
      header.writeInt(width);
      header.writeInt(height);
      header.writeByte(bitDepth);
      header.writeByte(colourType);
      header.writeByte(0);
      header.writeByte(0);
      header.writeByte(0);
      ByteArrayOutputStream png = new ByteArrayOutputStream();
      png.write(PNG_SIGNATURE);
      chunk(png, "IHDR", ihdr.toByteArray());
      chunk(png, "IDAT", idat.toByteArray());
      chunk(png, "IEND", new byte[0]);
      return png.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void chunk(ByteArrayOutputStream png, String type, byte[] data)
      throws IOException {
    DataOutputStream out = new DataOutputStream(png);
    byte[] name = type.getBytes(StandardCharsets.US_ASCII);
    out.writeInt(data.length);
    out.write(name);
    out.write(data);
    CRC32 crc = new CRC32();
    crc.update(name);
    crc.update(data);
    out.writeInt((int) crc.getValue());
  }
}
