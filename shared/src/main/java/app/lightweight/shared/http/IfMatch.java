package app.lightweight.shared.http;

import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/**
 * What a write's {@code If-Match} asks for, read against version tags ({@code "3"}): {@code *} (any
 * current version) or the versions it names. RFC 9110: members compare strongly, so a weak tag
 * never matches; see {@link EntityTags#ifMatch(String)}.
 */
public record IfMatch(boolean any, Set<Long> versions) {

  /** What the request's {@code If-Match} asks for, or null when it has none. */
  public static IfMatch of(RoutingContext ctx) {
    return EntityTags.ifMatch(ctx.request().getHeader("If-Match"));
  }

  /** What the request's {@code If-Match} asks for; without one the answer is 428. */
  public static IfMatch required(RoutingContext ctx) {
    IfMatch ifMatch = of(ctx);
    if (ifMatch == null) {
      throw Problem.of(
              428,
              "precondition-required",
              "Precondition required",
              "send If-Match with the ETag of the version you changed, e.g. If-Match: \"1\"")
          .exception();
    }
    return ifMatch;
  }

  public boolean matches(long version) {
    return any || versions.contains(version);
  }

  @Override
  public String toString() {
    return any ? "*" : versions.stream().sorted().map(EntityTags::ofVersion).toList().toString();
  }
}
