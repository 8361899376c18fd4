package app.lightweight.invoices.sending;

import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The email service's events ({@code email.events} on the event bus, CloudEvents), matched to sends
 * by the metadata each send's email carries ({@code send_id}, {@code invoice_id}, {@code tenant}):
 * {@code email.sent}, {@code email.delivered}, {@code email.bounced} and {@code email.failed}
 * become {@code send.sent}, … on the invoice's timeline. The event's {@code subject} is the tenant
 * that sent the message, so only the invoice's own business's messages count; each event is
 * recorded once by its id (every instance of this service hears every event).
 */
public final class EmailEvents {
  public static final String ADDRESS = "email.events";
  private static final Logger LOG = LoggerFactory.getLogger(EmailEvents.class);
  private static final Map<String, String> STATUS =
      Map.of(
          "email.sent", "sent",
          "email.delivered", "delivered",
          "email.bounced", "bounced",
          "email.failed", "failed");

  private final SendStore sends;

  public EmailEvents(SendStore sends) {
    this.sends = sends;
  }

  public void on(Message<JsonObject> message) {
    JsonObject event = message.body();
    String status = event == null ? null : STATUS.get(event.getString("type"));
    if (status == null || !(event.getValue("data") instanceof JsonObject data)) {
      return;
    }
    JsonObject metadata =
        data.getValue("metadata") instanceof JsonObject meta ? meta : new JsonObject();
    String sendId = metadata.getValue("send_id") instanceof String id ? id : null;
    String tenant = event.getString("subject");
    if (sendId == null || tenant == null || !tenant.equals(metadata.getValue("tenant"))) {
      return;
    }
    sends
        .report(
            tenant,
            sendId,
            data.getValue("id") instanceof String id ? id : null,
            status,
            time(event.getValue("time")),
            recipient(data),
            detail(data),
            event.getString("id"))
        .onFailure(
            failure ->
                LOG.warn(
                    "{} of send {} not recorded: {}", event.getString("type"), sendId, failure));
  }

  private static Instant time(Object value) {
    if (value instanceof String text) {
      try {
        return Instant.parse(text);
      } catch (DateTimeParseException notATime) {
        // fall through: when it was heard
      }
    }
    return Instant.now();
  }

  private static String recipient(JsonObject data) {
    if (data.getValue("recipient") instanceof String one) {
      return one;
    }
    if (data.getValue("recipients") instanceof JsonArray all
        && all.size() == 1
        && all.getValue(0) instanceof String only) {
      return only;
    }
    return null;
  }

  private static String detail(JsonObject data) {
    Object detail = data.getValue("detail");
    if (detail == null) {
      detail = data.getValue("reason");
    }
    return detail instanceof String text ? text : null;
  }
}
