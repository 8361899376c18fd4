package app.lightweight.invoices.timeline;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * One thing that happened to an invoice, as {@code GET /api/invoices/{id}/timeline} lists it:
 * {@code {"type", "at", ...details}}, e.g. {@code {"type": "send.delivered", "at":
 * "2026-03-01T10:00:00Z", "send_id": "snd_…", "kind": "invoice", "recipient": "ada@example.ng"}}.
 *
 * @param type {@code invoice.created}, {@code invoice.issued}, {@code send.queued}, {@code
 *     send.sent}, {@code send.delivered}, {@code send.bounced}, {@code send.failed}, {@code
 *     invoice.viewed}, {@code invoice.paid}, {@code invoice.voided}
 * @param sendId the send it is about, for {@code send.*}; else null
 * @param details what else is known: {@code kind}, {@code recipient}, {@code detail} of a send;
 *     {@code number} of an issue; {@code amount} and {@code reference} of a payment
 */
public record TimelineEntry(String type, Instant at, String sendId, JsonObject details) {

  public static final String CREATED = "invoice.created";
  public static final String ISSUED = "invoice.issued";
  public static final String VIEWED = "invoice.viewed";
  public static final String PAID = "invoice.paid";
  public static final String VOIDED = "invoice.voided";

  /** {@code send.queued}, {@code send.sent}, … for a send's status. */
  public static String ofSend(String status) {
    return "send." + status;
  }

  public TimelineEntry {
    details = details == null ? new JsonObject() : details;
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("type", type).put("at", at.toString());
    if (sendId != null) {
      json.put("send_id", sendId);
    }
    details.forEach(
        member -> {
          if (member.getValue() != null) {
            json.put(member.getKey(), member.getValue());
          }
        });
    return json;
  }
}
