package app.lightweight.invoices.customers;

import app.lightweight.invoices.PartyDetails;
import app.lightweight.invoices.Scopes;
import app.lightweight.shared.auth.Tenant;
import app.lightweight.shared.http.Http;
import app.lightweight.shared.http.Idempotency;
import app.lightweight.shared.http.JsonBodies;
import app.lightweight.shared.http.ListParameters;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.OpenAPIRoute;
import io.vertx.ext.web.openapi.router.RouterBuilder;

/** HTTP operations on customers. */
public final class CustomerRoutes {
  private final CustomerStore store;
  private final Idempotency idempotency;
  private final JsonBodies bodies;

  public CustomerRoutes(CustomerStore store, Idempotency idempotency, JsonBodies bodies) {
    this.store = store;
    this.idempotency = idempotency;
    this.bodies = bodies;
  }

  public void bind(RouterBuilder builder) {
    OpenAPIRoute list = builder.getRoute("listCustomers");
    ListParameters params = ListParameters.of(list.getOperation());
    list.addHandler(Scopes.READ).addHandler(ctx -> list(ctx, params));
    bodies
        .route(builder, "createCustomer", Scopes.WRITE)
        .addHandler(idempotency.handler())
        .addHandler(this::create);
    builder.getRoute("getCustomer").addHandler(Scopes.READ).addHandler(this::get);
    bodies.route(builder, "replaceCustomer", Scopes.WRITE).addHandler(this::replace);
    builder.getRoute("deleteCustomer").addHandler(Scopes.WRITE).addHandler(this::delete);
  }

  private void list(RoutingContext ctx, ListParameters params) {
    store
        .list(Tenant.of(ctx), params.search(ctx), params.after(ctx), params.limit(ctx))
        .onSuccess(page -> Http.json(ctx, 200, page.toJson(Customer::toJson)))
        .onFailure(ctx::fail);
  }

  private void create(RoutingContext ctx) {
    store
        .create(Tenant.of(ctx), PartyDetails.fromRequest(JsonBodies.body(ctx), ""))
        .onSuccess(
            customer -> {
              ctx.response().putHeader("Location", "/api/invoices/customers/" + customer.id());
              Http.json(ctx, 201, customer.toJson());
            })
        .onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    store
        .get(Tenant.of(ctx), ctx.pathParam("customerId"))
        .onSuccess(customer -> Http.json(ctx, 200, customer.toJson()))
        .onFailure(ctx::fail);
  }

  private void replace(RoutingContext ctx) {
    store
        .replace(
            Tenant.of(ctx),
            ctx.pathParam("customerId"),
            PartyDetails.fromRequest(JsonBodies.body(ctx), ""))
        .onSuccess(customer -> Http.json(ctx, 200, customer.toJson()))
        .onFailure(ctx::fail);
  }

  private void delete(RoutingContext ctx) {
    store
        .delete(Tenant.of(ctx), ctx.pathParam("customerId"))
        .onSuccess(v -> Http.noContent(ctx))
        .onFailure(ctx::fail);
  }
}
