package app.lightweight.invoices.pdf;

import app.lightweight.invoices.Invoice;
import app.lightweight.invoices.InvoiceDraft;
import app.lightweight.invoices.InvoiceJson;
import app.lightweight.invoices.InvoiceStore;
import app.lightweight.invoices.Scopes;
import app.lightweight.invoices.customers.CustomerStore;
import app.lightweight.invoices.seller.BusinessProfiles;
import app.lightweight.invoices.settings.BusinessSettings;
import app.lightweight.invoices.settings.SettingsStore;
import app.lightweight.invoices.timeline.TimelineStore;
import app.lightweight.shared.auth.Tenant;
import app.lightweight.shared.http.ContentDisposition;
import app.lightweight.shared.http.EntityTags;
import app.lightweight.shared.http.Http;
import app.lightweight.shared.http.JsonBodies;
import app.lightweight.shared.http.Problem;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** PDFs of stored invoices, PDFs of invoices given in the body, and the public pay link. */
public final class PdfRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(PdfRoutes.class);
  private final InvoiceStore store;
  private final CustomerStore customers;
  private final SettingsStore settings;
  private final PdfContent content;
  private final PdfRenderer renderer;
  private final InvoiceJson json;
  private final JsonBodies bodies;
  private final TimelineStore timeline;

  public PdfRoutes(
      InvoiceStore store,
      CustomerStore customers,
      SettingsStore settings,
      BusinessProfiles profiles,
      PdfRenderer renderer,
      InvoiceJson json,
      JsonBodies bodies,
      TimelineStore timeline) {
    this.store = store;
    this.customers = customers;
    this.settings = settings;
    this.content = new PdfContent(profiles, store, json);
    this.renderer = renderer;
    this.json = json;
    this.bodies = bodies;
    this.timeline = timeline;
  }

  public void bind(RouterBuilder builder) {
    builder.getRoute("getInvoicePdf").addHandler(Scopes.READ).addHandler(this::pdf);
    bodies.route(builder, "renderInvoice", Scopes.WRITE).addHandler(this::render);
    builder.getRoute("getPublicInvoice").addHandler(this::publicInvoice);
    builder.getRoute("getPublicInvoicePdf").addHandler(this::publicPdf);
  }

  private void pdf(RoutingContext ctx) {
    store
        .get(Tenant.of(ctx), ctx.pathParam("invoiceId"))
        .compose(content::document)
        .onSuccess(document -> send(ctx, document))
        .onFailure(ctx::fail);
  }

  /** The pay page; its opening is on the invoice's timeline (once per quiet spell). */
  private void publicInvoice(RoutingContext ctx) {
    byPayToken(ctx.pathParam("token"))
        .compose(
            invoice ->
                timeline
                    .viewed(invoice.tenant(), invoice.id(), Instant.now())
                    .otherwise(
                        failure -> {
                          LOG.warn("view of {} not recorded: {}", invoice.id(), failure.toString());
                          return false;
                        })
                    .map(invoice))
        .onSuccess(invoice -> Http.json(ctx, 200, json.publicView(invoice)))
        .onFailure(ctx::fail);
  }

  private void publicPdf(RoutingContext ctx) {
    byPayToken(ctx.pathParam("token"))
        .compose(content::document)
        .onSuccess(document -> send(ctx, document))
        .onFailure(ctx::fail);
  }

  /**
   * Renders the invoice in the body. The customer may be a reference; the seller is the body's
   * {@code business}, else the caller's profile, else the settings; nothing is written.
   */
  private void render(RoutingContext ctx) {
    String tenant = Tenant.of(ctx);
    JsonObject body = JsonBodies.body(ctx);
    InvoiceDraft given = InvoiceDraft.fromJson(body);
    Future.all(settings.find(tenant), customers.resolve(tenant, given))
        .compose(
            found -> {
              BusinessSettings preferences = found.resultAt(0);
              InvoiceDraft draft = found.<InvoiceDraft>resultAt(1).withDefaults(preferences);
              return content
                  .business(tenant, given.business(), preferences.business())
                  .map(business -> PdfContent.document(draft, business, body.getString("number")));
            })
        .onSuccess(document -> send(ctx, document))
        .onFailure(ctx::fail);
  }

  private Future<Invoice> byPayToken(String token) {
    return store
        .findByPayToken(token)
        .map(
            found ->
                found.orElseThrow(
                    () -> Problem.notFound("no invoice behind this pay link").exception()));
  }

  /** The PDF with its ETag, or 304 when the client already has these bytes. */
  private void send(RoutingContext ctx, InvoiceDocument document) {
    PdfRenderer.Job job = PdfRenderer.Job.of(document);
    ctx.response().putHeader("ETag", job.etag()).putHeader("Cache-Control", "private, no-cache");
    if (EntityTags.matches(ctx.request().getHeader("If-None-Match"), job.etag())) {
      Http.notModified(ctx);
      return;
    }
    renderer
        .render(job)
        .onSuccess(
            pdf -> {
              ctx.response()
                  .putHeader("Content-Disposition", ContentDisposition.inline(filename(document)));
              Http.send(ctx, 200, "application/pdf", pdf.bytes());
            })
        .onFailure(ctx::fail);
  }

  private static String filename(InvoiceDocument document) {
    return (document.number() == null ? "draft-invoice" : document.number()) + ".pdf";
  }
}
