package app.lightweight.email;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The public JSON of a message: a list item, or the whole message with its timeline. */
final class MessageJson {
  private MessageJson() {}

  static JsonObject summary(Row row) {
    JsonObject content = (JsonObject) row.getValue("content");
    JsonObject json =
        new JsonObject()
            .put("id", row.getString("id"))
            .put("status", row.getString("status"))
            .put("message_id", "<" + row.getString("message_id") + ">")
            .put("from", content.getJsonObject("from"))
            .put("subject", row.getString("subject"))
            .put("tags", MessageStore.strings(row.getArrayOfStrings("tags")))
            .put("metadata", row.getValue("metadata"))
            .put("attempts", row.getInteger("attempts"))
            .put("provider", row.getString("provider"))
            .put("created_at", time(row.getOffsetDateTime("created_at")))
            .put("updated_at", time(row.getOffsetDateTime("updated_at")));
    String status = row.getString("status");
    if (status.equals("deferred")) {
      json.put("next_attempt_at", time(row.getOffsetDateTime("next_attempt_at")));
    }
    if (row.getString("last_error") != null) {
      json.put("last_error", row.getString("last_error"));
    }
    return json;
  }

  static JsonObject full(
      Row row,
      RowSet<Row> recipients,
      RowSet<Row> attachments,
      RowSet<Row> attempts,
      RowSet<Row> events) {
    JsonObject content = (JsonObject) row.getValue("content");
    JsonObject json = summary(row);
    for (String field : List.of("reply_to", "text", "html", "headers")) {
      if (content.containsKey(field)) {
        json.put(field, content.getValue(field));
      }
    }
    JsonArray people = new JsonArray();
    recipients.forEach(
        r -> {
          JsonObject recipient =
              new JsonObject()
                  .put("kind", r.getString("kind"))
                  .put("address", r.getString("address"))
                  .put("status", r.getString("status"));
          if (r.getString("name") != null) {
            recipient.put("name", r.getString("name"));
          }
          if (r.getString("detail") != null) {
            recipient.put("detail", r.getString("detail"));
          }
          people.add(recipient);
        });
    json.put("recipients", people);
    JsonArray files = new JsonArray();
    attachments.forEach(
        a ->
            files.add(
                new JsonObject()
                    .put("file_name", a.getString("file_name"))
                    .put("content_type", a.getString("content_type"))
                    .put("bytes", a.getInteger("bytes"))));
    json.put("attachments", files);
    json.put("timeline", timeline(attempts, events));
    return json;
  }

  private record Entry(OffsetDateTime at, int order, JsonObject json) {}

  private static JsonArray timeline(RowSet<Row> attempts, RowSet<Row> events) {
    List<Entry> entries = new ArrayList<>();
    attempts.forEach(
        a -> {
          JsonObject attempt =
              new JsonObject()
                  .put("type", "attempt")
                  .put("provider", a.getString("provider"))
                  .put("started_at", time(a.getOffsetDateTime("started_at")))
                  .put("ended_at", time(a.getOffsetDateTime("ended_at")))
                  .put("outcome", a.getString("outcome"))
                  .put("reply_code", a.getInteger("reply_code"))
                  .put("reply_text", a.getString("reply_text"));
          entries.add(new Entry(a.getOffsetDateTime("started_at"), entries.size(), attempt));
        });
    events.forEach(
        e ->
            entries.add(
                new Entry(
                    e.getOffsetDateTime("received_at"),
                    entries.size(),
                    new JsonObject()
                        .put("type", "event")
                        .put("provider", e.getString("provider"))
                        .put("event", e.getString("type"))
                        .put("recipient", e.getString("recipient"))
                        .put("occurred_at", time(e.getOffsetDateTime("occurred_at")))
                        .put("received_at", time(e.getOffsetDateTime("received_at")))
                        .put("detail", e.getString("detail")))));
    entries.sort(Comparator.comparing(Entry::at).thenComparing(Entry::order));
    JsonArray timeline = new JsonArray();
    entries.forEach(entry -> timeline.add(entry.json()));
    return timeline;
  }

  static String time(OffsetDateTime time) {
    return time == null ? null : time.toInstant().toString();
  }
}
