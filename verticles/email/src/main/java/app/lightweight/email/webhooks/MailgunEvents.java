package app.lightweight.email.webhooks;

import app.lightweight.email.MessageStore.ProviderEvent;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Mailgun's event webhook: {@code {"signature":{"timestamp","token","signature"},
 * "event-data":{…}}}, signed with hex HMAC-SHA256(signing key, timestamp + token).
 */
final class MailgunEvents {
  private final byte[] key;
  private final long toleranceSeconds;
  private final Clock clock;

  MailgunEvents(String signingKey, long toleranceSeconds, Clock clock) {
    this.key = signingKey == null ? null : signingKey.getBytes(StandardCharsets.UTF_8);
    this.toleranceSeconds = toleranceSeconds;
    this.clock = clock;
  }

  /**
   * @return the token to remember against replays
   * @throws Rejected when the signature is missing, wrong or too old
   */
  String verify(JsonObject body) {
    if (key == null) {
      throw new Rejected("no Mailgun signing key is configured");
    }
    JsonObject signature = body == null ? null : body.getJsonObject("signature");
    if (signature == null) {
      throw new Rejected("no signature");
    }
    String timestamp = String.valueOf(signature.getValue("timestamp"));
    String token = signature.getString("token");
    String hex = signature.getString("signature");
    if (token == null || hex == null) {
      throw new Rejected("signature without token or signature");
    }
    long seconds;
    try {
      seconds = Long.parseLong(timestamp);
    } catch (NumberFormatException notANumber) {
      throw new Rejected("timestamp is not a number");
    }
    if (Math.abs(clock.instant().getEpochSecond() - seconds) > toleranceSeconds) {
      throw new Rejected("timestamp outside " + toleranceSeconds + " s of now");
    }
    byte[] expected = hmac(timestamp + token);
    byte[] given;
    try {
      given = HexFormat.of().parseHex(hex);
    } catch (IllegalArgumentException notHex) {
      throw new Rejected("signature is not hex");
    }
    if (!MessageDigest.isEqual(expected, given)) {
      throw new Rejected("signature does not match");
    }
    return token;
  }

  static ProviderEvent event(JsonObject body) {
    JsonObject data = body.getJsonObject("event-data", new JsonObject());
    String event = data.getString("event", "");
    String type =
        switch (event) {
          case "failed" -> "permanent".equals(data.getString("severity")) ? "bounced" : "deferred";
          case "delivered" -> "delivered";
          case "complained" -> "complained";
          default -> event;
        };
    JsonObject message = data.getJsonObject("message", new JsonObject());
    String messageId = message.getJsonObject("headers", new JsonObject()).getString("message-id");
    Object variables = data.getValue("user-variables");
    String ourId = variables instanceof JsonObject vars ? vars.getString("lightweight_id") : null;
    JsonObject status = data.getJsonObject("delivery-status", new JsonObject());
    String detail =
        status.isEmpty()
            ? data.getString("reason")
            : (status.getValue("code", "") + " " + status.getString("message", "")).trim();
    Object timestamp = data.getValue("timestamp");
    Instant at =
        timestamp instanceof Number n
            ? Instant.ofEpochMilli((long) (n.doubleValue() * 1000))
            : Instant.now();
    String eventId =
        data.getString("id", messageId + "/" + event + "/" + data.getString("recipient"));
    return new ProviderEvent(
        "mailgun",
        eventId,
        type,
        messageId == null ? null : messageId.replaceAll("^<|>$", ""),
        ourId,
        data.getString("recipient"),
        at,
        detail == null || detail.isEmpty() ? null : detail);
  }

  private byte[] hmac(String text) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
