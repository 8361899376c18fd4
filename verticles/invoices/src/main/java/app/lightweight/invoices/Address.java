package app.lightweight.invoices;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A postal address as the API holds it: {@code {"line1", "line2", "city", "region", "postal_code",
 * "country"}}, every part optional, country as ISO 3166-1 alpha-2.
 */
public record Address(
    String line1, String line2, String city, String region, String postalCode, String country) {

  /** Reads the API's address object (also the users service's profile address); null stays null. */
  public static Address fromJson(JsonObject json) {
    if (json == null) {
      return null;
    }
    return new Address(
        json.getString("line1"),
        json.getString("line2"),
        json.getString("city"),
        json.getString("region"),
        json.getString("postal_code"),
        json.getString("country"));
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    putIfPresent(json, "line1", line1);
    putIfPresent(json, "line2", line2);
    putIfPresent(json, "city", city);
    putIfPresent(json, "region", region);
    putIfPresent(json, "postal_code", postalCode);
    putIfPresent(json, "country", country);
    return json;
  }

  /** The address as it is printed: street lines, then "city region postal code", then country. */
  public List<String> lines() {
    List<String> lines = new ArrayList<>(4);
    addIfPresent(lines, line1);
    addIfPresent(lines, line2);
    String place =
        String.join(
                " ",
                String.join(", ", present(city, region)),
                postalCode == null ? "" : postalCode.strip())
            .strip();
    addIfPresent(lines, place);
    if (country != null && !country.isBlank()) {
      String name = new Locale("", country).getDisplayCountry(Locale.ENGLISH);
      lines.add(name.isBlank() ? country : name);
    }
    return lines;
  }

  private static List<String> present(String... parts) {
    List<String> kept = new ArrayList<>();
    for (String part : parts) {
      addIfPresent(kept, part);
    }
    return kept;
  }

  private static void addIfPresent(List<String> lines, String text) {
    if (text != null && !text.isBlank()) {
      lines.add(text.strip());
    }
  }

  private static void putIfPresent(JsonObject json, String key, String value) {
    if (value != null) {
      json.put(key, value);
    }
  }
}
