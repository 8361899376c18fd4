package app.lightweight.invoices;

import app.lightweight.shared.http.Cursor;
import app.lightweight.shared.http.Http;
import app.lightweight.shared.http.Idempotency;
import io.vertx.ext.web.RoutingContext;
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
    builder.getRoute("listCustomers").addHandler(Scopes.READ).addHandler(this::list);
    bodies
        .route(builder, "createCustomer", Scopes.WRITE)
        .addHandler(idempotency.handler())
        .addHandler(this::create);
    builder.getRoute("getCustomer").addHandler(Scopes.READ).addHandler(this::get);
    bodies.route(builder, "replaceCustomer", Scopes.WRITE).addHandler(this::replace);
    builder.getRoute("deleteCustomer").addHandler(Scopes.WRITE).addHandler(this::delete);
  }

  private void list(RoutingContext ctx) {
    store
        .list(
            Requests.tenant(ctx),
            Requests.search(ctx),
            Cursor.decode(ctx.queryParams().get("cursor")),
            Requests.limit(ctx))
        .onSuccess(page -> Http.json(ctx, 200, page.toJson(Customer::toJson)))
        .onFailure(ctx::fail);
  }

  private void create(RoutingContext ctx) {
    store
        .create(Requests.tenant(ctx), PartyDetails.fromRequest(Requests.body(ctx), ""))
        .onSuccess(
            customer -> {
              ctx.response().putHeader("Location", "/api/invoices/customers/" + customer.id());
              Http.json(ctx, 201, customer.toJson());
            })
        .onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    store
        .get(Requests.tenant(ctx), ctx.pathParam("customerId"))
        .onSuccess(customer -> Http.json(ctx, 200, customer.toJson()))
        .onFailure(ctx::fail);
  }

  private void replace(RoutingContext ctx) {
    store
        .replace(
            Requests.tenant(ctx),
            ctx.pathParam("customerId"),
            PartyDetails.fromRequest(Requests.body(ctx), ""))
        .onSuccess(customer -> Http.json(ctx, 200, customer.toJson()))
        .onFailure(ctx::fail);
  }

  private void delete(RoutingContext ctx) {
    store
        .delete(Requests.tenant(ctx), ctx.pathParam("customerId"))
        .onSuccess(v -> Http.noContent(ctx))
        .onFailure(ctx::fail);
  }
}
