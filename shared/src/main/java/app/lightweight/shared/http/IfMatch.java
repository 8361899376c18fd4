package app.lightweight.shared.http;

import io.vertx.ext.web.RoutingContext;

/** The version a write was made against, named by {@code If-Match} (an ETag such as "3"). */
public final class IfMatch {
  private IfMatch() {}

  /** The version named by {@code If-Match}, or null when the request has none. */
  public static Long version(RoutingContext ctx) {
    return EntityTags.versionOf(ctx.request().getHeader("If-Match"));
  }

  /** The version named by {@code If-Match}; without one the answer is 428. */
  public static long required(RoutingContext ctx) {
    Long version = version(ctx);
    if (version == null) {
      throw Problem.of(
              428,
              "precondition-required",
              "Precondition required",
              "send If-Match with the ETag of the version you changed, e.g. If-Match: \"1\"")
          .exception();
    }
    return version;
  }
}
