package app.lightweight.shared.auth;

import io.vertx.ext.web.RoutingContext;

/** The business (or user) a request acts for: the subject of its access token. */
public final class Tenant {
  private Tenant() {}

  public static String of(RoutingContext ctx) {
    return Caller.of(ctx).subject();
  }
}
