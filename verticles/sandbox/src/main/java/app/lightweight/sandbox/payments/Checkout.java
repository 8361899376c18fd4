package app.lightweight.sandbox.payments;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The hosted checkout: {@code GET /checkout/{id}} shows the card form, {@code POST} charges the
 * card and sends the browser (303) to {@code /checkout/{id}/outcome}, which links back to the
 * intent's return URL. No scripts, no external assets; one same-origin stylesheet.
 */
final class Checkout {

  private static final Pattern EXPIRY = Pattern.compile("(\\d{1,2})\\s*/?\\s*(\\d{2}|\\d{4})");
  private static final String CSP =
      "default-src 'none'; style-src 'self'; form-action 'self'; base-uri 'none';"
          + " frame-ancestors 'none'";

  private final PaymentIntents intents;

  Checkout(PaymentIntents intents) {
    this.intents = intents;
  }

  void mount(Router router) {
    router.route("/checkout/*").handler(Checkout::securityHeaders);
    router.route("/assets/*").handler(Checkout::securityHeaders);
    router.get("/assets/checkout.css").handler(this::stylesheet);
    router.get("/checkout/:id").handler(this::page);
    router
        .post("/checkout/:id")
        .handler(BodyHandler.create().setBodyLimit(16 * 1024))
        .handler(this::pay);
    router.get("/checkout/:id/outcome").handler(this::outcome);
  }

  private void page(RoutingContext ctx) {
    var intent = intents.find(ctx.pathParam("id")).orElse(null);
    if (intent == null) {
      html(ctx, 404, CheckoutHtml.notFound());
    } else if (intent.succeeded()) {
      seeOther(ctx, "/checkout/" + intent.id() + "/outcome");
    } else {
      html(ctx, 200, CheckoutHtml.form(intent, Map.of(), Map.of()));
    }
  }

  private void pay(RoutingContext ctx) {
    var intent = intents.find(ctx.pathParam("id")).orElse(null);
    if (intent == null) {
      html(ctx, 404, CheckoutHtml.notFound());
      return;
    }
    var form = ctx.request().formAttributes();
    var values = new LinkedHashMap<String, String>();
    for (var field : new String[] {"card_number", "expiry", "cvc", "name"}) {
      values.put(field, form.get(field) == null ? "" : form.get(field).trim());
    }
    var errors = errors(values);
    if (!errors.isEmpty()) {
      html(ctx, 422, CheckoutHtml.form(intent, values, errors));
      return;
    }
    intents.pay(intent.id(), TestCard.of(values.get("card_number")).orElseThrow());
    seeOther(ctx, "/checkout/" + intent.id() + "/outcome");
  }

  private void outcome(RoutingContext ctx) {
    var intent = intents.find(ctx.pathParam("id")).orElse(null);
    if (intent == null) {
      html(ctx, 404, CheckoutHtml.notFound());
    } else if (!intent.succeeded() && intent.lastPaymentError() == null) {
      seeOther(ctx, "/checkout/" + intent.id());
    } else {
      html(ctx, 200, CheckoutHtml.outcome(intent));
    }
  }

  private void stylesheet(RoutingContext ctx) {
    ctx.response()
        .putHeader("Content-Type", "text/css; charset=utf-8")
        .putHeader("Cache-Control", "public, max-age=3600")
        .end(CheckoutHtml.STYLESHEET);
  }

  /** Field name to message, in the form's order; empty when the card can be charged. */
  static Map<String, String> errors(Map<String, String> values) {
    var errors = new LinkedHashMap<String, String>();
    var number = values.get("card_number");
    if (number.isEmpty()) {
      errors.put("card_number", "Enter the card number.");
    } else if (!TestCard.isCardNumber(number)) {
      errors.put("card_number", "Your card number is invalid.");
    } else if (TestCard.of(number).isEmpty()) {
      errors.put("card_number", "This sandbox takes only the test cards listed on this page.");
    }
    var expiry = EXPIRY.matcher(values.get("expiry"));
    if (values.get("expiry").isEmpty()) {
      errors.put("expiry", "Enter the expiry date.");
    } else if (!expiry.matches() || !validMonth(expiry.group(1))) {
      errors.put("expiry", "Enter the expiry date as MM / YY.");
    } else if (expiryOf(expiry.group(1), expiry.group(2)).isBefore(YearMonth.now())) {
      errors.put("expiry", "Your card has expired.");
    }
    if (!values.get("cvc").matches("\\d{3,4}")) {
      errors.put("cvc", "Enter the 3 or 4 digit security code.");
    }
    return errors;
  }

  private static boolean validMonth(String month) {
    int value = Integer.parseInt(month);
    return value >= 1 && value <= 12;
  }

  private static YearMonth expiryOf(String month, String year) {
    int fullYear = Integer.parseInt(year) + (year.length() == 2 ? 2000 : 0);
    return YearMonth.of(fullYear, Integer.parseInt(month));
  }

  private static void securityHeaders(RoutingContext ctx) {
    ctx.response()
        .putHeader("Content-Security-Policy", CSP)
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Referrer-Policy", "no-referrer")
        .putHeader("Cache-Control", "no-store");
    ctx.next();
  }

  private static void html(RoutingContext ctx, int status, String page) {
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "text/html; charset=utf-8")
        .end(page);
  }

  private static void seeOther(RoutingContext ctx, String path) {
    ctx.response().setStatusCode(303).putHeader("Location", path).end();
  }
}
