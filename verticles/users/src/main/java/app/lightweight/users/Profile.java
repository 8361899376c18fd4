package app.lightweight.users;

import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;

/** A person's profile and their business details. The logo bytes travel separately. */
public record Profile(
    String id,
    String subject,
    String email,
    String displayName,
    String businessName,
    JsonObject address,
    String taxId,
    String defaultCurrency,
    String logoContentType,
    int logoBytes,
    int version,
    OffsetDateTime createdAt,
    OffsetDateTime updatedAt) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id)
        .put("subject", subject)
        .put("email", email)
        .put("display_name", displayName)
        .put("business_name", businessName)
        .put("address", address)
        .put("tax_id", taxId)
        .put("default_currency", defaultCurrency)
        .put(
            "logo",
            logoContentType == null
                ? null
                : new JsonObject()
                    .put("content_type", logoContentType)
                    .put("bytes", logoBytes)
                    .put("url", "/api/users/me/logo"))
        .put("version", version)
        .put("created_at", createdAt.toInstant().toString())
        .put("updated_at", updatedAt.toInstant().toString());
  }
}
