package app.lightweight.shared.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.lightweight.shared.images.NormalisedLogo.UnusableImage;
import app.lightweight.shared.testing.SampleImages;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** What a logo may be, and what is kept of it: decodable, bounded, 8-bit sRGB, re-encoded. */
class NormalisedLogoTest {

  @Test
  void aPngSignatureFollowedByGarbageIsRefused() {
    assertThatThrownBy(() -> NormalisedLogo.of(SampleImages.pngSignatureThenGarbage()))
        .isInstanceOf(UnusableImage.class)
        .hasMessageContaining("cannot be decoded");
  }

  @Test
  void bytesThatAreNeitherPngNorJpegAreRefused() {
    assertThatThrownBy(() -> NormalisedLogo.of("GIF89a....".getBytes()))
        .isInstanceOf(UnusableImage.class)
        .hasMessageContaining("neither a PNG nor a JPEG");
  }

  @Test
  void aHeaderDeclaring65535PxASideIsRefusedBeforeDecoding() {
    byte[] lying = SampleImages.lyingHeader(65535, 65535);

    assertThat(lying.length).isLessThan(200);
    assertThatThrownBy(() -> NormalisedLogo.of(lying))
        .isInstanceOf(UnusableImage.class)
        .hasMessageContaining("65535 × 65535 px");
  }

  @Test
  void aHeaderLargerThanItsPixelDataIsRefused() {
    assertThatThrownBy(() -> NormalisedLogo.of(SampleImages.lyingHeader(800, 600)))
        .isInstanceOf(UnusableImage.class);
  }

  @Test
  void aDecompressionBombIsRefusedFromItsHeaderAtOnce() {
    byte[] bomb = SampleImages.bomb(10_000);

    long started = System.nanoTime();
    assertThatThrownBy(() -> NormalisedLogo.of(bomb))
        .isInstanceOf(UnusableImage.class)
        .hasMessageContaining("10000 × 10000 px");
    long tookMs = (System.nanoTime() - started) / 1_000_000;

    assertThat(bomb.length).as("a real bomb: small on the wire").isLessThan(512 * 1024);
    assertThat(tookMs).as("decoding 100 Mpx takes seconds").isLessThan(5_000);
  }

  @Test
  void aTruncatedJpegIsRefused() {
    byte[] jpeg = SampleImages.photo(400, 300);

    assertThatThrownBy(() -> NormalisedLogo.of(SampleImages.truncated(jpeg, 0.6)))
        .isInstanceOf(UnusableImage.class);
  }

  @Test
  void aTruncatedPngIsRefused() {
    byte[] png = SampleImages.withAlpha(300, 200);

    assertThatThrownBy(() -> NormalisedLogo.of(SampleImages.truncated(png, 0.7)))
        .isInstanceOf(UnusableImage.class);
  }

  @Test
  void aCmykJpegIsRefused() {
    assertThatThrownBy(() -> NormalisedLogo.of(SampleImages.cmykJpeg(64, 64)))
        .isInstanceOf(UnusableImage.class)
        .hasMessageContaining("RGB");
  }

  @Test
  void aBigPhotoIsDownscaledToTheLogoSizeAndStaysAJpeg() throws IOException {
    byte[] photo = SampleImages.photo(3000, 2000);
    assertThat(photo.length).as("an upload a user may send").isLessThan(NormalisedLogo.MAX_BYTES);

    NormalisedLogo logo = NormalisedLogo.of(photo);

    assertThat(logo.contentType()).isEqualTo("image/jpeg");
    assertThat(logo.width()).isEqualTo(1024);
    assertThat(logo.height()).isEqualTo(683);
    BufferedImage stored = read(logo);
    assertThat(stored.getWidth()).isEqualTo(1024);
    assertThat(stored.getHeight()).isEqualTo(683);
    assertThat(logo.bytes().length).isLessThanOrEqualTo(NormalisedLogo.MAX_BYTES);
  }

