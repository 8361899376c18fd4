package app.lightweight.email;

import io.vertx.core.json.JsonObject;

/** An address with an optional display name: {@code "Ada" <ada@example.com>}. */
public record Mailbox(String address, String name) {

  public String domain() {
    return address.substring(address.lastIndexOf('@') + 1).toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * RFC 5322 form for headers. vertx-mail-client encodes a non-ASCII name (RFC 2047) but writes an
   * ASCII one as it is, so a name holding specials (a comma would split the address list) goes as a
   * quoted string. Its address parser cannot take {@code <} or {@code >} inside a name, so those
   * become the look-alike single guillemets.
   */
  public String formatted() {
    if (name == null || name.isEmpty()) {
      return address;
    }
    String shown = name.replace('<', '\u2039').replace('>', '\u203a');
    boolean ascii = shown.chars().allMatch(c -> c < 128);
    if (ascii && shown.chars().anyMatch(c -> SPECIALS.indexOf(c) >= 0)) {
      shown = '"' + shown.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
    return shown + " <" + address + ">";
  }

  /** RFC 5322 specials that may stand in a name ({@code <>} are replaced before). */
  private static final String SPECIALS = "()[]:;@\\,.\"";

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("address", address);
    if (name != null) {
      json.put("name", name);
    }
    return json;
  }

  public static Mailbox fromJson(JsonObject json) {
    return json == null ? null : new Mailbox(json.getString("address"), json.getString("name"));
  }
}
