package app.lightweight.sandbox.payments;

import io.vertx.core.json.JsonObject;

/**
 * Why the last card was refused, as Stripe's {@code last_payment_error}: {@code code} is {@code
 * card_declined} for every refusal and {@code decline_code} says why ({@code generic_decline},
 * {@code insufficient_funds}).
 */
public record PaymentError(String code, String declineCode, String message) {

  static final PaymentError DECLINED =
      new PaymentError("card_declined", "generic_decline", "Your card was declined.");
  static final PaymentError INSUFFICIENT_FUNDS =
      new PaymentError("card_declined", "insufficient_funds", "Your card has insufficient funds.");

  JsonObject toJson() {
    return new JsonObject()
        .put("type", "card_error")
        .put("code", code)
        .put("decline_code", declineCode)
        .put("message", message);
  }
}
