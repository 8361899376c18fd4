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
 *
 * <p>{@code email.get} {@code {"tenant", "id"}} answers the message as {@code GET
 * /api/email/messages/{id}} shows it (status, recipients, timeline), for a service that missed its
 * events; fails 404 (no such message of that tenant), 400 (malformed), 503.
 */
public final class EmailBus {
  public static final String SEND = "email.send";
  public static final String GET = "email.get";
  public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

  private final Intake intake;
  private final MessageStore store;

  public EmailBus(Intake intake, MessageStore store) {
    this.intake = intake;
    this.store = store;
  }

  public void onGet(Message<JsonObject> message) {
    JsonObject body = message.body() == null ? new JsonObject() : message.body();
    if (!(body.getValue("tenant") instanceof String tenant)
        || tenant.isBlank()
        || !(body.getValue("id") instanceof String id)
        || id.isBlank()) {
      message.fail(400, "ask with the message's \"tenant\" and \"id\"");
      return;
    }
    store
        .find(tenant, id)
        .onSuccess(
            found -> {
              if (found == null) {
                message.fail(404, "no message " + id);
              } else {
                message.reply(found);
              }
            })
        .onFailure(failure -> message.fail(503, "email cannot look it up now: " + failure));
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
