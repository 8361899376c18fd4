package app.lightweight.email.webhooks;

import app.lightweight.email.MessageStore.ProviderEvent;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * SparkPost's batch webhook: a JSON array of {@code {"msys":{"message_event":{…}}}}, behind basic
 * auth. Its {@code message_id} is SparkPost's own: our id comes back in {@code
 * rcpt_meta.lightweight_id} (sent in {@code X-MSYS-API}).
 */
final class SparkPostEvents {
  private static final Set<String> HARD_BOUNCE = Set.of("10", "30", "90");

  private final byte[] expected;

  SparkPostEvents(String user, String password) {
    this.expected =
        user == null || password == null
            ? null
            : ("Basic "
                    + Base64.getEncoder()
                        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)))
                .getBytes(StandardCharsets.UTF_8);
  }

  void verify(String authorization) {
    if (expected == null) {
      throw new Rejected("no SparkPost webhook credentials are configured");
    }
    if (authorization == null
        || !MessageDigest.isEqual(expected, authorization.getBytes(StandardCharsets.UTF_8))) {
      throw new Rejected("wrong or missing basic auth");
    }
  }

  static List<ProviderEvent> events(JsonArray batch) {
    List<ProviderEvent> events = new ArrayList<>();
    for (Object item : batch) {
      if (!(item instanceof JsonObject wrapper)) {
        continue;
      }
      JsonObject msys = wrapper.getJsonObject("msys", new JsonObject());
      JsonObject event = msys.getJsonObject("message_event");
      if (event == null) {
        event = msys.getJsonObject("track_event");
      }
      if (event == null || event.getString("event_id") == null) {
        continue;
      }
      String kind = event.getString("type", "");
      String type =
          switch (kind) {
            case "delivery" -> "delivered";
            case "bounce", "out_of_band" ->
                HARD_BOUNCE.contains(String.valueOf(event.getValue("bounce_class")))
                    ? "bounced"
                    : "deferred";
            case "policy_rejection" -> "bounced";
            case "delay" -> "deferred";
            case "spam_complaint" -> "complained";
            default -> kind;
          };
      Object meta = event.getValue("rcpt_meta");
      String ourId = meta instanceof JsonObject m ? m.getString("lightweight_id") : null;
      String reason = event.getString("raw_reason");
      Object timestamp = event.getValue("timestamp");
      Instant at = Instant.now();
      try {
        at = Instant.ofEpochSecond(Long.parseLong(String.valueOf(timestamp)));
      } catch (NumberFormatException notSeconds) {
        // keep the time of receipt
      }
      events.add(
          new ProviderEvent(
              "sparkpost",
              event.getString("event_id"),
              type,
              null,
              ourId,
              event.getString("rcpt_to"),
              at,
              reason));
    }
    return events;
  }
}
