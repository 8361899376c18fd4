package app.lightweight.shared.http;

import app.lightweight.shared.config.Settings;
import java.time.Duration;

/**
 * Where a service listens and how long a client may take to send a request.
 *
 * @param port {@code HTTP_PORT}, the service's fixed local port when unset; 0 picks a free one
 * @param requestDeadline {@code HTTP_REQUEST_DEADLINE_SECONDS} (30): a request must arrive in full,
 *     headers and body, within this long of the connection being ready for it
 */
public record HttpConfig(int port, Duration requestDeadline) {
  static final int DEFAULT_REQUEST_DEADLINE_SECONDS = 30;

  public static HttpConfig from(Settings settings, int localPort) {
    int deadline =
        settings.integer("HTTP_REQUEST_DEADLINE_SECONDS", DEFAULT_REQUEST_DEADLINE_SECONDS);
    if (deadline <= 0) {
      throw new Settings.InvalidSetting(
          "HTTP_REQUEST_DEADLINE_SECONDS", "must be at least 1, was " + deadline);
    }
    return new HttpConfig(settings.integer("HTTP_PORT", localPort), Duration.ofSeconds(deadline));
  }
}
