package app.lightweight.sandbox;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * SparkPost's event webhooks: one batch per accepted message, a JSON array of {@code
 * {"msys":{"message_event":{...}}}}, one event per recipient; not signed, authenticated by basic
 * auth, with a {@code X-MessageSystems-Batch-ID} to deduplicate by. As with SMTP injection at the
 * real SparkPost, {@code message_id} is SparkPost's own id, not the {@code Message-ID} header: the
 * sender's ids come back as {@code rcpt_meta}, from the {@code metadata} of the {@code X-MSYS-API}
 * header.
 */
final class SparkPostWebhooks implements WebhookFormat {

  static final String LOCAL_USER = "sparkpost-webhook";
  static final String LOCAL_PASSWORD = "sparkpost-local-webhook-secret";

  private static final SecureRandom random = new SecureRandom();

  private final String user;
  private final String password;

  SparkPostWebhooks(String user, String password) {
    this.user = user;
    this.password = password;
  }

  @Override
  public List<Request> requests(ReceivedMail mail, List<Recipient> recipients) {
    var now = Instant.now();
    var messageId = HexFormat.of().formatHex(randomBytes(10));
    var transmissionId = String.valueOf(Math.abs(random.nextLong() % 1_000_000_000_000_000L));
    var api = api(mail);
    var batch = new JsonArray();
    for (var recipient : recipients) {
      batch.add(
          new JsonObject()
              .put(
                  "msys",
                  new JsonObject()
                      .put(
                          "message_event",
                          event(mail, recipient, now, messageId, transmissionId, api))));
    }
    var credentials =
        Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    return List.of(
        new Request(
            Map.of(
                "Content-Type",
                "application/json",
                "Authorization",
                "Basic " + credentials,
                "X-MessageSystems-Batch-ID",
                UUID.randomUUID().toString()),
            batch.encode()));
  }

  @Override
  public boolean isFinal(int status) {
    return status >= 200 && status < 300;
  }

  @Override
  public Map<String, String> settings() {
    return Map.of("SPARKPOST_WEBHOOK_USER", user, "SPARKPOST_WEBHOOK_PASSWORD", password);
  }

  private static JsonObject event(
      ReceivedMail mail,
      WebhookFormat.Recipient recipient,
      Instant now,
      String messageId,
      String transmissionId,
      JsonObject api) {
    var address = recipient.address();
    var event =
        new JsonObject()
            .put("event_id", String.valueOf(Math.abs(random.nextLong() % 100_000_000_000_000_000L)))
            .put("message_id", messageId)
            .put("transmission_id", transmissionId)
            .put("timestamp", String.valueOf(now.getEpochSecond()))
            .put("injection_time", mail.receivedAt().toString())
            .put("rcpt_to", address)
            .put("raw_rcpt_to", address)
            .put("msg_from", mail.envelopeFrom())
            .put("friendly_from", mail.from())
            .put("subject", mail.subject())
            .put("routing_domain", address.substring(address.lastIndexOf('@') + 1))
            .put("delv_method", "esmtp")
            .put("customer_id", "1")
            .put("rcpt_meta", api.getJsonObject("metadata", new JsonObject()))
            .put("rcpt_tags", new JsonArray())
            .put("num_retries", "0");
    if (api.getValue("campaign_id") instanceof String campaign) {
      event.put("campaign_id", campaign);
    }
    switch (recipient.outcome()) {
      case DELIVERED -> event.put("type", "delivery");
      case BOUNCED ->
          event
              .put("type", "bounce")
              .put("bounce_class", "10")
              .put("error_code", "550")
              .put(
                  "raw_reason",
                  "550 5.1.1 <" + address + ">: Recipient address rejected: User unknown")
              .put("reason", "550 5.1.1 <" + address + ">: Recipient address rejected");
      case DEFERRED ->
          event
              .put("type", "delay")
              .put("bounce_class", "20")
              .put("error_code", "451")
              .put("raw_reason", "451 4.3.0 <" + address + ">: Temporary failure")
              .put("reason", "451 4.3.0 Temporary failure")
              .put("num_retries", "1");
    }
    return event;
  }

  /** The {@code X-MSYS-API} header's JSON; absent or not JSON: empty. */
  private static JsonObject api(ReceivedMail mail) {
    var header = mail.header("X-MSYS-API");
    if (header == null) {
      return new JsonObject();
    }
    try {
      return new JsonObject(header);
    } catch (DecodeException e) {
      return new JsonObject();
    }
  }

  private static byte[] randomBytes(int count) {
    var bytes = new byte[count];
    random.nextBytes(bytes);
    return bytes;
  }
}
