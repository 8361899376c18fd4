package app.lightweight.gateway.auth;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

/**
 * Where the browser goes after sign-in: only a path of this origin, so a link such as {@code
 * /auth/login?return_to=//evil.example} can never send a signed-in user elsewhere.
 */
public final class ReturnTo {
  public static final String HOME = "/";
  private static final int MAX_LENGTH = 2_048;

  private ReturnTo() {}

  /**
   * @return the path when it is a same-origin relative path ({@code /invoices?status=draft}); empty
   *     for anything with a scheme, an authority ({@code //host}), a backslash (browsers read
   *     {@code /\host} as {@code //host}) or a control character
   */
  public static Optional<String> of(String given) {
    if (given == null || given.isEmpty()) {
      return Optional.of(HOME);
    }
    if (given.length() > MAX_LENGTH
        || !given.startsWith("/")
        || given.startsWith("//")
        || given.indexOf('\\') >= 0
        || given.chars().anyMatch(c -> c < 0x21 || c == 0x7f)) {
      return Optional.empty();
    }
    try {
      URI uri = new URI(given);
      if (uri.getScheme() != null || uri.getRawAuthority() != null) {
        return Optional.empty();
      }
    } catch (URISyntaxException invalid) {
      return Optional.empty();
    }
    return Optional.of(given);
  }
}
