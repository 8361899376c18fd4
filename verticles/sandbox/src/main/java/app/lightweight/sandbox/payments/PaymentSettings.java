package app.lightweight.sandbox.payments;

import java.time.Duration;
import java.util.Map;

/**
 * How the payment-provider stand-in runs: its port (0 = a free one), the secret API key it accepts,
 * the secret it signs webhooks with, where it posts them ({@code null} = nowhere yet: events wait
 * and are retried) and the retry backoff (doubling from {@code retryBase} up to {@code retryMax}).
 */
public record PaymentSettings(
    int port,
    String secretKey,
    String webhookSecret,
    String webhookUrl,
    Duration retryBase,
    Duration retryMax) {

  public static final int LOCAL_PORT = 8091;
  public static final String SECRET_KEY = "sk_test_lightweight_sandbox";
  public static final String WEBHOOK_SECRET = "whsec_lightweight_sandbox";
  public static final String LOCAL_WEBHOOK_URL =
      "http://localhost:8084/api/wallets/webhooks/payments";

  /**
   * {@code ./lightweight start}: port 8091, webhooks to the local wallets service unless {@code
   * PAYMENTS_WEBHOOK_URL} says otherwise; {@code PAYMENTS_SECRET_KEY} and {@code
   * PAYMENTS_WEBHOOK_SECRET} override the keys, so the services and the stand-in agree.
   */
  public static PaymentSettings local(Map<String, String> env) {
    return new PaymentSettings(
        LOCAL_PORT,
        env.getOrDefault("PAYMENTS_SECRET_KEY", SECRET_KEY),
        env.getOrDefault("PAYMENTS_WEBHOOK_SECRET", WEBHOOK_SECRET),
        env.getOrDefault("PAYMENTS_WEBHOOK_URL", LOCAL_WEBHOOK_URL),
        Duration.ofSeconds(1),
        Duration.ofMinutes(1));
  }

  /** Tests: a free port, no webhook target until a test sets one, retries within milliseconds. */
  public static PaymentSettings forTests() {
    return new PaymentSettings(
        0, SECRET_KEY, WEBHOOK_SECRET, null, Duration.ofMillis(50), Duration.ofSeconds(2));
  }

  public PaymentSettings withWebhookUrl(String url) {
    return new PaymentSettings(port, secretKey, webhookSecret, url, retryBase, retryMax);
  }

  public PaymentSettings withRetry(Duration base, Duration max) {
    return new PaymentSettings(port, secretKey, webhookSecret, webhookUrl, base, max);
  }
}
