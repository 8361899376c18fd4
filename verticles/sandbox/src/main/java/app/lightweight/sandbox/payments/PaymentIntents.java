package app.lightweight.sandbox.payments;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The intents and what a card does to them. An outcome changes the intent and emits its event under
 * one lock, so events leave in the order the intents changed.
 */
final class PaymentIntents {

  private final Webhooks webhooks;
  private final Map<String, PaymentIntent> byId = new HashMap<>();
  private final Map<String, Keyed> byIdempotencyKey = new HashMap<>();
  private volatile String checkoutBase;

  /** The request first made with an idempotency key and the intent it created then. */
  private record Keyed(IntentRequest request, PaymentIntent created) {}

  /** A created (or, for a repeated idempotency key, the first created) intent. */
  record Creation(PaymentIntent intent, boolean replayed) {}

  PaymentIntents(Webhooks webhooks) {
    this.webhooks = webhooks;
  }

  void checkoutBase(String base) {
    this.checkoutBase = base;
  }

  /**
   * A new intent, or with an idempotency key seen before and the same request, the intent as that
   * first call answered it (Stripe replays the saved response).
   */
  synchronized Creation create(IntentRequest request, String idempotencyKey) {
    if (idempotencyKey != null && byIdempotencyKey.containsKey(idempotencyKey)) {
      var first = byIdempotencyKey.get(idempotencyKey);
      if (!first.request().equals(request)) {
        throw new ApiError(
            400,
            "idempotency_error",
            "idempotency_key_reused",
            null,
            "Keys for idempotent requests can only be used with the same parameters they were"
                + " first used with. Try using a key other than '"
                + idempotencyKey
                + "' if you meant to execute a different request.");
      }
      return new Creation(first.created(), true);
    }
    var id = Ids.next("pi_");
    var intent =
        new PaymentIntent(
            id,
            request.amount(),
            request.currency(),
            PaymentIntent.REQUIRES_PAYMENT_METHOD,
            request.metadata(),
            request.description(),
            System.currentTimeMillis() / 1000,
            id + "_secret_" + Ids.next(""),
            checkoutBase + "/checkout/" + id,
            request.returnUrl(),
            null);
    byId.put(id, intent);
    if (idempotencyKey != null) {
      byIdempotencyKey.put(idempotencyKey, new Keyed(request, intent));
    }
    return new Creation(intent, false);
  }

  synchronized Optional<PaymentIntent> find(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  synchronized List<PaymentIntent> all() {
    return List.copyOf(byId.values());
  }

  /**
   * Charges the card: {@code payment_intent.succeeded} or {@code payment_intent.payment_failed}. A
   * succeeded intent stays as it is and emits nothing.
   */
  synchronized Optional<PaymentIntent> pay(String id, TestCard card) {
    var intent = byId.get(id);
    if (intent == null || intent.succeeded()) {
      return Optional.ofNullable(intent);
    }
    var outcome = card.error == null ? intent.paid() : intent.refused(card.error);
    byId.put(id, outcome);
    webhooks.emit(
        WebhookEvent.of(
            outcome.succeeded() ? WebhookEvent.SUCCEEDED : WebhookEvent.PAYMENT_FAILED, outcome));
    return Optional.of(outcome);
  }

  synchronized void reset() {
    byId.clear();
    byIdempotencyKey.clear();
  }
}
