package app.lightweight.invoices.settings;

import app.lightweight.invoices.PartyDetails;
import io.vertx.core.json.JsonObject;

/**
 * A business's invoicing preferences.
 *
 * @param numberPrefix the start of its invoice numbers: {@code INV} gives {@code INV-2026-000001}
 * @param taxLabel what tax is called on its invoices ({@code VAT}, {@code GST}); null is "Tax"
 * @param business the seller details new invoices carry, used on a PDF when the users service
 *     cannot be asked; null when not set
 */
public record BusinessSettings(String numberPrefix, String taxLabel, PartyDetails business) {

  public static final String DEFAULT_PREFIX = "INV";

  public static BusinessSettings defaults() {
    return new BusinessSettings(DEFAULT_PREFIX, null, null);
  }

  public static BusinessSettings fromJson(JsonObject json) {
    return new BusinessSettings(
        json.getString("number_prefix", DEFAULT_PREFIX),
        json.getString("tax_label"),
        PartyDetails.fromJson(json.getJsonObject("business")));
  }

  /**
   * Settings a request sends: the business's name, when given, must contain a visible character.
   */
  public static BusinessSettings fromRequest(JsonObject json) {
    PartyDetails.fromRequest(json.getJsonObject("business"), "/business");
    return fromJson(json);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("number_prefix", numberPrefix)
        .put("tax_label", taxLabel)
        .put("business", business == null ? null : business.toJson());
  }
}
