package app.lightweight.wallets;

import app.lightweight.shared.Money;
import app.lightweight.shared.auth.BearerAuth;
import app.lightweight.shared.auth.Caller;
import app.lightweight.shared.auth.Tenant;
import app.lightweight.shared.http.Http;
import app.lightweight.shared.http.Idempotency;
import app.lightweight.shared.http.JsonBodies;
import app.lightweight.shared.http.ListParameters;
import app.lightweight.shared.http.Page;
import app.lightweight.shared.http.Problem;
import app.lightweight.wallets.funding.Fundings;
import app.lightweight.wallets.ledger.Account;
import app.lightweight.wallets.ledger.Balance;
import app.lightweight.wallets.ledger.LedgerStore;
import app.lightweight.wallets.ledger.Line;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.OpenAPIRoute;
import io.vertx.ext.web.openapi.router.RouterBuilder;

/** HTTP operations of the wallets service. */
public final class WalletRoutes {
  public static final String WEBHOOK_PATH = "/api/wallets/webhooks/payments";
  private static final String READ = "wallets:read";
  private static final String FUND = "wallets:fund";
  private static final String PAY = "wallets:pay";
  private static final int CSV_PAGE = 1_000;

  private final LedgerStore ledger;
  private final Payments payments;
  private final Fundings fundings;
  private final JsonBodies bodies;
  private final Idempotency idempotency;
  private final long maxAmount;

  public WalletRoutes(
      LedgerStore ledger,
      Payments payments,
      Fundings fundings,
      JsonBodies bodies,
      Idempotency idempotency,
      long maxAmount) {
    this.ledger = ledger;
    this.payments = payments;
    this.fundings = fundings;
    this.bodies = bodies;
    this.idempotency = idempotency;
    this.maxAmount = maxAmount;
  }

  public void bind(RouterBuilder builder) {
    builder
        .getRoute("listWallets")
        .addHandler(BearerAuth.requireScope(READ))
        .addHandler(this::listWallets);
    bodies
        .route(builder, "createFunding", BearerAuth.requireScope(FUND))
        .addHandler(idempotency.handler())
        .addHandler(this::createFunding);
    builder
        .getRoute("getFunding")
        .addHandler(BearerAuth.requireScope(READ))
        .addHandler(this::getFunding);
    // the signature is over the raw body: nothing may parse or change it first
    builder.getRoute("paymentWebhook").setDoValidation(false).addHandler(this::webhook);
    bodies
        .route(builder, "createPayment", BearerAuth.requireScope(PAY))
        .addHandler(this::createPayment);
    OpenAPIRoute transactions = builder.getRoute("listTransactions");
    ListParameters params = ListParameters.of(transactions.getOperation());
    transactions
        .addHandler(BearerAuth.requireScope(READ))
        .addHandler(ctx -> listTransactions(ctx, params));
  }

  private void listWallets(RoutingContext ctx) {
    ledger
        .balances(Tenant.of(ctx))
        .onSuccess(
            balances ->
                Http.json(
                    ctx,
                    200,
                    new JsonObject()
                        .put(
                            "data",
                            new JsonArray(balances.stream().map(Balance::toJson).toList()))))
        .onFailure(ctx::fail);
  }

  private void createFunding(RoutingContext ctx) {
    JsonObject body = JsonBodies.body(ctx);
    // the contract says only "integer": one beyond a long arrives as a BigInteger, whose
    // longValue() wraps (2^64 + 1 would be a funding of 1)
    long amount =
        body.getValue("amount") instanceof Integer || body.getValue("amount") instanceof Long
            ? body.getLong("amount")
            : Long.MAX_VALUE;
    String currency = body.getString("currency");
    if (!Money.Currencies.isKnown(currency)) {
      ctx.fail(Problem.validation("/currency", "must be an ISO 4217 code").exception());
      return;
    }
    if (amount > maxAmount) {
      ctx.fail(Refusal.tooLarge(maxAmount).problem().exception());
      return;
    }
    fundings
        .start(Tenant.of(ctx), amount, currency)
        .onSuccess(
            funding -> {
              ctx.response().putHeader("Location", "/api/wallets/fundings/" + funding.id());
              Http.json(ctx, 201, funding.toJson());
            })
        .onFailure(ctx::fail);
  }

