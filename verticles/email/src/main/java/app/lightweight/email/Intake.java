package app.lightweight.email;

import app.lightweight.shared.Ids;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** Takes a message in (HTTP or event bus): checked, given its ids, stored as {@code queued}. */
public final class Intake {
  private final MessageStore store;
  private final EmailConfig config;

  public Intake(MessageStore store, EmailConfig config) {
    this.store = store;
    this.config = config;
  }

  /**
   * @throws app.lightweight.shared.http.ProblemException (400, naming the field) for bad input
   */
  public Future<JsonObject> accept(String tenant, JsonObject body) {
    return accept(tenant, body, null);
  }

  /**
   * @param idempotencyKey the caller's id of this message (event bus {@code Idempotency-Key}): a
   *     second message with it answers the first, stored once; null for none
   * @throws app.lightweight.shared.http.ProblemException (400, naming the field) for bad input
   */
  public Future<JsonObject> accept(String tenant, JsonObject body, String idempotencyKey) {
    MessageRequest request = MessageRequest.parse(body, config.limits(), config.senderDomains());
    String id = Ids.next("msg");
    String messageId = id + "@" + request.content().from().domain();
    return store
        .accept(tenant, id, messageId, request.content(), request.attachments(), idempotencyKey)
        .map(
            stored ->
                new JsonObject()
                    .put("id", stored.id())
                    .put("status", stored.replayed() ? stored.status() : "queued")
                    .put("message_id", "<" + stored.messageId() + ">"));
  }
}
