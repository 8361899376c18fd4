package app.lightweight.sandbox;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Mailgun's event webhooks: one POST per event, {@code {"signature":{...},"event-data":{...}}},
 * signed with hex HMAC-SHA256 of {@code timestamp + token} under the webhook signing key, a fresh
 * random token each event.
 */
final class MailgunWebhooks implements WebhookFormat {

  static final String LOCAL_SIGNING_KEY = "mailgun-local-webhook-signing-key";

  private static final SecureRandom random = new SecureRandom();

  private final String signingKey;

  MailgunWebhooks(String signingKey) {
    this.signingKey = signingKey;
  }

  @Override
  public List<Request> requests(ReceivedMail mail, List<Recipient> recipients) {
    return recipients.stream()
        .map(
            recipient ->
                new Request(Map.of("Content-Type", "application/json"), body(mail, recipient)))
        .toList();
  }

  /** Mailgun retries anything but 200 (and 406, "not acceptable": do not retry). */
  @Override
  public boolean isFinal(int status) {
    return (status >= 200 && status < 300) || status == 406;
  }

  @Override
  public Map<String, String> settings() {
    return Map.of("MAILGUN_WEBHOOK_SIGNING_KEY", signingKey);
  }

  /** Hex HMAC-SHA256 of {@code timestamp + token} under {@code key}: what Mailgun signs. */
  static String sign(String key, String timestamp, String token) {
    try {
      var mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of()
          .formatHex(mac.doFinal((timestamp + token).getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  private String body(ReceivedMail mail, Recipient recipient) {
    var now = Instant.now();
    var timestamp = String.valueOf(now.getEpochSecond());
    var token = HexFormat.of().formatHex(randomBytes(25));
    var signature =
        new JsonObject()
            .put("timestamp", timestamp)
            .put("token", token)
            .put("signature", sign(signingKey, timestamp, token));
    return new JsonObject()
        .put("signature", signature)
        .put("event-data", eventData(mail, recipient, now))
        .encode();
  }

  private static JsonObject eventData(ReceivedMail mail, Recipient recipient, Instant now) {
    var address = recipient.address();
    var event =
        new JsonObject()
            .put("id", Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(16)))
            .put("timestamp", now.toEpochMilli() / 1000.0)
            .put("recipient", address)
            .put("recipient-domain", address.substring(address.lastIndexOf('@') + 1))
            .put(
                "envelope",
                new JsonObject()
                    .put("sender", mail.envelopeFrom())
                    .put("transport", "smtp")
                    .put("targets", address))
            .put("message", message(mail))
            .put(
                "flags", new JsonObject().put("is-authenticated", mail.authenticatedUser() != null))
            .put("tags", new JsonArray(List.copyOf(mail.headers("X-Mailgun-Tag"))))
            .put("user-variables", userVariables(mail));
    switch (recipient.outcome()) {
      case DELIVERED ->
          event
              .put("event", "delivered")
              .put("log-level", "info")
              .put("delivery-status", status(250, "OK", "", null));
      case BOUNCED ->
          event
              .put("event", "failed")
              .put("severity", "permanent")
              .put("reason", "bounce")
              .put("log-level", "error")
              .put(
                  "delivery-status",
                  status(
                      550,
                      "5.1.1 The email account that you tried to reach does not exist.",
                      "550 5.1.1 <" + address + ">: Recipient address rejected: User unknown",
                      null));
      case DEFERRED ->
          event
              .put("event", "failed")
              .put("severity", "temporary")
              .put("reason", "generic")
              .put("log-level", "warn")
              .put(
                  "delivery-status",
                  status(
                      451,
                      "4.3.0 Temporary failure, please try again later.",
                      "451 4.3.0 <" + address + ">: Temporary failure",
                      600));
    }
    return event;
  }

  private static JsonObject message(ReceivedMail mail) {
    var headers =
        new JsonObject()
            .put("message-id", withoutAngleBrackets(mail.messageId()))
            .put("from", mail.from())
            .put("to", String.join(", ", mail.to()))
            .put("subject", mail.subject());
    var attachments = new JsonArray();
    mail.attachments()
        .forEach(
            attachment ->
                attachments.add(
                    new JsonObject()
                        .put("filename", attachment.name())
                        .put("content-type", attachment.contentType())
                        .put("size", attachment.content().length)));
    return new JsonObject().put("headers", headers).put("attachments", attachments);
  }

  private static JsonObject status(int code, String message, String description, Integer retry) {
    var status =
        new JsonObject()
            .put("code", code)
            .put("message", message)
            .put("description", description)
            .put("attempt-no", 1)
            .put("tls", true);
    return retry == null ? status : status.put("retry-seconds", retry);
  }

  /** {@code X-Mailgun-Variables} comes back as {@code user-variables}; not JSON: none. */
  private static JsonObject userVariables(ReceivedMail mail) {
    var variables = mail.header("X-Mailgun-Variables");
    if (variables == null) {
      return new JsonObject();
    }
    try {
      return new JsonObject(variables);
    } catch (DecodeException e) {
      return new JsonObject();
    }
  }

  static String withoutAngleBrackets(String messageId) {
    if (messageId == null) {
      return null;
    }
    var id = messageId.trim();
    return id.startsWith("<") && id.endsWith(">") ? id.substring(1, id.length() - 1) : id;
  }

  private static byte[] randomBytes(int count) {
    var bytes = new byte[count];
    random.nextBytes(bytes);
    return bytes;
  }
}
