package app.lightweight.invoices.pdf;

import static org.assertj.core.api.Assertions.assertThat;

import app.lightweight.invoices.seller.Logo;
import app.lightweight.shared.testing.SampleImages;
import com.lowagie.text.Image;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

/** The renderer's decoded logos: bounded by the bytes they hold, whatever size the logos are. */
class LogoImagesTest {

  @Test
  void theCacheHoldsAtMostItsBoundInDecodedBytes() {
    long bound = 4L * 1024 * 1024;
    LogoImages logos = new LogoImages(bound);

    for (int i = 0; i < 12; i++) {
      Image image = logos.image(new Logo(distinct(i, 600, 400))).orElseThrow();
      assertThat(image.getWidth()).isEqualTo(600);
    }

    long oneLogo = 600L * 400 * 3;
    assertThat(logos.cachedBytes())
        .as("twelve 600 × 400 logos hold %d bytes decoded", 12 * oneLogo)
        .isLessThanOrEqualTo(bound)
        .as("weighed in bytes, not counted")
        .isGreaterThanOrEqualTo(oneLogo);
  }

  @Test
  void aLogoBiggerThanTheLogoSizeIsCachedAtTheLogoSize() {
    LogoImages logos = new LogoImages(LogoImages.MAX_BYTES);

    Image image = logos.image(new Logo(SampleImages.photo(2400, 1800))).orElseThrow();

    assertThat(image.getWidth()).isEqualTo(1024);
    assertThat(logos.cachedBytes()).isLessThan(1024L * 768 * 3 + 600 * 1024);
  }

  @Test
  void aLogoThatCannotBeShownIsEmpty() {
    LogoImages logos = new LogoImages(LogoImages.MAX_BYTES);

    assertThat(logos.image(new Logo(SampleImages.bomb(10_000)))).isEmpty();
    assertThat(logos.image(new Logo(SampleImages.pngSignatureThenGarbage()))).isEmpty();
  }

  private static byte[] distinct(int seed, int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.setRGB(x, y, (x * 7 + y * 13 + seed * 101) & 0xffffff);
      }
    }
    return SampleImages.encode(image, "png");
  }
}
