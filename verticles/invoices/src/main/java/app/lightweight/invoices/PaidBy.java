package app.lightweight.invoices;

import io.vertx.core.json.JsonObject;

/**
 * Who paid an invoice from their wallet: the subject of the payer's token and, when the token
 * carried them, its {@code name} and {@code email} claims (a receipt goes to the email).
 */
public record PaidBy(String subject, String name, String email) {

  public JsonObject toJson() {
    return new JsonObject().put("subject", subject).put("name", name).put("email", email);
  }

  /** From the stored JSON; null stays null (an invoice paid outside Lightweight). */
  public static PaidBy fromJson(JsonObject json) {
    return json == null
        ? null
        : new PaidBy(json.getString("subject"), json.getString("name"), json.getString("email"));
  }
}
