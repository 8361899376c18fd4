package app.lightweight.wallets.ledger;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * One line of a wallet's history: what moved (signed, from the wallet's side), why, with whom, and
 * the balance right after it.
 */
public record Line(
    long seq,
    String transferId,
    String kind,
    long amount,
    String currency,
    long balanceAfter,
    String counterparty,
    String counterpartyName,
    String reference,
    JsonObject metadata,
    Instant at) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("transfer_id", transferId)
        .put("kind", kind)
        .put("amount", amount)
        .put("currency", currency)
        .put("balance_after", balanceAfter)
        .put("counterparty", counterparty)
        .put("counterparty_name", counterpartyName)
        .put("reference", reference)
        .put("metadata", metadata)
        .put("created_at", at.toString());
  }
}
