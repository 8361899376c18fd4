package app.lightweight.sandbox;

import java.util.List;
import java.util.Map;

/** How one provider writes its delivery webhooks. */
interface WebhookFormat {

  /** What the relay's provider reports for one recipient of an accepted message. */
  enum Outcome {
    DELIVERED,
    BOUNCED,
    DEFERRED
  }

  /** One recipient of an accepted message and what became of it. */
  record Recipient(String address, Outcome outcome) {}

  /** One HTTP request to post. */
  record Request(Map<String, String> headers, String body) {}

  /** The requests reporting {@code recipients} of {@code mail}. */
  List<Request> requests(ReceivedMail mail, List<Recipient> recipients);

  /** Whether an answer with this status ends the delivery (no retry). */
  boolean isFinal(int status);

  /** The settings a service needs to check these webhooks, by environment variable name. */
  Map<String, String> settings();
}
