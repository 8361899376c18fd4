package app.lightweight.email;

import io.vertx.core.json.JsonObject;

/** An address with an optional display name: {@code "Ada" <ada@example.com>}. */
public record Mailbox(String address, String name) {

  public String domain() {
    return address.substring(address.lastIndexOf('@') + 1).toLowerCase(java.util.Locale.ROOT);
  }

  /** RFC 5322 form for headers; vertx-mail-client encodes non-ASCII names. */
  public String formatted() {
    if (name == null || name.isEmpty()) {
      return address;
    }
    return name + " <" + address + ">";
  }

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
