package app.lightweight.invoices.payments;

import app.lightweight.invoices.InvoiceJson;
import app.lightweight.invoices.PaidBy;
import app.lightweight.shared.auth.BearerAuth;
import app.lightweight.shared.auth.Caller;
import app.lightweight.shared.http.Http;
import app.lightweight.shared.http.Problem;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;

/** {@code POST /api/invoices/public/{token}/pay}: the pay link's payer pays from their wallet. */
public final class PaymentRoutes {
  /** Paying from one's wallet, as the wallets service names it. */
  static final String SCOPE = "wallets:pay";

  private final InvoicePayments payments;
  private final InvoiceJson json;

  public PaymentRoutes(InvoicePayments payments, InvoiceJson json) {
    this.payments = payments;
    this.json = json;
  }

  public void bind(RouterBuilder builder) {
    builder.getRoute("payInvoice").addHandler(BearerAuth.requireScope(SCOPE)).addHandler(this::pay);
  }

  private void pay(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    payments
        .pay(ctx.pathParam("token"), new PaidBy(caller.subject(), caller.name(), caller.email()))
        .onSuccess(paid -> Http.json(ctx, 200, json.publicView(paid)))
        .onFailure(failure -> refused(ctx, failure));
  }

  /** A refusal with members of its own (the shortfall) is answered here, the rest by the router. */
  private static void refused(RoutingContext ctx, Throwable failure) {
    if (failure instanceof PaymentRefused refused) {
      ctx.response()
          .setStatusCode(refused.status())
          .putHeader("Content-Type", Problem.MEDIA_TYPE)
          .end(refused.body().toBuffer());
      return;
    }
    ctx.fail(failure);
  }
}
