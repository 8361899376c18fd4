package app.lightweight.wallets.ledger;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/** A transfer as the ledger holds it. */
public record Transfer(
    String id,
    String parentId,
    String kind,
    String debitAccount,
    String creditAccount,
    long amount,
    String currency,
    String reference,
    JsonObject metadata,
    String debitName,
    String creditName,
    Instant createdAt) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id)
        .put("kind", kind)
        .put("debit_account", debitAccount)
        .put("credit_account", creditAccount)
        .put("amount", amount)
        .put("currency", currency)
        .put("reference", reference)
        .put("metadata", metadata)
        .put("created_at", createdAt.toString());
  }
}
