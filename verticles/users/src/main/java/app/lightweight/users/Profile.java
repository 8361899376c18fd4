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
        .put("displayName", displayName)
        .put("businessName", businessName)
        .put("address", address)
        .put("taxId", taxId)
        .put("defaultCurrency", defaultCurrency)
        .put(
            "logo",
            logoContentType == null
                ? null
                : new JsonObject()
                    .put("contentType", logoContentType)
                    .put("bytes", logoBytes)
                    .put("url", "/api/users/me/logo"))
        .put("version", version)
        .put("createdAt", createdAt.toInstant().toString())
        .put("updatedAt", updatedAt.toInstant().toString());
  }
}