  @Test
  void aLargePngWithinTheBoundsIsDecodedSubsampledAndDownscaled() throws IOException {
    NormalisedLogo logo = NormalisedLogo.of(SampleImages.flat("png", 8000, 2000));

    assertThat(logo.contentType()).isEqualTo("image/png");
    assertThat(logo.width()).isEqualTo(1024);
    assertThat(logo.height()).isEqualTo(256);
    assertThat(read(logo).getRGB(512, 128) & 0xffffff).isEqualTo(0xffffff);
    assertThat(read(logo).getRGB(10, 10) & 0xffffff).isEqualTo(0x1f6feb);
  }

  @Test
  void aJpegOfOneColourIsKeptAsTheSmallerPng() throws IOException {
    BufferedImage blue = new BufferedImage(200, 100, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 100; y++) {
      for (int x = 0; x < 200; x++) {
        blue.setRGB(x, y, 0x1f6feb);
      }
    }

    NormalisedLogo logo = NormalisedLogo.of(SampleImages.encode(blue, "jpg"));

    assertThat(logo.contentType()).isEqualTo("image/png");
    assertThat(read(logo).getWidth()).isEqualTo(200);
  }

  @Test
  void aPalettePngBecomesAnRgbPngWithTheSameColours() throws IOException {
    BufferedImage stored = read(NormalisedLogo.of(SampleImages.palette(40, 20)));

    assertThat(stored.getColorModel().hasAlpha()).isFalse();
    assertThat(stored.getColorModel().getPixelSize()).isEqualTo(24);
    assertThat(stored.getRGB(5, 2) & 0xffffff).isEqualTo(0xff0000);
    assertThat(stored.getRGB(5, 17) & 0xffffff).isEqualTo(0x0000ff);
  }

  @Test
  void aSixteenBitPngBecomesEightBitWithTheSameColour() throws IOException {
    BufferedImage stored = read(NormalisedLogo.of(SampleImages.sixteenBit(30, 10, 0x336699)));

    assertThat(stored.getColorModel().getComponentSize(0)).isEqualTo(8);
    assertThat(stored.getRGB(3, 3) & 0xffffff).isEqualTo(0x336699);
  }

  @Test
  void aGreyPngKeepsItsShade() throws IOException {
    BufferedImage stored = read(NormalisedLogo.of(SampleImages.grey(30, 10, 0x80)));

    assertThat(stored.getRGB(3, 3) & 0xffffff).isEqualTo(0x808080);
  }

  @Test
  void transparencyIsKept() throws IOException {
    BufferedImage stored = read(NormalisedLogo.of(SampleImages.withAlpha(100, 50)));

    assertThat(stored.getColorModel().hasAlpha()).isTrue();
    assertThat(stored.getRGB(10, 10) >>> 24).isZero();
    assertThat(stored.getRGB(90, 10)).isEqualTo(0x80ff0000);
  }

  @Test
  void anAlphaChannelNoPixelUsesIsDropped() throws IOException {
    BufferedImage stored = read(NormalisedLogo.of(SampleImages.opaqueWithAlphaChannel(50, 50)));

    assertThat(stored.getColorModel().hasAlpha()).isFalse();
    assertThat(stored.getRGB(10, 10) & 0xffffff).isEqualTo(0x336699);
  }

  @Test
  void normalisingANormalisedLogoChangesNothing() {
    for (byte[] image :
        new byte[][] {
          SampleImages.photo(1600, 900),
          SampleImages.withAlpha(300, 100),
          SampleImages.palette(9, 9)
        }) {
      NormalisedLogo once = NormalisedLogo.of(image);
      NormalisedLogo twice = NormalisedLogo.of(once.bytes());

      assertThat(twice.contentType()).isEqualTo(once.contentType());
      assertThat(twice.width()).isEqualTo(once.width());
      if (once.contentType().equals("image/png")) {
        assertThat(twice.bytes()).isEqualTo(once.bytes());
      }
    }
  }

  private static BufferedImage read(NormalisedLogo logo) throws IOException {
    return ImageIO.read(new ByteArrayInputStream(logo.bytes()));
  }
}
