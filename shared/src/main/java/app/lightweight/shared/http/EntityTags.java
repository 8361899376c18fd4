package app.lightweight.shared.http;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Conditional requests (RFC 9110): {@code If-Match} for optimistic concurrency on writes and {@code
 * If-None-Match} for {@code 304 Not Modified} on reads. A resource's entity tag is a quoted string
 * such as {@code "7"} (a version) or {@code "3fa9…"} (a content hash).
 */
public final class EntityTags {
  private EntityTags() {}

  /** The strong entity tag of a version number: {@code "7"}. */
  public static String ofVersion(long version) {
    return "\"" + version + "\"";
  }

  /**
   * Whether an {@code If-None-Match} header names the tag: {@code *}, or a comma-separated list of
   * tags, compared weakly as RFC 9110 wants for it ({@code W/"7"} matches {@code "7"}); a bare
   * {@code 7} is read as {@code "7"}.
   */
  public static boolean matches(String header, String etag) {
    if (header == null) {
      return false;
    }
    String wanted = opaque(etag);
    for (String candidate : header.split(",")) {
      String tag = candidate.trim();
      if (tag.equals("*") || opaque(tag).equals(wanted)) {
        return true;
      }
    }
    return false;
  }

  /**
   * What an {@code If-Match} header asks for, or null when the request has none. RFC 9110: {@code
   * *} matches any current representation; a list matches when one of its members does; members
   * compare strongly, so a weak tag ({@code W/"7"}) never matches. A bare {@code 7} is read as
   * {@code "7"}.
   *
   * @throws ProblemException 400 when the header is not {@code *} or a list of entity tags
   */
  public static IfMatch ifMatch(String header) {
    if (header == null) {
      return null;
    }
    if (header.trim().equals("*")) {
      return new IfMatch(true, Set.of());
    }
    Set<Long> versions = new HashSet<>();
    for (String candidate : header.split(",")) {
      String tag = candidate.trim();
      if (STRONG.matcher(tag).matches() || BARE_VERSION.matcher(tag).matches()) {
        versionIn(opaque(tag)).ifPresent(versions::add);
      } else if (!WEAK.matcher(tag).matches()) {
        throw Problem.validation(
                "header If-Match", "must be * or ETags of the resource, e.g. \"3\"")
            .exception();
      }
    }
    return new IfMatch(false, Set.copyOf(versions));
  }

  private static final Pattern STRONG = Pattern.compile("\"[\\x21\\x23-\\x7e\\x80-\\xff]*\"");
  private static final Pattern WEAK = Pattern.compile("W/" + STRONG.pattern());
  private static final Pattern BARE_VERSION = Pattern.compile("[0-9]{1,18}");

  private static Optional<Long> versionIn(String opaque) {
    return BARE_VERSION.matcher(opaque).matches()
        ? Optional.of(Long.parseLong(opaque))
        : Optional.empty();
  }

  private static String opaque(String tag) {
    String value = tag.startsWith("W/") ? tag.substring(2) : tag;
    if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
      value = value.substring(1, value.length() - 1);
    }
    return value;
  }
}
