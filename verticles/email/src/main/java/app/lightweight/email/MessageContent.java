package app.lightweight.email;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a caller asked to send, checked: the same for the HTTP API and the event bus. Attachments
 * travel separately (as bytes) so that the rest can be stored as one JSON document.
 */
public record MessageContent(
    Mailbox from,
    List<Mailbox> to,
    List<Mailbox> cc,
    List<Mailbox> bcc,
    Mailbox replyTo,
    String subject,
    String text,
    String html,
    Map<String, String> headers,
    List<String> tags,
    JsonObject metadata) {

  /** The stored form: everything but attachments and the sender (a column of its own). */
  public JsonObject toJson() {
    JsonObject json =
        new JsonObject()
            .put("from", from.toJson())
            .put("to", mailboxes(to))
            .put("cc", mailboxes(cc))
            .put("bcc", mailboxes(bcc))
            .put("subject", subject)
            .put("headers", new JsonObject(new LinkedHashMap<>(headers)));
    if (replyTo != null) {
      json.put("reply_to", replyTo.toJson());
    }
    if (text != null) {
      json.put("text", text);
    }
    if (html != null) {
      json.put("html", html);
    }
    return json;
  }

  public static MessageContent fromJson(JsonObject json, List<String> tags, JsonObject metadata) {
    Map<String, String> headers = new LinkedHashMap<>();
    json.getJsonObject("headers", new JsonObject())
        .forEach(entry -> headers.put(entry.getKey(), String.valueOf(entry.getValue())));
    return new MessageContent(
        Mailbox.fromJson(json.getJsonObject("from")),
        mailboxes(json.getJsonArray("to")),
        mailboxes(json.getJsonArray("cc")),
        mailboxes(json.getJsonArray("bcc")),
        Mailbox.fromJson(json.getJsonObject("reply_to")),
        json.getString("subject"),
        json.getString("text"),
        json.getString("html"),
        headers,
        tags,
        metadata);
  }

  private static JsonArray mailboxes(List<Mailbox> list) {
    JsonArray array = new JsonArray();
    list.forEach(mailbox -> array.add(mailbox.toJson()));
    return array;
  }

  private static List<Mailbox> mailboxes(JsonArray array) {
    if (array == null) {
      return List.of();
    }
    return array.stream().map(item -> Mailbox.fromJson((JsonObject) item)).toList();
  }
}
