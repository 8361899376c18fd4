package app.lightweight.invoices;

import app.lightweight.shared.auth.BearerAuth;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** The scopes of the invoices API: reading and changing. */
public final class Scopes {
  public static final Handler<RoutingContext> READ = BearerAuth.requireScope("invoices:read");
  public static final Handler<RoutingContext> WRITE = BearerAuth.requireScope("invoices:write");

  private Scopes() {}
}