  private void getFunding(RoutingContext ctx) {
    fundings
        .find(Tenant.of(ctx), ctx.pathParam("fundingId"))
        .onSuccess(
            found -> {
              if (found.isEmpty()) {
                ctx.fail(Problem.notFound("no such funding").exception());
              } else {
                Http.json(ctx, 200, found.get().toJson());
              }
            })
        .onFailure(ctx::fail);
  }

  private void webhook(RoutingContext ctx) {
    fundings
        .onWebhook(ctx.request().headers(), ctx.body().buffer())
        .onSuccess(
            outcome ->
                Http.json(ctx, 200, new JsonObject().put("received", true).put("outcome", outcome)))
        .onFailure(ctx::fail);
  }

  private void createPayment(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    JsonObject body = JsonBodies.body(ctx).copy().put("payer", caller.subject());
    if (!body.containsKey("payer_name")) {
      body.put("payer_name", caller.name());
    }
    payments
        .pay(Payment.fromJson(body))
        .onSuccess(
            accepted ->
                Http.json(ctx, accepted.replayed() ? 200 : 201, Payment.json(accepted.transfers())))
        .onFailure(failure -> refused(ctx, failure));
  }

  private void listTransactions(RoutingContext ctx, ListParameters params) {
    String currency = ctx.pathParam("currency");
    if (!Money.Currencies.isKnown(currency)) {
      ctx.fail(Problem.validation("/currency", "must be an ISO 4217 code").exception());
      return;
    }
    Account wallet = Account.wallet(Tenant.of(ctx), currency);
    String accept = ctx.request().getHeader("Accept");
    if (accept != null && accept.contains("text/csv")) {
      HttpServerResponse response =
          ctx.response()
              .setChunked(true)
              .putHeader("Content-Type", "text/csv; charset=utf-8")
              .putHeader(
                  "Content-Disposition",
                  "attachment; filename=\"wallet-" + currency + "-transactions.csv\"");
      response.write(TransactionsCsv.HEADER);
      csvPages(response, wallet, null).onSuccess(v -> response.end()).onFailure(ctx::fail);
      return;
    }
    String after = params.after(ctx);
    Long before;
    try {
      before = after == null ? null : Long.parseLong(after.substring("ent_".length()), 36);
    } catch (NumberFormatException notOurs) {
      ctx.fail(Problem.validation("/cursor", "not a cursor of this list").exception());
      return;
    }
    int limit = params.limit(ctx);
    ledger
        .history(wallet, before, limit + 1)
        .onSuccess(
            lines ->
                Http.json(
                    ctx, 200, Page.of(lines, limit, WalletRoutes::cursorKey).toJson(Line::toJson)))
        .onFailure(ctx::fail);
  }

  /** The shared cursor carries ids like {@code ent_0000…2s}: the entry's seq in base 36. */
  private static String cursorKey(Line line) {
    String digits = Long.toString(line.seq(), 36);
    return "ent_" + "0".repeat(26 - digits.length()) + digits;
  }

  private Future<Void> csvPages(HttpServerResponse response, Account wallet, Long before) {
    return ledger
        .history(wallet, before, CSV_PAGE)
        .compose(
            lines -> {
              response.write(TransactionsCsv.lines(lines));
              if (lines.size() < CSV_PAGE) {
                return Future.succeededFuture();
              }
              return csvPages(response, wallet, lines.get(lines.size() - 1).seq());
            });
  }

  /** A refusal is a problem+json with its own members (the {@code shortfall}). */
  private static void refused(RoutingContext ctx, Throwable failure) {
    if (failure instanceof Refusal.Refused refused) {
      Refusal refusal = refused.refusal();
      ctx.response()
          .setStatusCode(refusal.status())
          .putHeader("Content-Type", Problem.MEDIA_TYPE)
          .end(refusal.problemJson().toBuffer());
      return;
    }
    ctx.fail(failure);
  }
}
