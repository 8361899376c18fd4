package app.lightweight.invoices;

import app.lightweight.invoices.pdf.Party;
import app.lightweight.shared.Text;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * A customer or a business as the API holds them: {@code {"name", "email", "address", "tax_id"}}.
 * The contract checks the shape; {@link #toParty()} gives what the PDF prints.
 */
public record PartyDetails(String name, String email, Address address, String taxId) {

  public static PartyDetails fromJson(JsonObject json) {
    if (json == null) {
      return null;
    }
    return new PartyDetails(
        Text.strip(json.getString("name")),
        json.getString("email"),
        Address.fromJson(json.getJsonObject("address")),
        json.getString("tax_id"));
  }

  /**
   * Details a request sends, whose {@code name} must contain a visible character.
   *
   * @param pointer where the details are in the body ({@code ""}, {@code /customer})
   */
  public static PartyDetails fromRequest(JsonObject json, String pointer) {
    PartyDetails details = fromJson(json);
    if (details != null) {
      Text.requireVisible(details.name(), pointer + "/name");
    }
    return details;
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("name", name)
        .put("email", email)
        .put("address", address == null ? null : address.toJson())
        .put("tax_id", taxId);
  }

  public Party toParty() {
    return new Party(name, email, address == null ? List.of() : address.lines(), taxId);
  }
}
