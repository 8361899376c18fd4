package app.lightweight.email;

import app.lightweight.shared.http.ProblemException;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

/**
 * {@code email.send} on the event bus, for other services: the HTTP body plus {@code tenant}. The
 * reply is {@code {"id", "status", "message_id"}} once the message is stored. A message with the
 * header {@code Idempotency-Key} (1 to 255 characters, per tenant) is stored once: asking again
 * with the key (after a lost reply, say) answers the stored message and sends nothing new. Failure
 * codes: 400 (the body or the key is wrong; a problem JSON in the message), 503 (cannot store it
 * now; ask again).
 */
public final class EmailBus {
  public static final String SEND = "email.send";
  public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

  private final Intake intake;

  public EmailBus(Intake intake) {
    this.intake = intake;
  }

  public void onSend(Message<JsonObject> message) {
    JsonObject body = message.body();
    String tenant = body == null ? null : body.getString("tenant");
    if (tenant == null || tenant.isBlank()) {
      message.fail(400, "send the message with its \"tenant\"");
      return;
    }
    String key = message.headers().get(IDEMPOTENCY_KEY);
    if (key != null && (key.isBlank() || key.length() > 255)) {
      message.fail(400, "the header " + IDEMPOTENCY_KEY + " must be 1 to 255 characters");
      return;
    }
    JsonObject content = body.copy();
    content.remove("tenant");
    try {
      intake
          .accept(tenant, content, key)
          .onSuccess(message::reply)
          .onFailure(failure -> message.fail(503, "email cannot take it now: " + failure));
    } catch (ProblemException bad) {
      message.fail(bad.problem().status(), bad.problem().toJson().encode());
    }
  }
}
