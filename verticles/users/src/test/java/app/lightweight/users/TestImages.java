package app.lightweight.users;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** Real images made with the JDK's encoders. */
final class TestImages {
  private TestImages() {}

  static byte[] png() {
    return encode("png", 64, 32);
  }

  static byte[] jpeg() {
    return encode("jpg", 64, 32);
  }

  static byte[] encode(String format, int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    var graphics = image.createGraphics();
    graphics.setColor(new Color(0x1f6feb));
    graphics.fillRect(0, 0, width, height);
    graphics.dispose();
    try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      ImageIO.write(image, format, out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
