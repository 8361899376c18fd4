package app.lightweight.invoices.settings;

import app.lightweight.invoices.Scopes;
import app.lightweight.shared.auth.Tenant;
import app.lightweight.shared.http.Http;
import app.lightweight.shared.http.JsonBodies;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;

/** HTTP operations on a business's invoicing settings. */
public final class SettingsRoutes {
  private final SettingsStore store;
  private final JsonBodies bodies;

  public SettingsRoutes(SettingsStore store, JsonBodies bodies) {
    this.store = store;
    this.bodies = bodies;
  }

  public void bind(RouterBuilder builder) {
    builder.getRoute("getSettings").addHandler(Scopes.READ).addHandler(this::get);
    bodies.route(builder, "putSettings", Scopes.WRITE).addHandler(this::put);
  }

  private void get(RoutingContext ctx) {
    store
        .find(Tenant.of(ctx))
        .onSuccess(settings -> Http.json(ctx, 200, settings.toJson()))
        .onFailure(ctx::fail);
  }

  private void put(RoutingContext ctx) {
    store
        .put(Tenant.of(ctx), BusinessSettings.fromRequest(JsonBodies.body(ctx)))
        .onSuccess(settings -> Http.json(ctx, 200, settings.toJson()))
        .onFailure(ctx::fail);
  }
}
