package app.lightweight.invoices.customers;

import app.lightweight.invoices.PartyDetails;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;

/** A business's customer ({@code cus_…}): whom invoices are addressed to. */
record Customer(
    String id,
    PartyDetails details,
    int version,
    OffsetDateTime createdAt,
    OffsetDateTime updatedAt) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id)
        .mergeIn(details.toJson())
        .put("version", version)
        .put("created_at", createdAt.toInstant().toString())
        .put("updated_at", updatedAt.toInstant().toString());
  }
}
