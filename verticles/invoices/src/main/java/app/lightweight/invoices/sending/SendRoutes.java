package app.lightweight.invoices.sending;

import app.lightweight.invoices.InvoiceJson;
import app.lightweight.invoices.InvoiceStore;
import app.lightweight.invoices.Scopes;
import app.lightweight.invoices.timeline.TimelineEntry;
import app.lightweight.invoices.timeline.TimelineStore;
import app.lightweight.shared.auth.Tenant;
import app.lightweight.shared.http.Http;
import app.lightweight.shared.http.Idempotency;
import app.lightweight.shared.http.IfMatch;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;

/** HTTP: sending an invoice to its customer, and what happened to it (its timeline). */
public final class SendRoutes {
  private final InvoiceStore invoices;
  private final TimelineStore timeline;
  private final InvoiceJson json;
  private final Idempotency idempotency;

  public SendRoutes(
      InvoiceStore invoices, TimelineStore timeline, InvoiceJson json, Idempotency idempotency) {
    this.invoices = invoices;
    this.timeline = timeline;
    this.json = json;
    this.idempotency = idempotency;
  }

  public void bind(RouterBuilder builder) {
    builder
        .getRoute("sendInvoice")
        .addHandler(Scopes.WRITE)
        .addHandler(idempotency.handler())
        .addHandler(this::send);
    builder.getRoute("getInvoiceTimeline").addHandler(Scopes.READ).addHandler(this::timeline);
  }

  /** 202: the send is queued; the email goes out when the email service has taken it. */
  private void send(RoutingContext ctx) {
    invoices
        .send(Tenant.of(ctx), ctx.pathParam("invoiceId"), IfMatch.of(ctx))
        .onSuccess(
            sending ->
                Http.json(
                    ctx, 202, sending.send().toJson().put("invoice", json.of(sending.invoice()))))
        .onFailure(ctx::fail);
  }

  private void timeline(RoutingContext ctx) {
    String tenant = Tenant.of(ctx);
    String id = ctx.pathParam("invoiceId");
    invoices
        .get(tenant, id)
        .compose(found -> timeline.list(tenant, id))
        .onSuccess(
            entries ->
                Http.json(
                    ctx,
                    200,
                    new JsonObject()
                        .put(
                            "items",
                            new JsonArray(entries.stream().map(TimelineEntry::toJson).toList()))))
        .onFailure(ctx::fail);
  }
}
