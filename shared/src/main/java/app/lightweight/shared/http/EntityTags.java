package app.lightweight.shared.http;

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
   * Whether an {@code If-Match} / {@code If-None-Match} header names the tag: {@code *}, or a
   * comma-separated list of tags; weak tags ({@code W/"7"}) compare by their opaque part, and a
   * bare {@code 7} is read as {@code "7"}.
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
   * The version an {@code If-Match} header asks for, or null when the header is absent.
   *
   * @throws ProblemException 400 when the header names no version
   */
  public static Long versionOf(String ifMatch) {
    if (ifMatch == null) {
      return null;
    }
    try {
      return Long.parseLong(opaque(ifMatch.trim()));
    } catch (NumberFormatException notAVersion) {
      throw Problem.validation("header If-Match", "must be the ETag of the resource, e.g. \"3\"")
          .exception();
    }
  }

  private static String opaque(String tag) {
    String value = tag.startsWith("W/") ? tag.substring(2) : tag;
    if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
      value = value.substring(1, value.length() - 1);
    }
    return value;
  }
}
