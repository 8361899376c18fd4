package app.lightweight.email;

import app.lightweight.shared.auth.BearerAuth;
import app.lightweight.shared.auth.Tenant;
import app.lightweight.shared.http.Http;
import app.lightweight.shared.http.Idempotency;
import app.lightweight.shared.http.JsonBodies;
import app.lightweight.shared.http.ListParameters;
import app.lightweight.shared.http.Page;
import app.lightweight.shared.http.Problem;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.OpenAPIRoute;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** HTTP: send, read and list messages. */
public final class EmailRoutes {
  private final Intake intake;
  private final MessageStore store;
  private final JsonBodies bodies;
  private final Idempotency idempotency;

  public EmailRoutes(
      Intake intake, MessageStore store, JsonBodies bodies, Idempotency idempotency) {
    this.intake = intake;
    this.store = store;
    this.bodies = bodies;
    this.idempotency = idempotency;
  }

  public void bind(RouterBuilder builder) {
    bodies
        .route(builder, "sendMessage", BearerAuth.requireScope("email:send"))
        .addHandler(idempotency.handler())
        .addHandler(this::send);
    builder
        .getRoute("getMessage")
        .addHandler(BearerAuth.requireScope("email:read"))
        .addHandler(this::get);
    OpenAPIRoute list = builder.getRoute("listMessages");
    ListParameters params = ListParameters.of(list.getOperation());
    list.addHandler(BearerAuth.requireScope("email:read")).addHandler(ctx -> list(ctx, params));
  }

  private void send(RoutingContext ctx) {
    intake
        .accept(Tenant.of(ctx), JsonBodies.body(ctx))
        .onSuccess(accepted -> Http.json(ctx, 202, accepted))
        .onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    store
        .find(Tenant.of(ctx), ctx.pathParam("id"))
        .onSuccess(
            message -> {
              if (message == null) {
                ctx.fail(Problem.notFound("no such message").exception());
              } else {
                Http.json(ctx, 200, message);
              }
            })
        .onFailure(ctx::fail);
  }

  private void list(RoutingContext ctx, ListParameters params) {
    int limit = params.limit(ctx);
    var query =
        new MessageStore.ListQuery(
            ctx.queryParams().get("status"),
            ctx.queryParams().get("tag"),
            ctx.queryParams().get("recipient"),
            time(ctx, "created_from"),
            time(ctx, "created_to"),
            params.after(ctx),
            limit + 1);
    store
        .list(Tenant.of(ctx), query)
        .onSuccess(
            rows ->
                Http.json(
                    ctx,
                    200,
                    Page.of(rows, limit, (JsonObject row) -> row.getString("id"))
                        .toJson(row -> row)))
        .onFailure(ctx::fail);
  }

  private static Instant time(RoutingContext ctx, String name) {
    String value = ctx.queryParams().get(name);
    if (value == null) {
      return null;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException notATime) {
      throw Problem.validation("/" + name, "is not an RFC 3339 time").exception();
    }
  }
}
