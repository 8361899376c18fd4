package app.lightweight.sandbox.payments;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Stripe's PaymentIntents API, the part the product uses: {@code POST /v1/payment_intents} and
 * {@code GET /v1/payment_intents/{id}}, with secret-key auth, form-encoded (or JSON) bodies and
 * {@code Idempotency-Key}.
 */
final class PaymentApi {

  private static final Set<String> PARAMS =
      Set.of("amount", "currency", "description", "return_url");
  private static final Pattern METADATA = Pattern.compile("metadata\\[(.+)]");

  private final PaymentIntents intents;
  private final String secretKey;

  PaymentApi(PaymentIntents intents, String secretKey) {
    this.intents = intents;
    this.secretKey = secretKey;
  }

  void mount(Router router) {
    router.route("/v1/*").handler(this::authenticate);
    router
        .post("/v1/payment_intents")
        .handler(BodyHandler.create().setBodyLimit(64 * 1024))
        .handler(this::create);
    router.get("/v1/payment_intents/:id").handler(this::retrieve);
    router.route("/v1/*").handler(this::unknownUrl);
    router.route("/v1/*").failureHandler(this::failed);
  }

  private void authenticate(RoutingContext ctx) {
    var key = apiKey(ctx.request().getHeader("Authorization"));
    if (key == null) {
      throw new ApiError(
          401,
          "invalid_request_error",
          "api_key_missing",
          null,
          "You did not provide an API key. You need to provide your API key in the Authorization"
              + " header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').");
    }
    if (!MessageDigest.isEqual(
        key.getBytes(StandardCharsets.UTF_8), secretKey.getBytes(StandardCharsets.UTF_8))) {
      throw new ApiError(
          401,
          "invalid_request_error",
          "api_key_invalid",
          null,
          "Invalid API Key provided: " + masked(key));
    }
    ctx.next();
  }

  private void create(RoutingContext ctx) {
    var creation = intents.create(request(ctx), ctx.request().getHeader("Idempotency-Key"));
    if (creation.replayed()) {
      ctx.response().putHeader("Idempotent-Replayed", "true");
    }
    json(ctx, 200, creation.intent().toJson());
  }

  private void retrieve(RoutingContext ctx) {
    var id = ctx.pathParam("id");
    var intent =
        intents
            .find(id)
            .orElseThrow(
                () ->
                    new ApiError(
                        404,
                        "invalid_request_error",
                        "resource_missing",
                        "intent",
                        "No such payment_intent: '" + id + "'"));
    json(ctx, 200, intent.toJson());
  }

  private void unknownUrl(RoutingContext ctx) {
    throw new ApiError(
        404,
        "invalid_request_error",
        "resource_missing",
        null,
        "Unrecognized request URL (" + ctx.request().method() + ": " + ctx.request().path() + ").");
  }

  private void failed(RoutingContext ctx) {
    var error =
        ctx.failure() instanceof ApiError api
            ? api
            : new ApiError(
                ctx.statusCode() > 0 ? ctx.statusCode() : 500,
                "api_error",
                "api_error",
                null,
                String.valueOf(ctx.failure() == null ? "failed" : ctx.failure().getMessage()));
    json(ctx, error.status, error.toJson());
  }

  /** The create parameters, form-encoded ({@code metadata[key]=value}) as Stripe takes them. */
  private static IntentRequest request(RoutingContext ctx) {
    var contentType = String.valueOf(ctx.request().getHeader("Content-Type"));
    var params = new LinkedHashMap<String, String>();
    var metadata = new LinkedHashMap<String, String>();
    if (contentType.startsWith("application/json")) {
      readJson(ctx, params, metadata);
    } else {
      for (var entry : ctx.request().formAttributes()) {
        var name = entry.getKey();
        var key = METADATA.matcher(name);
        if (key.matches()) {
          metadata.put(key.group(1), entry.getValue());
        } else if (PARAMS.contains(name)) {
          params.put(name, entry.getValue());
        } else {
          throw unknown(name);
        }
      }
    }
    return new IntentRequest(
        amount(params.get("amount")),
        currency(params.get("currency")),
        metadata,
        params.get("description"),
        returnUrl(params.get("return_url")));
  }

  private static void readJson(
      RoutingContext ctx, Map<String, String> params, Map<String, String> metadata) {
    JsonObject body;
    try {
      body = ctx.body().asJsonObject();
    } catch (DecodeException | ClassCastException e) {
      throw ApiError.invalid("parameter_invalid", null, "The request body is not a JSON object.");
    }
    if (body == null) {
      return;
    }
    for (var entry : body) {
      if (entry.getKey().equals("metadata") && entry.getValue() instanceof JsonObject values) {
        values.forEach(value -> metadata.put(value.getKey(), String.valueOf(value.getValue())));
      } else if (PARAMS.contains(entry.getKey()) && entry.getValue() != null) {
        params.put(entry.getKey(), String.valueOf(entry.getValue()));
      } else if (!PARAMS.contains(entry.getKey())) {
        throw unknown(entry.getKey());
      }
    }
  }

  private static long amount(String value) {
    if (value == null || value.isBlank()) {
      throw missing("amount");
    }
    long amount;
    try {
      amount = Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw ApiError.invalid("parameter_invalid_integer", "amount", "Invalid integer: " + value);
    }
    if (amount < 1) {
      throw ApiError.invalid(
          "amount_too_small",
          "amount",
          "Amount must be at least 1 (in the currency's minor unit).");
    }
    return amount;
  }

  private static String currency(String value) {
    if (value == null || value.isBlank()) {
      throw missing("currency");
    }
    try {
      if (value.length() == 3) {
        return Currency.getInstance(value.toUpperCase()).getCurrencyCode().toLowerCase();
      }
    } catch (IllegalArgumentException e) {
      // answered below
    }
    throw ApiError.invalid("parameter_invalid", "currency", "Invalid currency: " + value);
  }

  /** An absolute http(s) URL or nothing: the checkout page links to it. */
  private static String returnUrl(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      var uri = new URI(value);
      if (uri.getHost() != null
          && ("http".equalsIgnoreCase(uri.getScheme())
              || "https".equalsIgnoreCase(uri.getScheme()))) {
        return value;
      }
    } catch (URISyntaxException e) {
      // answered below
    }
    throw ApiError.invalid("url_invalid", "return_url", "Not a valid URL: " + value);
  }

  private static ApiError missing(String param) {
    return ApiError.invalid("parameter_missing", param, "Missing required param: " + param + ".");
  }

  private static ApiError unknown(String param) {
    return ApiError.invalid("parameter_unknown", param, "Received unknown parameter: " + param);
  }

  /** {@code Bearer <key>}, or Basic with the key as user name, as Stripe accepts. */
  private static String apiKey(String authorization) {
    if (authorization == null) {
      return null;
    }
    if (authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return authorization.substring(7).trim();
    }
    if (authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      try {
        var decoded =
            new String(
                Base64.getDecoder().decode(authorization.substring(6).trim()),
                StandardCharsets.UTF_8);
        int colon = decoded.indexOf(':');
        return colon < 0 ? decoded : decoded.substring(0, colon);
      } catch (IllegalArgumentException e) {
        return "";
      }
    }
    return null;
  }

  private static String masked(String key) {
    int keep = Math.min(4, key.length());
    return "sk_****" + key.substring(key.length() - keep);
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .putHeader("Request-Id", Ids.next("req_"))
        .end(body.encodePrettily());
  }
}
