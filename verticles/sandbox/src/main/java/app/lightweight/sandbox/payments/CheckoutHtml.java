package app.lightweight.sandbox.payments;

import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Currency;
import java.util.Map;

/**
 * The checkout's pages: labelled fields with card autocomplete and a numeric keypad on phones,
 * errors tied to their fields and summarised at the top, a visible focus ring, no scripts.
 */
final class CheckoutHtml {

  static final String STYLESHEET =
      """
      *{box-sizing:border-box}
      body{margin:0;font:1rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;\
      color:#1b1f24;background:#f4f5f7}
      main{max-width:28rem;margin:0 auto;padding:1.5rem 1rem 3rem}
      .brand{margin:0 0 1rem;font-size:.875rem;color:#4a5361}
      h1{margin:0 0 .25rem;font-size:1.75rem;line-height:1.2}
      h2{font-size:1.125rem;margin:0 0 .5rem}
      .what{margin:0 0 1.5rem;color:#4a5361}
      form,.panel{background:#fff;border:1px solid #d0d5dd;border-radius:.5rem;padding:1.25rem}
      .field{margin:0 0 1rem}
      .row{display:flex;gap:1rem}.row .field{flex:1}
      label{display:block;font-weight:600;margin:0 0 .25rem}
      .hint{display:block;margin:0 0 .25rem;color:#4a5361;font-size:.875rem}
      input{width:100%;min-height:2.75rem;padding:.5rem .75rem;font:inherit;font-size:1.125rem;\
      border:2px solid #6b7280;border-radius:.375rem;background:#fff;color:inherit}
      .has-error input{border-color:#b42318}
      .error{margin:0 0 .25rem;color:#b42318;font-weight:600}
      .summary{border:3px solid #b42318;background:#fff;border-radius:.5rem;padding:1rem;margin:0 0 1.5rem}
      .summary ul{margin:0;padding-left:1.25rem}
      .summary a{color:#b42318}
      button,.button{display:inline-block;width:100%;min-height:2.75rem;padding:.625rem 1rem;font:inherit;\
      font-weight:600;font-size:1.125rem;text-align:center;text-decoration:none;color:#fff;\
      background:#1d4ed8;border:0;border-radius:.375rem;cursor:pointer}
      button:hover,.button:hover{background:#1e40af}
      a{color:#1d4ed8}
      .secondary{display:block;margin-top:1rem;text-align:center}
      :focus-visible{outline:3px solid #f59e0b;outline-offset:2px}
      input:focus-visible{outline:3px solid #f59e0b;outline-offset:0;border-color:#1b1f24}
      .cards{margin-top:1.5rem;font-size:.9375rem}
      .cards ul{padding-left:1.25rem}
      code{font-size:1rem;white-space:nowrap}
      .ok{color:#067647}.bad{color:#b42318}
      .visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);\
      white-space:nowrap}
      """;

  private CheckoutHtml() {}

  /** The card form, with the values typed and their errors when it is shown again. */
  static String form(PaymentIntent intent, Map<String, String> values, Map<String, String> errors) {
    var amount = amount(intent);
    var body = new StringBuilder();
    body.append("<h1>Pay ").append(amount).append("</h1>\n");
    body.append("<p class=\"what\">")
        .append(escape(intent.description() == null ? "Sandbox payment" : intent.description()))
        .append("</p>\n");
    if (intent.lastPaymentError() != null && errors.isEmpty()) {
      body.append("<p class=\"summary\" role=\"alert\">")
          .append(escape(intent.lastPaymentError().message()))
          .append(" Try another card.</p>\n");
    }
    if (!errors.isEmpty()) {
      body.append(
          "<div class=\"summary\" role=\"alert\" aria-labelledby=\"summary-title\">"
              + "<h2 id=\"summary-title\">There is a problem</h2><ul>");
      errors.forEach(
          (field, message) ->
              body.append("<li><a href=\"#")
                  .append(fieldId(field))
                  .append("\">")
                  .append(escape(message))
                  .append("</a></li>"));
      body.append("</ul></div>\n");
    }
    body.append("<form method=\"post\" action=\"/checkout/")
        .append(escape(intent.id()))
        .append("\" novalidate>\n");
    body.append(
        field(
            "card_number",
            "Card number",
            null,
            "autocomplete=\"cc-number\" inputmode=\"numeric\" maxlength=\"23\" required",
            values,
            errors));
    body.append("<div class=\"row\">\n");
    body.append(
        field(
            "expiry",
            "Expiry date",
            "MM / YY",
            "autocomplete=\"cc-exp\" inputmode=\"numeric\" maxlength=\"7\" required",
            values,
            errors));
    body.append(
        field(
            "cvc",
            "Security code",
            "3 or 4 digits",
            "autocomplete=\"cc-csc\" inputmode=\"numeric\" maxlength=\"4\" required",
            Map.of(),
            errors));
    body.append("</div>\n");
    body.append(
        field(
            "name",
            "Name on card (optional)",
            null,
            "autocomplete=\"cc-name\" autocapitalize=\"words\"",
            values,
            errors));
    body.append("<button type=\"submit\">Pay ").append(amount).append("</button>\n</form>\n");
    body.append(
        """
        <section class="cards" aria-labelledby="cards-title">
        <h2 id="cards-title">Test cards</h2>
        <ul>
        <li><code>4242 4242 4242 4242</code> succeeds</li>
        <li><code>4000 0000 0000 0002</code> is declined</li>
        <li><code>4000 0000 0000 9995</code> is declined for insufficient funds</li>
        </ul>
        <p>Use any future expiry date and any 3 digit security code.</p>
        </section>
        """);
    return page((errors.isEmpty() ? "" : "Error: ") + "Pay " + amount, body.toString());
  }

