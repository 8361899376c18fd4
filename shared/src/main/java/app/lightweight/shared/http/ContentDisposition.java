package app.lightweight.shared.http;

import java.nio.charset.StandardCharsets;

/**
 * {@code Content-Disposition} with a file name as RFC 6266 has it: a plain {@code filename} that
 * every client reads (printable ASCII only, quotes and backslashes replaced) and {@code filename*}
 * with the exact name, UTF-8 and percent-encoded (RFC 8187). Whatever the name holds (a quote, CR,
 * LF, NUL), it can neither add a parameter nor break the header.
 */
public final class ContentDisposition {
  private ContentDisposition() {}

  public static String inline(String filename) {
    return "inline; filename=\""
        + asciiFallback(filename)
        + "\"; filename*=UTF-8''"
        + encoded(filename);
  }

  public static String attachment(String filename) {
    return "attachment; filename=\""
        + asciiFallback(filename)
        + "\"; filename*=UTF-8''"
        + encoded(filename);
  }

  static String asciiFallback(String filename) {
    StringBuilder plain = new StringBuilder(filename.length());
    filename
        .codePoints()
        .forEach(
            c -> plain.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' ? (char) c : '_'));
    return plain.toString();
  }

  /** RFC 8187 {@code value-chars}: attr-chars as they are, every other byte as {@code %XX}. */
  static String encoded(String filename) {
    StringBuilder encoded = new StringBuilder();
    for (byte b : filename.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (isAttrChar(c)) {
        encoded.append((char) c);
      } else {
        encoded.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
        encoded.append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return encoded.toString();
  }

  private static boolean isAttrChar(int c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || "!#$&+-.^_`|~".indexOf(c) >= 0;
  }
}
