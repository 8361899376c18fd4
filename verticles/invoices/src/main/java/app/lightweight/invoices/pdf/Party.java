package app.lightweight.invoices.pdf;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Objects;

/**
 * A business or a customer as an invoice names them. Only the name is required; email and tax id
 * may be null, and address lines may be empty.
 */
public record Party(String name, String email, List<String> addressLines, String taxId) {

  public Party {
    Objects.requireNonNull(name, "name");
    addressLines = addressLines == null ? List.of() : List.copyOf(addressLines);
  }

  public static Party named(String name) {
    return new Party(name, null, List.of(), null);
  }

  /** Reads {@code {"name", "email", "address_lines": [..], "tax_id"}}. */
  public static Party fromJson(JsonObject json) {
    JsonArray lines = json.getJsonArray("address_lines", new JsonArray());
    return new Party(
        json.getString("name"),
        json.getString("email"),
        lines.stream().map(String::valueOf).toList(),
        json.getString("tax_id"));
  }

  public JsonObject toJson() {
    JsonObject json =
        new JsonObject().put("name", name).put("address_lines", new JsonArray(addressLines));
    if (email != null) {
      json.put("email", email);
    }
    if (taxId != null) {
      json.put("tax_id", taxId);
    }
    return json;
  }
}
