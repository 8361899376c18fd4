package app.lightweight.sandbox;

import java.time.Instant;
import java.util.Map;

/**
 * One HTTP attempt of a relay to deliver a provider webhook.
 *
 * @param url where it was posted
 * @param headers the request headers the relay set (authentication, batch id, content type)
 * @param body the JSON body, byte for byte as posted
 * @param status the HTTP status of the answer, {@code -1} if none came (refused, timed out)
 * @param attempt 1 for the first try of a delivery, 2 for its first retry, ...
 * @param at when the answer (or the failure) came
 */
public record WebhookPost(
    String url, Map<String, String> headers, String body, int status, int attempt, Instant at) {

  /** Whether the receiver answered 2xx. */
  public boolean succeeded() {
    return status >= 200 && status < 300;
  }
}
