package app.lightweight.sandbox.payments;

import io.vertx.core.json.JsonObject;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A payment intent as the stand-in keeps it. {@link #toJson()} gives Stripe's shape; while it waits
 * for a card the customer is sent to {@code next_action.redirect_to_url.url} (the checkout page).
 *
 * @param returnUrl where the checkout sends the customer back, or {@code null}
 * @param lastPaymentError why the last card was refused, or {@code null}
 */
public record PaymentIntent(
    String id,
    long amount,
    String currency,
    String status,
    Map<String, String> metadata,
    String description,
    long created,
    String clientSecret,
    String checkoutUrl,
    String returnUrl,
    PaymentError lastPaymentError) {

  public static final String REQUIRES_PAYMENT_METHOD = "requires_payment_method";
  public static final String SUCCEEDED = "succeeded";

  public PaymentIntent {
    metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
  }

  public boolean succeeded() {
    return SUCCEEDED.equals(status);
  }

  PaymentIntent paid() {
    return with(SUCCEEDED, null);
  }

  PaymentIntent refused(PaymentError error) {
    return with(REQUIRES_PAYMENT_METHOD, error);
  }

  /** Stripe's PaymentIntent object. */
  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id)
        .put("object", "payment_intent")
        .put("amount", amount)
        .put("amount_received", succeeded() ? amount : 0)
        .put("currency", currency)
        .put("status", status)
        .put("metadata", new JsonObject(new LinkedHashMap<String, Object>(metadata)))
        .put("description", description)
        .put("created", created)
        .put("livemode", false)
        .put("client_secret", clientSecret)
        .put("payment_method_types", List.of("card"))
        .put("last_payment_error", lastPaymentError == null ? null : lastPaymentError.toJson())
        .put("next_action", succeeded() ? null : nextAction());
  }

  private JsonObject nextAction() {
    return new JsonObject()
        .put("type", "redirect_to_url")
        .put(
            "redirect_to_url",
            new JsonObject().put("url", checkoutUrl).put("return_url", returnUrl));
  }

  private PaymentIntent with(String newStatus, PaymentError error) {
    return new PaymentIntent(
        id,
        amount,
        currency,
        newStatus,
        metadata,
        description,
        created,
        clientSecret,
        checkoutUrl,
        returnUrl,
        error);
  }
}
