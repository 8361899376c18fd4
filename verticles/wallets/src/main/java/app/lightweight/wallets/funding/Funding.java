package app.lightweight.wallets.funding;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.Instant;

/** Money a user pays in at the provider, to reach their wallet once the provider confirms it. */
public record Funding(
    String id,
    String owner,
    long amount,
    String currency,
    String status,
    String provider,
    String intentId,
    String checkoutUrl,
    String failureReason,
    Instant createdAt,
    Instant updatedAt) {

  static Funding of(Row row) {
    return new Funding(
        row.getString("id"),
        row.getString("owner"),
        row.getLong("amount"),
        row.getString("currency"),
        row.getString("status"),
        row.getString("provider"),
        row.getString("intent_id"),
        row.getString("checkout_url"),
        row.getString("failure_reason"),
        row.getOffsetDateTime("created_at").toInstant(),
        row.getOffsetDateTime("updated_at").toInstant());
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id)
        .put("amount", amount)
        .put("currency", currency)
        .put("status", status)
        .put("checkout_url", status.equals("pending") ? checkoutUrl : null)
        .put("failure_reason", failureReason)
        .put("created_at", createdAt.toString())
        .put("updated_at", updatedAt.toString());
  }
}
