package app.lightweight.users;

import static app.lightweight.shared.testing.TestEnv.await;
import static org.assertj.core.api.Assertions.assertThat;

import app.lightweight.shared.testing.SampleImages;
import app.lightweight.shared.testing.ServiceFixture;
import io.vertx.core.json.JsonObject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.util.Base64;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An uploaded logo is decoded before it is kept: what does not decode within the bounds is a 422
 * and stores nothing; what does is stored as its normalised copy, which the profile describes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LogoUploadTest {
  private ServiceFixture users;
  private String owner;
  private byte[] bomb;

  @BeforeAll
  void start() {
    users = UsersUnderTest.fixture().start();
    bomb = SampleImages.bomb(10_000);
  }

  @AfterAll
  void stop() {
    users.close();
  }

  @BeforeEach
  void aProfileWithAGoodLogo() throws Exception {
    users.clean();
    owner = users.token("logo-owner", "users:read users:write");
    assertThat(users.put("/api/users/me/logo", owner, "image/png", TestImages.png()).statusCode())
        .isEqualTo(200);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"garbage-after-signature", "header-65535", "header-over-data", "truncated-png"})
  void aPngThatDoesNotDecodeIs422AndKeepsTheLogoThere(String which) throws Exception {
    byte[] bad =
        switch (which) {
          case "garbage-after-signature" -> SampleImages.pngSignatureThenGarbage();
          case "header-65535" -> SampleImages.lyingHeader(65535, 65535);
          case "header-over-data" -> SampleImages.lyingHeader(900, 600);
          default -> SampleImages.truncated(SampleImages.withAlpha(300, 200), 0.7);
        };

    assertUnusable(users.put("/api/users/me/logo", owner, "image/png", bad));
  }

  @Test
  void aTruncatedJpegIs422() throws Exception {
    byte[] truncated = SampleImages.truncated(SampleImages.photo(400, 300), 0.6);

    assertUnusable(users.put("/api/users/me/logo", owner, "image/jpeg", truncated));
  }

  @Test
  void aCmykJpegIs422() throws Exception {
    assertUnusable(
        users.put("/api/users/me/logo", owner, "image/jpeg", SampleImages.cmykJpeg(64, 64)));
  }

  @Test
  void aDecompressionBombIsRefusedFromItsHeaderQuickly() throws Exception {
    assertThat(bomb.length).isLessThan(LogoImage.MAX_BYTES);

    long started = System.nanoTime();
    HttpResponse<String> put = users.put("/api/users/me/logo", owner, "image/png", bomb);
    long tookMs = (System.nanoTime() - started) / 1_000_000;

    assertUnusable(put);
    assertThat(new JsonObject(put.body()).getString("detail")).contains("10000 × 10000 px");
    assertThat(tookMs).as("a full decode of the bomb takes many seconds").isLessThan(8_000);
  }

  @Test
  void aBigPhotoIsStoredDownscaledAndTheProfileDescribesTheStoredCopy() throws Exception {
    byte[] photo = SampleImages.photo(3000, 2000);

    HttpResponse<String> put = users.put("/api/users/me/logo", owner, "image/jpeg", photo);
    HttpResponse<byte[]> get = users.getBytes("/api/users/me/logo", owner);

    assertThat(put.statusCode()).isEqualTo(200);
    BufferedImage stored = ImageIO.read(new ByteArrayInputStream(get.body()));
    assertThat(stored.getWidth()).isEqualTo(1024);
    assertThat(stored.getHeight()).isEqualTo(683);
    assertThat(get.body().length).isLessThan(photo.length);
    JsonObject logo = new JsonObject(put.body()).getJsonObject("logo");
    assertThat(logo.getInteger("bytes")).isEqualTo(get.body().length);
    assertThat(logo.getString("content_type"))
        .isEqualTo(get.headers().firstValue("Content-Type").orElseThrow());
  }

  @Test
  void aPngWithTransparencyKeepsIt() throws Exception {
    users.put("/api/users/me/logo", owner, "image/png", SampleImages.withAlpha(120, 40));

    HttpResponse<byte[]> get = users.getBytes("/api/users/me/logo", owner);

    assertThat(get.headers().firstValue("Content-Type")).contains("image/png");
    BufferedImage stored = ImageIO.read(new ByteArrayInputStream(get.body()));
    assertThat(stored.getRGB(10, 10) >>> 24).isZero();
    assertThat(stored.getRGB(100, 10)).isEqualTo(0x80ff0000);
  }

  @Test
  void theEventBusHandsOutTheNormalisedCopy() throws Exception {
    users.put("/api/users/me/logo", owner, "image/png", SampleImages.sixteenBit(40, 20, 0x336699));
    byte[] stored = users.getBytes("/api/users/me/logo", owner).body();

    JsonObject profile =
        await(
                users
                    .vertx()
                    .eventBus()
                    .<JsonObject>request(
                        "users.profile", new JsonObject().put("subject", "logo-owner")))
            .body();

    byte[] sent = Base64.getDecoder().decode(profile.getJsonObject("logo").getString("base64"));
    assertThat(sent).isEqualTo(stored);
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(sent));
    assertThat(image.getColorModel().getComponentSize(0)).isEqualTo(8);
    assertThat(image.getRGB(5, 5) & 0xffffff).isEqualTo(0x336699);
  }

  private void assertUnusable(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
    assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
    JsonObject problem = new JsonObject(response.body());
    assertThat(problem.getString("detail")).startsWith("the body");
    assertThat(problem.getJsonArray("errors").getJsonObject(0).getString("pointer")).isEmpty();
    var rows = users.rows("select logo from profiles where subject = 'logo-owner'");
    assertThat(rows.get(0).getBuffer("logo").getBytes())
        .as("the logo uploaded before is still there")
        .isEqualTo(TestImages.png());
  }
}
