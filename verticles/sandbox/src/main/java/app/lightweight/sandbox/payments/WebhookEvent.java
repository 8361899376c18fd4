package app.lightweight.sandbox.payments;

import io.vertx.core.json.JsonObject;

/**
 * One event as Stripe sends it: {@code body} is the exact JSON posted (and signed), {@code
 * {"id":"evt_...","object":"event","type":...,"created":...,"data":{"object":<the intent>}}}.
 */
public record WebhookEvent(String id, String type, String intentId, long created, String body) {

  public static final String SUCCEEDED = "payment_intent.succeeded";
  public static final String PAYMENT_FAILED = "payment_intent.payment_failed";

  static WebhookEvent of(String type, PaymentIntent intent) {
    var id = Ids.next("evt_");
    long created = System.currentTimeMillis() / 1000;
    var body =
        new JsonObject()
            .put("id", id)
            .put("object", "event")
            .put("api_version", "2024-06-20")
            .put("created", created)
            .put("livemode", false)
            .put("pending_webhooks", 1)
            .put("request", new JsonObject().putNull("id").putNull("idempotency_key"))
            .put("type", type)
            .put("data", new JsonObject().put("object", intent.toJson()));
    return new WebhookEvent(id, type, intent.id(), created, body.encode());
  }

  public JsonObject json() {
    return new JsonObject(body);
  }
}
