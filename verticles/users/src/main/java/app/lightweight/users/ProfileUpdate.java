package app.lightweight.users;

import app.lightweight.shared.Money;
import app.lightweight.shared.Text;
import app.lightweight.shared.http.Problem;
import io.vertx.core.json.JsonObject;

/** The editable fields of a profile, as a PUT replaces them. Shape is checked by the contract. */
public record ProfileUpdate(
    String displayName,
    String businessName,
    JsonObject address,
    String taxId,
    String defaultCurrency) {

  public static ProfileUpdate fromJson(JsonObject body) {
    String currency = body.getString("default_currency");
    if (currency != null && !Money.Currencies.isKnown(currency)) {
      throw Problem.validation("/default_currency", "unknown ISO 4217 currency " + currency)
          .exception();
    }
    return new ProfileUpdate(
        Text.requireVisible(body.getString("display_name"), "/display_name"),
        body.getString("business_name"),
        body.getJsonObject("address"),
        body.getString("tax_id"),
        currency);
  }
}
