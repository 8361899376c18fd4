package app.lightweight.users;

import app.lightweight.shared.http.Problem;
import app.lightweight.shared.images.NormalisedLogo;
import io.vertx.core.buffer.Buffer;
import java.util.List;

/**
 * A business logo as stored: the {@link NormalisedLogo normalised copy} of an uploaded PNG or JPEG
 * of at most 512 KiB, recognised by its bytes rather than its name.
 */
public record LogoImage(String contentType, byte[] bytes) {
  public static final int MAX_BYTES = 512 * 1024;
  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  private static final byte[] JPEG = {(byte) 0xff, (byte) 0xd8, (byte) 0xff};

  /**
   * The upload checked and normalised: 413 over 512 KiB, 415 when the bytes are no PNG or JPEG or
   * contradict the Content-Type, 422 when they do not decode as a usable image. Decodes the image:
   * blocking, call it off the event loop.
   */
  public static LogoImage check(String declaredType, Buffer body) {
    if (body == null || body.length() == 0) {
      throw Problem.validation("", "the body must be the image").exception();
    }
    if (body.length() > MAX_BYTES) {
      throw Problem.of(413, "too-large", "Logo too large", "a logo is at most 512 KiB").exception();
    }
    byte[] bytes = body.getBytes();
    String actualType =
        startsWith(bytes, PNG) ? "image/png" : startsWith(bytes, JPEG) ? "image/jpeg" : null;
    if (actualType == null) {
      throw unsupported("the bytes are neither a PNG nor a JPEG image");
    }
    String declared = declaredType == null ? "" : declaredType.split(";")[0].trim().toLowerCase();
    if (!declared.equals(actualType)) {
      throw unsupported(
          "Content-Type " + declared + " does not match the bytes (" + actualType + ")");
    }
    try {
      NormalisedLogo logo = NormalisedLogo.of(bytes);
      return new LogoImage(logo.contentType(), logo.bytes());
    } catch (NormalisedLogo.UnusableImage unusable) {
      Problem problem =
          Problem.of(422, "unusable-image", "Unusable logo", "the body: " + unusable.getMessage());
      throw new Problem(
              problem.type(),
              problem.title(),
              problem.status(),
              problem.detail(),
              List.of(new Problem.FieldError("", unusable.getMessage())))
          .exception();
    }
  }

  private static RuntimeException unsupported(String detail) {
    return Problem.of(415, "unsupported-media-type", "Unsupported logo", detail).exception();
  }

  private static boolean startsWith(byte[] bytes, byte[] signature) {
    if (bytes.length < signature.length) {
      return false;
    }
    for (int i = 0; i < signature.length; i++) {
      if (bytes[i] != signature[i]) {
        return false;
      }
    }
    return true;
  }
}
