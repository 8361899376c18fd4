package app.lightweight.email;

import app.lightweight.shared.http.ProblemException;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

/**
 * {@code email.send} on the event bus, for other services: the HTTP body plus {@code tenant}. The
 * reply is {@code {"id", "status", "message_id"}} once the message is stored.
 */
public final class EmailBus {
  public static final String SEND = "email.send";

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
    JsonObject content = body.copy();
    content.remove("tenant");
    try {
      intake
          .accept(tenant, content)
          .onSuccess(message::reply)
          .onFailure(failure -> message.fail(503, "email cannot take it now: " + failure));
    } catch (ProblemException bad) {
      message.fail(bad.problem().status(), bad.problem().toJson().encode());
    }
  }
}
