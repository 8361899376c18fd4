package app.lightweight.invoices.seller;

import java.util.Arrays;

/** A business's logo as PNG or JPEG bytes, kept as uploaded. */
public record Logo(byte[] bytes) {

  public Logo {
    if (!isPng(bytes) && !isJpeg(bytes)) {
      throw new IllegalArgumentException("a logo must be a PNG or JPEG image");
    }
    bytes = bytes.clone();
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  /** The bytes without a copy, for the renderer, which only reads them. */
  public byte[] raw() {
    return bytes;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Logo logo && Arrays.equals(bytes, logo.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "Logo[" + bytes.length + " bytes]";
  }

  private static boolean isPng(byte[] b) {
    return b != null && b.length > 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N';
  }

  private static boolean isJpeg(byte[] b) {
    return b != null && b.length > 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8;
  }
}
