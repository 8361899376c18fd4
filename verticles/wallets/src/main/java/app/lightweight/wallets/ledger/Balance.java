package app.lightweight.wallets.ledger;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/** A wallet's balance in one currency, in minor units. */
public record Balance(String currency, long balance, Instant updatedAt) {
  public JsonObject toJson() {
    return new JsonObject()
        .put("currency", currency)
        .put("balance", balance)
        .put("updated_at", updatedAt.toString());
  }
}