  /** After a card: paid (continue to the shop) or refused (try another card, or go back). */
  static String outcome(PaymentIntent intent) {
    var amount = amount(intent);
    var body = new StringBuilder();
    if (intent.succeeded()) {
      body.append("<div class=\"panel\">\n<h1 class=\"ok\">Payment received</h1>\n<p>")
          .append(amount)
          .append(" has been paid.</p>\n");
      if (intent.returnUrl() == null) {
        body.append("<p>You can close this page.</p>\n");
      } else {
        body.append("<a class=\"button\" autofocus href=\"")
            .append(escape(returnLink(intent, "succeeded")))
            .append("\">Continue</a>\n");
      }
      body.append("</div>\n");
      return page("Payment received", body.toString());
    }
    body.append("<div class=\"panel\">\n<h1 class=\"bad\">Payment declined</h1>\n")
        .append("<p role=\"alert\">")
        .append(escape(intent.lastPaymentError().message()))
        .append(" Nothing was charged.</p>\n")
        .append("<a class=\"button\" autofocus href=\"/checkout/")
        .append(escape(intent.id()))
        .append("\">Try another card</a>\n");
    if (intent.returnUrl() != null) {
      body.append("<a class=\"secondary\" href=\"")
          .append(escape(returnLink(intent, "failed")))
          .append("\">Cancel and go back</a>\n");
    }
    body.append("</div>\n");
    return page("Payment declined", body.toString());
  }

  static String notFound() {
    return page(
        "Payment not found",
        "<div class=\"panel\"><h1>Payment not found</h1>"
            + "<p>This checkout link is not known here. Start the payment again.</p></div>\n");
  }

  /** The return URL with Stripe's redirect parameters added. */
  static String returnLink(PaymentIntent intent, String redirectStatus) {
    var url = intent.returnUrl();
    var fragment = "";
    int hash = url.indexOf('#');
    if (hash >= 0) {
      fragment = url.substring(hash);
      url = url.substring(0, hash);
    }
    return url
        + (url.contains("?") ? "&" : "?")
        + "payment_intent="
        + encode(intent.id())
        + "&payment_intent_client_secret="
        + encode(intent.clientSecret())
        + "&redirect_status="
        + redirectStatus
        + fragment;
  }

  static String amount(PaymentIntent intent) {
    var code = intent.currency().toUpperCase();
    int digits = Math.max(0, Currency.getInstance(code).getDefaultFractionDigits());
    return code + " " + BigDecimal.valueOf(intent.amount(), digits).toPlainString();
  }

  private static String field(
      String name,
      String label,
      String hint,
      String attributes,
      Map<String, String> values,
      Map<String, String> errors) {
    var id = fieldId(name);
    var error = errors.get(name);
    var describedBy = new StringBuilder();
    var html =
        new StringBuilder("<div class=\"field" + (error == null ? "" : " has-error") + "\">");
    html.append("<label for=\"").append(id).append("\">").append(label).append("</label>");
    if (hint != null) {
      html.append("<span class=\"hint\" id=\"").append(id).append("-hint\">").append(hint);
      html.append("</span>");
      describedBy.append(id).append("-hint");
    }
    if (error != null) {
      html.append("<p class=\"error\" id=\"").append(id).append("-error\">");
      html.append("<span class=\"visually-hidden\">Error: </span>").append(escape(error));
      html.append("</p>");
      describedBy.append(describedBy.isEmpty() ? "" : " ").append(id).append("-error");
    }
    html.append("<input id=\"")
        .append(id)
        .append("\" name=\"")
        .append(name)
        .append("\" type=\"text\" ");
    html.append(attributes);
    html.append(" value=\"").append(escape(values.getOrDefault(name, ""))).append("\"");
    if (!describedBy.isEmpty()) {
      html.append(" aria-describedby=\"").append(describedBy).append("\"");
    }
    if (error != null) {
      html.append(" aria-invalid=\"true\"");
    }
    html.append("></div>\n");
    return html.toString();
  }

  private static String fieldId(String name) {
    return name.replace('_', '-');
  }

  private static String page(String title, String main) {
    return """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>%s · Sandbox checkout</title>
        <link rel="stylesheet" href="/assets/checkout.css">
        </head>
        <body>
        <main>
        <p class="brand">Lightweight sandbox payments (test mode)</p>
        %s</main>
        </body>
        </html>
        """
        .formatted(escape(title), main);
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  static String escape(String text) {
    var out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
