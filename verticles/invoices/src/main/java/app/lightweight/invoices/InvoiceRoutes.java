package app.lightweight.invoices;

import app.lightweight.invoices.customers.CustomerStore;
import app.lightweight.invoices.seller.BusinessProfiles;
import app.lightweight.shared.Text;
import app.lightweight.shared.auth.Tenant;
import app.lightweight.shared.http.EntityTags;
import app.lightweight.shared.http.Http;
import app.lightweight.shared.http.Idempotency;
import app.lightweight.shared.http.IfMatch;
import app.lightweight.shared.http.JsonBodies;
import app.lightweight.shared.http.ListParameters;
import app.lightweight.shared.http.Problem;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.OpenAPIRoute;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/** HTTP operations on invoices: writing drafts, the lifecycle and lists. */
public final class InvoiceRoutes {
  private final InvoiceStore store;
  private final CustomerStore customers;
  private final BusinessProfiles profiles;
  private final InvoiceJson json;
  private final Idempotency idempotency;
  private final JsonBodies bodies;

  public InvoiceRoutes(
      InvoiceStore store,
      CustomerStore customers,
      BusinessProfiles profiles,
      InvoiceJson json,
      Idempotency idempotency,
      JsonBodies bodies) {
    this.store = store;
    this.customers = customers;
    this.profiles = profiles;
    this.json = json;
    this.idempotency = idempotency;
    this.bodies = bodies;
  }

  public void bind(RouterBuilder builder) {
    OpenAPIRoute list = builder.getRoute("listInvoices");
    ListParameters params = ListParameters.of(list.getOperation());
    list.addHandler(Scopes.READ).addHandler(ctx -> list(ctx, params));
    builder.getRoute("getInvoice").addHandler(Scopes.READ).addHandler(this::get);
    bodies.route(builder, "updateInvoice", Scopes.WRITE).addHandler(this::update);
    builder.getRoute("deleteInvoice").addHandler(Scopes.WRITE).addHandler(this::delete);
    bodies
        .route(builder, "createInvoice", Scopes.WRITE)
        .addHandler(idempotency.handler())
        .addHandler(this::create);
    writing(builder, "issueInvoice").addHandler(this::issue);
    writing(builder, "voidInvoice").addHandler(ctx -> move(ctx, Lifecycle.Move.VOID));
    bodies
        .route(builder, "markInvoicePaid", Scopes.WRITE)
        .addHandler(idempotency.handler())
        .addHandler(this::markPaid);
  }

  /** A POST that changes something: scope, then Idempotency-Key. */
  private OpenAPIRoute writing(RouterBuilder builder, String operation) {
    return builder.getRoute(operation).addHandler(Scopes.WRITE).addHandler(idempotency.handler());
  }

  private void create(RoutingContext ctx) {
    String tenant = Tenant.of(ctx);
    customers
        .resolve(tenant, InvoiceDraft.fromJson(JsonBodies.body(ctx)))
        .compose(draft -> store.create(tenant, draft))
        .onSuccess(
            invoice -> {
              ctx.response().putHeader("Location", "/api/invoices/" + invoice.id());
              answer(ctx, 201, invoice);
            })
        .onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    store
        .get(Tenant.of(ctx), ctx.pathParam("invoiceId"))
        .onSuccess(invoice -> answer(ctx, 200, invoice))
        .onFailure(ctx::fail);
  }

  private void update(RoutingContext ctx) {
    String tenant = Tenant.of(ctx);
    String id = ctx.pathParam("invoiceId");
    IfMatch version = IfMatch.required(ctx);
    JsonObject patch = JsonBodies.body(ctx);
    store
        .get(tenant, id)
        .map(current -> Lifecycle.editable(current, "edit"))
        .map(current -> InvoiceDraft.of(current).patchedWith(patch))
        .compose(draft -> customers.resolve(tenant, draft))
        .compose(draft -> store.updateDraft(tenant, id, version, draft))
        .onSuccess(invoice -> answer(ctx, 200, invoice))
        .onFailure(ctx::fail);
  }

  private void delete(RoutingContext ctx) {
    store
        .deleteDraft(Tenant.of(ctx), ctx.pathParam("invoiceId"), IfMatch.of(ctx))
        .onSuccess(deleted -> Http.noContent(ctx))
        .onFailure(ctx::fail);
  }

  private void issue(RoutingContext ctx) {
    String tenant = Tenant.of(ctx);
    IfMatch version = IfMatch.of(ctx);
    profiles
        .find(tenant)
        .compose(
            profile ->
                store.issue(tenant, ctx.pathParam("invoiceId"), version, profile.orElse(null)))
        .onSuccess(invoice -> answer(ctx, 200, invoice))
        .onFailure(ctx::fail);
  }

  private void move(RoutingContext ctx, Lifecycle.Move move) {
    store
        .move(Tenant.of(ctx), ctx.pathParam("invoiceId"), IfMatch.of(ctx), move)
        .onSuccess(invoice -> answer(ctx, 200, invoice))
        .onFailure(ctx::fail);
  }

  private void markPaid(RoutingContext ctx) {
    String reference =
        Text.requireVisible(JsonBodies.body(ctx).getString("reference"), "/reference");
    store
        .markPaid(Tenant.of(ctx), ctx.pathParam("invoiceId"), IfMatch.of(ctx), reference)
        .onSuccess(invoice -> answer(ctx, 200, invoice))
        .onFailure(ctx::fail);
  }

  private void list(RoutingContext ctx, ListParameters params) {
    store
        .list(Tenant.of(ctx), query(ctx, params), json.today())
        .onSuccess(page -> Http.json(ctx, 200, page.toJson(json::of)))
        .onFailure(ctx::fail);
  }

  private InvoiceQuery query(RoutingContext ctx, ListParameters list) {
    MultiMap params = ctx.queryParams();
    String status = params.get("status");
    String overdue = params.get("overdue");
    return new InvoiceQuery(
        status == null ? null : InvoiceStatus.fromJson(status),
        params.get("customer_id"),
        overdue == null ? null : Boolean.valueOf(overdue),
        date(params, "issue_date_from"),
        date(params, "issue_date_to"),
        list.search(ctx),
        list.after(ctx),
        list.limit(ctx));
  }

  private static LocalDate date(MultiMap params, String name) {
    String text = params.get(name);
    if (text == null) {
      return null;
    }
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException notADate) {
      throw Problem.validation("/" + name, "is not a calendar date (YYYY-MM-DD)").exception();
    }
  }

  private void answer(RoutingContext ctx, int status, Invoice invoice) {
    ctx.response().putHeader("ETag", EntityTags.ofVersion(invoice.version()));
    Http.json(ctx, status, json.of(invoice));
  }
}
