package app.lightweight.shared.http;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * The opaque {@code cursor} of a list: the sort key of the last item of the previous page (an id
 * such as {@code inv_01jd…}, which sorts by time), base64url-encoded behind a version tag so that
 * clients do not build cursors themselves and the format can change later.
 */
public final class Cursor {
  private static final String VERSION = "1:";
  private static final Pattern KEY = Pattern.compile("[a-z]{2,8}_[0-9a-z]{26}");

  private Cursor() {}

  public static String encode(String lastKey) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((VERSION + lastKey).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * @return the key after which the next page starts, or null for the first page
   * @throws ProblemException 400 naming the {@code cursor} parameter when it is not one of ours
   */
  public static String decode(String cursor) {
    if (cursor == null || cursor.isEmpty()) {
      return null;
    }
    try {
      String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      if (text.startsWith(VERSION) && KEY.matcher(text.substring(VERSION.length())).matches()) {
        return text.substring(VERSION.length());
      }
    } catch (IllegalArgumentException notBase64) {
      // answered below
    }
    throw Problem.validation("/cursor", "is not a cursor this API gave out").exception();
  }
}
