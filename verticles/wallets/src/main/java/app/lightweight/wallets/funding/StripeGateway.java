package app.lightweight.wallets.funding;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Stripe's PaymentIntents API (and the sandbox's stand-in for it): form-encoded requests with the
 * secret key, the checkout URL in {@code next_action.redirect_to_url.url}, and webhooks signed
 * {@code Stripe-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>}.
 */
public final class StripeGateway implements PaymentGateway {
  static final Duration TOLERANCE = Duration.ofSeconds(300);

  private final WebClient client;
  private final String apiBase;
  private final String secretKey;
  private final String webhookSecret;
  private final Clock clock;

  public StripeGateway(
      Vertx vertx, String apiBase, String secretKey, String webhookSecret, Clock clock) {
    this.client =
        WebClient.create(vertx, new WebClientOptions().setConnectTimeout(2_000).setIdleTimeout(10));
    this.apiBase = apiBase.endsWith("/") ? apiBase.substring(0, apiBase.length() - 1) : apiBase;
    this.secretKey = secretKey;
    this.webhookSecret = webhookSecret;
    this.clock = clock;
  }

  @Override
  public String name() {
    return "stripe";
  }

  @Override
  public Future<ProviderIntent> createIntent(
      String fundingId, long amount, String currency, String returnUrl) {
    String form =
        "amount="
            + amount
            + "&currency="
            + currency.toLowerCase(Locale.ROOT)
            + "&metadata[funding_id]="
            + encode(fundingId)
            + "&return_url="
            + encode(returnUrl)
            + "&description="
            + encode("Wallet funding " + fundingId);
    return client
        .postAbs(apiBase + "/v1/payment_intents")
        .bearerTokenAuthentication(secretKey)
        .putHeader("Content-Type", "application/x-www-form-urlencoded")
        .putHeader("Idempotency-Key", fundingId)
        .timeout(10_000)
        .sendBuffer(Buffer.buffer(form))
        .map(StripeGateway::intent);
  }

  @Override
  public Future<ProviderIntent> retrieve(String intentId) {
    return client
        .getAbs(apiBase + "/v1/payment_intents/" + encode(intentId))
        .bearerTokenAuthentication(secretKey)
        .timeout(10_000)
        .send()
        .map(StripeGateway::intent);
  }

  private static ProviderIntent intent(HttpResponse<Buffer> response) {
    if (response.statusCode() / 100 != 2) {
      throw new IllegalStateException(
          "payment provider answered " + response.statusCode() + ": " + response.bodyAsString());
    }
    return intent(response.bodyAsJsonObject());
  }

  static ProviderIntent intent(JsonObject intent) {
    String status = intent.getString("status", "");
    JsonObject error = intent.getJsonObject("last_payment_error");
    String outcome;
    if (status.equals("succeeded")) {
      outcome = "succeeded";
    } else if (status.equals("canceled")
        || (status.equals("requires_payment_method") && error != null)) {
      outcome = "failed";
    } else {
      outcome = "pending";
    }
    String reason = null;
    if (error != null) {
      reason = error.getString("decline_code", error.getString("code", error.getString("message")));
    } else if (status.equals("canceled")) {
      reason = "canceled";
    }
    JsonObject metadata = intent.getJsonObject("metadata", new JsonObject());
    JsonObject next = intent.getJsonObject("next_action");
    String checkout =
        next == null || next.getJsonObject("redirect_to_url") == null
            ? null
            : next.getJsonObject("redirect_to_url").getString("url");
    long amount =
        outcome.equals("succeeded")
            ? intent.getLong("amount_received", intent.getLong("amount", 0L))
            : intent.getLong("amount", 0L);
    return new ProviderIntent(
        intent.getString("id"),
        metadata.getString("funding_id"),
        amount,
        intent.getString("currency", "").toUpperCase(Locale.ROOT),
        outcome,
        reason,
        checkout);
  }

  @Override
  public WebhookEvent verify(MultiMap headers, Buffer rawBody) {
    String header = headers.get("Stripe-Signature");
    if (header == null) {
      throw new WebhookRejected("no Stripe-Signature header");
    }
    long timestamp = -1;
    String body = rawBody.toString(StandardCharsets.UTF_8);
    boolean matched = false;
    String[] parts = header.split(",");
    for (String part : parts) {
      if (part.startsWith("t=")) {
        try {
          timestamp = Long.parseLong(part.substring(2).trim());
        } catch (NumberFormatException bad) {
          throw new WebhookRejected("a malformed timestamp in Stripe-Signature");
        }
      }
    }
    if (timestamp < 0) {
      throw new WebhookRejected("no timestamp in Stripe-Signature");
    }
    byte[] expected = hmac(timestamp + "." + body);
    for (String part : parts) {
      if (part.startsWith("v1=")) {
        try {
          matched |= MessageDigest.isEqual(expected, HexFormat.of().parseHex(part.substring(3)));
        } catch (IllegalArgumentException notHex) {
          // not a signature of ours: another v1 may still match
        }
      }
    }
    if (!matched) {
      throw new WebhookRejected("the signature does not match the body");
    }
    long age = clock.instant().getEpochSecond() - timestamp;
    if (Math.abs(age) > TOLERANCE.toSeconds()) {
      throw new WebhookRejected("the signature is " + age + " s old (at most 300 s)");
    }
    JsonObject event;
    try {
      event = new JsonObject(body);
    } catch (DecodeException notJson) {
      throw new WebhookRejected("the body is not JSON");
    }
    String type = event.getString("type");
    JsonObject data = event.getJsonObject("data", new JsonObject());
    JsonObject object = data.getJsonObject("object");
    ProviderIntent intent =
        object != null && "payment_intent".equals(object.getString("object"))
            ? intent(object)
            : null;
    if (event.getString("id") == null || type == null) {
      throw new WebhookRejected("an event needs an id and a type");
    }
    return new WebhookEvent(event.getString("id"), type, intent);
  }

  private byte[] hmac(String payload) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(webhookSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
