package app.lightweight.invoices.sending;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * An email the invoices service asked for ({@code snd_…}). Its id is the email message's {@code
 * Idempotency-Key}, so it is stored by the email service once however often it is handed over.
 *
 * @param recipient the address; null for a paid notice until the business's address is known, and
 *     for a receipt whose payer's token had no email until their profile's is
 * @param status {@code queued} until the email service reports {@code sent}, then {@code
 *     delivered}, {@code bounced} or {@code failed}
 * @param attempts how often it was handed to the email service so far
 */
public record Send(
    String id,
    String tenant,
    String invoiceId,
    SendKind kind,
    String recipient,
    String status,
    int attempts,
    Instant createdAt) {

  public static final String QUEUED = "queued";

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id)
        .put("invoice_id", invoiceId)
        .put("kind", kind.json())
        .put("recipient", recipient)
        .put("status", status)
        .put("created_at", createdAt.toString());
  }
}
