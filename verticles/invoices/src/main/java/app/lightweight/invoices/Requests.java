package app.lightweight.invoices;

import app.lightweight.shared.auth.Caller;
import app.lightweight.shared.http.EntityTags;
import app.lightweight.shared.http.Problem;
import io.vertx.ext.web.RoutingContext;

/** What the routes read from a request besides its body. */
final class Requests {
  static final int DEFAULT_LIMIT = 20;

  private Requests() {}

  /** The business the request acts for: the subject of its access token. */
  static String tenant(RoutingContext ctx) {
    return Caller.of(ctx).subject();
  }

  /** {@code ?limit=}, already checked by the contract (1 to 100). */
  static int limit(RoutingContext ctx) {
    String limit = ctx.queryParams().get("limit");
    return limit == null ? DEFAULT_LIMIT : Integer.parseInt(limit);
  }

  /** The version named by {@code If-Match}, or null when the request has none. */
  static Long ifMatch(RoutingContext ctx) {
    return EntityTags.versionOf(ctx.request().getHeader("If-Match"));
  }

  /** The version named by {@code If-Match}; without one the answer is 428. */
  static long requiredIfMatch(RoutingContext ctx) {
    Long version = ifMatch(ctx);
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
